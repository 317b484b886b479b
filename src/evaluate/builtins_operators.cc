// Arithmetic, comparison, membership and indexing operators, with CEL's
// overflow and division errors, and exact decimal arithmetic.
#include <cmath>

#include "src/evaluate/builtins.h"
#include "src/value/recycle.h"
#include "src/value/utf8.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

// Decimal combined with int, uint or double (the double by its shortest
// decimal text, so a dynamically typed 0.3 acts as exactly 0.3).
bool IsDecimalMix(const Value& a, const Value& b) {
  auto num = [](Kind k) {
    return k == Kind::kInt || k == Kind::kUint || k == Kind::kDecimal ||
           k == Kind::kDouble;
  };
  auto finite = [](const Value& v) {
    return v.kind() != Kind::kDouble || std::isfinite(v.as_double());
  };
  return (a.kind() == Kind::kDecimal || b.kind() == Kind::kDecimal) &&
         num(a.kind()) && num(b.kind()) && finite(a) && finite(b);
}

// The decimal form of a number mixed with a decimal; nullopt for a double
// that has none (beyond 10^36, or digits below 10^-18): no silent zero.
std::optional<Decimal> AsDec(const Value& v) {
  if (v.kind() == Kind::kInt) return Decimal::FromInt(v.as_int());
  if (v.kind() == Kind::kUint)
    return Decimal(static_cast<__int128>(v.as_uint()), 0);
  if (v.kind() == Kind::kDouble) return Decimal::FromDouble(v.as_double());
  return v.as_decimal();
}

Value Overflow() { return Value::Error("return error for overflow"); }

// A timestamp sum or difference: CEL's range, and the pack's zone's too
// (Timestamp::InRange: a datetime output is written as that zone's
// wall-clock time, which must have a four-digit year).
Value MakeTs(__int128 secs, __int128 nanos, const EvalContext& ctx) {
  secs += nanos / 1000000000;
  nanos %= 1000000000;
  if (nanos < 0) {
    nanos += 1000000000;
    --secs;
  }
  if (secs > Timestamp::kMaxSeconds || secs < Timestamp::kMinSeconds) {
    return Value::Error("timestamp out of range");
  }
  const Timestamp ts{static_cast<int64_t>(secs), static_cast<int32_t>(nanos)};
  if (!ts.InRange(*ctx.zone)) return Value::Error("timestamp out of range");
  return Value::TimestampOf(ts);
}

// Durations are limited to what int64 nanoseconds hold (about 292 years),
// as CEL implementations do.
Value MakeDur(__int128 secs, __int128 nanos) {
  __int128 total = secs * 1000000000 + nanos;
  __int128 s = total / 1000000000;
  if (total > INT64_MAX || total < INT64_MIN) {
    return Value::Error("duration out of range");
  }
  return Value::DurationOf(Duration{static_cast<int64_t>(s),
                                    static_cast<int32_t>(total % 1000000000)});
}

// Applies a Decimal operation to two numbers of which one is a decimal.
template <typename Op>
Value DecOp(const Value& x, const Value& y, Op op) {
  std::optional<Decimal> a = AsDec(x), b = AsDec(y);
  if (!a || !b) {
    const Value& d = a ? y : x;
    return Value::Error("double " + d.DebugString() +
                        " has no exact decimal form");
  }
  std::optional<Decimal> r = op(*a, *b);
  if (!r) return Value::Error("decimal overflow");
  return Value::Dec(*r);
}

Value TooBig(const char* what, size_t n, size_t limit) {
  return Value::Error(std::string(what) + " of " + std::to_string(n) +
                      " exceeds the limit of " + std::to_string(limit));
}

