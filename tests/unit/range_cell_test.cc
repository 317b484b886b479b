// SplitRangeCell against the regular expression it replaced, run by RE2
// (the reference): the same texts match, with the same bounds, on
// hand-picked cells and on generated texts over an alphabet of the
// characters that matter (brackets, dots, whitespace, line breaks).
#include "src/compile/range_cell.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>

namespace verdict {
namespace {

void ExpectSameAsRe2(const std::string& t) {
  static const RE2 kRange(R"(^([\[(])\s*(.+?)\s*\.\.\s*(.+?)\s*([\])])$)");
  std::string open, lo, hi, close;
  const bool want = RE2::FullMatch(t, kRange, &open, &lo, &hi, &close);
  std::optional<RangeCell> got = SplitRangeCell(t);
  ASSERT_EQ(got.has_value(), want) << "[" << t << "]";
  if (!want) return;
  EXPECT_EQ(got->closed_low, open == "[") << t;
  EXPECT_EQ(got->closed_high, close == "]") << t;
  EXPECT_EQ(got->lo, lo) << "[" << t << "]";
  EXPECT_EQ(got->hi, hi) << "[" << t << "]";
}

TEST(RangeCellTest, SplitsTheFourFormsAndRefusesOthers) {
  std::optional<RangeCell> r = SplitRangeCell("[200..500)");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->closed_low);
  EXPECT_FALSE(r->closed_high);
  EXPECT_EQ(r->lo, "200");
  EXPECT_EQ(r->hi, "500");
  r = SplitRangeCell("( 1.5 .. 2026-01-01 ]");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->closed_low);
  EXPECT_TRUE(r->closed_high);
  EXPECT_EQ(r->lo, "1.5");
  EXPECT_EQ(r->hi, "2026-01-01");
  for (const char* no : {"", "[", "[]", "[..]", "[1..]", "[..2]", "1..2",
                         "[1..2", "{1..2}", "[1.2]", "< 200"}) {
    EXPECT_FALSE(SplitRangeCell(no).has_value()) << no;
  }
  for (const char* t :
       {"[200..500)",       "( 1.5 .. 2 ]", "[a..b..c)",    "[...]",
        "[....]",           "[ ..5)",       "[1..  )",      "[1..\n)",
        "[1..\n )",         "[\n..2]",      "[x\n..2]",     "[1 ..2\n3)",
        "[ \t1\t..\t2 \r]", "[a b .. c d)", "[..1..2)",     "[1.. ..]",
        "[ .. ]",           "[\n .. \n]",   "[\n\n..\n\n]", "[é..ü)"}) {
    ExpectSameAsRe2(t);
  }
}

TEST(RangeCellTest, AgreesWithRe2OnGeneratedTexts) {
  std::mt19937 rng(20261203);
  const std::string alphabet = "[]().. .. \t\n1a-x";
  size_t matched = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string t;
    const size_t n = std::uniform_int_distribution<size_t>(0, 12)(rng);
    // Most texts open and close like a range, so that the middle is what
    // varies.
    const bool framed = i % 4 != 0;
    if (framed) t += "[("[rng() % 2];
    for (size_t k = 0; k < n; ++k) t += alphabet[rng() % alphabet.size()];
    if (framed) t += "])"[rng() % 2];
    ExpectSameAsRe2(t);
    if (HasFatalFailure()) return;
    matched += SplitRangeCell(t).has_value() ? 1 : 0;
  }
  EXPECT_GT(matched, 10000u);  // the generator reaches the matching texts
}

TEST(CellOperandTextTest, TrimsAndUnquotesAStringQuotedInsideAPlainScalar) {
  struct Case {
    const char* text;
    bool quoted_in;
    const char* want;
    bool quoted_out;
  };
  for (const Case& c : {
           Case{" gold ", false, "gold", false},
           Case{"'gold'", false, "gold", true},
           Case{" \"a b\"\t", false, "a b", true},
           Case{"'gold\"", false, "'gold\"", false},  // quotes must match
           Case{"'", false, "'", false},              // one quote is no pair
           Case{"''", false, "", true},               // the empty string
           Case{"'x'", true, "'x'", true},  // YAML-quoted: the quotes are text
           Case{"\n7\r", false, "7", false},
       }) {
    bool quoted = c.quoted_in;
    EXPECT_EQ(CellOperandText(c.text, &quoted), c.want) << c.text;
    EXPECT_EQ(quoted, c.quoted_out) << c.text;
  }
}

}  // namespace
}  // namespace verdict
