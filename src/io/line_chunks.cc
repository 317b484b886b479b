#include "src/io/line_chunks.h"

#include <errno.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "src/io/inflate.h"

namespace verdict {

LineChunkReader::LineChunkReader(int fd, size_t chunk_bytes)
    : fd_(fd), capacity_(chunk_bytes < 64 ? 64 : chunk_bytes) {
  buf_.assign(capacity_ + simdjson::SIMDJSON_PADDING, '\0');
}

size_t LineChunkReader::ReadSome() {
  if (end_ == capacity_) {
    // Still no newline in a full buffer: one line is longer than it.
    capacity_ *= 2;
    buf_.resize(capacity_ + simdjson::SIMDJSON_PADDING, '\0');
  }
  ssize_t n;
  do {
    n = ::read(fd_, buf_.data() + end_, capacity_ - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    throw std::runtime_error(std::string("cannot read the input: ") +
                             std::strerror(errno));
  }
  if (n > 0 && tee_fd_ >= 0) {
    const char* p = buf_.data() + end_;
    size_t left = static_cast<size_t>(n);
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
  }
  end_ += static_cast<size_t>(n);
  return static_cast<size_t>(n);
}

bool LineChunkReader::Next(std::vector<std::string_view>* lines) {
  lines->clear();
  if (eof_ && begin_ == end_) return false;
  // Slide what is left of the last block to the front.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // Bytes before `scanned` were searched already and hold no newline.
  size_t scanned = at_start_ ? 0 : end_;
  if (!eof_ && ReadSome() == 0) eof_ = true;
  if (at_start_ && (end_ >= 3 || eof_)) {
    at_start_ = false;
    if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0)
      begin_ = 3;
    // gzip's magic bytes: no JSON line starts with them (control bytes).
    // One clear error instead of a line of invalid JSON per compressed
    // block.
    if (end_ >= sizeof kGzipMagic &&
        std::memcmp(buf_.data(), kGzipMagic, sizeof kGzipMagic) == 0) {
      throw std::runtime_error(
          "the input is gzip-compressed, not JSON Lines: name the file "
          "with --input FILE (it is then read inflated) or decompress it "
          "(zcat FILE | ...)");
    }
  }
  if (at_start_) return true;  // fewer than 3 bytes so far: wait for more
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
