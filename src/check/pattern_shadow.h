// Dead entries of a first-match list of digit patterns (the handbook's
// notation of spec section 5, as `first_pattern(number, [patterns])`
// reads it): entry k is dead when every number it matches is matched by an
// earlier entry, so first_pattern never answers it.
//
// How, and why it is exact: pattern P matches a number by its trailing
// len(P) digits only. If some number s matches P and no earlier pattern,
// then so does t, the last len(P) digits of s: earlier patterns no longer
// than P see the same digits of t as of s, and longer ones cannot match a
// number as short as t. So it suffices to search the digit strings of
// length len(P). The search assigns digits left to right, pruned by P's
// own constraints (so it walks only strings P matches), and tests the
// earlier patterns at each complete string. A position that is X in P and
// X (or not covered) in every earlier pattern affects no match, so it
// takes one digit rather than ten. The search stops at the first string
// that escapes every earlier pattern (the entry is live) or after
// `max_steps` steps (undecided). The semantics are written
// here again from the spec, not shared with src/value/digit_pattern.cc;
// tests/unit/pattern_shadow_test.cc compares the two by brute force.
#ifndef VERDICT_SRC_CHECK_PATTERN_SHADOW_H_
#define VERDICT_SRC_CHECK_PATTERN_SHADOW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace verdict::analysis {

struct PatternVerdict {
  enum class State { kLive, kDead, kUndecided, kInvalid };
  State state = State::kUndecided;
  // Dead: the earlier entries that match its numbers first (empty: the
  // entry matches no number). Live/undecided: empty.
  std::vector<int> by;
  std::string example;  // dead: a number it matches (of its own length)
};

// One verdict per entry of `patterns`, in order. An entry that is not a
// valid pattern (1..32 of X and A-Z) is kInvalid, and is left out as an
// earlier entry of the others. Pure; thread-safe.
std::vector<PatternVerdict> AnalyzePatternList(
    const std::vector<std::string>& patterns, uint64_t max_steps = 4'000'000);

}  // namespace verdict::analysis

#endif  // VERDICT_SRC_CHECK_PATTERN_SHADOW_H_
