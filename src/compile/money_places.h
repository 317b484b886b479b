// How many decimal places an expression's value can have at most, known
// when the policy is compiled: `verdict check` warns about a money output
// (4 places) whose expression can have more, such as `=amount * 0.05`
// (6: a money field has up to 4, the literal 2), which would fail with
// evaluation_error on the records that need them, before any record does.
//
// The bound is exact arithmetic on places, never a guess: literals have
// their own places; money fields and outputs 4, other decimal fields 18,
// ints 0; a list the most of its items (for list(money) outputs; `+` of
// two lists is the larger); `+` and `-` keep the larger bound, `*` adds them,
// unary minus, abs(), math.ceil/floor/trunc keep it (the last three: 0),
// math.round(x, n) with a literal n has max(n, 0), `?:` the larger branch, lets
// what their expression has. Anything else (division, functions, used policies,
// fields of other types) is unknown, and an unknown bound never warns.
#ifndef VERDICT_SRC_COMPILE_MONEY_PLACES_H_
#define VERDICT_SRC_COMPILE_MONEY_PLACES_H_

#include <optional>
#include <unordered_map>

#include "src/program/program.h"

namespace verdict {

class PlacesBounds {
 public:
  // The value in `slot` has at most `places` decimal places (nullopt:
  // unknown, the default for every slot).
  void Set(int slot, std::optional<int> places);
  // The bound of `n`'s value, or nullopt when unknown. Thread-compatible.
  std::optional<int> Of(const Node& n) const;

 private:
  std::unordered_map<int, int> slots_;
};

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_MONEY_PLACES_H_
