// CEL's math extension as cel-go defines it (ext/math.go): math.greatest,
// math.least, math.ceil, math.floor, math.round, math.trunc, math.abs,
// math.sign, math.isNaN, math.isInf, math.isFinite, math.sqrt and the bit
// operations, plus money (decimal) overloads: math.round(amount, scale
// [, mode]) and decimal ceil, floor, trunc, abs and sign.
//
// Rounding of money: math.round(x, scale) rounds half away from zero
// ("half_up": 2.345 -> 2.35, -2.345 -> -2.35), the rule of
// math.round(double) in cel-go and of commercial rounding (四舍五入) in
// Chinese billing, so a fee or refund rounds the way a clerk would. A third
// argument names another mode: "half_even" (banker's rounding, what decimal
// arithmetic itself does when a result needs more than 18 places),
// "half_down", "down" (toward zero), "up" (away from zero), "floor",
// "ceiling".
#include <cmath>

#include "src/evaluate/builtins.h"

namespace verdict {

namespace {

__int128 Pow10(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

std::optional<Decimal> RoundDecimal(const Decimal& d, int scale,
                                    Rounding mode) {
  if (scale < -Decimal::kMaxScale || scale > Decimal::kMaxScale)
    return std::nullopt;
  if (d.scale() <= scale) return d;
  __int128 div = Pow10(d.scale() - scale);
  __int128 m = d.mantissa();
  __int128 q = m / div, r = m % div;  // r has the sign of m
  if (r != 0) {
    int sign = m < 0 ? -1 : 1;
    __int128 twice = (r < 0 ? -r : r) * 2;
    bool away = false;
    switch (mode) {
      case Rounding::kHalfUp:
        away = twice >= div;
        break;
      case Rounding::kHalfDown:
        away = twice > div;
        break;
      case Rounding::kHalfEven:
        away = twice > div || (twice == div && q % 2 != 0);
        break;
      case Rounding::kDown:
        break;
      case Rounding::kUp:
        away = true;
        break;
      case Rounding::kFloor:
        away = sign < 0;
        break;
      case Rounding::kCeiling:
        away = sign > 0;
        break;
    }
    if (away) q += sign;
  }
  if (scale < 0) {
    q *= Pow10(-scale);
    scale = 0;
  }
  if (q >= Pow10(Decimal::kMaxDigits) || q <= -Pow10(Decimal::kMaxDigits))
    return std::nullopt;
  return Decimal(q, scale);
}

std::optional<Rounding> ParseRounding(std::string_view name) {
  static const std::pair<std::string_view, Rounding> kModes[] = {
      {"half_up", Rounding::kHalfUp},
      {"half_even", Rounding::kHalfEven},
      {"half_down", Rounding::kHalfDown},
      {"down", Rounding::kDown},
      {"up", Rounding::kUp},
      {"floor", Rounding::kFloor},
      {"ceiling", Rounding::kCeiling}};
  for (const auto& [n, m] : kModes) {
    if (n == name) return m;
  }
  return std::nullopt;
}

namespace {

using Args = std::span<const Value>;
using types::Type;
using types::TypeKind;

bool Numeric(Kind k) {
  return k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble ||
         k == Kind::kDecimal;
}

bool NumericType(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kUint ||
         k == TypeKind::kDouble || k == TypeKind::kDecimal;
}

// math.greatest / math.least: numbers, or one list of numbers. The result
// has the type of the arguments when they all share one, else dyn.
template <bool kGreatest>
Type ExtremeType(const std::vector<Type>& args, std::string* error) {
  const char* fn = kGreatest ? "math.greatest" : "math.least";
  if (args.empty()) {
    *error = std::string(fn) + "() requires at least one argument";
    return Type::Dyn();
  }
  std::vector<Type> items = args;
  if (args.size() == 1 && args[0].kind == TypeKind::kList)
    items = {args[0].elem ? *args[0].elem : Type::Dyn()};
  for (const Type& t : items) {
    if (!t.is_dyn() && !NumericType(t.kind)) {
      *error = std::string(fn) + "() takes numbers or a list of numbers, " +
               "got " + t.Name();
      return Type::Dyn();
    }
  }
  for (const Type& t : items) {
    if (t.kind != items[0].kind) return Type::Dyn();
  }
  return items[0];
}

template <bool kGreatest>
Value Extreme(Args a, const EvalContext&) {
  const char* fn = kGreatest ? "math.greatest" : "math.least";
  std::span<const Value> items = a;
  if (a.size() == 1 && a[0].kind() == Kind::kList) items = a[0].as_list();
  if (items.empty())
    return Value::Error(std::string(fn) + "() requires at least one argument");
  const Value* best = nullptr;
  for (const Value& v : items) {
    if (!Numeric(v.kind())) return NoOverload(fn, a);
    // NaN has no place in the order: it was kept or skipped by where it
    // stood (greatest(NaN, 1.0) NaN, greatest(1.0, NaN) 1.0). cel-go's
    // error; one NaN alone is its own answer, as in cel-go.
    if (items.size() > 1 && v.kind() == Kind::kDouble &&
        std::isnan(v.as_double()))
      return Value::Error(std::string("NaN values cannot be ordered: ") + fn);
    if (best == nullptr) {
      best = &v;
      continue;
    }
    auto o = Order(v, *best);
    if (o && (kGreatest ? *o == std::partial_ordering::greater
                        : *o == std::partial_ordering::less)) {
      best = &v;
    }
  }
  return *best;
}

enum class Whole { kCeil, kFloor, kRound, kTrunc };

template <Whole kHow>
Value ToWhole(Args a, const EvalContext&) {
  static const char* kNames[] = {"math.ceil", "math.floor", "math.round",
                                 "math.trunc"};
  const char* fn = kNames[static_cast<int>(kHow)];
  if (a.size() == 1 && a[0].kind() == Kind::kDouble) {
    double d = a[0].as_double();
    switch (kHow) {
      case Whole::kCeil:
        return Value::Double(std::ceil(d));
      case Whole::kFloor:
        return Value::Double(std::floor(d));
      case Whole::kRound:
        return Value::Double(std::round(d));  // half away from zero
      case Whole::kTrunc:
        return Value::Double(std::trunc(d));
    }
  }
  if (a.size() == 1 && a[0].kind() == Kind::kDecimal) {
    static const Rounding kModes[] = {Rounding::kCeiling, Rounding::kFloor,
                                      Rounding::kHalfUp, Rounding::kDown};
    auto r = RoundDecimal(a[0].as_decimal(), 0, kModes[static_cast<int>(kHow)]);
    if (!r) return Value::Error(std::string(fn) + "(): out of range");
    return Value::Dec(*r);
  }
  return NoOverload(fn, a);
}

// math.round(x, scale[, mode]) for money (and doubles, through their
// shortest decimal text).
Value RoundScaled(Args a, const EvalContext& ctx) {
  if (a.size() == 1) return ToWhole<Whole::kRound>(a, ctx);
  bool mode_given = a.size() == 3 && a[2].kind() == Kind::kString;
  if ((a.size() != 2 && !mode_given) || a[1].kind() != Kind::kInt ||
      (a[0].kind() != Kind::kDecimal && a[0].kind() != Kind::kDouble)) {
    return NoOverload("math.round", a);
  }
  Rounding mode = Rounding::kHalfUp;
  if (mode_given) {
    auto m = ParseRounding(a[2].as_string());
    if (!m) {
      return Value::Error("math.round(): unknown rounding mode '" +
                          a[2].as_string() +
                          "' (want half_up, half_even, half_down, down, up, "
                          "floor or ceiling)");
    }
    mode = *m;
  }
  int64_t scale = a[1].as_int();
  if (scale < -Decimal::kMaxScale || scale > Decimal::kMaxScale) {
    return Value::Error("math.round(): scale " + std::to_string(scale) +
                        " is outside [-18, 18]");
  }
  if (a[0].kind() == Kind::kDouble) {
    double d = a[0].as_double();
    if (!std::isfinite(d)) return a[0];
    auto dec = Decimal::FromDouble(d);
    if (!dec) return a[0];  // too large to have places to round
    auto r = RoundDecimal(*dec, static_cast<int>(scale), mode);
    if (!r) return Value::Error("math.round(): out of range");
    return Value::Double(r->ToDouble());
  }
  auto r = RoundDecimal(a[0].as_decimal(), static_cast<int>(scale), mode);
  if (!r) return Value::Error("math.round(): out of range");
  return Value::Dec(*r);
}

Value Abs(Args a, const EvalContext&) {
  if (a.size() != 1) return NoOverload("math.abs", a);
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kInt:
      if (x.as_int() == INT64_MIN)
        return Value::Error("math.abs(): integer overflow");
      return Value::Int(x.as_int() < 0 ? -x.as_int() : x.as_int());
    case Kind::kUint:
      return x;
    case Kind::kDouble:
      return Value::Double(std::fabs(x.as_double()));
    case Kind::kDecimal:
      return Value::Dec(x.as_decimal().Abs());
    default:
      return NoOverload("math.abs", a);
  }
}

Value Sign(Args a, const EvalContext&) {
  if (a.size() != 1) return NoOverload("math.sign", a);
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kInt:
      return Value::Int((x.as_int() > 0) - (x.as_int() < 0));
    case Kind::kUint:
      return Value::Uint(x.as_uint() > 0 ? 1 : 0);
    case Kind::kDouble: {
      double d = x.as_double();
      if (std::isnan(d)) return x;
      return Value::Double(d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0));
    }
    case Kind::kDecimal:
      return Value::Dec(Decimal::FromInt(x.as_decimal().Sign()));
    default:
      return NoOverload("math.sign", a);
  }
}

template <int kWhich>
Value DoubleTest(Args a, const EvalContext&) {
  static const char* kNames[] = {"math.isNaN", "math.isInf", "math.isFinite"};
  if (a.size() != 1 || a[0].kind() != Kind::kDouble)
    return NoOverload(kNames[kWhich], a);
  double d = a[0].as_double();
  return Value::Bool(kWhich == 0   ? std::isnan(d)
                     : kWhich == 1 ? std::isinf(d)
                                   : std::isfinite(d));
}

Value Sqrt(Args a, const EvalContext&) {
  if (a.size() == 1) {
    switch (a[0].kind()) {
      case Kind::kDouble:
        return Value::Double(std::sqrt(a[0].as_double()));
      case Kind::kInt:
        return Value::Double(std::sqrt(static_cast<double>(a[0].as_int())));
      case Kind::kUint:
        return Value::Double(std::sqrt(static_cast<double>(a[0].as_uint())));
      default:
        break;
    }
  }
  return NoOverload("math.sqrt", a);
}

enum class Bit { kAnd, kOr, kXor };

template <Bit kOp>
Value BitBinary(Args a, const EvalContext&) {
  static const char* kNames[] = {"math.bitAnd", "math.bitOr", "math.bitXor"};
  auto apply = [](uint64_t x, uint64_t y) {
    return kOp == Bit::kAnd ? (x & y) : kOp == Bit::kOr ? (x | y) : (x ^ y);
  };
  if (a.size() == 2 && a[0].kind() == Kind::kInt && a[1].kind() == Kind::kInt) {
    return Value::Int(
        static_cast<int64_t>(apply(static_cast<uint64_t>(a[0].as_int()),
                                   static_cast<uint64_t>(a[1].as_int()))));
  }
  if (a.size() == 2 && a[0].kind() == Kind::kUint &&
      a[1].kind() == Kind::kUint) {
    return Value::Uint(apply(a[0].as_uint(), a[1].as_uint()));
  }
  return NoOverload(kNames[static_cast<int>(kOp)], a);
}

Value BitNot(Args a, const EvalContext&) {
  if (a.size() == 1 && a[0].kind() == Kind::kInt)
    return Value::Int(~a[0].as_int());
  if (a.size() == 1 && a[0].kind() == Kind::kUint)
    return Value::Uint(~a[0].as_uint());
  return NoOverload("math.bitNot", a);
}

// Shifts are logical on the 64-bit pattern (so -1024 >> 3 is positive);
// a shift of 64 or more gives 0; a negative shift is an error.
template <bool kLeft>
Value BitShift(Args a, const EvalContext&) {
  const char* fn = kLeft ? "math.bitShiftLeft" : "math.bitShiftRight";
  if (a.size() != 2 || a[1].kind() != Kind::kInt ||
      (a[0].kind() != Kind::kInt && a[0].kind() != Kind::kUint)) {
    return NoOverload(fn, a);
  }
  int64_t n = a[1].as_int();
  if (n < 0)
    return Value::Error(std::string(fn) +
                        "() negative offset: " + std::to_string(n));
  bool is_int = a[0].kind() == Kind::kInt;
  uint64_t x = is_int ? static_cast<uint64_t>(a[0].as_int()) : a[0].as_uint();
  uint64_t r = n >= 64 ? 0 : (kLeft ? x << n : x >> n);
  return is_int ? Value::Int(static_cast<int64_t>(r)) : Value::Uint(r);
}

}  // namespace

