// CEL's optional values as cel-go defines them (the "optionals" library):
// optional.of(x), optional.none(), optional.ofNonZeroValue(x), hasValue(),
// value(), orValue(default), or(other optional); optional selection
// `m.?field` ("_?._") and indexing `l[?i]`, `m[?k]` ("_[?_]"); selecting a
// field of or indexing into an optional gives an optional (optional
// chaining); list and map literals with optional entries ([?x], {?k: v},
// built by "@optional_list" and "@optional_map", which the parser emits).
// optMap and optFlatMap are parse-time macros (src/parse/parser.cc).
//
// Statically an optional is `dyn`: the checker does not track
// optional_type(T), so a misuse such as `1.value()` fails at run time.
#include "src/evaluate/builtins.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;
using types::Type;

BuiltinImpl plain_index = nullptr;  // `_[_]` before this library wraps it

Value NotOptional(const char* fn, Args a) { return NoOverload(fn, a); }

Value Of(Args a, const EvalContext&) { return Value::OptionalOf(a[0]); }

Value None(Args, const EvalContext&) { return Value::OptionalNone(); }

bool IsZero(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return !v.as_bool();
    case Kind::kInt:
      return v.as_int() == 0;
    case Kind::kUint:
      return v.as_uint() == 0;
    case Kind::kDouble:
      return v.as_double() == 0;
    case Kind::kDecimal:
      return v.as_decimal().IsZero();
    case Kind::kString:
      return v.as_string().empty();
    case Kind::kBytes:
      return v.as_bytes().empty();
    case Kind::kList:
      return v.as_list().empty();
    case Kind::kMap:
      return v.as_map().empty();
    case Kind::kDuration:
      return v.as_duration() == Duration{};
    case Kind::kTimestamp:
      return v.as_timestamp() == Timestamp{};
    case Kind::kOptional:
      return v.optional_value() == nullptr;
    default:
      return false;
  }
}

Value OfNonZero(Args a, const EvalContext&) {
  return IsZero(a[0]) ? Value::OptionalNone() : Value::OptionalOf(a[0]);
}

Value HasValue(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kOptional) return NotOptional("hasValue", a);
  return Value::Bool(a[0].optional_value() != nullptr);
}

Value GetValue(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kOptional) return NotOptional("value", a);
  const Value* v = a[0].optional_value();
  if (!v) return Value::Error("optional.none() dereference");
  return *v;
}

Value OrValue(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kOptional) return NotOptional("orValue", a);
  const Value* v = a[0].optional_value();
  return v ? *v : a[1];
}

// Both sides are evaluated first (calls are strict here), unlike cel-go's
// short circuit; the result is the same unless the other side fails.
Value Or(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kOptional || a[1].kind() != Kind::kOptional)
    return NotOptional("or", a);
  return a[0].optional_value() ? a[0] : a[1];
}

// `target.?field`: an optional of the field, none when absent.
Value OptSelect(Args a, const EvalContext&) {
  const Value& t = a[0];
  const std::string& field = a[1].as_string();
  if (t.kind() == Kind::kOptional) {
    if (!t.optional_value()) return t;
    Value inner = *t.optional_value();
    Value args[2] = {inner, a[1]};
    return OptSelect(args, EvalContext{});
  }
  if (t.kind() != Kind::kMap) return NoOverload("_?._", a);
  const Value* v = t.FindField(field);
  return v ? Value::OptionalOf(*v) : Value::OptionalNone();
}

// `target[?key]`: an optional of the element, none when absent.
Value OptIndex(Args a, const EvalContext& ctx) {
  const Value &t = a[0], &k = a[1];
  if (t.kind() == Kind::kOptional) {
    if (!t.optional_value()) return t;
    Value args[2] = {*t.optional_value(), k};
    return OptIndex(args, ctx);
  }
  if (t.kind() == Kind::kMap) {
    const Value* v = t.Find(k);
    return v ? Value::OptionalOf(*v) : Value::OptionalNone();
  }
  if (t.kind() == Kind::kList) {
    Value r = plain_index(a, ctx);
    if (r.is_error() && k.kind() == Kind::kInt) return Value::OptionalNone();
    return r.is_error() ? r : Value::OptionalOf(std::move(r));
  }
  return NoOverload("_[?_]", a);
}