Value Add(Args a, const EvalContext& ctx) {
  const Value &x = a[0], &y = a[1];
  Kind kx = x.kind(), ky = y.kind();
  if (kx == Kind::kInt && ky == Kind::kInt) {
    int64_t r;
    if (__builtin_add_overflow(x.as_int(), y.as_int(), &r)) return Overflow();
    return Value::Int(r);
  }
  if (kx == Kind::kUint && ky == Kind::kUint) {
    uint64_t r;
    if (__builtin_add_overflow(x.as_uint(), y.as_uint(), &r)) return Overflow();
    return Value::Uint(r);
  }
  if (kx == Kind::kDouble && ky == Kind::kDouble)
    return Value::Double(x.as_double() + y.as_double());
  if (kx == Kind::kDecimal && ky == Kind::kDecimal) {  // money + money
    std::optional<Decimal> r = Decimal::Add(x.as_decimal(), y.as_decimal());
    return r ? Value::Dec(*r) : Value::Error("decimal overflow");
  }
  if (IsDecimalMix(x, y)) return DecOp(x, y, Decimal::Add);
  if (kx == Kind::kString && ky == Kind::kString) {
    size_t n = x.as_string().size() + y.as_string().size();
    if (ctx.limits && n > ctx.limits->max_string_size) {
      return TooBig("a string", n, ctx.limits->max_string_size);
    }
    return Value::String(x.as_string() + y.as_string());
  }
  if (kx == Kind::kBytes && ky == Kind::kBytes)
    return Value::BytesOf(x.as_bytes() + y.as_bytes());
  if (kx == Kind::kList && ky == Kind::kList) {
    size_t n = x.as_list().size() + y.as_list().size();
    if (ctx.limits && n > ctx.limits->max_list_size) {
      return TooBig("a list", n, ctx.limits->max_list_size);
    }
    List out = recycle::TakeList(n);
    out.insert(out.end(), x.as_list().begin(), x.as_list().end());
    out.insert(out.end(), y.as_list().begin(), y.as_list().end());
    return Value::ListOf(std::move(out));
  }
  if (kx == Kind::kTimestamp && ky == Kind::kDuration) {
    return MakeTs((__int128)x.as_timestamp().seconds + y.as_duration().seconds,
                  (__int128)x.as_timestamp().nanos + y.as_duration().nanos,
                  ctx);
  }
  if (kx == Kind::kDuration && ky == Kind::kTimestamp) {
    return MakeTs((__int128)y.as_timestamp().seconds + x.as_duration().seconds,
                  (__int128)y.as_timestamp().nanos + x.as_duration().nanos,
                  ctx);
  }
  if (kx == Kind::kDuration && ky == Kind::kDuration) {
    return MakeDur((__int128)x.as_duration().seconds + y.as_duration().seconds,
                   (__int128)x.as_duration().nanos + y.as_duration().nanos);
  }
  return NoOverload("_+_", a);
}

// `list + [a, b, ...]` compiled as one call (src/check/expr_calls.cc): the
// list, then the literal's items, evaluated in that order as the sum's
// would be. The sum without the list that only the literal needed: an
// approval chain and one more approver is one list built, not three.
Value ListAppend(Args a, const EvalContext& ctx) {
  const Value& x = a[0];
  const Args items = a.subspan(1);
  if (x.kind() != Kind::kList) {  // not a list after all: the sum's answer
    List literal = recycle::TakeList(items.size());
    literal.insert(literal.end(), items.begin(), items.end());
    const Value both[2] = {x, Value::ListOf(std::move(literal))};
    return Add(both, ctx);
  }
  const size_t n = x.as_list().size() + items.size();
  if (ctx.limits && n > ctx.limits->max_list_size)
    return TooBig("a list", n, ctx.limits->max_list_size);
  List out = recycle::TakeList(n);
  // Copied one by one into the reserved buffer: a range insert() is a
  // general out-of-line routine, and these lists are a few items long.
  for (const Value& v : x.as_list()) out.emplace_back(v);
  for (const Value& v : items) out.emplace_back(v);
  return Value::ListOf(std::move(out));
}

