// Reading JSON Lines in bounded memory: whole lines, chunk by chunk, from a
// file descriptor, through one sliding buffer.
#ifndef VERDICT_SRC_IO_LINE_CHUNKS_H_
#define VERDICT_SRC_IO_LINE_CHUNKS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace verdict {

class Inflater;

// Splits the bytes of `fd` into lines exactly as SplitLines() splits a
// whole text (LF or CRLF ends a line; a final newline does not start an
// extra line; a UTF-8 byte order mark at the very start is dropped), but
// reads at most about `chunk_bytes` at a time, so memory does not grow with
// the input. One read(2) per call to Next(): on a pipe, the lines that have
// arrived are handed out without waiting for more (output can flow while
// input arrives). A line longer than the buffer grows the buffer.
//
// Each line handed out is followed in memory by at least
// simdjson::SIMDJSON_PADDING readable bytes and stays valid until the next
// call to Next(). Does not own or close `fd`. Not thread-safe.
//
// Input that starts with gzip's magic bytes (a .jsonl.gz export piped in:
// `cat x.jsonl.gz | verdict eval ...`) is read as its inflated bytes,
// streamed as they arrive: the lines, the byte order mark and the tee are
// those of the inflated text. Gzip data inside gzip data is refused.
class LineChunkReader {
 public:
  explicit LineChunkReader(int fd, size_t chunk_bytes = 1 << 20);
  ~LineChunkReader();
  LineChunkReader(const LineChunkReader&) = delete;
  LineChunkReader& operator=(const LineChunkReader&) = delete;

  // Copies every byte of the text read to `fd` as well (a spool for a
  // second pass; inflated when the input is gzip).
  void TeeTo(int fd) { tee_fd_ = fd; }

  // Replaces `*lines` with the next block of whole lines (possibly empty
  // while a long line is still arriving). Returns false once the input is
  // exhausted and every line has been handed out. Throws
  // std::runtime_error when reading (or teeing) fails, or when gzip input
  // is not valid gzip data or is cut short: the message is a sentence
  // about "the input" ("the input is cut short: the compressed data ends
  // early"); the lines before the fault were handed out first.
  bool Next(std::vector<std::string_view>* lines);

 private:
  // One read(2), or one step of inflating, into the buffer's free space;
  // 0 at the end of the input.
  size_t ReadSome();
  size_t ReadRaw(char* to, size_t room);       // one read(2); 0 at EOF
  size_t ReadInflated(char* to, size_t room);  // 0 at the end of the data
  // The input starts with gzip's magic: what was read becomes compressed
  // input, and reading starts over on the inflated bytes.
  void StartInflating();
  void Tee();  // the bytes from tee_from_ to end_, to tee_fd_

  int fd_;
  int tee_fd_ = -1;
  std::vector<char> buf_;  // capacity_ + padding bytes
  size_t capacity_;
  size_t begin_ = 0;  // first byte not yet handed out
  size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  bool at_start_ = true;  // the byte order mark check is still pending
  size_t tee_from_ = 0;   // the first byte not yet teed
  // Gzip input: the inflater (null for plain input), and the compressed
  // bytes read but not yet inflated: raw_[raw_begin_, raw_end_). It
  // inflates straight into the line buffer.
  std::unique_ptr<Inflater> inflater_;
  std::vector<char> raw_;
  size_t raw_begin_ = 0, raw_end_ = 0;
  std::string broken_;  // a fault to report once what came before is out
};

}  // namespace verdict

#endif  // VERDICT_SRC_IO_LINE_CHUNKS_H_
