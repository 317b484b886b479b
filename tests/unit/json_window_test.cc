// src/io/json_window.h: CopyBytes against memcpy for every length up to 100
// and every alignment, and a JsonWindow against plain appends to a
// std::string over generated pieces (growth past the window, Release() for
// a library writer and Reopen(), Room()/Advance()).
#include "src/io/json_window.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace verdict {
namespace {

TEST(JsonWindowTest, CopyBytesCopiesExactlyTheBytesGiven) {
  std::string src(160, '\0');
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<char>(i * 7);
  for (size_t n = 0; n <= 100; ++n) {
    for (size_t at = 0; at < 8; ++at) {
      std::string dst(120, '#');
      CopyBytes(dst.data() + at, src.data() + at, n);
      std::string want(120, '#');
      std::memcpy(want.data() + at, src.data() + at, n);
      ASSERT_EQ(dst, want) << n << " at " << at;
    }
  }
}

TEST(JsonWindowTest, WritesWhatPlainAppendsWrite) {
  std::mt19937 rng(3);
  size_t grown = 0;
  for (int round = 0; round < 300; ++round) {
    std::string out = round % 2 ? "earlier line\n" : "";
    std::string want = out;
    {
      JsonWindow w(&out);
      const size_t start_capacity = out.capacity();
      for (int i = rng() % 200; i > 0; --i) {
        switch (rng() % 5) {
          case 0: {
            const char c = static_cast<char>('a' + rng() % 26);
            w.Put(c);
            want += c;
            break;
          }
          case 1:
          case 2: {
            const std::string s(rng() % (rng() % 8 ? 40 : 1500), 'x');
            w.Put(s);
            want += s;
            break;
          }
          case 3: {  // a library writer in the middle
            std::string* s = w.Release();
            ASSERT_EQ(*s, want);
            s->append("lib");
            want += "lib";
            w.Reopen();
            break;
          }
          default: {
            char* at = w.Room(10);
            std::memcpy(at, "0123456789", 7);
            w.Advance(7);
            want += "0123456";
          }
        }
      }
      if (out.capacity() > start_capacity) ++grown;
    }
    ASSERT_EQ(out, want) << round;
  }
  EXPECT_GT(grown, 50u);
}

// A window opened after a lot of text grows with what it writes itself,
// not with what the string held before: growing in proportion to the whole
// string zero-filled all of it again at every line that outgrew the window
// (quadratic in a block of lines).
TEST(JsonWindowTest, GrowsWithItsOwnTextNotTheWholeString) {
  std::string out(1 << 20, 'a');
  const std::string piece(100, 'b');
  for (int line = 0; line < 50; ++line) {
    JsonWindow w(&out);
    size_t written = 0;
    for (int i = 0; i < 20; ++i) {
      w.Put(piece);
      written += piece.size();
      // Never more room than twice what it wrote, plus a window.
      ASSERT_LE(w.Available(), 2 * written + 1024) << line << " " << i;
    }
  }
  EXPECT_EQ(out.size(), (1u << 20) + 50u * 20 * 100);
}

}  // namespace
}  // namespace verdict
