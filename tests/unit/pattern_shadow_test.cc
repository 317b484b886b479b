// Dead entries of digit-pattern lists (src/check/pattern_shadow.h), and a
// differential test against brute force with the evaluator's own matcher
// (src/value/digit_pattern.h), which shares no code with the analysis.
#include "src/check/pattern_shadow.h"

#include <gtest/gtest.h>

#include <random>

#include "src/value/digit_pattern.h"

namespace verdict::analysis {
namespace {

using State = PatternVerdict::State;

TEST(PatternShadowTest, NumberGradeListsOfTheSpec) {
  auto a = AnalyzePatternList(
      {"XXXAAAA", "XXAAAAA", "XAAAAAA", "AAAAAAA", "XXABCDE", "XABCDEF"});
  std::vector<State> want = {State::kLive, State::kDead, State::kDead,
                             State::kDead, State::kLive, State::kDead};
  for (size_t k = 0; k < want.size(); ++k) EXPECT_EQ(a[k].state, want[k]) << k;
  EXPECT_EQ(a[1].by, std::vector<int>{0});
  EXPECT_EQ(a[3].by, std::vector<int>{0});
  EXPECT_EQ(a[5].by, std::vector<int>{4});
  EXPECT_TRUE(DigitPattern::Compile("XABCDEF").Matches(a[5].example));
  EXPECT_TRUE(DigitPattern::Compile("XXABCDE").Matches(a[5].example));
  for (const auto& list : std::vector<std::vector<std::string>>{
           {"XXXXAAA", "XXXABCD", "XXXDCBA"},
           {"XXXAABB", "XXXABAB", "XXXXABC"}}) {
    for (const auto& v : AnalyzePatternList(list))
      EXPECT_EQ(v.state, State::kLive);
  }
}

TEST(PatternShadowTest, UnsatisfiableAndInvalidEntries) {
  // Eleven different letters need eleven different digits.
  auto v = AnalyzePatternList({"X", "ACEGIKMOQSU", "x1"});
  EXPECT_EQ(v[0].state, State::kLive);
  EXPECT_EQ(v[1].state, State::kDead);
  EXPECT_TRUE(v[1].by.empty());
  EXPECT_EQ(v[2].state, State::kInvalid);
}

TEST(PatternShadowTest, LongerEarlierPatternsNeverShadow) {
  // 111 matches AAA but is too short for XAAA.
  auto v = AnalyzePatternList({"XAAA", "AAA"});
  EXPECT_EQ(v[1].state, State::kLive);
}

// Brute force: entry k is dead iff no digit string of length 1..5 matches
// it and no earlier entry (patterns are at most 4 long, so 5 includes
// strings longer than every pattern).
std::vector<bool> DeadByBruteForce(const std::vector<std::string>& list) {
  std::vector<DigitPattern> ps;
  for (const auto& p : list) ps.push_back(DigitPattern::Compile(p));
  std::vector<bool> live(list.size(), false);
  for (int len = 1; len <= 5; ++len) {
    int count = 1;
    for (int i = 0; i < len; ++i) count *= 10;
    for (int n = 0; n < count; ++n) {
      std::string s = std::to_string(n);
      s.insert(0, len - s.size(), '0');
      for (size_t k = 0; k < ps.size(); ++k) {
        if (ps[k].Matches(s)) {
          live[k] = true;  // the first entry that matches
          break;
        }
      }
    }
  }
  std::vector<bool> dead;
  for (bool l : live) dead.push_back(!l);
  return dead;
}

TEST(PatternShadowTest, AgreesWithBruteForceOnGeneratedLists) {
  std::mt19937 rng(20261202);
  const std::string letters = "XXABCD";
  int dead_seen = 0;
  for (int t = 0; t < 250; ++t) {
    std::vector<std::string> list(2 + rng() % 3);
    for (auto& p : list) {
      p.resize(1 + rng() % 4);
      for (char& c : p) c = letters[rng() % letters.size()];
    }
    auto got = AnalyzePatternList(list);
    auto want = DeadByBruteForce(list);
    for (size_t k = 0; k < list.size(); ++k) {
      SCOPED_TRACE(list[k] + " at " + std::to_string(k) + " of list " +
                   std::to_string(t));
      ASSERT_NE(got[k].state, State::kUndecided);
      EXPECT_EQ(got[k].state == State::kDead, want[k]);
      if (got[k].state != State::kDead || got[k].by.empty()) continue;
      ++dead_seen;
      // The example matches the dead entry and one that shadows it.
      EXPECT_TRUE(DigitPattern::Compile(list[k]).Matches(got[k].example));
      bool shadowed = false;
      for (int j : got[k].by)
        shadowed |= DigitPattern::Compile(list[j]).Matches(got[k].example);
      EXPECT_TRUE(shadowed);
    }
  }
  EXPECT_GT(dead_seen, 20);  // the generator does reach dead entries
}

}  // namespace
}  // namespace verdict::analysis