Value Sub(Args a, const EvalContext& ctx) {
  const Value &x = a[0], &y = a[1];
  Kind kx = x.kind(), ky = y.kind();
  if (kx == Kind::kInt && ky == Kind::kInt) {
    int64_t r;
    if (__builtin_sub_overflow(x.as_int(), y.as_int(), &r)) return Overflow();
    return Value::Int(r);
  }
  if (kx == Kind::kUint && ky == Kind::kUint) {
    uint64_t r;
    if (__builtin_sub_overflow(x.as_uint(), y.as_uint(), &r)) return Overflow();
    return Value::Uint(r);
  }
  if (kx == Kind::kDouble && ky == Kind::kDouble)
    return Value::Double(x.as_double() - y.as_double());
  if (IsDecimalMix(x, y)) return DecOp(x, y, Decimal::Sub);
  if (kx == Kind::kTimestamp && ky == Kind::kDuration) {
    return MakeTs((__int128)x.as_timestamp().seconds - y.as_duration().seconds,
                  (__int128)x.as_timestamp().nanos - y.as_duration().nanos,
                  ctx);
  }
  if (kx == Kind::kTimestamp && ky == Kind::kTimestamp) {
    return MakeDur(
        (__int128)x.as_timestamp().seconds - y.as_timestamp().seconds,
        (__int128)x.as_timestamp().nanos - y.as_timestamp().nanos);
  }
  if (kx == Kind::kDuration && ky == Kind::kDuration) {
    return MakeDur((__int128)x.as_duration().seconds - y.as_duration().seconds,
                   (__int128)x.as_duration().nanos - y.as_duration().nanos);
  }
  return NoOverload("_-_", a);
}

Value Mul(Args a, const EvalContext&) {
  const Value &x = a[0], &y = a[1];
  Kind kx = x.kind(), ky = y.kind();
  if (kx == Kind::kInt && ky == Kind::kInt) {
    int64_t r;
    if (__builtin_mul_overflow(x.as_int(), y.as_int(), &r)) return Overflow();
    return Value::Int(r);
  }
  if (kx == Kind::kUint && ky == Kind::kUint) {
    uint64_t r;
    if (__builtin_mul_overflow(x.as_uint(), y.as_uint(), &r)) return Overflow();
    return Value::Uint(r);
  }
  if (kx == Kind::kDouble && ky == Kind::kDouble)
    return Value::Double(x.as_double() * y.as_double());
  if (IsDecimalMix(x, y)) return DecOp(x, y, Decimal::Mul);
  return NoOverload("_*_", a);
}

Value Div(Args a, const EvalContext&) {
  const Value &x = a[0], &y = a[1];
  Kind kx = x.kind(), ky = y.kind();
  if (kx == Kind::kInt && ky == Kind::kInt) {
    if (y.as_int() == 0) return Value::Error("divide by zero");
    if (x.as_int() == INT64_MIN && y.as_int() == -1) return Overflow();
    return Value::Int(x.as_int() / y.as_int());
  }
  if (kx == Kind::kUint && ky == Kind::kUint) {
    if (y.as_uint() == 0) return Value::Error("divide by zero");
    return Value::Uint(x.as_uint() / y.as_uint());
  }
  if (kx == Kind::kDouble && ky == Kind::kDouble)
    return Value::Double(x.as_double() / y.as_double());
  if (IsDecimalMix(x, y)) {
    std::optional<Decimal> divisor = AsDec(y);
    if (divisor && divisor->IsZero()) return Value::Error("divide by zero");
    return DecOp(x, y, Decimal::Div);
  }
  return NoOverload("_/_", a);
}

Value Mod(Args a, const EvalContext&) {
  const Value &x = a[0], &y = a[1];
  if (x.kind() == Kind::kInt && y.kind() == Kind::kInt) {
    if (y.as_int() == 0) return Value::Error("modulus by zero");
    if (x.as_int() == INT64_MIN && y.as_int() == -1) return Overflow();
    return Value::Int(x.as_int() % y.as_int());
  }
  if (x.kind() == Kind::kUint && y.kind() == Kind::kUint) {
    if (y.as_uint() == 0) return Value::Error("modulus by zero");
    return Value::Uint(x.as_uint() % y.as_uint());
  }
  return NoOverload("_%_", a);
}

Value Neg(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kInt:
      if (x.as_int() == INT64_MIN) return Overflow();
      return Value::Int(-x.as_int());
    case Kind::kDouble:
      return Value::Double(-x.as_double());
    case Kind::kDecimal:
      return Value::Dec(x.as_decimal().Negate());
    case Kind::kDuration:
      return MakeDur(-(__int128)x.as_duration().seconds,
                     -(__int128)x.as_duration().nanos);
    default:
      return NoOverload("-_", a);
  }
}

Value Not(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kBool) return NoOverload("!_", a);
  return Value::Bool(!a[0].as_bool());
}