// `_[_]`, extended: indexing into an optional is optional chaining.
Value Index(Args a, const EvalContext& ctx) {
  if (a.size() == 2 && a[0].kind() == Kind::kOptional) return OptIndex(a, ctx);
  return plain_index(a, ctx);
}

// a[0]: list of bools, true where the entry is optional; then the entries.
Value OptionalList(Args a, const EvalContext&) {
  const List& marks = a[0].as_list();
  List out;
  for (size_t i = 0; i < marks.size(); ++i) {
    const Value& v = a[i + 1];
    if (!marks[i].as_bool()) {
      out.push_back(v);
    } else if (v.kind() != Kind::kOptional) {
      return Value::Error("optional list entry is not an optional (" +
                          std::string(KindName(v.kind())) + ")");
    } else if (v.optional_value()) {
      out.push_back(*v.optional_value());
    }
  }
  return Value::ListOf(std::move(out));
}

// a[0]: list of bools per entry; then key, value, key, value, ...
Value OptionalMap(Args a, const EvalContext&) {
  const List& marks = a[0].as_list();
  MapEntries out;
  for (size_t i = 0; i < marks.size(); ++i) {
    const Value &k = a[1 + 2 * i], &v = a[2 + 2 * i];
    Kind kk = k.kind();
    if (kk != Kind::kString && kk != Kind::kInt && kk != Kind::kUint &&
        kk != Kind::kBool) {
      return Value::Error("unsupported key type '" + std::string(KindName(kk)) +
                          "' in map literal");
    }
    const Value* value = &v;
    if (marks[i].as_bool()) {
      if (v.kind() != Kind::kOptional) {
        return Value::Error("optional map entry is not an optional (" +
                            std::string(KindName(v.kind())) + ")");
      }
      value = v.optional_value();
      if (!value) continue;
    }
    for (const auto& [ek, ev] : out) {
      auto e = Equal(ek, k);
      if (e && *e)
        return Value::Error("Failed with repeated key: " + k.DebugString());
    }
    out.emplace_back(k, *value);
  }
  return Value::MapOf(std::move(out));
}

Type ListRule(const std::vector<Type>&, std::string*) {
  return Type::List(Type::Dyn());
}
Type MapRule(const std::vector<Type>&, std::string*) {
  return Type::Map(Type::Dyn(), Type::Dyn());
}

}  // namespace

void RegisterOptionalsExt(Registry& r) {
  r.Add("optional.of", Of, {"dyn -> dyn"}, "optional.of(x): an optional of x");
  r.Add("optional.none", None, {" -> dyn"}, "the empty optional");
  r.Add("optional.ofNonZeroValue", OfNonZero, {"dyn -> dyn"},
        "optional.none() for a zero value (0, '', [], {}, null, false), "
        "else optional.of(x)");
  r.Add("hasValue", HasValue, {"dyn -> bool"});
  r.Add("value", GetValue, {"dyn -> dyn"},
        "an optional's value; an error for optional.none()");
  r.Add("orValue", OrValue, {"dyn, dyn -> dyn"},
        "opt.orValue(x): the optional's value, else x");
  r.Add("or", Or, {"dyn, dyn -> dyn"},
        "opt.or(other): opt when it has a value, else other");
  r.Add("_?._", OptSelect, {"dyn, string -> dyn"});
  r.Add("_[?_]", OptIndex, {"dyn, dyn -> dyn"});
  r.AddRule("@optional_list", OptionalList, ListRule, "");
  r.AddRule("@optional_map", OptionalMap, MapRule, "");
  const Builtin* index = r.Find("_[_]");
  if (index && index->impl != Index) {
    plain_index = index->impl;
    r.Add("_[_]", Index, {});  // same signatures, new implementation
  }
}

}  // namespace verdict
