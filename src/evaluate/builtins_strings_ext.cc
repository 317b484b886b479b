// CEL's strings extension as cel-go defines it (ext/strings.go): charAt,
// indexOf, lastIndexOf, replace, split, substring, join, reverse, trim
// (Unicode white space) and strings.quote. Indexes count Unicode code
// points, not bytes, exactly as cel-go does; an index outside the string is
// an evaluation error ("index out of range: N"). lowerAscii and upperAscii
// live in builtins_strings.cc; format in builtins_strings_format.cc.
//
// Strings are UTF-8. Code point boundaries are the bytes that are not
// continuation bytes (10xxxxxx), so no decoding is needed and no byte is
// ever lost.
#include <algorithm>

#include "src/evaluate/builtins.h"

namespace verdict {

Value StringResult(std::string s, const EvalContext& ctx) {
  if (ctx.limits && s.size() > ctx.limits->max_string_size) {
    return Value::Error("a string of " + std::to_string(s.size()) +
                        " bytes exceeds the limit of " +
                        std::to_string(ctx.limits->max_string_size));
  }
  return Value::String(std::move(s));
}

namespace {

using Args = std::span<const Value>;

// Byte offsets where each code point starts, then s.size().
std::vector<size_t> Starts(std::string_view s) {
  std::vector<size_t> out;
  out.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(s.size());
  return out;
}

// The code point index of byte offset `byte` (a code point start).
int64_t RuneIndex(const std::vector<size_t>& starts, size_t byte) {
  return std::lower_bound(starts.begin(), starts.end(), byte) - starts.begin();
}

int64_t RuneCount(const std::vector<size_t>& starts) {
  return static_cast<int64_t>(starts.size()) - 1;
}

Value OutOfRange(int64_t i) {
  return Value::Error("index out of range: " + std::to_string(i));
}

bool Is(Args a, std::initializer_list<Kind> kinds) {
  if (a.size() != kinds.size()) return false;
  size_t i = 0;
  for (Kind k : kinds) {
    if (a[i++].kind() != k) return false;
  }
  return true;
}

Value CharAt(Args a, const EvalContext&) {
  if (!Is(a, {Kind::kString, Kind::kInt})) return NoOverload("charAt", a);
  const std::string& s = a[0].as_string();
  auto starts = Starts(s);
  int64_t i = a[1].as_int();
  if (i < 0 || i > RuneCount(starts)) return OutOfRange(i);
  if (i == RuneCount(starts)) return Value::String("");
  return Value::String(s.substr(starts[i], starts[i + 1] - starts[i]));
}

Value IndexOf(Args a, const EvalContext&) {
  bool with_offset = Is(a, {Kind::kString, Kind::kString, Kind::kInt});
  if (!with_offset && !Is(a, {Kind::kString, Kind::kString}))
    return NoOverload("indexOf", a);
  const std::string &s = a[0].as_string(), &sub = a[1].as_string();
  int64_t off = with_offset ? a[2].as_int() : 0;
  if (sub.empty()) return Value::Int(off);  // cel-go: before the range check
  auto starts = Starts(s);
  if (with_offset && (off < 0 || off >= RuneCount(starts)))
    return OutOfRange(off);
  size_t at = s.find(sub, starts[off]);
  return Value::Int(at == std::string::npos ? -1 : RuneIndex(starts, at));
}

Value LastIndexOf(Args a, const EvalContext&) {
  bool with_offset = Is(a, {Kind::kString, Kind::kString, Kind::kInt});
  if (!with_offset && !Is(a, {Kind::kString, Kind::kString}))
    return NoOverload("lastIndexOf", a);
  const std::string &s = a[0].as_string(), &sub = a[1].as_string();
  auto starts = Starts(s);
  if (sub.empty())
    return Value::Int(with_offset ? a[2].as_int() : RuneCount(starts));
  size_t from = std::string::npos;
  if (with_offset) {
    int64_t off = a[2].as_int();
    if (off < 0 || off >= RuneCount(starts)) return OutOfRange(off);
    from = starts[off];
  }
  size_t at = s.rfind(sub, from);
  return Value::Int(at == std::string::npos ? -1 : RuneIndex(starts, at));
}

// Go's strings.Replace: at most n replacements (all when n < 0); an empty
// `from` matches before every code point and at the end.
Value Replace(Args a, const EvalContext& ctx) {
  bool with_n =
      Is(a, {Kind::kString, Kind::kString, Kind::kString, Kind::kInt});
  if (!with_n && !Is(a, {Kind::kString, Kind::kString, Kind::kString}))
    return NoOverload("replace", a);
  const std::string &s = a[0].as_string(), &from = a[1].as_string(),
                    &to = a[2].as_string();
  int64_t n = with_n ? a[3].as_int() : -1;
  std::string out;
  size_t pos = 0;
  if (from.empty()) {
    auto starts = Starts(s);
    for (size_t i = 0; i < starts.size(); ++i) {
      if (n >= 0 && static_cast<int64_t>(i) >= n) break;
      out.append(s, pos, starts[i] - pos);
      out += to;
      pos = starts[i];
      if (ctx.limits && out.size() > ctx.limits->max_string_size) break;
    }
    out.append(s, pos);
    return StringResult(std::move(out), ctx);
  }
  for (int64_t done = 0; n < 0 || done < n; ++done) {
    size_t at = s.find(from, pos);
    if (at == std::string::npos) break;
    out.append(s, pos, at - pos);
    out += to;
    pos = at + from.size();
    if (ctx.limits && out.size() > ctx.limits->max_string_size) break;
  }
  out.append(s, pos);
  return StringResult(std::move(out), ctx);
}

// Go's strings.SplitN: n == 0 gives [], n < 0 all parts, n > 0 at most n
// parts (the last holds the rest); an empty separator splits code points.
Value Split(Args a, const EvalContext& ctx) {
  bool with_n = Is(a, {Kind::kString, Kind::kString, Kind::kInt});
  if (!with_n && !Is(a, {Kind::kString, Kind::kString}))
    return NoOverload("split", a);
  const std::string &s = a[0].as_string(), &sep = a[1].as_string();
  int64_t n = with_n ? a[2].as_int() : -1;
  List parts;
  if (n == 0) return Value::ListOf(std::move(parts));
  auto room = [&] {
    return n < 0 || static_cast<int64_t>(parts.size()) < n - 1;
  };
  size_t pos = 0;
  if (sep.empty()) {
    auto starts = Starts(s);
    size_t i = 0;
    for (; i + 1 < starts.size() && room(); ++i) {
      parts.push_back(
          Value::String(s.substr(starts[i], starts[i + 1] - starts[i])));
    }
    if (i + 1 < starts.size())
      parts.push_back(Value::String(s.substr(starts[i])));
  } else {
    while (room()) {
      size_t at = s.find(sep, pos);
      if (at == std::string::npos) break;
      parts.push_back(Value::String(s.substr(pos, at - pos)));
      pos = at + sep.size();
    }
    parts.push_back(Value::String(s.substr(pos)));
  }
  if (ctx.limits && parts.size() > ctx.limits->max_list_size)
    return Value::Error("split: too many parts");
  return Value::ListOf(std::move(parts));
}

Value Substring(Args a, const EvalContext&) {
  bool with_end = Is(a, {Kind::kString, Kind::kInt, Kind::kInt});
  if (!with_end && !Is(a, {Kind::kString, Kind::kInt}))
    return NoOverload("substring", a);
  const std::string& s = a[0].as_string();
  auto starts = Starts(s);
  int64_t n = RuneCount(starts);
  int64_t b = a[1].as_int(), e = with_end ? a[2].as_int() : n;
  if (!with_end && (b < 0 || b > n)) return OutOfRange(b);
  if (b > e) {
    return Value::Error("invalid substring range. start: " + std::to_string(b) +
                        ", end: " + std::to_string(e));
  }
  if (b < 0 || b > n) return OutOfRange(b);
  if (e < 0 || e > n) return OutOfRange(e);
  return Value::String(s.substr(starts[b], starts[e] - starts[b]));
}

// Go's unicode.IsSpace: ASCII white space, U+0085, U+00A0 and the Unicode
// space separators (Zs, Zl, Zp). Not U+180E, U+200B or U+FEFF.
size_t SpaceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  // Every other space starts with one of these lead bytes.
  if (c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3) return 0;
  auto at = [&](std::string_view seq) { return s.substr(i).starts_with(seq); };
  if (at("\u0085") || at("\u00a0")) return 2;
  static const char* const k3[] = {
      "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004",
      "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a",
      "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"};
  for (const char* seq : k3) {
    if (at(seq)) return 3;
  }
  return 0;
}

Value Trim(Args a, const EvalContext&) {
  if (!Is(a, {Kind::kString})) return NoOverload("trim", a);
  std::string_view s = a[0].as_string();
  while (!s.empty()) {
    size_t n = SpaceLength(s, 0);
    if (n == 0) break;
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
      --start;
    }
    if (SpaceLength(s, start) != s.size() - start) break;
    s.remove_suffix(s.size() - start);
  }
  // Nothing to strip: the same text, shared rather than copied.
  if (s.size() == a[0].as_string().size()) return a[0];
  return Value::StringOf(s);
}

