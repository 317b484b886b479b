// See expr_typing.h.
#include "src/check/expr_typing.h"

#include <algorithm>

namespace verdict::check {

using types::Type;
using types::TypeKind;

bool IsNumeric(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kUint ||
         k == TypeKind::kDouble || k == TypeKind::kDecimal;
}

Type TypeOfValue(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return Type::Of(TypeKind::kNull);
    case Kind::kBool:
      return Type::Of(TypeKind::kBool);
    case Kind::kInt:
      return Type::Of(TypeKind::kInt);
    case Kind::kUint:
      return Type::Of(TypeKind::kUint);
    case Kind::kDouble:
      return Type::Of(TypeKind::kDouble);
    case Kind::kDecimal:
      return Type::Of(TypeKind::kDecimal);
    case Kind::kString:
      return Type::Of(TypeKind::kString);
    case Kind::kBytes:
      return Type::Of(TypeKind::kBytes);
    case Kind::kDate:
      return Type::Of(TypeKind::kDate);
    case Kind::kTimestamp:
      return Type::Of(TypeKind::kTimestamp);
    case Kind::kDuration:
      return Type::Of(TypeKind::kDuration);
    case Kind::kType:
      return Type::Of(TypeKind::kType);
    default:
      return Type::Dyn();
  }
}

const std::map<std::string, std::string>& TypeIdents() {
  static const std::map<std::string, std::string> k = {
      {"int", "int"},
      {"uint", "uint"},
      {"double", "double"},
      {"bool", "bool"},
      {"string", "string"},
      {"bytes", "bytes"},
      {"list", "list"},
      {"map", "map"},
      {"null_type", "null_type"},
      {"optional_type", "optional_type"},
      {"net.IP", "net.IP"},
      {"net.CIDR", "net.CIDR"},
      {"type", "type"},
      {"decimal", "decimal"},
      {"date", "date"},
      {"google.protobuf.Timestamp", "google.protobuf.Timestamp"},
      {"google.protobuf.Duration", "google.protobuf.Duration"},
  };
  return k;
}

// Flattens a chain of selects on an identifier ("a.b.c"); "" if not one.
std::string QualifiedName(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kIdent) return e.name;
  if (e.kind == ast::ExprKind::kSelect && !e.test_only) {
    std::string base = QualifiedName(*e.args[0]);
    if (!base.empty()) return base + "." + e.name;
  }
  return "";
}

bool HasArity(const Builtin& b, size_t n) {
  return std::any_of(b.overloads.begin(), b.overloads.end(),
                     [&](const Overload& o) { return o.params.size() == n; });
}

std::string PrettyOperator(const std::string& fn) {
  static const std::map<std::string, std::string> k = {
      {"_+_", "+"},   {"_-_", "-"},   {"_*_", "*"},   {"_/_", "/"},
      {"_%_", "%"},   {"_<_", "<"},   {"_<=_", "<="}, {"_>_", ">"},
      {"_>=_", ">="}, {"_==_", "=="}, {"_!=_", "!="}, {"-_", "unary -"},
      {"@in", "in"},  {"_[_]", "[]"}};
  auto it = k.find(fn);
  return it == k.end() ? fn : it->second;
}

std::optional<std::string> TooPreciseLiteral(std::string_view text,
                                             const Value& constant) {
  if (constant.kind() != Kind::kDouble || text.empty() ||
      Decimal::Parse(text)) {
    return std::nullopt;
  }
  std::optional<Decimal> read = Decimal::FromDouble(constant.as_double());
  if (!read) return std::nullopt;
  return "the literal " + std::string(text) +
         " has more digits than a decimal holds (18 places, 36 digits): next "
         "to money it would be read as " +
         read->ToString();
}

}  // namespace verdict::check
