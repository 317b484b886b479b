// Implementations of the builtins declared to the checker through
// src/check/builtins.h: each Register* adds one family to a Registry.
#ifndef VERDICT_SRC_EVALUATE_BUILTINS_H_
#define VERDICT_SRC_EVALUATE_BUILTINS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "src/check/builtins.h"

namespace verdict {

// The error Value for a call whose argument kinds match no overload.
Value NoOverload(std::string_view fn, std::span<const Value> args);

// CEL's `x in c` (the `@in` builtin): whether list `c` holds an item equal
// to `x`, or map `c` a key equal to it; a bool Value, or the no-overload
// error for any other `c`. Shared by the builtin and the interpreter's
// Op::kIn, which reads both operands in place.
Value InContainer(const Value& x, const Value& c);

void RegisterOperators(Registry& r);
void RegisterStrings(Registry& r);
void RegisterConversions(Registry& r);
void RegisterTime(Registry& r);
void RegisterExtensions(Registry& r);
// CEL's extension libraries, as cel-go defines them (one file each).
void RegisterStringsExt(Registry& r);     // builtins_strings_ext.cc
void RegisterStringsFormat(Registry& r);  // builtins_strings_format.cc
void RegisterMathExt(Registry& r);        // builtins_math_ext.cc
void RegisterEncodersExt(Registry& r);    // builtins_encoders_ext.cc
// After RegisterOperators (wraps `_[_]` for optional chaining).
void RegisterOptionalsExt(Registry& r);  // builtins_optionals_ext.cc
// After RegisterConversions (wraps `string` and `type` for its types).
void RegisterNetworkExt(Registry& r);  // builtins_network_ext.cc

// Rounding of exact decimals (money) to a number of places.
enum class Rounding {
  kHalfUp,    // half away from zero: 2.345 -> 2.35, -2.345 -> -2.35
  kHalfEven,  // half to the even neighbour: 2.345 -> 2.34, 2.355 -> 2.36
  kHalfDown,  // half toward zero: 2.345 -> 2.34
  kDown,      // toward zero
  kUp,        // away from zero
  kFloor,     // toward negative infinity
  kCeiling,   // toward positive infinity
};
// `d` rounded to `scale` places (negative: to tens, hundreds, ...); d itself
// when it has no more places. nullopt when scale is outside [-18, 18] or the
// result has more than 36 digits. Defined in builtins_math_ext.cc.
std::optional<Decimal> RoundDecimal(const Decimal& d, int scale, Rounding mode);
// "half_up", "half_even", "half_down", "down", "up", "floor", "ceiling".
std::optional<Rounding> ParseRounding(std::string_view name);

// `s` as a string Value, or an error when it exceeds ctx's string limit.
// Defined in builtins_strings_ext.cc.
Value StringResult(std::string s, const EvalContext& ctx);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_BUILTINS_H_
