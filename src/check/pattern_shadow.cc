#include "src/check/pattern_shadow.h"

#include <algorithm>
#include <array>

namespace verdict::analysis {
namespace {

// One position of a pattern: what it asks of its digit.
struct Part {
  enum class Kind { kX, kFree, kVar, kRun };  // kFree: a run's first letter
  Kind kind = Kind::kX;
  int var = 0;   // kVar
  int step = 0;  // kRun: digit minus the previous digit
};

// The spec's notation: a maximal run of 3+ letters consecutive in the
// alphabet (all rising or all falling) is a run of digits stepping by one;
// other letters are variables, distinct letters distinct digits.
std::optional<std::vector<Part>> Parse(const std::string& p) {
  if (p.empty() || p.size() > 32) return std::nullopt;
  for (char c : p) {
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  std::vector<Part> parts(p.size());
  std::array<int, 26> var_of;
  var_of.fill(-1);
  int vars = 0;
  size_t i = 0;
  while (i < p.size()) {
    if (p[i] == 'X') {
      ++i;
      continue;
    }
    // The longest run starting at i.
    size_t j = i + 1;
    int step = 0;
    if (j < p.size() && p[j] != 'X' && std::abs(p[j] - p[i]) == 1) {
      step = p[j] - p[i];
      while (j < p.size() && p[j] != 'X' && p[j] - p[j - 1] == step) ++j;
    }
    if (step != 0 && j - i >= 3) {
      parts[i].kind = Part::Kind::kFree;
      for (size_t k = i + 1; k < j; ++k) parts[k] = {Part::Kind::kRun, 0, step};
      i = j;
      continue;
    }
    int& v = var_of[p[i] - 'A'];
    if (v < 0) v = vars++;
    parts[i] = {Part::Kind::kVar, v, 0};
    ++i;
  }
  return parts;
}

// Whether `parts` matches the trailing digits of `d` (size >= parts).
bool Matches(const std::vector<Part>& parts, const std::vector<int>& d) {
  size_t off = d.size() - parts.size();
  std::array<int, 32> val;
  val.fill(-1);
  std::array<bool, 10> used{};
  for (size_t k = 0; k < parts.size(); ++k) {
    int digit = d[off + k];
    const Part& part = parts[k];
    if (part.kind == Part::Kind::kRun) {
      if (digit - d[off + k - 1] != part.step) return false;
    } else if (part.kind == Part::Kind::kVar) {
      if (val[part.var] < 0) {
        if (used[digit]) return false;
        val[part.var] = digit;
        used[digit] = true;
      } else if (val[part.var] != digit) {
        return false;
      }
    }
  }
  return true;
}

struct Search {
  explicit Search(const std::vector<Part>& pattern, uint64_t max_steps)
      : p(pattern),
        irrelevant(pattern.size(), true),
        budget(max_steps),
        digits(pattern.size(), 0) {
    val.fill(-1);
  }
  const std::vector<Part>& p;
  std::vector<const std::vector<Part>*> earlier;  // no longer than p
  std::vector<int> earlier_index;
  std::vector<bool> irrelevant;  // X in p and in every earlier pattern
  uint64_t budget;
  std::vector<int> digits;
  std::array<int, 32> val{};
  std::array<bool, 10> used{};
  std::vector<int> by;
  std::string example;
  bool live = false;
  bool exhausted = false;

  // Tests a complete string; false to stop the search.
  bool Leaf() {
    if (example.empty()) {
      for (int x : digits) example.push_back(static_cast<char>('0' + x));
    }
    for (size_t j = 0; j < earlier.size(); ++j) {
      if (Matches(*earlier[j], digits)) {
        if (std::find(by.begin(), by.end(), earlier_index[j]) == by.end())
          by.push_back(earlier_index[j]);
        return true;
      }
    }
    live = true;
    return false;
  }

  // Assigns position k onwards; false to stop the search.
  bool Walk(size_t k) {
    if (budget-- == 0) {
      exhausted = true;
      return false;
    }
    if (k == p.size()) return Leaf();
    const Part& part = p[k];
    for (int x = 0; x <= 9; ++x) {
      if (part.kind == Part::Kind::kX && irrelevant[k] && x > 0) break;
      if (part.kind == Part::Kind::kRun && x - digits[k - 1] != part.step)
        continue;
      bool bind = false;
      if (part.kind == Part::Kind::kVar) {
        if (val[part.var] >= 0 && val[part.var] != x) continue;
        if (val[part.var] < 0) {
          if (used[x]) continue;
          bind = true;
          val[part.var] = x;
          used[x] = true;
        }
      }
      digits[k] = x;
      bool go_on = Walk(k + 1);
      if (bind) {
        val[part.var] = -1;
        used[x] = false;
      }
      if (!go_on) return false;
    }
    return true;
  }
};

PatternVerdict Decide(const std::vector<std::vector<Part>>& parsed,
                      const std::vector<bool>& valid,
                      const std::vector<std::string>& text, size_t k,
                      uint64_t max_steps) {
  const std::vector<Part>& p = parsed[k];
  int vars = 0;
  for (const Part& part : p) {
    if (part.kind == Part::Kind::kVar) vars = std::max(vars, part.var + 1);
  }
  if (vars > 10) return {PatternVerdict::State::kDead, {}, ""};  // no digits
  Search s(p, max_steps);
  for (size_t j = 0; j < k; ++j) {
    if (!valid[j] || parsed[j].size() > p.size()) continue;
    s.earlier.push_back(&parsed[j]);
    s.earlier_index.push_back(static_cast<int>(j));
    size_t off = p.size() - parsed[j].size();
    for (size_t i = 0; i < parsed[j].size(); ++i) {
      if (text[j][i] != 'X') s.irrelevant[off + i] = false;
    }
  }
  s.Walk(0);
  PatternVerdict v;
  if (s.exhausted) return v;  // undecided
  if (s.live) {
    v.state = PatternVerdict::State::kLive;
    return v;
  }
  v.state = PatternVerdict::State::kDead;
  std::sort(s.by.begin(), s.by.end());
  v.by = s.by;
  v.example = s.by.empty() ? "" : s.example;
  return v;
}

}  // namespace

std::vector<PatternVerdict> AnalyzePatternList(
    const std::vector<std::string>& patterns, uint64_t max_steps) {
  std::vector<std::vector<Part>> parsed;
  std::vector<bool> valid;
  for (const auto& p : patterns) {
    auto parts = Parse(p);
    valid.push_back(parts.has_value());
    parsed.push_back(parts ? *parts : std::vector<Part>{});
  }
  std::vector<PatternVerdict> out;
  for (size_t k = 0; k < patterns.size(); ++k) {
    if (!valid[k]) {
      out.push_back({PatternVerdict::State::kInvalid, {}, ""});
      continue;
    }
    out.push_back(Decide(parsed, valid, patterns, k, max_steps));
  }
  return out;
}

}  // namespace verdict::analysis