// The ordering operators <, <=, >, >= (kOp is one of kLt, kLe, kGt, kGe).
template <CompareOp kOp>
Value Cmp(Args a, const EvalContext&) {
  static const char* kNames[] = {"_<_", "_<=_", "_>_", "_>=_"};
  auto o = Order(a[0], a[1]);
  if (!o) return NoOverload(kNames[kOp], a);
  switch (kOp) {
    case kLt:
      return Value::Bool(*o == std::partial_ordering::less);
    case kLe:
      return Value::Bool(*o == std::partial_ordering::less ||
                         *o == std::partial_ordering::equivalent);
    case kGt:
      return Value::Bool(*o == std::partial_ordering::greater);
    default:
      return Value::Bool(*o == std::partial_ordering::greater ||
                         *o == std::partial_ordering::equivalent);
  }
}

Value Eq(Args a, const EvalContext&) {
  auto e = Equal(a[0], a[1]);
  if (!e) return Value::Error("error in equality");
  return Value::Bool(*e);
}

Value Ne(Args a, const EvalContext&) {
  auto e = Equal(a[0], a[1]);
  if (!e) return Value::Error("error in equality");
  return Value::Bool(!*e);
}

Value In(Args a, const EvalContext&) { return InContainer(a[0], a[1]); }

Value Index(Args a, const EvalContext&) {
  const Value &c = a[0], &k = a[1];
  if (c.kind() == Kind::kList) {
    int64_t i;
    if (k.kind() == Kind::kInt) {
      i = k.as_int();
    } else if (k.kind() == Kind::kUint) {
      i = k.as_uint() > INT64_MAX ? INT64_MAX
                                  : static_cast<int64_t>(k.as_uint());
    } else if (k.kind() == Kind::kDouble &&
               std::floor(k.as_double()) == k.as_double() &&
               std::abs(k.as_double()) < 9e18) {
      i = static_cast<int64_t>(k.as_double());
    } else {
      return NoOverload("_[_]", a);
    }
    if (i < 0 || i >= static_cast<int64_t>(c.as_list().size())) {
      return Value::Error("index out of range: " + std::to_string(i));
    }
    return c.as_list()[i];
  }
  if (c.kind() == Kind::kMap) {
    Kind kk = k.kind();
    if (kk != Kind::kString && kk != Kind::kInt && kk != Kind::kUint &&
        kk != Kind::kBool && kk != Kind::kDouble) {
      return NoOverload("_[_]", a);
    }
    const Value* v = c.Find(k);
    if (!v) return Value::Error("no such key: " + k.DebugString());
    return *v;
  }
  return NoOverload("_[_]", a);
}

Value Size(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kString:
      return Value::Int(static_cast<int64_t>(Utf8Length(x.as_string())));
    case Kind::kBytes:
      return Value::Int(static_cast<int64_t>(x.as_bytes().size()));
    case Kind::kList:
      return Value::Int(static_cast<int64_t>(x.as_list().size()));
    case Kind::kMap:
      return Value::Int(static_cast<int64_t>(x.as_map().size()));
    default:
      return NoOverload("size", a);
  }
}

// Internal steps of transformMap / transformMapEntry.
Value MapInsert(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kMap) return NoOverload("@map_insert", a);
  if (a[0].Find(a[1]))
    return Value::Error("insert failed: key " + a[1].DebugString() +
                        " already exists");
  MapEntries m = a[0].as_map();
  m.emplace_back(a[1], a[2]);
  return Value::MapOf(std::move(m));
}

Value MapMerge(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kMap || a[1].kind() != Kind::kMap)
    return NoOverload("@map_merge", a);
  MapEntries m = a[0].as_map();
  for (const auto& [k, v] : a[1].as_map()) {
    if (a[0].Find(k))
      return Value::Error("insert failed: key " + k.DebugString() +
                          " already exists");
    m.emplace_back(k, v);
  }
  return Value::MapOf(std::move(m));
}

}  // namespace

