// The handbook's notation for vanity numbers (spec section 5): X is any
// digit; a run of three or more alphabet-consecutive letters (ABC, DCBA)
// matches digits rising or falling by exactly one, with no wrap-around;
// other letters are variables (same letter, same digit; different letters,
// different digits). Patterns match the number's trailing digits.
#ifndef VERDICT_SRC_VALUE_DIGIT_PATTERN_H_
#define VERDICT_SRC_VALUE_DIGIT_PATTERN_H_

#include <string>
#include <string_view>
#include <vector>

namespace verdict {

class DigitPattern {
 public:
  // Never fails loudly: check ok() and error().
  static DigitPattern Compile(std::string_view pattern);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // True when the trailing digits of `number` match; false for a number
  // shorter than the pattern or with a non-digit in the compared part.
  bool Matches(std::string_view number) const;

 private:
  enum class Kind { kAny, kVar, kRun };
  struct Part {
    Kind kind;
    int var = 0;   // kVar: variable index
    int step = 0;  // kRun: +1 or -1 relative to the previous position
  };
  std::vector<Part> parts_;
  int vars_ = 0;
  std::string error_;
};

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_DIGIT_PATTERN_H_
