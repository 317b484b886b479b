// Catching a typo in an enum literal: a condition or output expression that
// compares an enum-typed name with a string that is not one of its values
// (`tier == 'hihg'`, `request.cause in ['line_fault', 'cabel_fault']`) would
// never match (or always, for !=), silently. Table cells are checked as
// they are read (table_cells.cc); this does the same for expressions.
#ifndef VERDICT_SRC_COMPILE_ENUM_LITERALS_H_
#define VERDICT_SRC_COMPILE_ENUM_LITERALS_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "src/parse/ast.h"

namespace verdict {

// The enum-typed names an expression may read: "customer.cause" (a record
// field), "tier" (an output, local or function parameter),
// "customer_tier.tier" (a used policy's output) -> that enum's values.
using EnumScope = std::map<std::string, std::vector<std::string>>;

// The parameters of the pack functions an expression may call, by the name
// a call writes ("amount_band" in its own policy, "refund_approval.
// amount_band" anywhere): each parameter's name and, for an enum
// parameter, its values (null otherwise). Both point into the compiled
// function, which outlives the check.
struct CallParam {
  const std::string* name;
  const std::vector<std::string>* enum_values;
};
using CallEnums = std::map<std::string, std::vector<CallParam>>;

// Calls report(offset, message) for every string literal in `e` that is
// compared (==, !=, in a list literal) with a name of `scope` and is not
// one of its values, and (with `calls`) for every string literal passed as
// the argument of an enum parameter of a pack function that is not one of
// its values (`amount_band(x, 'cty')` fails every record that reaches it).
// Names bound by a comprehension inside `e` shadow the scope's.
void CheckEnumLiterals(const ast::Expr& e, const EnumScope& scope,
                       const CallEnums* calls,
                       const std::function<void(int, std::string)>& report);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_ENUM_LITERALS_H_
