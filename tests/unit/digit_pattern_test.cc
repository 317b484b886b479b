#include "src/value/digit_pattern.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

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

// The notation read straight from its definition (digit_pattern.h), one
// position at a time from the front, with maps and sets: the reference
// for Compile() and Matches() together.
bool ReferenceMatch(const std::string& p, const std::string& number) {
  if (number.size() < p.size()) return false;
  const std::string t = number.substr(number.size() - p.size());
  for (char c : t) {
    if (c < '0' || c > '9') return false;
  }
  // in_run[i]: the step into position i of a run of three or more letters
  // consecutive in the alphabet (0: none); a run's first letter is free.
  std::vector<int> in_run(p.size(), 0);
  std::vector<bool> run_start(p.size(), false);
  for (size_t i = 0; i < p.size();) {
    size_t j = i + 1;
    const bool letter = p[i] != 'X';
    const int step = j < p.size() && letter && p[j] != 'X' ? p[j] - p[i] : 0;
    if (step == 1 || step == -1) {
      while (j < p.size() && p[j] != 'X' && p[j] - p[j - 1] == step) ++j;
    }
    if ((step == 1 || step == -1) && j - i >= 3) {
      run_start[i] = true;
      for (size_t k = i + 1; k < j; ++k) in_run[k] = step;
      i = j;
    } else {
      ++i;
    }
  }
  std::map<char, char> digit_of;
  std::set<char> taken;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == 'X' || run_start[i]) continue;
    if (in_run[i] != 0) {
      if (t[i] - t[i - 1] != in_run[i]) return false;
      continue;
    }
    auto it = digit_of.find(p[i]);
    if (it == digit_of.end()) {
      if (!taken.insert(t[i]).second) return false;
      digit_of[p[i]] = t[i];
    } else if (it->second != t[i]) {
      return false;
    }
  }
  return true;
}

// Generated patterns (X and letters A-E, with runs) and numbers with
// repeated digits, rising and falling runs, and the odd non-digit: the
// compiled matcher (back to front) and the reference agree on every pair.
TEST(DigitPatternTest, AgreesWithTheReferenceOnGeneratedPatterns) {
  std::mt19937 rng(11);
  int matched = 0, checked = 0;
  for (int n = 0; n < 40000; ++n) {
    std::string p;
    const size_t len = 1 + rng() % 9;
    while (p.size() < len) {
      if (rng() % 3 == 0) {  // a run of 2 to 4 letters, up or down
        char c = static_cast<char>('B' + rng() % 3);
        const int step = rng() % 2 ? 1 : -1;
        for (size_t k = 2 + rng() % 3; k > 0 && p.size() < len; --k) {
          p += c;
          c = static_cast<char>(c + step);
          if (c < 'A' || c > 'E') break;
        }
      } else {
        p += "XXABCDE"[rng() % 7];
      }
    }
    std::string number;
    const size_t digits = len + rng() % 4 - (rng() % 8 == 0 ? 1 : 0);
    char d = static_cast<char>('0' + rng() % 10);
    for (size_t k = 0; k < digits; ++k) {
      const int r = static_cast<int>(rng() % 10);
      if (r < 3) {
        // repeat the digit
      } else if (r < 5 && d < '9') {
        ++d;
      } else if (r < 7 && d > '0') {
        --d;
      } else {
        d = static_cast<char>('0' + rng() % 10);
      }
      number += d;
    }
    if (!number.empty() && rng() % 40 == 0) number[rng() % number.size()] = 'a';
    DigitPattern compiled = DigitPattern::Compile(p);
    ASSERT_TRUE(compiled.ok()) << p;
    const bool want = ReferenceMatch(p, number);
    ASSERT_EQ(compiled.Matches(number), want) << p << " " << number;
    matched += want;
    ++checked;
  }
  // Both answers were exercised often.
  EXPECT_GT(matched, 4000);
  EXPECT_GT(checked - matched, 4000);
}

TEST(DigitPatternTest, RejectsBadPatterns) {
  EXPECT_FALSE(DigitPattern::Compile("XX1A").ok());
  EXPECT_FALSE(DigitPattern::Compile("").ok());
}

}  // namespace
}  // namespace verdict
