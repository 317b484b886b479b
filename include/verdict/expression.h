// Evaluating one stand-alone expression of the policy language (CEL plus
// Verdict's extensions), as `verdict expr` does. Policies are the main use;
// this entry point serves tooling, tests and the CEL conformance runner.
// Errors follow docs/errors.md: a compile error is text, an evaluation
// error is an error Value; nothing throws for bad input.
#ifndef VERDICT_EXPRESSION_H_
#define VERDICT_EXPRESSION_H_

#include <map>
#include <string>
#include <string_view>

#include "verdict/value.h"
#include "verdict/zone.h"

namespace verdict {

struct ExpressionOptions {
  // Static type checking before evaluation. Variables without a declared
  // type are `dyn` either way.
  bool check = true;
  bool enable_macros = true;
  // Names are resolved relative to this container ("a.b" tries a.b.x, a.x, x).
  std::string container;
  // Zone of timestamps written without an offset (verdict/zone.h).
  Zone zone;
};

struct ExpressionResult {
  // Set when the expression did not parse or check: "line:col: message".
  // Then `value` is null.
  std::string compile_error;
  // The result; an evaluation failure is an error Value (value.is_error()).
  Value value;
};

// Parses, optionally checks, and evaluates `source` with the given variable
// values. `declared_types` maps variable names to CEL type names ("int",
// "list(string)", "map(string, int)", ...) for the checker; unknown type
// names are treated as dyn. Thread-safe; never throws for bad input.
ExpressionResult EvaluateExpression(
    std::string_view source, const std::map<std::string, Value>& bindings,
    const std::map<std::string, std::string>& declared_types = {},
    const ExpressionOptions& options = {});

}  // namespace verdict

#endif  // VERDICT_EXPRESSION_H_
