// Small typing helpers of the expression compiler (expr_compiler.cc): the
// static type of a constant, the names of types, qualified names, and the
// operator names of messages. Pure functions; thread-safe.
#ifndef VERDICT_SRC_CHECK_EXPR_TYPING_H_
#define VERDICT_SRC_CHECK_EXPR_TYPING_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "src/check/builtins.h"
#include "src/check/types.h"
#include "src/parse/ast.h"
#include "verdict/value.h"

namespace verdict::check {

// Whether `k` is one of CEL's numbers (int, uint, double) or a decimal.
bool IsNumeric(types::TypeKind k);

// The static type of a constant; dyn for collections and other kinds.
types::Type TypeOfValue(const Value& v);

// The type names an expression may use as values (`int`, `net.IP`, ...),
// each mapped to the type it denotes.
const std::map<std::string, std::string>& TypeIdents();

// Flattens a chain of selects on an identifier ("a.b.c"); "" if not one.
std::string QualifiedName(const ast::Expr& e);

// Whether some overload of `b` takes `n` arguments.
bool HasArity(const Builtin& b, size_t n);

// The operator a user wrote for an internal name ("_+_" -> "+"), or `fn`.
std::string PrettyOperator(const std::string& fn);

// Why number literal `text`, of double value `constant`, cannot stand next
// to money: its text holds more than a decimal can (more than 18 places,
// or 36 digits) while its double reads as another decimal (the double of
// 0.10000000000000000001 reads as 0.1), so it would silently change; nullopt
// otherwise. A double with no decimal form at all (1e300, 1e-30) stays a
// double: arithmetic with it is an error and comparisons compare exact
// values (README).
std::optional<std::string> TooPreciseLiteral(std::string_view text,
                                             const Value& constant);

}  // namespace verdict::check

#endif  // VERDICT_SRC_CHECK_EXPR_TYPING_H_
