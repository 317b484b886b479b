// Reading JSON Lines in bounded memory: whole lines, chunk by chunk, from a
// file descriptor, through one sliding buffer.
#ifndef VERDICT_SRC_IO_LINE_CHUNKS_H_
#define VERDICT_SRC_IO_LINE_CHUNKS_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace verdict {

// Splits the bytes of `fd` into lines exactly as SplitLines() splits a
// whole text (LF or CRLF ends a line; a final newline does not start an
// extra line; a UTF-8 byte order mark at the very start is dropped; input
// that starts with gzip's magic bytes is refused), but
// reads at most about `chunk_bytes` at a time, so memory does not grow with
// the input. One read(2) per call to Next(): on a pipe, the lines that have
// arrived are handed out without waiting for more (output can flow while
// input arrives). A line longer than the buffer grows the buffer.
//
// Each line handed out is followed in memory by at least
// simdjson::SIMDJSON_PADDING readable bytes and stays valid until the next
// call to Next(). Does not own or close `fd`. Not thread-safe.
class LineChunkReader {
 public:
  explicit LineChunkReader(int fd, size_t chunk_bytes = 1 << 20);

  // Copies every byte read to `fd` as well (a spool for a second pass).
  void TeeTo(int fd) { tee_fd_ = fd; }

  // Replaces `*lines` with the next block of whole lines (possibly empty
  // while a long line is still arriving). Returns false once the input is
  // exhausted and every line has been handed out. Throws
  // std::runtime_error when reading (or teeing) fails, or when the input
  // starts with gzip's magic bytes.
  bool Next(std::vector<std::string_view>* lines);

 private:
  size_t ReadSome();  // one read(2) into the buffer's free space; 0 at EOF

  int fd_;
  int tee_fd_ = -1;
  std::vector<char> buf_;  // capacity_ + padding bytes
  size_t capacity_;
  size_t begin_ = 0;  // first byte not yet handed out
  size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  bool at_start_ = true;  // the byte order mark check is still pending
};

}  // namespace verdict

#endif  // VERDICT_SRC_IO_LINE_CHUNKS_H_
