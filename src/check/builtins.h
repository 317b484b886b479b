// The function library available to expressions, as the checker sees it:
// CEL's standard functions and operators plus Verdict's extensions (decimal
// money, dates, working days, digit patterns, batch helpers). Each builtin
// declares typed overloads for the checker and one implementation (a
// BuiltinImpl of src/program) that dispatches on the run-time kinds of its
// arguments. The implementations, and Registry::Standard() which collects
// them, are in src/evaluate (builtins_*.cc, registry.cc).
#ifndef VERDICT_SRC_CHECK_BUILTINS_H_
#define VERDICT_SRC_CHECK_BUILTINS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/check/types.h"
#include "src/program/program.h"

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
  std::string doc;  // one line, for `verdict` help and diagnostics
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
  // Defined in src/evaluate/registry.cc, next to the implementations.
  static const Registry& Standard();

 private:
  std::map<std::string, Builtin, std::less<>> builtins_;
};

// Parses "list(A)", "map(string, dyn)", "decimal", ... Throws
// std::invalid_argument on malformed text (programming error).
types::Type ParseType(std::string_view text);

}  // namespace verdict

#endif  // VERDICT_SRC_CHECK_BUILTINS_H_
