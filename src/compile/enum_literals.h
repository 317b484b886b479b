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

// Calls report(offset, message) for every string literal in `e` that is
// compared (==, !=, in a list literal) with a name of `scope` and is not
// one of its values. Names bound by a comprehension inside `e` shadow the
// scope's.
void CheckEnumLiterals(const ast::Expr& e, const EnumScope& scope,
                       const std::function<void(int, std::string)>& report);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_ENUM_LITERALS_H_