// `trim(s) == ''` as one call (the compiler's rewrite, src/check/
// expr_calls.cc): true when trim() would strip all of `s`, which is when
// its leading spaces alone cover the whole text. Trim's error otherwise.
Value TrimIsEmpty(Args a, const EvalContext& ctx) {
  if (!Is(a, {Kind::kString})) return Trim(a, ctx);
  std::string_view s = a[0].as_string();
  while (!s.empty()) {
    size_t n = SpaceLength(s, 0);
    if (n == 0) return Value::Bool(false);
    s.remove_prefix(n);
  }
  return Value::Bool(true);
}

Value Join(Args a, const EvalContext& ctx) {
  bool with_sep = Is(a, {Kind::kList, Kind::kString});
  if (!with_sep && !Is(a, {Kind::kList})) return NoOverload("join", a);
  std::string sep = with_sep ? a[1].as_string() : "";
  std::string out;
  bool first = true;
  for (const Value& v : a[0].as_list()) {
    if (v.kind() != Kind::kString) {
      return Value::Error("join: list element of type '" +
                          std::string(KindName(v.kind())) + "', want string");
    }
    if (!first) out += sep;
    first = false;
    out += v.as_string();
    if (ctx.limits && out.size() > ctx.limits->max_string_size) break;
  }
  return StringResult(std::move(out), ctx);
}

