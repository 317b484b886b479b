#include "src/check/types.h"

namespace verdict::types {

std::string Type::Name() const {
  switch (k) {
    case T::kDyn:
      return "dyn";
    case T::kNull:
      return "null";
    case T::kBool:
      return "bool";
    case T::kInt:
      return "int";
    case T::kUint:
      return "uint";
    case T::kDouble:
      return "double";
    case T::kDecimal:
      return "decimal";
    case T::kString:
      return "string";
    case T::kBytes:
      return "bytes";
    case T::kDate:
      return "date";
    case T::kTimestamp:
      return "timestamp";
    case T::kDuration:
      return "duration";
    case T::kList:
      return "list(" + (elem ? elem->Name() : "dyn") + ")";
    case T::kMap:
      return "map(" + (key ? key->Name() : "dyn") + ", " +
             (elem ? elem->Name() : "dyn") + ")";
    case T::kType:
      return "type";
    case T::kObject:
      return object ? object->name : "object";
    case T::kParam:
      return param;
  }
  return "?";
}

bool Assignable(const Type& to, const Type& from,
                std::map<std::string, Type>* bindings) {
  if (to.k == T::kParam) {
    auto it = bindings->find(to.param);
    if (it == bindings->end() || it->second.is_dyn()) {
      (*bindings)[to.param] = from;
      return true;
    }
    if (from.is_dyn()) return true;
    return Assignable(it->second, from, bindings) ||
           Assignable(from, it->second, bindings);
  }
  if (to.is_dyn() || from.is_dyn()) return true;
  // null is assignable to nullable things: we let it match any object-like
  // type.
  if (from.k == T::kNull) {
    return to.k == T::kNull || to.k == T::kObject || to.k == T::kTimestamp ||
           to.k == T::kDuration;
  }
  if (to.k != from.k) return false;
  switch (to.k) {
    case T::kList:
      return Assignable(to.elem ? *to.elem : Type::Dyn(),
                        from.elem ? *from.elem : Type::Dyn(), bindings);
    case T::kMap:
      return Assignable(to.key ? *to.key : Type::Dyn(),
                        from.key ? *from.key : Type::Dyn(), bindings) &&
             Assignable(to.elem ? *to.elem : Type::Dyn(),
                        from.elem ? *from.elem : Type::Dyn(), bindings);
    case T::kObject:
      return !to.object || !from.object || to.object == from.object ||
             to.object->name == from.object->name;
    default:
      return true;
  }
}

Type Substitute(const Type& t, const std::map<std::string, Type>& b) {
  switch (t.k) {
    case T::kParam: {
      auto it = b.find(t.param);
      return it == b.end() ? Type::Dyn() : it->second;
    }
    case T::kList:
      return Type::List(t.elem ? Substitute(*t.elem, b) : Type::Dyn());
    case T::kMap:
      return Type::Map(t.key ? Substitute(*t.key, b) : Type::Dyn(),
                       t.elem ? Substitute(*t.elem, b) : Type::Dyn());
    default:
      return t;
  }
}

}  // namespace verdict::types
