#include "src/evaluate/digit_pattern.h"

#include <gtest/gtest.h>

namespace verdict {
namespace {

bool M(const char* pattern, const char* number) {
  DigitPattern p = DigitPattern::Compile(pattern);
  EXPECT_TRUE(p.ok()) << p.error();
  return p.Matches(number);
}

TEST(DigitPatternTest, VariablesAreDistinctDigits) {
  EXPECT_TRUE(M("XXXAABB", "13800003388"));
  EXPECT_FALSE(M("XXXAABB", "13800003333"));
  EXPECT_TRUE(M("XXXABAB", "13800001212"));
  EXPECT_FALSE(M("XXXABAB", "13800001111"));
  EXPECT_TRUE(M("XXXAAAA", "13800008888"));
}

TEST(DigitPatternTest, RunsRiseOrFallByOneWithoutWrap) {
  EXPECT_TRUE(M("XXXABCD", "13800001234"));
  EXPECT_TRUE(M("XXXDCBA", "13800004321"));
  EXPECT_FALSE(M("XXXABCD", "13800007890"));
  EXPECT_FALSE(M("XXXDCBA", "13800001098"));
  EXPECT_TRUE(M("XABCDEF", "1345678"));
  EXPECT_TRUE(M("XXXXABC", "13800000789"));
}

TEST(DigitPatternTest, MatchesTrailingDigitsOnly) {
  EXPECT_FALSE(M("XXXAAAA", "888888"));  // shorter than the pattern
  EXPECT_TRUE(M("AAAAAAA", "1337777777"));
  EXPECT_FALSE(M("XXXAAAA", "1380000888a"));
}

TEST(DigitPatternTest, RejectsBadPatterns) {
  EXPECT_FALSE(DigitPattern::Compile("XX1A").ok());
  EXPECT_FALSE(DigitPattern::Compile("").ok());
}

}  // namespace
}  // namespace verdict
