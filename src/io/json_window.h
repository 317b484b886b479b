// Appending many small pieces (JSON punctuation, names, short texts, digits)
// to a std::string without a library call per piece: the string is grown
// by a window at a time (one resize), pieces are copied into the window
// through a raw cursor with fixed-size copies the compiler inlines, and the
// string is cut back to what was written when the window closes.
#ifndef VERDICT_SRC_IO_JSON_WINDOW_H_
#define VERDICT_SRC_IO_JSON_WINDOW_H_

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace verdict {

// Copies n bytes from `src` to `dst` (which do not overlap). Up to 32 bytes
// with two fixed-size copies that overlap in the middle (inlined loads and
// stores, never reading outside the source); longer ones call memcpy.
inline void CopyBytes(char* dst, const char* src, size_t n) {
  if (n >= 16) {
    if (n > 32) {
      std::memcpy(dst, src, n);
      return;
    }
    std::memcpy(dst, src, 16);
    std::memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + n - 4, src + n - 4, 4);
  } else if (n > 0) {
    dst[0] = src[0];
    dst[n / 2] = src[n / 2];
    dst[n - 1] = src[n - 1];
  }
}

// A write cursor over the end of a std::string. While it is open the
// string holds unwritten (zeroed) bytes past the cursor: nothing else may
// touch the string until Close() (or the destructor) cuts them off.
// Release() closes it for a library writer, Reopen() carries on after it.
// Not copyable; one thread.
class JsonWindow {
 public:
  explicit JsonWindow(std::string* out) : out_(out) { Reopen(); }
  ~JsonWindow() { Close(); }
  JsonWindow(const JsonWindow&) = delete;
  JsonWindow& operator=(const JsonWindow&) = delete;

  void Put(char c) {
    Need(1);
    *p_++ = c;
  }
  void Put(std::string_view s) {
    Need(s.size());
    CopyBytes(p_, s.data(), s.size());
    p_ += s.size();
  }
  // Room for `n` bytes at the cursor; write them, then Advance() past them.
  char* Room(size_t n) {
    Need(n);
    return p_;
  }
  void Advance(size_t n) { p_ += n; }
  // The unwritten bytes left in the window (tests).
  size_t Available() const { return static_cast<size_t>(end_ - p_); }

  // The string, cut to what was written, for a writer that appends to it.
  std::string* Release() {
    Close();
    return out_;
  }
  // After Release(): a new window after what is now in the string.
  void Reopen() {
    start_ = out_->size();
    Open(kWindow);
  }

 private:
  static constexpr size_t kWindow = 512;

  void Need(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Grow(n);
  }
  void Open(size_t room) {
    const size_t used = out_->size();
    out_->resize(used + room);
    p_ = out_->data() + used;
    end_ = out_->data() + out_->size();
    open_ = true;
  }
  void Close() {
    if (!open_) return;
    out_->resize(static_cast<size_t>(p_ - out_->data()));
    open_ = false;
  }
  // Out of the hot path: room for `n` more bytes and as many again as
  // this window has written (it doubles), never in proportion to what the
  // string held before the window opened: each growth zero-fills its room.
  [[gnu::noinline]] void Grow(size_t n) {
    const size_t used = static_cast<size_t>(p_ - out_->data());
    out_->resize(used);
    Open(std::max(n, used - start_) + kWindow);
  }

  std::string* out_;
  size_t start_ = 0;  // where this window's text starts in the string
  char* p_ = nullptr;
  char* end_ = nullptr;
  bool open_ = false;
};

}  // namespace verdict

#endif  // VERDICT_SRC_IO_JSON_WINDOW_H_
