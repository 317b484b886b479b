// FirstInvalidUtf8() (src/value/utf8.h) against simdjson's UTF-8 validator,
// a maintained reference that shares no code with it, on generated text:
// ASCII runs of every length around the eight-byte steps, valid sequences
// of each length, and the faults (overlongs, surrogates, code points above
// U+10FFFF, cut sequences, stray continuation bytes, bytes no sequence
// starts with) at every position.
#include "src/value/utf8.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <random>
#include <string>
#include <vector>

namespace verdict {
namespace {

bool Valid(std::string_view s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

// What FirstInvalidUtf8(s) must say, in the reference's words: npos exactly
// when s is valid; else an offset `bad` where everything before is valid and
// no character (one to four bytes) starts.
void ExpectAgrees(const std::string& s) {
  const size_t bad = FirstInvalidUtf8(s);
  if (Valid(s)) {
    ASSERT_EQ(bad, std::string::npos) << testing::PrintToString(s);
    return;
  }
  ASSERT_NE(bad, std::string::npos) << testing::PrintToString(s);
  ASSERT_LT(bad, s.size());
  ASSERT_TRUE(Valid(std::string_view(s).substr(0, bad)))
      << bad << " in " << testing::PrintToString(s);
  for (size_t k = 1; k <= 4 && bad + k <= s.size(); ++k) {
    ASSERT_FALSE(Valid(std::string_view(s).substr(bad, k)))
        << bad << "+" << k << " in " << testing::PrintToString(s);
  }
}

// The pieces text is made of: ASCII, valid characters of two, three and
// four bytes (the smallest and largest of each length), and faults.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "a", "Z", "0", " ", "~", std::string(1, '\0'), "\x7f",
      "\xc2\x80", "\xdf\xbf", "\xc3\xa9",                       // 2 bytes
      "\xe0\xa0\x80", "\xef\xbf\xbf", "\xe5\xae\xa2",           // 3 bytes
      "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xf0\x9f\x98\x80",  // 4 bytes
      "\xc0\x80", "\xc1\xbf", "\xe0\x9f\xbf", "\xf0\x8f\xbf\xbf",  // overlong
      "\xed\xa0\x80", "\xed\xbf\xbf",                           // surrogates
      "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\xfe",   // too high
      "\x80", "\xbf",                                           // stray
      "\xc3", "\xe5\xae", "\xf0\x9f\x98",                       // cut short
  };
  return pieces;
}

TEST(Utf8Test, AgreesWithSimdjsonOnAsciiRunsAroundTheWordSteps) {
  // Every length up to 40, with one piece at every position of the run.
  for (size_t n = 0; n <= 40; ++n) {
    ExpectAgrees(std::string(n, 'x'));
    for (size_t at = 0; at <= n; ++at) {
      for (const std::string& piece : Pieces()) {
        std::string s(n, 'x');
        s.insert(at, piece);
        ExpectAgrees(s);
      }
    }
  }
}

TEST(Utf8Test, AgreesWithSimdjsonOnGeneratedText) {
  std::mt19937_64 rng(20261207);
  const std::vector<std::string>& pieces = Pieces();
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    const size_t count = rng() % 24;
    for (size_t i = 0; i < count; ++i) {
      const uint64_t draw = rng() % 10;
      if (draw < 4) {  // mostly ASCII runs, the common case
        const size_t run = rng() % 20;
        for (size_t k = 0; k < run; ++k)
          s.push_back(static_cast<char>(0x20 + rng() % 95));
      } else if (draw < 9) {
        s += pieces[rng() % pieces.size()];
      } else {
        s.push_back(static_cast<char>(rng() % 256));  // any byte at all
      }
    }
    ExpectAgrees(s);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace verdict
