// The strings extension's `format`, as cel-go defines it: "%s %d".format([a,
// b]) with the clauses %s (any value), %d (integer), %f and %e (with an
// optional precision, default 6), %b (binary), %o (octal), %x and %X (hex
// of integers, strings and bytes), and %% for a percent sign. A clause that
// does not fit its argument, an unknown clause and a missing argument are
// evaluation errors. Money (decimal) is formatted exactly: %.2f of 0.125 is
// "0.12" (half to even, as decimal arithmetic rounds).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "src/evaluate/builtins.h"
#include "src/value/utf8.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

struct Failure {
  std::string message;
};

std::string TypeName(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return "null_type";
    case Kind::kDuration:
      return "google.protobuf.Duration";
    case Kind::kTimestamp:
      return "google.protobuf.Timestamp";
    default:
      return std::string(KindName(v.kind()));
  }
}

[[noreturn]] void Fail(const std::string& what, const Value& v) {
  throw Failure{"error during formatting: " + what + ", was given " +
                TypeName(v)};
}

std::string SpecialDouble(double d) {
  if (std::isnan(d)) return "NaN";
  return d > 0 ? "Infinity" : "-Infinity";
}

std::string AsString(const Value& v);

std::string ListString(const List& l) {
  std::string out = "[";
  for (size_t i = 0; i < l.size(); ++i) {
    if (i) out += ", ";
    out += AsString(l[i]);
  }
  return out + "]";
}

// Map entries sorted by their keys' text, as cel-go prints them.
std::string MapString(const MapEntries& m) {
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& [k, v] : m) items.emplace_back(AsString(k), AsString(v));
  std::sort(items.begin(), items.end());
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i].first + ": " + items[i].second;
  }
  return out + "}";
}

// A finite double in base 10 without an exponent, with the fewest digits
// that read back as the same double (cel-go's %s: 1e-05 is "0.00001", 1e16
// "10000000000000000"; the strings extension spec: "formatted in base 10,
// insignificant 0s excluded"): std::to_chars' shortest fixed form. The
// longest, 5e-324, is 326 characters.
std::string PlainDouble(double d) {
  char buf[400];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : fmt::format("{}", d);
}

// The %s rendering of any value.
std::string AsString(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Kind::kInt:
      return std::to_string(v.as_int());
    case Kind::kUint:
      return std::to_string(v.as_uint());
    case Kind::kDouble:
      if (!std::isfinite(v.as_double())) return SpecialDouble(v.as_double());
      return PlainDouble(v.as_double());
    case Kind::kDecimal:
      return v.as_decimal().ToString();
    case Kind::kString:
      return v.as_string();
    case Kind::kBytes:
      // A string holds UTF-8: an invalid sequence becomes U+FFFD, as the
      // strings extension spec says (it was copied raw, and the answer's
      // JSON was then not UTF-8).
      return ToValidUtf8(v.as_bytes());
    case Kind::kDate:
      return v.as_date().ToString();
    case Kind::kTimestamp:
      return v.as_timestamp().ToRfc3339();
    case Kind::kDuration:
      return v.as_duration().ToString();
    case Kind::kList:
      return ListString(v.as_list());
    case Kind::kMap:
      return MapString(v.as_map());
    case Kind::kType:
      return v.as_type();
    case Kind::kOptional:
      return v.optional_value()
                 ? "optional.of(" + AsString(*v.optional_value()) + ")"
                 : "optional.none()";
    case Kind::kOpaque:
      return v.opaque_text();
    case Kind::kError:
      break;
  }
  throw Failure{"error during formatting: cannot format an error"};
}

std::string Digits(uint64_t u, int base, bool upper) {
  if (u == 0) return "0";
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (; u; u /= base) out += digits[u % base];
  std::reverse(out.begin(), out.end());
  return out;
}

// Integers in `base`, a minus sign for negatives (as Go's strconv does).
std::string Integer(const Value& v, int base, bool upper) {
  if (v.kind() == Kind::kUint) return Digits(v.as_uint(), base, upper);
  int64_t i = v.as_int();
  uint64_t mag = i < 0 ? 0 - static_cast<uint64_t>(i) : i;
  return (i < 0 ? "-" : "") + Digits(mag, base, upper);
}

// %.Nf of an exact decimal: rounded half to even, zero padded.
std::string FixedDecimal(const Decimal& d, int precision) {
  auto r = RoundDecimal(d, std::min(precision, Decimal::kMaxScale),
                        Rounding::kHalfEven);
  if (!r) throw Failure{"error during formatting: decimal out of range"};
  std::string s = r->ToString();
  if (precision == 0) return s;
  size_t dot = s.find('.');
  int have =
      dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
  if (dot == std::string::npos) s += '.';
  return s + std::string(precision - have, '0');
}

