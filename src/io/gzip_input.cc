#include "src/io/gzip_input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "src/io/inflate.h"

namespace verdict {

bool GzipInput::IsGzip(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  char magic[sizeof kGzipMagic];
  ssize_t n;
  do {
    n = ::pread(fd, magic, sizeof magic, 0);
  } while (n < 0 && errno == EINTR);
  return n == sizeof magic && std::memcmp(magic, kGzipMagic, sizeof magic) == 0;
}

GzipInput::GzipInput(int fd) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("cannot make a pipe: ") +
                             std::strerror(errno));
  }
  read_fd_ = ends[0];
  // A 1 MiB pipe (Linux's default limit for it) instead of 64 KiB: the
  // reader takes a block of lines per read, and blocks of 64 KiB are too
  // small to split over threads (`verdict eval --threads`). Best effort.
  ::fcntl(ends[1], F_SETPIPE_SZ, 1 << 20);
  try {
    worker_ = std::thread([this, fd, out = ends[1]] { Inflate(fd, out); });
  } catch (const std::system_error& e) {
    ::close(ends[0]);
    ::close(ends[1]);
    throw std::runtime_error(std::string("cannot start a thread: ") + e.what());
  }
}

GzipInput::~GzipInput() {
  if (read_fd_ >= 0) ::close(read_fd_);
  if (worker_.joinable()) worker_.join();
}

std::string GzipInput::Finish() {
  if (worker_.joinable()) worker_.join();
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

void GzipInput::Inflate(int in_fd, int out_fd) {
  // A reader that stops early closes its end: the write then fails with
  // EPIPE in this thread instead of SIGPIPE ending the process.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  std::string error;
  bool reader_gone = false;
  auto write = [&](std::string_view piece) {
    while (!piece.empty()) {
      ssize_t w = ::write(out_fd, piece.data(), piece.size());
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        reader_gone = true;
        return false;
      }
      piece.remove_prefix(static_cast<size_t>(w));
    }
    return true;
  };
  // The first two inflated bytes are held until both are known: gzip's
  // magic there is gzip inside gzip, refused as a piped input's is.
  std::string head;
  bool head_checked = false;
  auto sink = [&](std::string_view piece) {
    if (!head_checked) {
      const size_t take = std::min(piece.size(), 2 - head.size());
      head.append(piece.substr(0, take));
      piece.remove_prefix(take);
      if (head.size() < 2) return true;
      head_checked = true;
      if (std::memcmp(head.data(), kGzipMagic, sizeof kGzipMagic) == 0) {
        error = kGzipInGzip;
        return false;
      }
      if (!write(head)) return false;
    }
    return write(piece);
  };
  Inflater z("gzip");
  char chunk[64 * 1024];
  while (true) {
    ssize_t n = ::read(in_fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::string("unreadable: ") + std::strerror(errno);
      break;
    }
    if (n == 0) {
      if (!z.Complete()) {
        error = "cut short: the compressed data ends early";
      } else if (!head_checked) {
        write(head);  // one byte in all
      }
      break;
    }
    if (!z.Feed(std::string_view(chunk, static_cast<size_t>(n)), sink,
                &error)) {
      break;  // `error` says why, or the reader is gone
    }
  }
  ::close(out_fd);  // the reader sees the end of the input
  if (reader_gone) return;
  std::lock_guard<std::mutex> lock(mu_);
  error_ = error;
}

}  // namespace verdict
