// String functions: contains, startsWith, endsWith, matches (RE2), and the
// trim/case helpers policies use.
#include <re2/re2.h>

#include "src/evaluate/builtins.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

bool BothStrings(Args a) {
  return a.size() == 2 && a[0].kind() == Kind::kString &&
         a[1].kind() == Kind::kString;
}

Value Contains(Args a, const EvalContext&) {
  if (!BothStrings(a)) return NoOverload("contains", a);
  return Value::Bool(a[0].as_string().find(a[1].as_string()) !=
                     std::string::npos);
}
Value StartsWith(Args a, const EvalContext&) {
  if (!BothStrings(a)) return NoOverload("startsWith", a);
  return Value::Bool(a[0].as_string().starts_with(a[1].as_string()));
}
Value EndsWith(Args a, const EvalContext&) {
  if (!BothStrings(a)) return NoOverload("endsWith", a);
  return Value::Bool(a[0].as_string().ends_with(a[1].as_string()));
}

Value Matches(Args a, const EvalContext& ctx) {
  if (!BothStrings(a)) return NoOverload("matches", a);
  RE2::Options opt;
  opt.set_log_errors(false);
  if (ctx.limits)
    opt.set_max_mem(int64_t{ctx.limits->max_regex_program_size} * 1024);
  RE2 re(a[1].as_string(), opt);
  if (!re.ok())
    return Value::Error("invalid regular expression: " + re.error());
  return Value::Bool(RE2::PartialMatch(a[0].as_string(), re));
}

Value TrimFn(Args a, const EvalContext&) {
  if (a.size() != 1 || a[0].kind() != Kind::kString)
    return NoOverload("trim", a);
  const std::string& s = a[0].as_string();
  size_t b = s.find_first_not_of(" \t\n\r\f\v");
  if (b == std::string::npos) return Value::String("");
  size_t e = s.find_last_not_of(" \t\n\r\f\v");
  return Value::String(s.substr(b, e - b + 1));
}

Value LowerAscii(Args a, const EvalContext&) {
  if (a.size() != 1 || a[0].kind() != Kind::kString)
    return NoOverload("lowerAscii", a);
  std::string s = a[0].as_string();
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::String(s);
}

Value UpperAscii(Args a, const EvalContext&) {
  if (a.size() != 1 || a[0].kind() != Kind::kString)
    return NoOverload("upperAscii", a);
  std::string s = a[0].as_string();
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Value::String(s);
}

}  // namespace

void RegisterStrings(Registry& r) {
  r.Add("contains", Contains, {"string, string -> bool"});
  r.Add("startsWith", StartsWith, {"string, string -> bool"});
  r.Add("endsWith", EndsWith, {"string, string -> bool"});
  r.Add("matches", Matches, {"string, string -> bool"},
        "s.matches(re): RE2 partial match");
  r.Add("trim", TrimFn, {"string -> string"},
        "strips leading and trailing whitespace");
  r.Add("lowerAscii", LowerAscii, {"string -> string"});
  r.Add("upperAscii", UpperAscii, {"string -> string"});
}

}  // namespace verdict
