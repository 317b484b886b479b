// Small typing helpers of the expression compiler (expr_compiler.cc): the
// static type of a constant, the names of types, qualified names, and the
// operator names of messages. Pure functions; thread-safe.
#ifndef VERDICT_SRC_CHECK_EXPR_TYPING_H_
#define VERDICT_SRC_CHECK_EXPR_TYPING_H_

#include <map>
#include <string>

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

}  // namespace verdict::check

#endif  // VERDICT_SRC_CHECK_EXPR_TYPING_H_