Value Reverse(Args a, const EvalContext&) {
  if (!Is(a, {Kind::kString})) return NoOverload("reverse", a);
  const std::string& s = a[0].as_string();
  auto starts = Starts(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = starts.size() - 1; i > 0; --i) {
    out.append(s, starts[i - 1], starts[i] - starts[i - 1]);
  }
  return Value::String(std::move(out));
}

// cel-go's strings.quote: a double-quoted CEL string literal.
Value Quote(Args a, const EvalContext& ctx) {
  if (!Is(a, {Kind::kString})) return NoOverload("strings.quote", a);
  std::string out = "\"";
  for (char c : a[0].as_string()) {
    switch (c) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return StringResult(std::move(out), ctx);
}

}  // namespace

void RegisterStringsExt(Registry& r) {
  r.Add("charAt", CharAt, {"string, int -> string"},
        "s.charAt(i): the code point at index i; \"\" at the end");
  r.Add("indexOf", IndexOf,
        {"string, string -> int", "string, string, int -> int"},
        "s.indexOf(sub[, from]): code point index of the first match, or -1");
  r.Add("lastIndexOf", LastIndexOf,
        {"string, string -> int", "string, string, int -> int"},
        "s.lastIndexOf(sub[, from]): code point index of the last match "
        "starting at or before `from`, or -1");
  r.Add(
      "replace", Replace,
      {"string, string, string -> string",
       "string, string, string, int -> string"},
      "s.replace(old, new[, n]): replaces the first n matches (all if n < 0)");
  r.Add(
      "split", Split,
      {"string, string -> list(string)", "string, string, int -> list(string)"},
      "s.split(sep[, n]): at most n parts (all if n < 0; none if 0)");
  r.Add("substring", Substring,
        {"string, int -> string", "string, int, int -> string"},
        "s.substring(start[, end]): code points [start, end)");
  // Replaces the ASCII-only trim of builtins_strings.cc (same signature).
  r.Add("trim", Trim, {},
        "s.trim() or trim(s): strips leading and trailing white space "
        "(Unicode's, as Go's unicode.IsSpace: includes U+3000)");
  r.Add("@trim_is_empty", TrimIsEmpty, {"string -> bool"});
  r.Add("join", Join,
        {"list(string) -> string", "list(string), string -> string"},
        "list.join([sep]): concatenates a list of strings");
  r.Add("reverse", Reverse, {"string -> string"},
        "s.reverse(): the code points in reverse order");
  r.Add("strings.quote", Quote, {"string -> string"},
        "strings.quote(s): s as a double-quoted, escaped CEL string literal");
  RegisterStringsFormat(r);
}

}  // namespace verdict
