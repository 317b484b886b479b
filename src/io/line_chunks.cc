#include "src/io/line_chunks.h"

#include <errno.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "src/io/inflate.h"

namespace verdict {

namespace {

// Compressed bytes read per read(2) of gzip input.
constexpr size_t kRawChunk = 256 * 1024;

bool StartsWithGzipMagic(const std::vector<char>& buf, size_t end) {
  return end >= sizeof kGzipMagic &&
         std::memcmp(buf.data(), kGzipMagic, sizeof kGzipMagic) == 0;
}

}  // namespace

LineChunkReader::LineChunkReader(int fd, size_t chunk_bytes)
    : fd_(fd), capacity_(chunk_bytes < 64 ? 64 : chunk_bytes) {
  buf_.assign(capacity_ + simdjson::SIMDJSON_PADDING, '\0');
}

LineChunkReader::~LineChunkReader() = default;

size_t LineChunkReader::ReadRaw(char* to, size_t room) {
  ssize_t n;
  do {
    n = ::read(fd_, to, room);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    throw std::runtime_error(std::string("cannot read the input: ") +
                             std::strerror(errno));
  }
  return static_cast<size_t>(n);
}

size_t LineChunkReader::ReadInflated(char* to, size_t room) {
  if (!broken_.empty()) throw std::runtime_error("the input is " + broken_);
  while (true) {
    if (raw_begin_ < raw_end_ || inflater_->Pending()) {
      std::string_view in(raw_.data() + raw_begin_, raw_end_ - raw_begin_);
      size_t made = 0;
      std::string error;
      const bool ok = inflater_->PumpInto(&in, to, room, &made, &error);
      raw_begin_ = raw_end_ - in.size();
      // What inflated before bad data is handed on first, as it arrived.
      if (!ok) broken_ = error;
      if (made > 0) return made;
      if (!ok) throw std::runtime_error("the input is " + broken_);
    }
    // zlib needs more input: keep what it has not taken, read more.
    std::memmove(raw_.data(), raw_.data() + raw_begin_, raw_end_ - raw_begin_);
    raw_end_ -= raw_begin_;
    raw_begin_ = 0;
    if (raw_end_ == raw_.size()) raw_.resize(2 * raw_.size());
    const size_t n = ReadRaw(raw_.data() + raw_end_, raw_.size() - raw_end_);
    raw_end_ += n;
    if (n == 0) {
      if (inflater_->Complete() && raw_end_ == 0) return 0;
      throw std::runtime_error(
          "the input is cut short: the compressed data ends early");
    }
  }
}

size_t LineChunkReader::ReadSome() {
  if (end_ == capacity_) {
    // Still no newline in a full buffer: one line is longer than it.
    capacity_ *= 2;
    buf_.resize(capacity_ + simdjson::SIMDJSON_PADDING, '\0');
  }
  char* to = buf_.data() + end_;
  const size_t room = capacity_ - end_;
  const size_t n = inflater_ ? ReadInflated(to, room) : ReadRaw(to, room);
  end_ += n;
  return n;
}

void LineChunkReader::StartInflating() {
  inflater_ = std::make_unique<Inflater>("gzip");
  raw_.assign(buf_.data(), buf_.data() + end_);
  raw_.resize(std::max(end_, kRawChunk));
  raw_begin_ = 0;
  raw_end_ = end_;
  begin_ = end_ = tee_from_ = 0;
  eof_ = false;
}

void LineChunkReader::Tee() {
  const char* p = buf_.data() + tee_from_;
  size_t left = end_ - tee_from_;
  while (left > 0) {
    ssize_t w = ::write(tee_fd_, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      throw std::runtime_error(std::string("cannot write the spool file: ") +
                               std::strerror(errno));
    }
    p += w;
    left -= static_cast<size_t>(w);
  }
  tee_from_ = end_;
}

bool LineChunkReader::Next(std::vector<std::string_view>* lines) {
  lines->clear();
  if (eof_ && begin_ == end_) return false;
  // Slide what is left of the last block to the front.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    tee_from_ = tee_from_ > begin_ ? tee_from_ - begin_ : 0;
    begin_ = 0;
  }
  // Bytes before `scanned` were searched already and hold no newline.
  size_t scanned = at_start_ ? 0 : end_;
  if (!eof_ && ReadSome() == 0) eof_ = true;
  while (at_start_ && (end_ >= 3 || eof_)) {
    // gzip's magic bytes: no JSON line starts with them (control bytes).
    if (StartsWithGzipMagic(buf_, end_)) {
      if (inflater_) {
        throw std::runtime_error(std::string("the input is ") + kGzipInGzip);
      }
      StartInflating();
      if (ReadSome() == 0) eof_ = true;
      continue;
    }
    at_start_ = false;
    if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0)
      begin_ = 3;
  }
  if (at_start_) return true;  // fewer than 3 bytes so far: wait for more
  if (tee_fd_ >= 0) Tee();
  const char* data = buf_.data();
  size_t start = begin_;
  size_t from = scanned > start ? scanned : start;
  while (true) {
    const void* hit = std::memchr(data + from, '\n', end_ - from);
    if (!hit) break;
    size_t nl = static_cast<size_t>(static_cast<const char*>(hit) - data);
    size_t len = nl - start;
    if (len > 0 && data[nl - 1] == '\r') --len;
    lines->emplace_back(data + start, len);
    start = nl + 1;
    from = start;
  }
  if (eof_ && start < end_) {
    size_t len = end_ - start;
    if (data[end_ - 1] == '\r') --len;
    lines->emplace_back(data + start, len);
    start = end_;
  }
  begin_ = start;
  // Padding after the last byte read: zeroes, so that the parser never
  // sees stale bytes as content.
  std::memset(buf_.data() + end_, 0, simdjson::SIMDJSON_PADDING);
  return true;
}

}  // namespace verdict
