// Static types used by the checker. `dyn` is unknown-until-run-time and is
// assignable to and from every type.
#ifndef VERDICT_SRC_CHECK_TYPES_H_
#define VERDICT_SRC_CHECK_TYPES_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace verdict::types {

// What kind of type a Type is; the other members of Type refine it.
enum class TypeKind {
  kDyn,
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kDecimal,
  kString,
  kBytes,
  kDate,
  kTimestamp,
  kDuration,
  kList,
  kMap,
  kType,
  kObject,  // a record or an output object with named fields
  kParam,   // type parameter in builtin signatures (A, B)
};

struct ObjectType;

struct Type {
  TypeKind kind = TypeKind::kDyn;
  std::shared_ptr<const Type> elem;  // list element, map value
  std::shared_ptr<const Type> key;   // map key
  std::shared_ptr<const ObjectType> object;
  std::string param;  // kParam name

  static Type Of(TypeKind kind) {
    return Type{kind, nullptr, nullptr, nullptr, ""};
  }
  static Type Dyn() { return Of(TypeKind::kDyn); }
  // The items of an empty list or map literal: dyn to every check, but in
  // a Join() it takes the other side's type (`[[], [[1]]]` is a
  // list(list(list(int))), as CEL's free type variable would be).
  static Type Unconstrained() {
    Type t = Dyn();
    t.param = "?";
    return t;
  }
  bool is_unconstrained() const {
    return kind == TypeKind::kDyn && param == "?";
  }
  static Type List(Type e) {
    Type t = Of(TypeKind::kList);
    t.elem = std::make_shared<const Type>(std::move(e));
    return t;
  }
  static Type Map(Type key_type, Type v) {
    Type t = Of(TypeKind::kMap);
    t.key = std::make_shared<const Type>(std::move(key_type));
    t.elem = std::make_shared<const Type>(std::move(v));
    return t;
  }
  static Type Param(std::string name) {
    Type t = Of(TypeKind::kParam);
    t.param = std::move(name);
    return t;
  }
  bool is_dyn() const { return kind == TypeKind::kDyn; }
  std::string Name() const;
};

// Fields of a record or output object, in declaration order.
struct ObjectType {
  std::string name;
  std::vector<std::pair<std::string, Type>> fields;
  const Type* Find(const std::string& field) const {
    for (const auto& [n, t] : fields) {
      if (n == field) return &t;
    }
    return nullptr;
  }
};

inline Type Object(std::shared_ptr<const ObjectType> o) {
  Type t = Type::Of(TypeKind::kObject);
  t.object = std::move(o);
  return t;
}

// True when a value of type `from` may be used where `to` is expected,
// binding type parameters into `bindings`.
bool Assignable(const Type& to, const Type& from,
                std::map<std::string, Type>* bindings);
// The type of a value that is either an `a` or a `b`: that type when they
// agree, a list or map of the joined parameters when both are lists or
// maps, else dyn (`[1, "a"] + [2.0]` is a list(dyn), as in CEL, where
// keeping list(double) refused `"a" in ...`); an unconstrained side
// (Unconstrained()) takes the other's.
Type Join(const Type& a, const Type& b);

// Replaces bound parameters; unbound ones become dyn.
Type Substitute(const Type& t, const std::map<std::string, Type>& bindings);

}  // namespace verdict::types

#endif  // VERDICT_SRC_CHECK_TYPES_H_