void RegisterMathExt(Registry& r) {
  r.AddRule("math.greatest", Extreme<true>, ExtremeType<true>,
            "math.greatest(a, b, ...) or math.greatest(list): the largest "
            "number (ints, uints, doubles and money compare by value)");
  r.AddRule("math.least", Extreme<false>, ExtremeType<false>,
            "math.least(a, b, ...) or math.least(list): the smallest number");
  r.Add("math.ceil", ToWhole<Whole::kCeil>,
        {"double -> double", "decimal -> decimal"});
  r.Add("math.floor", ToWhole<Whole::kFloor>,
        {"double -> double", "decimal -> decimal"});
  r.Add("math.trunc", ToWhole<Whole::kTrunc>,
        {"double -> double", "decimal -> decimal"}, "rounds toward zero");
  r.Add("math.round", RoundScaled,
        {"double -> double", "decimal -> decimal", "decimal, int -> decimal",
         "decimal, int, string -> decimal", "double, int -> double",
         "double, int, string -> double"},
        "math.round(x[, scale[, mode]]): rounds to `scale` decimal places "
        "(0 if omitted; negative rounds to tens, hundreds...), half away "
        "from zero unless mode is half_even, half_down, down, up, floor or "
        "ceiling; money stays exact, a double is rounded through its "
        "shortest decimal text");
  r.Add(
      "math.abs", Abs,
      {"int -> int", "uint -> uint", "double -> double", "decimal -> decimal"},
      "absolute value; math.abs of the smallest int is an overflow error");
  r.Add(
      "math.sign", Sign,
      {"int -> int", "uint -> uint", "double -> double", "decimal -> decimal"},
      "-1, 0 or 1 in the argument's type");
  r.Add("math.isNaN", DoubleTest<0>, {"double -> bool"});
  r.Add("math.isInf", DoubleTest<1>, {"double -> bool"});
  r.Add("math.isFinite", DoubleTest<2>, {"double -> bool"});
  r.Add("math.sqrt", Sqrt,
        {"double -> double", "int -> double", "uint -> double"});
  r.Add("math.bitAnd", BitBinary<Bit::kAnd>,
        {"int, int -> int", "uint, uint -> uint"});
  r.Add("math.bitOr", BitBinary<Bit::kOr>,
        {"int, int -> int", "uint, uint -> uint"});
  r.Add("math.bitXor", BitBinary<Bit::kXor>,
        {"int, int -> int", "uint, uint -> uint"});
  r.Add("math.bitNot", BitNot, {"int -> int", "uint -> uint"});
  r.Add("math.bitShiftLeft", BitShift<true>,
        {"int, int -> int", "uint, int -> uint"},
        "logical shift; 64 or more gives 0; a negative shift is an error");
  r.Add("math.bitShiftRight", BitShift<false>,
        {"int, int -> int", "uint, int -> uint"},
        "logical shift (no sign extension), as cel-go");
}

}  // namespace verdict