std::string Clause(char c, int precision, const Value& v) {
  Kind k = v.kind();
  bool integer = k == Kind::kInt || k == Kind::kUint;
  switch (c) {
    case 's':
      return AsString(v);
    case 'd':
      if (integer) return Integer(v, 10, false);
      if (k == Kind::kDouble && !std::isfinite(v.as_double()))
        return SpecialDouble(v.as_double());
      if (k == Kind::kDecimal && v.as_decimal().ToInt64())
        return v.as_decimal().ToString();
      Fail("decimal clause can only be used on integers", v);
    case 'f':
    case 'e': {
      int p = precision < 0 ? 6 : precision;
      if (c == 'f' && k == Kind::kDecimal)
        return FixedDecimal(v.as_decimal(), p);
      double d;
      if (k == Kind::kDouble) {
        d = v.as_double();
      } else if (k == Kind::kInt) {
        d = static_cast<double>(v.as_int());
      } else if (k == Kind::kUint) {
        d = static_cast<double>(v.as_uint());
      } else if (k == Kind::kDecimal) {
        d = v.as_decimal().ToDouble();
      } else {
        Fail(c == 'f' ? "fixed-point clause can only be used on doubles"
                      : "scientific clause can only be used on doubles",
             v);
      }
      if (!std::isfinite(d)) return SpecialDouble(d);
      return c == 'f' ? fmt::format("{:.{}f}", d, p)
                      : fmt::format("{:.{}e}", d, p);
    }
    case 'b':
      if (integer) return Integer(v, 2, false);
      if (k == Kind::kBool) return v.as_bool() ? "1" : "0";
      Fail("only integers and bools can be formatted as binary", v);
    case 'o':
      if (integer) return Integer(v, 8, false);
      Fail("octal clause can only be used on integers", v);
    case 'x':
    case 'X': {
      bool upper = c == 'X';
      if (integer) return Integer(v, 16, upper);
      if (k == Kind::kString || k == Kind::kBytes) {
        const std::string& s =
            k == Kind::kString ? v.as_string() : v.as_bytes();
        std::string out;
        for (unsigned char ch : s) {
          out += Digits(ch >> 4, 16, upper);
          out += Digits(ch & 15, 16, upper);
        }
        return out;
      }
      Fail("only integers, byte buffers, and strings can be formatted as hex",
           v);
    }
  }
  throw Failure{std::string("could not parse formatting clause: "
                            "unrecognized formatting clause \"") +
                c + "\""};
}

std::string FormatString(std::string_view f, const List& args,
                         size_t max_size) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    if (++i >= f.size())
      throw Failure{"could not parse formatting clause: unexpected end"};
    if (f[i] == '%') {
      out += '%';
      continue;
    }
    int precision = -1;
    if (f[i] == '.') {
      precision = 0;
      while (++i < f.size() && f[i] >= '0' && f[i] <= '9') {
        precision = precision * 10 + (f[i] - '0');
        if (precision > 1000)
          throw Failure{
              "could not parse formatting clause: precision too large"};
      }
      if (i >= f.size())
        throw Failure{"could not parse formatting clause: unexpected end"};
    }
    if (std::string_view("sdfeboxX").find(f[i]) == std::string_view::npos) {
      throw Failure{std::string("could not parse formatting clause: "
                                "unrecognized formatting clause \"") +
                    f[i] + "\""};
    }
    if (next >= args.size())
      throw Failure{"index " + std::to_string(next) + " out of range"};
    out += Clause(f[i], precision, args[next++]);
    if (out.size() > max_size) break;  // StringResult reports it
  }
  return out;
}

Value Format(Args a, const EvalContext& ctx) {
  if (a.size() != 2 || a[0].kind() != Kind::kString ||
      a[1].kind() != Kind::kList) {
    return NoOverload("format", a);
  }
  size_t max = ctx.limits ? ctx.limits->max_string_size : SIZE_MAX;
  try {
    return StringResult(FormatString(a[0].as_string(), a[1].as_list(), max),
                        ctx);
  } catch (const Failure& f) {
    return Value::Error(f.message);
  }
}

}  // namespace

void RegisterStringsFormat(Registry& r) {
  r.Add("format", Format, {"string, list(dyn) -> string"},
        "\"%s is %.2f\".format([name, amount]): clauses %s %d %f %e %b %o %x "
        "%X and %%; money is formatted exactly");
}

}  // namespace verdict