void RegisterOperators(Registry& r) {
  r.Add("@map_insert", MapInsert,
        {"map(K, V), K, V -> map(K, V)", "dyn, dyn, dyn -> dyn"});
  r.Add("@map_merge", MapMerge,
        {"map(K, V), map(K, V) -> map(K, V)", "dyn, dyn -> dyn"});
  // Internal: what `list + [items]` compiles to (ListAppend above).
  r.Add("@list_append", ListAppend, {"list(A), A -> list(A)"});
  r.Add("_+_", Add,
        {"int, int -> int", "uint, uint -> uint", "double, double -> double",
         "decimal, decimal -> decimal", "decimal, int -> decimal",
         "int, decimal -> decimal", "decimal, uint -> decimal",
         "uint, decimal -> decimal", "decimal, double -> decimal",
         "double, decimal -> decimal", "string, string -> string",
         "bytes, bytes -> bytes", "list(A), list(A) -> list(A)",
         "timestamp, duration -> timestamp", "duration, timestamp -> timestamp",
         "duration, duration -> duration"});
  r.Add("_-_", Sub,
        {"int, int -> int", "uint, uint -> uint", "double, double -> double",
         "decimal, decimal -> decimal", "decimal, int -> decimal",
         "int, decimal -> decimal", "decimal, uint -> decimal",
         "uint, decimal -> decimal", "decimal, double -> decimal",
         "double, decimal -> decimal", "timestamp, duration -> timestamp",
         "timestamp, timestamp -> duration", "duration, duration -> duration"});
  r.Add("_*_", Mul,
        {"int, int -> int", "uint, uint -> uint", "double, double -> double",
         "decimal, decimal -> decimal", "decimal, int -> decimal",
         "int, decimal -> decimal", "decimal, uint -> decimal",
         "uint, decimal -> decimal", "decimal, double -> decimal",
         "double, decimal -> decimal"});
  r.Add("_/_", Div,
        {"int, int -> int", "uint, uint -> uint", "double, double -> double",
         "decimal, decimal -> decimal", "decimal, int -> decimal",
         "int, decimal -> decimal", "decimal, uint -> decimal",
         "uint, decimal -> decimal", "decimal, double -> decimal",
         "double, decimal -> decimal"});
  r.Add("_%_", Mod, {"int, int -> int", "uint, uint -> uint"});
  r.Add("-_", Neg, {"int -> int", "double -> double", "decimal -> decimal"});
  r.Add("!_", Not, {"bool -> bool"});
  const std::initializer_list<std::string_view> kOrdered = {
      "int, int -> bool",
      "uint, uint -> bool",
      "double, double -> bool",
      "decimal, decimal -> bool",
      "int, uint -> bool",
      "uint, int -> bool",
      "int, double -> bool",
      "double, int -> bool",
      "uint, double -> bool",
      "double, uint -> bool",
      "decimal, int -> bool",
      "int, decimal -> bool",
      "decimal, uint -> bool",
      "uint, decimal -> bool",
      "decimal, double -> bool",
      "double, decimal -> bool",
      "string, string -> bool",
      "bytes, bytes -> bool",
      "bool, bool -> bool",
      "date, date -> bool",
      "timestamp, timestamp -> bool",
      "duration, duration -> bool"};
  r.Add("_<_", Cmp<kLt>, kOrdered);
  r.Add("_<=_", Cmp<kLe>, kOrdered);
  r.Add("_>_", Cmp<kGt>, kOrdered);
  r.Add("_>=_", Cmp<kGe>, kOrdered);
  r.Add("_==_", Eq, {"A, A -> bool"});
  r.Add("_!=_", Ne, {"A, A -> bool"});
  r.Add("@in", In, {"A, list(A) -> bool", "A, map(A, B) -> bool"});
  r.Add("_[_]", Index,
        {"list(A), int -> A", "list(A), uint -> A", "list(A), double -> A",
         "map(K, V), K -> V", "map(K, V), dyn -> V"});
  r.Add(
      "size", Size,
      {"string -> int", "bytes -> int", "list(A) -> int", "map(K, V) -> int"});
}

Value InContainer(const Value& x, const Value& c) {
  if (c.kind() == Kind::kList) {
    for (const Value& v : c.as_list()) {
      auto e = Equal(x, v);
      if (e && *e) return Value::Bool(true);
    }
    return Value::Bool(false);
  }
  if (c.kind() == Kind::kMap) return Value::Bool(c.Find(x) != nullptr);
  const Value args[2] = {x, c};
  return NoOverload("@in", args);
}

}  // namespace verdict
