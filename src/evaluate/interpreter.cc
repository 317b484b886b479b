// Tree-walking evaluation of compiled Nodes with CEL's error and
// short-circuit rules: `&&`/`||` absorb an error when the other side decides
// the result; `?:` evaluates one branch; errors otherwise propagate.
#include "src/evaluate/interpreter.h"

#include <re2/re2.h>

#include <new>

#include "src/evaluate/builtins.h"
#include "src/program/fast_condition.h"
#include "src/value/recycle.h"

namespace verdict {
namespace {

Value NoOverloadError(const char* fn, std::span<const Value> args) {
  return NoOverload(fn, args);
}

Value SelectField(const Value& target, const std::string& field,
                  bool test_only) {
  if (target.is_error()) return target;
  if (target.kind() == Kind::kOptional) {
    // Optional chaining: a field of an optional is an optional.
    const Value* v = target.optional_value();
    if (v == nullptr) return test_only ? Value::Bool(false) : target;
    if (v->kind() == Kind::kMap && !test_only) {
      const Value* f = v->FindField(field);
      return f ? Value::OptionalOf(*f) : Value::OptionalNone();
    }
    return SelectField(*v, field, test_only);
  }
  if (target.kind() != Kind::kMap) {
    if (target.is_null() && !test_only) {
      return Value::Error("no such key: '" + field + "' (value is null)");
    }
    return Value::Error("type '" + std::string(KindName(target.kind())) +
                        "' does not support field selection");
  }
  const Value* v = target.FindField(field);
  if (test_only) return Value::Bool(v != nullptr && !v->is_null());
  if (v == nullptr) return Value::Error("no such key: '" + field + "'");
  return *v;
}

Value Comprehension(const Node& n, Frame& f) {
  Value range = Eval(n.kids[0], f);
  if (range.is_error()) return range;
  std::vector<Value> items, values;
  const std::vector<Value>* iter = nullptr;
  bool two = n.value_slot >= 0;
  if (range.kind() == Kind::kList) {
    iter = &range.as_list();
    if (two) {
      for (size_t i = 0; i < iter->size(); ++i)
        items.push_back(Value::Int(static_cast<int64_t>(i)));
      values = range.as_list();
      iter = &items;
    }
  } else if (range.kind() == Kind::kMap) {
    for (const auto& [k, v] : range.as_map()) {
      items.push_back(k);
      if (two) values.push_back(v);
    }
    iter = &items;
  } else {
    return Value::Error("expression of type '" +
                        std::string(KindName(range.kind())) +
                        "' cannot be the range of a comprehension");
  }
  f.slot(n.accu_slot) = Eval(n.kids[1], f);
  int64_t limit = f.ctx().limits ? f.ctx().limits->max_iterations : 1000000;
  for (size_t i = 0; i < iter->size(); ++i) {
    if (++f.iterations > limit) {
      return Value::Error("comprehension iteration limit exceeded (" +
                          std::to_string(limit) + ")");
    }
    f.slot(n.slot) = (*iter)[i];
    if (two) f.slot(n.value_slot) = values[i];
    Value cond = Eval(n.kids[2], f);
    if (cond.kind() == Kind::kBool && !cond.as_bool()) break;
    f.slot(n.accu_slot) = Eval(n.kids[3], f);
  }
  return Eval(n.kids[4], f);
}

// `a <op> b` for two values that are not errors.
Truth CompareValues(CompareOp op, const Value& a, const Value& b,
                    Value* other) {
  // `x == null`, `x != null` (the usual test of an optional value): equal
  // exactly when both are null, as Equal() says for two non-errors.
  if (op >= kEq && (a.is_null() || b.is_null())) {
    return (a.is_null() && b.is_null()) == (op == kEq) ? Truth::kTrue
                                                       : Truth::kFalse;
  }
  int c = FastOrder(a, b);
  if (c == -2) {
    if (op >= kEq) {
      auto e = Equal(a, b);
      if (!e) return *other = Value::Error("error in equality"), Truth::kOther;
      return *e == (op == kEq) ? Truth::kTrue : Truth::kFalse;
    }
    auto o = Order(a, b);
    if (!o) {
      static const char* kNames[] = {"_<_", "_<=_", "_>_", "_>=_"};
      Value args[2] = {a, b};
      *other = NoOverloadError(kNames[op], args);
      return Truth::kOther;
    }
    if (*o == std::partial_ordering::unordered) return Truth::kFalse;
    c = *o == std::partial_ordering::less
            ? -1
            : (*o == std::partial_ordering::greater ? 1 : 0);
  }
  return Satisfies(op, c) ? Truth::kTrue : Truth::kFalse;
}

Truth CompareTruth(const Node& n, Frame& f, Value* other) {
  Value sa, sb;
  const Value& a = EvalRef(n.kids[0], f, sa);
  if (a.is_error()) return *other = a, Truth::kOther;
  const Value& b = EvalRef(n.kids[1], f, sb);
  if (b.is_error()) return *other = b, Truth::kOther;
  return CompareValues(n.compare, a, b, other);
}

// Op::kCompareSlot: as CompareTruth() over a kSlot and a kConst node.
Truth CompareSlotTruth(const Node& n, const Frame& f, Value* other) {
  const Value& a = f.slot(n.slot);
  if (a.is_error()) return *other = a, Truth::kOther;
  if (n.constant.is_error()) return *other = n.constant, Truth::kOther;
  return CompareValues(n.compare, a, n.constant, other);
}

// CEL's commutative `&&` / `||`: a side that decides the result wins even
// when the other side is an error; otherwise an error propagates.
Truth LogicTruth(const Node& n, Frame& f, bool is_and, Value* other) {
  const Truth decides = is_and ? Truth::kFalse : Truth::kTrue;
  Value va, vb;
  Truth a = EvalTruth(n.kids[0], f, &va);
  if (a == decides) return a;
  Truth b = EvalTruth(n.kids[1], f, &vb);
  if (b == decides) return b;
  if (a != Truth::kOther && b != Truth::kOther) return b;
  if (a == Truth::kOther && va.is_error()) return *other = va, Truth::kOther;
  if (b == Truth::kOther && vb.is_error()) return *other = vb, Truth::kOther;
  *other = Value::Error("no matching overload for '" +
                        std::string(is_and ? "_&&_" : "_||_") + "'");
  return Truth::kOther;
}

Value FromTruth(Truth t, Value&& other) {
  if (t == Truth::kOther) return std::move(other);
  return Value::Bool(t == Truth::kTrue);
}

// Evaluates the kids of `n` as call arguments and passes them to
// `call(std::span<const Value>)`, or returns the first argument that is an
// error. Up to kInlineArgs arguments live in a buffer on the stack, where
// only the arguments there are constructed and destroyed; more go to a
// vector. One place for builtin calls and policy function calls alike;
// out of line, so that Eval()'s own frame does not carry the buffer.
constexpr size_t kInlineArgs = 4;
template <typename Call>
[[gnu::noinline]] Value WithArgs(const Node& n, Frame& f, Call call) {
  if (n.kids.size() > kInlineArgs) {
    std::vector<Value> many;
    many.reserve(n.kids.size());
    for (const Node& k : n.kids) {
      many.push_back(Eval(k, f));
      if (many.back().is_error()) return many.back();
    }
    return call(std::span<const Value>(many));
  }
  alignas(Value) unsigned char raw[kInlineArgs * sizeof(Value)];
  Value* args = reinterpret_cast<Value*>(raw);
  size_t made = 0;
  struct Destroy {
    Value* args;
    size_t* made;
    ~Destroy() {
      for (size_t i = 0; i < *made; ++i) args[i].~Value();
    }
  } destroy{args, &made};
  for (const Node& k : n.kids) {
    Value* a = new (&args[made]) Value(Eval(k, f));
    ++made;
    if (a->is_error()) return std::move(*a);
  }
  return call(std::span<const Value>(args, made));
}

}  // namespace

Truth EvalTruth(const Node& n, Frame& f, Value* other) {
  switch (n.op) {
    case Op::kCompare:
      return CompareTruth(n, f, other);
    case Op::kCompareSlot:
      return CompareSlotTruth(n, f, other);
    case Op::kAnd:
    case Op::kOr:
      return LogicTruth(n, f, n.op == Op::kAnd, other);
    case Op::kSlotHas:
      return f.slot(n.slot).is_null() ? Truth::kFalse : Truth::kTrue;
    case Op::kNot: {
      // As the `!_` builtin: an error operand propagates, a bool flips,
      // anything else has no overload.
      Truth t = EvalTruth(n.kids[0], f, other);
      if (t == Truth::kTrue) return Truth::kFalse;
      if (t == Truth::kFalse) return Truth::kTrue;
      if (!other->is_error()) {
        Value arg = std::move(*other);
        *other = NoOverloadError("!_", std::span<const Value>(&arg, 1));
      }
      return Truth::kOther;
    }
    default: {
      Value scratch;
      const Value& v = EvalRef(n, f, scratch);
      if (v.kind() == Kind::kBool)
        return v.as_bool() ? Truth::kTrue : Truth::kFalse;
      *other = v;
      return Truth::kOther;
    }
  }
}

namespace {

Value MapLiteral(const Node& n, Frame& f) {
  MapEntries entries = recycle::TakeEntries(n.kids.size() / 2);
  for (size_t i = 0; i + 1 < n.kids.size(); i += 2) {
    Value k = Eval(n.kids[i], f);
    if (k.is_error()) return k;
    Kind kk = k.kind();
    if (kk != Kind::kString && kk != Kind::kInt && kk != Kind::kUint &&
        kk != Kind::kBool) {
      return Value::Error("unsupported key type '" + std::string(KindName(kk)) +
                          "' in map literal");
    }
    Value v = Eval(n.kids[i + 1], f);
    if (v.is_error()) return v;
    for (const auto& [ek, ev] : entries) {
      auto e = Equal(ek, k);
      if (e && *e)
        return Value::Error("Failed with repeated key: " + k.DebugString());
    }
    entries.emplace_back(std::move(k), std::move(v));
  }
  return Value::MapOf(std::move(entries));
}

// The node kinds Eval() does not keep inline: out of line, so that the hot
// function stays small (its frame and register saves are paid per node).
[[gnu::noinline]] Value EvalOther(const Node& n, Frame& f) {
  switch (n.op) {
    case Op::kSelect:
      return SelectField(Eval(n.kids[0], f), n.field(), false);
    case Op::kHas:
      return SelectField(Eval(n.kids[0], f), n.field(), true);
    case Op::kCond: {
      Value c = Eval(n.kids[0], f);
      if (c.is_error()) return c;
      if (c.kind() != Kind::kBool) {
        return Value::Error("no matching overload for '_?_:_' (condition is " +
                            std::string(KindName(c.kind())) + ")");
      }
      return Eval(n.kids[c.as_bool() ? 1 : 2], f);
    }
    case Op::kList: {
      List items = recycle::TakeList(n.kids.size());
      for (const Node& k : n.kids) {
        items.push_back(Eval(k, f));
        if (items.back().is_error()) return items.back();
      }
      return Value::ListOf(std::move(items));
    }
    case Op::kMap:
      return MapLiteral(n, f);
    case Op::kComprehension:
      return Comprehension(n, f);
    case Op::kNotStrictlyFalse: {
      Value v = Eval(n.kids[0], f);
      return Value::Bool(!(v.kind() == Kind::kBool && !v.as_bool()));
    }
    case Op::kMatchesConst: {
      Value s = Eval(n.kids[0], f);
      if (s.is_error()) return s;
      if (s.kind() != Kind::kString) {
        return Value::Error("no matching overload for 'matches'");
      }
      const std::string& text = s.as_string();
      return Value::Bool(n.regex().Match(text, 0, text.size(),
                                         re2::RE2::UNANCHORED, nullptr, 0));
    }
    case Op::kCallable: {
      // Arguments that are slots or constants are passed where they are
      // (a policy function of record fields and lets: no copies); a
      // computed one makes the call take copies.
      const Value* refs[kInlineArgs];
      const size_t count = n.kids.size();
      bool in_place = count <= kInlineArgs;
      for (size_t i = 0; in_place && i < count; ++i) {
        const Node& k = n.kids[i];
        if (k.op == Op::kSlot) {
          refs[i] = &f.slot(k.slot);
        } else if (k.op == Op::kConst) {
          refs[i] = &k.constant;
        } else {
          in_place = false;
        }
        if (in_place && refs[i]->is_error()) return *refs[i];
      }
      if (in_place) return n.callable().CallInPlace({refs, count}, f);
      return WithArgs(n, f, [&](std::span<const Value> args) {
        return n.callable().Call(args, f);
      });
    }
    case Op::kError:
      return n.constant;
    default:
      break;
  }
  return Value::Error("internal: unknown node");
}

}  // namespace

Value Eval(const Node& n, Frame& f) {
  switch (n.op) {
    case Op::kConst:
      return n.constant;
    case Op::kSlot:
      return f.slot(n.slot);
    case Op::kSlotHas:
      return Value::Bool(!f.slot(n.slot).is_null());
    case Op::kCall:
      if (n.kids.size() == 1) {
        // One argument: the slot or constant itself, not a copy of it
        // (builtins cannot reach the frame, so it cannot change meanwhile).
        Value scratch;
        const Value& a = EvalRef(n.kids[0], f, scratch);
        if (a.is_error()) return a;
        return n.fn(std::span<const Value>(&a, 1), f.ctx());
      }
      return WithArgs(n, f, [&](std::span<const Value> args) {
        return n.fn(args, f.ctx());
      });
    case Op::kIn: {
      Value sx, sc;
      const Value& x = EvalRef(n.kids[0], f, sx);
      if (x.is_error()) return x;
      const Value& c = EvalRef(n.kids[1], f, sc);
      if (c.is_error()) return c;
      return InContainer(x, c);
    }
    case Op::kAnd:
    case Op::kOr:
    case Op::kCompare:
    case Op::kCompareSlot:
    case Op::kNot: {
      Value other;
      return FromTruth(EvalTruth(n, f, &other), std::move(other));
    }
    default:
      return EvalOther(n, f);
  }
}

}  // namespace verdict
