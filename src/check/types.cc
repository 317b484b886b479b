#include "src/check/types.h"

namespace verdict::types {

std::string Type::Name() const {
  switch (kind) {
    case TypeKind::kDyn:
      return "dyn";
    case TypeKind::kNull:
      return "null";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kUint:
      return "uint";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kString:
      return "string";
    case TypeKind::kBytes:
      return "bytes";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kTimestamp:
      return "timestamp";
    case TypeKind::kDuration:
      return "duration";
    case TypeKind::kList:
      return "list(" + (elem ? elem->Name() : "dyn") + ")";
    case TypeKind::kMap:
      return "map(" + (key ? key->Name() : "dyn") + ", " +
             (elem ? elem->Name() : "dyn") + ")";
    case TypeKind::kType:
      return "type";
    case TypeKind::kObject:
      return object ? object->name : "object";
    case TypeKind::kParam:
      return param;
  }
  return "?";
}

bool Assignable(const Type& to, const Type& from,
                std::map<std::string, Type>* bindings) {
  if (to.kind == TypeKind::kParam) {
    auto it = bindings->find(to.param);
    if (it == bindings->end()) {
      (*bindings)[to.param] = from;
      return true;
    }
    // Bound already: the argument must fit one way or the other, and the
    // parameter then stands for either (list(A) + list(A) of list(dyn) and
    // list(double) is a list(dyn), not a list(double)).
    const Type bound = it->second;
    if (!Assignable(bound, from, bindings) &&
        !Assignable(from, bound, bindings)) {
      return false;
    }
    (*bindings)[to.param] = Join(bound, from);
    return true;
  }
  if (to.is_dyn() || from.is_dyn()) return true;
  // null is assignable to nullable things: we let it match any object-like
  // type.
  if (from.kind == TypeKind::kNull) {
    return to.kind == TypeKind::kNull || to.kind == TypeKind::kObject ||
           to.kind == TypeKind::kTimestamp || to.kind == TypeKind::kDuration;
  }
  if (to.kind != from.kind) return false;
  switch (to.kind) {
    case TypeKind::kList:
      return Assignable(to.elem ? *to.elem : Type::Dyn(),
                        from.elem ? *from.elem : Type::Dyn(), bindings);
    case TypeKind::kMap:
      return Assignable(to.key ? *to.key : Type::Dyn(),
                        from.key ? *from.key : Type::Dyn(), bindings) &&
             Assignable(to.elem ? *to.elem : Type::Dyn(),
                        from.elem ? *from.elem : Type::Dyn(), bindings);
    case TypeKind::kObject:
      return !to.object || !from.object || to.object == from.object ||
             to.object->name == from.object->name;
    default:
      return true;
  }
}

Type Join(const Type& a, const Type& b) {
  if (a.is_unconstrained()) return b;
  if (b.is_unconstrained()) return a;
  if (a.is_dyn() || b.is_dyn() || a.kind != b.kind) return Type::Dyn();
  auto part = [](const std::shared_ptr<const Type>& p) {
    return p ? *p : Type::Dyn();
  };
  switch (a.kind) {
    case TypeKind::kList:
      return Type::List(Join(part(a.elem), part(b.elem)));
    case TypeKind::kMap:
      return Type::Map(Join(part(a.key), part(b.key)),
                       Join(part(a.elem), part(b.elem)));
    case TypeKind::kObject:
      return !a.object || !b.object || a.object == b.object ||
                     a.object->name == b.object->name
                 ? a
                 : Type::Dyn();
    case TypeKind::kParam:
      return a.param == b.param ? a : Type::Dyn();
    default:
      return a;
  }
}

Type Substitute(const Type& t, const std::map<std::string, Type>& b) {
  switch (t.kind) {
    case TypeKind::kParam: {
      auto it = b.find(t.param);
      return it == b.end() ? Type::Dyn() : it->second;
    }
    case TypeKind::kList:
      return Type::List(t.elem ? Substitute(*t.elem, b) : Type::Dyn());
    case TypeKind::kMap:
      return Type::Map(t.key ? Substitute(*t.key, b) : Type::Dyn(),
                       t.elem ? Substitute(*t.elem, b) : Type::Dyn());
    default:
      return t;
  }
}

}  // namespace verdict::types
