// The function library available to expressions: CEL's standard functions
// and operators plus Verdict's extensions (decimal money, dates, working
// days, digit patterns, batch helpers). Each builtin declares typed
// overloads for the checker and one implementation that dispatches on the
// run-time kinds of its arguments.
#ifndef VERDICT_SRC_EVALUATE_BUILTINS_H_
#define VERDICT_SRC_EVALUATE_BUILTINS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/check/types.h"
#include "src/evaluate/program.h"

namespace verdict {

struct Overload {
  std::vector<types::Type>
      params;  // for member calls, params[0] is the receiver
  types::Type result;
};

// Types a call whose arguments no fixed list of signatures describes (a
// variadic function): returns the result type, or sets *error to a message
// (then the result is ignored). Must be pure and thread-safe.
using TypeRule = types::Type (*)(const std::vector<types::Type>& args,
                                 std::string* error);

struct Builtin {
  std::string name;
  BuiltinImpl impl = nullptr;
  std::vector<Overload> overloads;
  TypeRule check = nullptr;  // when set, used instead of `overloads`
  std::string doc;           // one line, for `verdict` help and diagnostics
};

class Registry {
 public:
  // Adds overloads declared as signature strings "int, int -> int".
  void Add(std::string name, BuiltinImpl impl,
           std::initializer_list<std::string_view> signatures,
           std::string doc = "");
  // Adds a function typed by `rule` instead of signatures.
  void AddRule(std::string name, BuiltinImpl impl, TypeRule rule,
               std::string doc);
  const Builtin* Find(std::string_view name) const;
  std::vector<std::string> Names() const;

  // The registry with every builtin; built once, immutable, thread-safe.
  static const Registry& Standard();

 private:
  std::map<std::string, Builtin, std::less<>> builtins_;
};

// Parses "list(A)", "map(string, dyn)", "decimal", ... Throws
// std::invalid_argument on malformed text (programming error).
types::Type ParseType(std::string_view text);

// Helpers shared by builtin implementations.
Value NoOverload(std::string_view fn, std::span<const Value> args);

void RegisterOperators(Registry& r);
void RegisterStrings(Registry& r);
void RegisterConversions(Registry& r);
void RegisterTime(Registry& r);
void RegisterExtensions(Registry& r);
// CEL's extension libraries, as cel-go defines them (one file each).
void RegisterStringsExt(Registry& r);     // builtins_strings_ext.cc
void RegisterMathExt(Registry& r);        // builtins_math_ext.cc
void RegisterEncodersExt(Registry& r);    // builtins_encoders_ext.cc
void RegisterStringsFormat(Registry& r);  // builtins_strings_format.cc

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
Value StringResult(std::string s, const EvalContext& ctx);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_BUILTINS_H_
