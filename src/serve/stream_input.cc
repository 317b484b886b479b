#include "src/serve/stream_input.h"

#include <exception>
#include <utility>

namespace verdict::serve {

namespace {

// Inflated bytes handed to the line splitter at a time: small enough that
// their answers barely overshoot the room (an empty line's answer is about
// 100 bytes), large enough that zlib's calls are few.
constexpr size_t kPiece = 16 * 1024;

}  // namespace

StreamInput::StreamInput(std::string_view coding, size_t room,
                         size_t record_limit, Feed feed)
    : room_(room), record_limit_(record_limit), feed_(std::move(feed)) {
  if (!coding.empty()) inflater_ = std::make_unique<Inflater>(coding);
}

bool StreamInput::Add(std::string_view raw, std::string* out) {
  if (!inflater_) return Absorb(raw, out);
  packed_.append(raw);  // Work() drops what it has inflated
  return Work(out);
}

bool StreamInput::Work(std::string* out) {
  if (!inflater_) return true;
  while (out->size() < room_ && !Hungry()) {
    std::string_view in(packed_);
    in.remove_prefix(packed_used_);
    const size_t before = in.size();
    piece_.clear();
    // Lines inflated before bad data are decided first, as they arrived.
    const bool ok = inflater_->Pump(&in, kPiece, &piece_, &error_);
    packed_used_ += before - in.size();
    if (!Absorb(piece_, out) || !ok) return false;
    // No progress at all: Pump() takes in all the input it is given unless
    // its output is full (the inflate fuzzer checks it), so this only
    // guards against spinning.
    if (piece_.empty() && !inflater_->Pending() && in.size() == before) break;
  }
  if (packed_used_ == packed_.size()) {
    packed_.clear();
    packed_used_ = 0;
  }
  return true;
}

bool StreamInput::Hungry() const {
  return !inflater_ ||
         (packed_used_ == packed_.size() && !inflater_->Pending());
}

bool StreamInput::Finish(std::string* out) {
  if (inflater_ && !inflater_->Complete()) {
    error_ = "cut short: the compressed data ends early";
    return false;
  }
  bool ok =
      skipping_ ? DecideOver(out) : pending_.empty() || Decide(pending_, out);
  pending_.clear();
  return ok;
}

bool StreamInput::DecideOver(std::string* out) {
  skipping_ = false;
  // SplitLines() drops a CR before the newline (or at the very end).
  const size_t bytes = over_bytes_ - (over_cr_ ? 1 : 0);
  std::string head = std::move(head_);
  head_.clear();
  return Decide(head, out, bytes);
}

bool StreamInput::Decide(std::string_view lines, std::string* out,
                         size_t line_bytes) {
  try {
    const bool input_start = !fed_;
    fed_ = true;
    feed_(lines, input_start, line_bytes, out);
    return true;
  } catch (const std::exception&) {
    error_.clear();
    return false;
  }
}

// A line over the record limit is decided from its first limit+1 bytes (an
// invalid_json "record too long" answer naming its whole length) once it
// ends; the rest of it is only counted.
bool StreamInput::Absorb(std::string_view data, std::string* out) {
  while (!data.empty()) {
    if (skipping_) {
      size_t nl = data.find('\n');
      std::string_view part = data.substr(0, nl);
      over_bytes_ += part.size();
      if (!part.empty()) over_cr_ = part.back() == '\r';
      if (nl == std::string_view::npos) return true;
      data.remove_prefix(nl + 1);
      if (!DecideOver(out)) return false;
      continue;
    }
    size_t nl = data.rfind('\n');
    if (nl == std::string_view::npos) {
      pending_.append(data);
      data = {};
    } else {
      pending_.append(data.substr(0, nl + 1));
      data.remove_prefix(nl + 1);
      if (!Decide(pending_, out)) return false;
      pending_.clear();
      pending_.append(data);
      data = {};
    }
    if (pending_.size() > record_limit_) {
      head_ = pending_.substr(0, record_limit_ + 1);
      over_bytes_ = pending_.size();
      over_cr_ = pending_.back() == '\r';
      pending_.clear();
      skipping_ = true;
    }
  }
  return true;
}

}  // namespace verdict::serve
