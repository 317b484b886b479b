// `verdict eval --input FILE` where FILE is gzip-compressed (a .jsonl.gz
// export): the records are read as the inflated bytes, streamed, without
// a temporary file or the whole file in memory. A worker thread inflates
// the file into a pipe whose read end is read like any other input, so the
// line reader, the block decider and a batch policy's spool of a pipe work
// unchanged.
#ifndef VERDICT_SRC_IO_GZIP_INPUT_H_
#define VERDICT_SRC_IO_GZIP_INPUT_H_

#include <mutex>
#include <string>
#include <thread>

namespace verdict {

class GzipInput {
 public:
  // Whether the regular file open at `fd` starts with gzip's magic bytes
  // (1f 8b), read with pread(2): the file position is unchanged. False
  // for anything else (a pipe, a terminal, a short or unreadable file).
  static bool IsGzip(int fd);

  // Starts inflating `fd` (not owned; it must stay open until Finish() or
  // destruction). Throws std::runtime_error when no pipe or thread can be
  // had.
  explicit GzipInput(int fd);
  // Closes the read end (a worker still writing then stops) and joins.
  ~GzipInput();
  GzipInput(const GzipInput&) = delete;
  GzipInput& operator=(const GzipInput&) = delete;

  // The inflated bytes: the read end of the pipe. Owned by this object.
  int fd() const { return read_fd_; }

  // Once the reader has seen the end of fd(): waits for the worker and
  // returns why the inflated bytes ended early, as a predicate of "the
  // input is ...": "cut short: the compressed data ends early", "not valid
  // gzip data (...)", "unreadable: ..."; or "" when the whole file was
  // inflated.
  std::string Finish();

 private:
  void Inflate(int in_fd, int out_fd);

  int read_fd_ = -1;
  std::thread worker_;
  std::mutex mu_;
  std::string error_;  // under mu_
};

}  // namespace verdict

#endif  // VERDICT_SRC_IO_GZIP_INPUT_H_
