// ClassRepeat (src/program/class_repeat.h) against RE2, its reference:
// every pattern it accepts must match exactly the texts RE2 matches whole.
#include "src/program/class_repeat.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace verdict {
namespace {

bool Re2FullMatch(const RE2& re, std::string_view text) {
  return re.Match(text, 0, text.size(), RE2::ANCHOR_BOTH, nullptr, 0);
}

// A pattern from pieces of the accepted shape and of shapes near it.
std::string RandomPattern(std::mt19937& rng) {
  static const std::vector<std::string> kItems = {
      "0-9", "a-z", "A-Z", "_", "x",   "3-5", "0-z", "a",   "Z",
      "9",   "-",   "^",   ".", "\\d", "b-d", "0",   "Q-T", ""};
  static const std::vector<std::string> kQuant = {
      "",       "?",      "*",    "+",     "{0}",    "{1}",
      "{3}",    "{7,11}", "{2,}", "{0,2}", "{11,7}", "{,3}",
      "{1001}", "{2}{3}", "+?",   "{3",    "x"};
  auto pick = [&](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  std::string p;
  const int form = std::uniform_int_distribution<int>(0, 9)(rng);
  if (form == 0) {
    p = "\\d";
  } else if (form == 1) {
    p = pick(kItems);  // no brackets
  } else {
    p = "[";
    const int n = std::uniform_int_distribution<int>(0, 3)(rng);
    for (int i = 0; i < n; ++i) p += pick(kItems);
    p += "]";
  }
  return p + pick(kQuant);
}

std::string RandomText(std::mt19937& rng) {
  static const std::string kBytes =
      "0123456789abcxyzABCQZ_-.: \n\x80\xc3\xa9\xff";
  const size_t n = std::uniform_int_distribution<size_t>(0, 14)(rng);
  std::string t;
  for (size_t i = 0; i < n; ++i) {
    // Mostly digits and letters, so that long matches happen too.
    const bool plain = std::uniform_int_distribution<int>(0, 3)(rng) != 0;
    const size_t limit = plain ? 20 : kBytes.size() - 1;
    t += kBytes[std::uniform_int_distribution<size_t>(0, limit)(rng)];
  }
  return t;
}

TEST(ClassRepeatTest, MatchesWhatRe2MatchesOnGeneratedPatterns) {
  std::mt19937 rng(20261206);
  RE2::Options opt;
  opt.set_log_errors(false);
  size_t accepted = 0, refused = 0, matched = 0, compared = 0;
  for (int i = 0; i < 6000; ++i) {
    const std::string p = RandomPattern(rng);
    const RE2 re(p, opt);
    const auto fast = ClassRepeat::Parse(p);
    if (!fast) {
      ++refused;
      continue;
    }
    // Anything accepted is a pattern RE2 compiles.
    ASSERT_TRUE(re.ok()) << p;
    ++accepted;
    for (int j = 0; j < 60; ++j) {
      const std::string t = RandomText(rng);
      const bool want = Re2FullMatch(re, t);
      ASSERT_EQ(fast->FullMatch(t), want) << p << " on '" << t << "'";
      matched += want;
      ++compared;
    }
  }
  // Both answers and both outcomes of Parse came up often.
  std::printf("%zu patterns accepted, %zu refused; %zu of %zu texts matched\n",
              accepted, refused, matched, compared);
  EXPECT_GT(accepted, 1200u);
  EXPECT_GT(refused, 3000u);
  EXPECT_GT(matched, 4000u);
  EXPECT_GT(compared - matched, 5000u);
}

TEST(ClassRepeatTest, TheFieldPatternsOfTheShippedShape) {
  const auto digits = ClassRepeat::Parse("[0-9]{7,11}");
  ASSERT_TRUE(digits);
  EXPECT_TRUE(digits->FullMatch("1234567"));
  EXPECT_TRUE(digits->FullMatch("18914943388"));
  EXPECT_FALSE(digits->FullMatch("123456"));
  EXPECT_FALSE(digits->FullMatch("189149433881"));
  EXPECT_FALSE(digits->FullMatch("1891494338a"));
  EXPECT_FALSE(digits->FullMatch("１２３４５６７"));  // full-width digits
  const auto d = ClassRepeat::Parse("\\d{6}");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->FullMatch("310000"));
  EXPECT_FALSE(d->FullMatch("31000"));
  const auto any = ClassRepeat::Parse("[a-z0-9_]*");
  ASSERT_TRUE(any);
  EXPECT_TRUE(any->FullMatch(""));
  EXPECT_TRUE(any->FullMatch("abc_12"));
  EXPECT_FALSE(any->FullMatch("abc-12"));
}

TEST(ClassRepeatTest, OtherShapesAreLeftToRe2) {
  for (const char* p :
       {"[^0-9]+", "[0-9]+|x", "^[0-9]+$", "[0-9]+[a-z]", "(?i)[a-z]+", "[a-]",
        "[\\d]", "[0-9]{,3}", "[0-9]{3", "[0-9]+?", "[]", "", "[0-9]{1001}",
        "[9-0]", "\\w+", "[0-9]{4}{2}", "[[:digit:]]"}) {
    EXPECT_FALSE(ClassRepeat::Parse(p)) << p;
  }
}

}  // namespace
}  // namespace verdict
