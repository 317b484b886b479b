// The shared text helpers: one Trim, one JSON string escaper.
#include "src/value/text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

namespace verdict {
namespace {

TEST(TextTest, TrimRemovesYamlWhitespaceAndLineBreaksOnly) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim("\t\n"), "");
  EXPECT_EQ(Trim(""), "");
  // Form feed and vertical tab are content, as YAML and CEL see them.
  EXPECT_EQ(Trim("\fa\v"), "\fa\v");
  std::string_view s = " x ";
  EXPECT_EQ(TrimView(s).data(), s.data() + 1);  // a view, no copy
}

TEST(TextTest, AppendJsonStringEscapesQuotesBackslashesAndControls) {
  std::string out = "[";
  AppendJsonString("a\"b\\c\n\r\t\x01 é", &out);
  EXPECT_EQ(out, "[\"a\\\"b\\\\c\\n\\r\\t\\u0001 é\"");
}

// The reference: one byte at a time, every byte tested, no chunking.
std::string SlowJsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// AppendJsonString scans 8 bytes at a time: generated strings of every
// length up to 80 (either side of the stack-buffer path's 60) with escapes at
// every position, and bytes around the SWAR thresholds (0x1f/0x20, 0x7f/0x80,
// 0xff, and the neighbours of '"' and '\\'), must come out as the
// byte-at-a-time reference writes them.
TEST(TextTest, AppendJsonStringAgreesWithTheByteReference) {
  const unsigned char kBytes[] = {'a',  ' ',  0x1f, 0x20, 0x00, '"',  '!',
                                  '#',  '\\', '[',  ']',  '\n', 0x7f, 0x80,
                                  0xff, 0xc3, 0xa9, 0x01, 0x21, 0x5b};
  std::mt19937 rng(42);
  int checked = 0;
  for (size_t len = 0; len <= 80; ++len) {
    for (int rep = 0; rep < 200; ++rep) {
      std::string s(len, 'x');
      // Mostly plain text, with a few special bytes at random places.
      int specials = static_cast<int>(rng() % 4);
      for (int k = 0; k < specials && len > 0; ++k)
        s[rng() % len] = static_cast<char>(kBytes[rng() % sizeof kBytes]);
      if (rep % 5 == 0) {
        for (char& c : s) c = static_cast<char>(kBytes[rng() % sizeof kBytes]);
      }
      std::string out = "prefix";
      AppendJsonString(s, &out);
      ASSERT_EQ(out, "prefix" + SlowJsonString(s)) << "length " << len;
      std::string member = "{";
      AppendJsonMemberName(len % 2 ? ',' : '{', s, &member);
      ASSERT_EQ(member, std::string("{") + (len % 2 ? ',' : '{') +
                            SlowJsonString(s) + ":")
          << "length " << len;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 81 * 200);
}

}  // namespace
}  // namespace verdict
