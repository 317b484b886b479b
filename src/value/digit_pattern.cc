#include "src/value/digit_pattern.h"

#include <array>
#include <cstdint>

namespace verdict {

DigitPattern DigitPattern::Compile(std::string_view p) {
  DigitPattern out;
  if (p.empty() || p.size() > 32) {
    out.error_ = "a pattern has 1 to 32 characters";
    return out;
  }
  for (char c : p) {
    if (c != 'X' && (c < 'A' || c > 'Z')) {
      out.error_ =
          std::string("unexpected '") + c + "' (use X and capital letters)";
      return out;
    }
  }
  // Mark maximal runs (length >= 3) of letters consecutive in the alphabet.
  std::vector<int> run_step(p.size(), 0);  // step into position i, 0 = none
  size_t i = 0;
  while (i < p.size()) {
    if (p[i] == 'X') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    int step = 0;
    if (j < p.size() && p[j] != 'X' &&
        (p[j] - p[i] == 1 || p[j] - p[i] == -1)) {
      step = p[j] - p[i];
      while (j < p.size() && p[j] != 'X' && p[j] - p[j - 1] == step) ++j;
    }
    if (step != 0 && j - i >= 3) {
      for (size_t k = i + 1; k < j; ++k) run_step[k] = step;
      run_step[i] = 100;  // run start: free digit
      i = j;
    } else {
      ++i;
    }
  }
  std::array<int, 26> var_of{};
  var_of.fill(-1);
  for (size_t k = 0; k < p.size(); ++k) {
    Part part{Kind::kAny};
    if (p[k] == 'X' || run_step[k] == 100) {
      part.kind = Kind::kAny;
    } else if (run_step[k] != 0) {
      part.kind = Kind::kRun;
      part.step = run_step[k];
    } else {
      int& v = var_of[p[k] - 'A'];
      if (v < 0) v = out.vars_++;
      part.kind = Kind::kVar;
      part.var = v;
    }
    out.parts_.push_back(part);
  }
  return out;
}

bool DigitPattern::Matches(std::string_view number) const {
  if (!ok() || number.size() < parts_.size()) return false;
  const char* tail = number.data() + number.size() - parts_.size();
  // Back to front: the letters of most patterns are at their end, so most
  // numbers fail on their last digits. What is checked does not depend on
  // the order: every compared character a digit, every run step exact, and
  // letters to digits one to one.
  std::array<int8_t, 26> value;
  value.fill(-1);
  unsigned used = 0;  // bit d: some letter stands for digit d
  for (size_t k = parts_.size(); k-- > 0;) {
    const int d = tail[k] - '0';
    if (d < 0 || d > 9) return false;
    const Part& part = parts_[k];
    if (part.kind == Kind::kRun) {
      // A run's first letter is a free digit, so k >= 1 here; a non-digit
      // before it fails when the loop reaches it.
      if (d - (tail[k - 1] - '0') != part.step) return false;
    } else if (part.kind == Kind::kVar) {
      int8_t& v = value[part.var];
      if (v < 0) {
        if (used >> d & 1u)
          return false;  // different letters, different digits
        v = static_cast<int8_t>(d);
        used |= 1u << d;
      } else if (v != d) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace verdict
