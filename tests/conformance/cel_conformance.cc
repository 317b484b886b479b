// Runs the CEL "simple" conformance tests (../shared/conformance/cel) through
// verdict::EvaluateExpression and prints per-file pass counts. Tests that
// need protobuf are skipped. With --floor FILE, fails when any file passes
// fewer tests than its floor (the floor only ever rises: --write-floor).
//
// Counting is honest: a test that expects an evaluation error passes only
// when the expression compiled and its evaluation then failed. A compile
// error (an unknown function, an undeclared name) is not a pass; such tests
// are reported apart, in the "cmp-err" column, so an unimplemented feature
// never scores. When a test names the deduced type (`deduced_type`) and
// checking is on, the type reported in ExpressionResult::type must match it;
// check_only tests are judged on the type alone.
//
// Usage: cel_conformance DATA.jsonl [--floor FILE] [--write-floor] [--verbose
// FILE]
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "src/io/typed_json.h"
#include "verdict/expression.h"

namespace {

using verdict::Kind;
using verdict::Value;

// simple.proto's value equality: exact, including the type.
bool StrictEqual(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kDouble:
      if (std::isnan(a.as_double()) && std::isnan(b.as_double())) return true;
      return a.as_double() == b.as_double();
    case Kind::kList: {
      if (a.as_list().size() != b.as_list().size()) return false;
      for (size_t i = 0; i < a.as_list().size(); ++i) {
        if (!StrictEqual(a.as_list()[i], b.as_list()[i])) return false;
      }
      return true;
    }
    case Kind::kMap: {
      if (a.as_map().size() != b.as_map().size()) return false;
      for (const auto& [k, v] : a.as_map()) {
        bool found = false;
        for (const auto& [k2, v2] : b.as_map()) {
          if (StrictEqual(k, k2)) {
            found = StrictEqual(v, v2);
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    case Kind::kError:
      return true;
    default: {
      auto e = verdict::Equal(a, b);
      return e && *e;
    }
  }
}

// CEL type names of type_env to our checker's names; unknown ones are dyn.
std::string TypeName(std::string_view t) {
  std::string s(t);
  auto replace_all = [&](const std::string& from, const std::string& to) {
    size_t at;
    while ((at = s.find(from)) != std::string::npos)
      s.replace(at, from.size(), to);
  };
  replace_all("google.protobuf.Timestamp", "timestamp");
  replace_all("google.protobuf.Duration", "duration");
  replace_all("null_type", "null");
  return s;
}

// The data file's converter (see its README) decoded textproto escapes with
// Python's unicode_escape and re-encoded with raw_unicode_escape, which turns
// every character above U+00FF back into the text \uXXXX / \UXXXXXXXX (hex
// in lower case). This applies that same mangling to a correct string, so a
// failure whose expected value is exactly the mangled form of our result is
// told apart as a data error (upstream cel-spec's parse.textproto expects the
// characters themselves). It never counts as a pass.
std::string ConverterMangled(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len && i + k < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    char buf[16];
    if (cp > 0xFFFF) {
      std::snprintf(buf, sizeof buf, "\\U%08x", cp);
      out += buf;
    } else if (cp > 0xFF) {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      out += buf;
    } else {
      out.append(utf8, i, len);
    }
    i += len;
  }
  return out;
}

bool IsDataError(const Value& got, const Value& expected) {
  return got.kind() == Kind::kString && expected.kind() == Kind::kString &&
         got.as_string() != expected.as_string() &&
         ConverterMangled(got.as_string()) == expected.as_string();
}

struct Counts {
  int passed = 0, total = 0;
  int compile_failed_expecting_error = 0;  // not passes: reported apart
  int data_errors = 0;  // failures explained by IsDataError: not passes
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s DATA.jsonl [--floor FILE] [--write-floor] "
                 "[--verbose FILE]\n",
                 argv[0]);
    return 2;
  }
  std::string data = argv[1], floor_path, verbose;
  bool write_floor = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--floor" && i + 1 < argc) {
      floor_path = argv[++i];
    } else if (a == "--write-floor") {
      write_floor = true;
    } else if (a == "--verbose" && i + 1 < argc) {
      verbose = argv[++i];
    }
  }
  std::ifstream in(data);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", data.c_str());
    return 2;
  }
  const std::set<std::string> core = {
      "basic.textproto",   "comparisons.textproto",  "conversions.textproto",
      "fp_math.textproto", "integer_math.textproto", "lists.textproto",
      "logic.textproto",   "macros.textproto",       "macros2.textproto",
      "string.textproto",  "timestamps.textproto",   "fields.textproto",
      "parse.textproto",   "plumbing.textproto",     "namespace.textproto"};
  std::map<std::string, Counts> per_file;
  simdjson::dom::parser parser;
  std::string line;
  while (std::getline(in, line)) {
    simdjson::dom::element t;
    if (parser.parse(line).get(t)) continue;
    bool requires_proto = false;
    if (t["requires_proto"].get(requires_proto) != simdjson::SUCCESS)
      requires_proto = false;
    if (requires_proto) continue;
    std::string_view file = t["file"].get_string().value_unsafe();
    std::string_view expr = t["expr"].get_string().value_unsafe();
    std::string_view section = t["section"].get_string().value_unsafe();
    std::string_view name = t["name"].get_string().value_unsafe();
    Counts& c = per_file[std::string(file)];
    ++c.total;
    bool check_only = false, disable_check = false, disable_macros = false;
    if (t["check_only"].get(check_only) != simdjson::SUCCESS)
      check_only = false;
    if (t["disable_check"].get(disable_check) != simdjson::SUCCESS)
      disable_check = false;
    if (t["disable_macros"].get(disable_macros) != simdjson::SUCCESS)
      disable_macros = false;
    verdict::ExpressionOptions opt;
    opt.check = !disable_check;
    opt.enable_macros = !disable_macros;
    std::string_view container;
    if (t["container"].get(container) == simdjson::SUCCESS)
      opt.container = container;
    std::map<std::string, std::string> types;
    simdjson::dom::array env;
    if (t["type_env"].get(env) == simdjson::SUCCESS) {
      for (auto decl : env) {
        std::string_view kind, dname, type;
        if (decl["kind"].get(kind) == simdjson::SUCCESS && kind == "ident" &&
            decl["name"].get(dname) == simdjson::SUCCESS &&
            decl["type"].get(type) == simdjson::SUCCESS) {
          types[std::string(dname)] = TypeName(type);
        }
      }
    }
    std::map<std::string, Value> bindings;
    std::string error;
    simdjson::dom::object b;
    bool bad_binding = false;
    if (t["bindings"].get(b) == simdjson::SUCCESS) {
      for (auto [k, v] : b) {
        Value x;
        if (!verdict::ParseTypedValue(simdjson::to_string(v), &x, &error))
          bad_binding = true;
        bindings[std::string(k)] = x;
      }
    }
    if (bad_binding) continue;
    verdict::ExpressionResult r =
        verdict::EvaluateExpression(expr, bindings, types, opt);
    bool expect_error = false;
    if (t["expect_error"].get(expect_error) != simdjson::SUCCESS)
      expect_error = false;
    // The deduced type, when the test names one and checking ran, must
    // match too; a check_only test is judged on it alone.
    std::string_view deduced;
    bool check_type = opt.check && t["deduced_type"]["cel"].get(deduced) ==
                                       simdjson::SUCCESS;
    bool type_ok = !check_type || (r.compile_error.empty() &&
                                   r.type == TypeName(deduced));
    bool ok;
    std::string got = r.compile_error.empty()
                          ? verdict::FormatTypedValue(r.value)
                          : "compile error: " + r.compile_error;
    std::string want;
    if (check_only) {
      ok = check_type && type_ok;
      want = "type " + std::string(deduced);
      got = r.compile_error.empty() ? "type " + r.type : got;
    } else if (!type_ok) {
      ok = false;
      want = "type " + std::string(deduced);
      got = "type " + r.type;
    } else if (expect_error) {
      ok = r.compile_error.empty() && r.value.is_error();
      if (!r.compile_error.empty()) ++c.compile_failed_expecting_error;
      want = "an evaluation error";
    } else {
      simdjson::dom::element e;
      if (t["expect"].get(e) != simdjson::SUCCESS) {
        ok = false;
      } else {
        Value expected;
        want = simdjson::to_string(e);
        ok = verdict::ParseTypedValue(want, &expected, &error) &&
             r.compile_error.empty() && !r.value.is_error() &&
             StrictEqual(r.value, expected);
        if (!ok && r.compile_error.empty() && IsDataError(r.value, expected))
          ++c.data_errors;
      }
    }
    if (ok) {
      ++c.passed;
    } else if (verbose == file || verbose == "all") {
      std::printf("FAIL %s/%s/%s: %s\n    want %s\n    got  %s\n",
                  std::string(file).c_str(), std::string(section).c_str(),
                  std::string(name).c_str(), std::string(expr).c_str(),
                  want.c_str(), got.c_str());
    }
  }
  std::map<std::string, int> floor;
  if (!floor_path.empty()) {
    std::ifstream f(floor_path);
    std::string fname;
    int n;
    while (f >> fname >> n) floor[fname] = n;
  }
  Counts core_total, all_total;
  bool below = false;
  std::printf("%-26s %7s %7s %7s %7s %7s %8s\n", "file", "passed", "total",
              "%", "floor", "cmp-err", "data-err");
  for (const auto& [file, c] : per_file) {
    int fl = floor.count(file) ? floor[file] : 0;
    bool is_core = core.count(file) > 0;
    std::printf("%-26s %7d %7d %6.1f%% %7d %7d %8d%s%s\n", file.c_str(),
                c.passed, c.total, c.total ? 100.0 * c.passed / c.total : 0.0,
                fl, c.compile_failed_expecting_error, c.data_errors,
                is_core ? "  core" : "",
                c.passed < fl ? "  BELOW FLOOR" : "");
    below |= c.passed < fl;
    all_total.passed += c.passed;
    all_total.compile_failed_expecting_error +=
        c.compile_failed_expecting_error;
    all_total.total += c.total;
    all_total.data_errors += c.data_errors;
    if (is_core) {
      core_total.passed += c.passed;
      core_total.total += c.total;
      core_total.data_errors += c.data_errors;
    }
  }
  std::printf("core (15 files): %d/%d = %.1f%%\n", core_total.passed,
              core_total.total,
              100.0 * core_total.passed / std::max(1, core_total.total));
  std::printf("all without protobuf: %d/%d = %.1f%%\n", all_total.passed,
              all_total.total,
              100.0 * all_total.passed / std::max(1, all_total.total));
  std::printf(
      "cmp-err: %d tests expected an evaluation error and got a compile "
      "error; none of them counts as passed\n",
      all_total.compile_failed_expecting_error);
  std::printf(
      "data-err: %d failures (%d in core files) expect the converter's "
      "mangled text (\\uXXXX for a character above U+00FF) where our result "
      "is the character upstream's textproto names; counted as failures\n",
      all_total.data_errors, core_total.data_errors);
  if (write_floor && !floor_path.empty()) {
    std::ofstream f(floor_path);
    for (const auto& [file, c] : per_file) {
      f << file << " "
        << std::max(c.passed, floor.count(file) ? floor[file] : 0) << "\n";
    }
  }
  if (below) {
    std::printf("conformance: some file is below its floor\n");
    return 1;
  }
  return 0;
}
