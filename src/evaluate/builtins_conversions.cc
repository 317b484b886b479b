// Type conversions: int(), uint(), double(), string(), bytes(), bool(),
// type(), dyn(), and the extension decimal().
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "src/evaluate/builtins.h"
#include "src/value/utf8.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

Value Range() { return Value::Error("range error: value out of range"); }

Value ToInt(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kInt:
      return x;
    case Kind::kUint:
      if (x.as_uint() > static_cast<uint64_t>(INT64_MAX)) return Range();
      return Value::Int(static_cast<int64_t>(x.as_uint()));
    case Kind::kDouble: {
      double d = x.as_double();
      if (!std::isfinite(d) || d >= 9223372036854775808.0 ||
          d <= -9223372036854775808.0) {
        return Range();
      }
      return Value::Int(static_cast<int64_t>(d));
    }
    case Kind::kDecimal: {
      __int128 m = x.as_decimal().mantissa();
      for (int i = 0; i < x.as_decimal().scale(); ++i) m /= 10;
      if (m > INT64_MAX || m < INT64_MIN) return Range();
      return Value::Int(static_cast<int64_t>(m));
    }
    case Kind::kString: {
      const std::string& s = x.as_string();
      int64_t v;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
        return Value::Error("cannot convert string '" + s + "' to int");
      }
      return Value::Int(v);
    }
    case Kind::kTimestamp:
      return Value::Int(x.as_timestamp().seconds);
    default:
      return NoOverload("int", a);
  }
}

Value ToUint(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kUint:
      return x;
    case Kind::kInt:
      if (x.as_int() < 0) return Range();
      return Value::Uint(static_cast<uint64_t>(x.as_int()));
    case Kind::kDouble: {
      double d = x.as_double();
      if (!std::isfinite(d) || d < 0 || d >= 18446744073709551616.0)
        return Range();
      return Value::Uint(static_cast<uint64_t>(d));
    }
    case Kind::kString: {
      const std::string& s = x.as_string();
      uint64_t v;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
        return Value::Error("cannot convert string '" + s + "' to uint");
      }
      return Value::Uint(v);
    }
    default:
      return NoOverload("uint", a);
  }
}

Value ToDouble(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kDouble:
      return x;
    case Kind::kInt:
      return Value::Double(static_cast<double>(x.as_int()));
    case Kind::kUint:
      return Value::Double(static_cast<double>(x.as_uint()));
    case Kind::kDecimal:
      return Value::Double(x.as_decimal().ToDouble());
    case Kind::kString: {
      const std::string& s = x.as_string();
      if (s == "NaN") return Value::Double(std::nan(""));
      if (s == "Infinity" || s == "+Infinity" || s == "inf")
        return Value::Double(INFINITY);
      if (s == "-Infinity" || s == "-inf") return Value::Double(-INFINITY);
      double v;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc::result_out_of_range) {
        return Value::Double(s[0] == '-' ? -INFINITY : INFINITY);
      }
      if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
        return Value::Error("cannot convert string '" + s + "' to double");
      }
      return Value::Double(v);
    }
    default:
      return NoOverload("double", a);
  }
}

bool ValidUtf8(const std::string& s) {
  return FirstInvalidUtf8(s) == std::string_view::npos;
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", d);
}

Value ToString(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kString:
      return x;
    case Kind::kInt:
      return Value::String(std::to_string(x.as_int()));
    case Kind::kUint:
      return Value::String(std::to_string(x.as_uint()));
    case Kind::kDouble:
      return Value::String(FormatDouble(x.as_double()));
    case Kind::kDecimal:
      return Value::String(x.as_decimal().ToString());
    case Kind::kBool:
      return Value::String(x.as_bool() ? "true" : "false");
    case Kind::kBytes:
      if (!ValidUtf8(x.as_bytes()))
        return Value::Error("invalid UTF-8 in bytes");
      return Value::String(x.as_bytes());
    case Kind::kDate:
      return Value::String(x.as_date().ToString());
    case Kind::kTimestamp:
      return Value::String(x.as_timestamp().ToRfc3339());
    case Kind::kDuration:
      return Value::String(x.as_duration().ToString());
    default:
      return NoOverload("string", a);
  }
}

Value ToBytes(Args a, const EvalContext&) {
  if (a[0].kind() == Kind::kBytes) return a[0];
  if (a[0].kind() == Kind::kString) return Value::BytesOf(a[0].as_string());
  return NoOverload("bytes", a);
}

Value ToBool(Args a, const EvalContext&) {
  const Value& x = a[0];
  if (x.kind() == Kind::kBool) return x;
  if (x.kind() == Kind::kString) {
    const std::string& s = x.as_string();
    if (s == "true" || s == "True" || s == "TRUE" || s == "t" || s == "1")
      return Value::Bool(true);
    if (s == "false" || s == "False" || s == "FALSE" || s == "f" || s == "0")
      return Value::Bool(false);
    return Value::Error("cannot convert string '" + s + "' to bool");
  }
  return NoOverload("bool", a);
}

Value TypeOf(Args a, const EvalContext&) {
  Kind k = a[0].kind();
  if (k == Kind::kType) return Value::Type("type");
  return Value::Type(std::string(KindName(k)));
}

Value Dyn(Args a, const EvalContext&) { return a[0]; }

Value ToDecimal(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kDecimal:
      return x;
    case Kind::kInt:
      return Value::Dec(Decimal::FromInt(x.as_int()));
    case Kind::kUint:
      return Value::Dec(Decimal(static_cast<__int128>(x.as_uint()), 0));
    case Kind::kDouble: {
      auto d = Decimal::FromDouble(x.as_double());
      if (!d) return Value::Error("cannot convert double to decimal");
      return Value::Dec(*d);
    }
    case Kind::kString: {
      auto d = Decimal::Parse(x.as_string());
      if (!d)
        return Value::Error("cannot convert string '" + x.as_string() +
                            "' to decimal");
      return Value::Dec(*d);
    }
    default:
      return NoOverload("decimal", a);
  }
}

}  // namespace

void RegisterConversions(Registry& r) {
  r.Add("int", ToInt,
        {"int -> int", "uint -> int", "double -> int", "decimal -> int",
         "string -> int", "timestamp -> int"});
  r.Add("uint", ToUint,
        {"uint -> uint", "int -> uint", "double -> uint", "string -> uint"});
  r.Add("double", ToDouble,
        {"double -> double", "int -> double", "uint -> double",
         "decimal -> double", "string -> double"});
  r.Add("string", ToString,
        {"string -> string", "int -> string", "uint -> string",
         "double -> string", "decimal -> string", "bool -> string",
         "bytes -> string", "date -> string", "timestamp -> string",
         "duration -> string"});
  r.Add("bytes", ToBytes, {"bytes -> bytes", "string -> bytes"});
  r.Add("bool", ToBool, {"bool -> bool", "string -> bool"});
  r.Add("type", TypeOf, {"A -> type"});
  r.Add("dyn", Dyn, {"A -> dyn"});
  r.Add("decimal", ToDecimal,
        {"decimal -> decimal", "int -> decimal", "uint -> decimal",
         "double -> decimal", "string -> decimal"},
        "exact decimal (money) from a number or its text");
}

}  // namespace verdict
