// The `verdict` command: a thin layer over the public API.
//   verdict check PATH... [--strict]  (with table analysis: analysis.h)
//   verdict eval PATH --policy NAME [--as-of DATE] [--input FILE] [--trace]
//                [--threads N]
//   verdict test PATH
//   verdict expr EXPR|-|--file FILE [--bindings JSON] [--no-check]
//   verdict serve PATH ... / verdict replay FILE PATH
//   (src/cli/serve_command.cc)
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "src/cli/serve_command.h"
#include "src/cli/validators.h"
#include "src/io/json_records.h"
#include "src/io/typed_json.h"
#include "verdict/analysis.h"
#include "verdict/engine.h"
#include "verdict/expression.h"
#include "verdict/json_stream.h"
#include "verdict/testing.h"

namespace {

using verdict::Diagnostic;

void PrintDiagnostics(const std::vector<Diagnostic>& diags) {
  for (const auto& d : diags)
    std::fprintf(stderr, "%s\n", d.ToString().c_str());
}

std::shared_ptr<const verdict::Pack> LoadOrReport(const std::string& path,
                                                  bool strict_fields = false) {
  verdict::LoadOptions options;
  options.strict_fields = strict_fields;
  verdict::LoadResult r = verdict::Pack::Load(path, options);
  PrintDiagnostics(r.diagnostics);
  if (!r.ok()) {
    int errors = 0;
    for (const auto& d : r.diagnostics)
      errors += d.severity == Diagnostic::Severity::kError;
    std::fprintf(stderr, "%s: %d error(s); the pack was not loaded\n",
                 path.c_str(), errors);
  }
  return r.pack;
}

// Prints the table analysis of a loaded pack (verdict/analysis.h): its
// warnings and notes, then a count. Returns the number of warnings.
int PrintTableAnalysis(const std::string& path, const verdict::Pack& pack) {
  int warnings = 0, allowed = 0, notes = 0;
  for (const auto& f : verdict::AnalyzeTables(pack)) {
    std::printf("%s\n", f.ToString().c_str());
    warnings += f.warning();
    allowed += !f.allowed.empty();
    notes += f.kind == verdict::TableFinding::Kind::kNote;
  }
  std::printf("%s: table analysis: %d warning(s), %d allowed, %d note(s)\n",
              path.c_str(), warnings, allowed, notes);
  return warnings;
}

// Warnings (the loader's, the calendar's, the table analysis's) fail the
// check only when `strict`: then any of them does.
int Check(const std::vector<std::string>& paths, const std::string& as_of_text,
          bool strict) {
  std::optional<verdict::Date> given_as_of;
  if (!as_of_text.empty()) {
    given_as_of = verdict::Date::Parse(as_of_text);
    if (!given_as_of) {
      std::fprintf(stderr,
                   "verdict check: --as-of '%s' is not a date (YYYY-MM-DD)\n",
                   as_of_text.c_str());
      return 1;
    }
  }
  int status = 0;
  for (const auto& path : paths) {
    verdict::LoadResult r = verdict::Pack::Load(path);
    for (const auto& d : r.diagnostics)
      std::printf("%s\n", d.ToString().c_str());
    const bool load_warned = std::any_of(
        r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& d) {
          return d.severity == Diagnostic::Severity::kWarning;
        });
    if (load_warned && strict) status = 1;
    if (!r.ok()) {
      int errors = 0;
      for (const auto& d : r.diagnostics)
        errors += d.severity == Diagnostic::Severity::kError;
      std::printf("%s: %d error(s)\n", path.c_str(), errors);
      status = 1;
      continue;
    }
    const auto& impl_note = r.pack->PolicyNames();
    std::printf("%s: ok: pack '%s' version %s, %zu policies (%s), hash %s\n",
                path.c_str(), r.pack->name().c_str(), r.pack->version().c_str(),
                impl_note.size(),
                fmt::format("{}", fmt::join(impl_note, ", ")).c_str(),
                r.pack->content_hash().substr(0, 12).c_str());
    const verdict::Date as_of = given_as_of.value_or(r.pack->Today());
    if (auto warn = r.pack->CalendarWarning(as_of)) {
      std::printf("%s: warning: %s\n", path.c_str(), warn->c_str());
      if (strict) status = 1;
    }
    if (PrintTableAnalysis(path, *r.pack) > 0 && strict) status = 1;
  }
  return status;
}

// The as-of of `verdict eval` into *as_of: --as-of's date, or today in the
// pack's zone; false (said on stderr) for a date that is not one or an
// unknown policy. Warns for an as-of beyond the calendar's years.
bool EvalAsOf(const verdict::Pack& pack, const std::string& policy,
              const std::string& as_of_text, verdict::Date* as_of) {
  if (as_of_text.empty()) {
    *as_of = pack.Today();
  } else if (auto d = verdict::Date::Parse(as_of_text)) {
    *as_of = *d;
  } else {
    std::fprintf(stderr,
                 "verdict eval: --as-of '%s' is not a date (YYYY-MM-DD)\n",
                 as_of_text.c_str());
    return false;
  }
  try {
    pack.Policy(policy);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "verdict eval: %s\n", e.what());
    return false;
  }
  if (auto warn = pack.CalendarWarning(*as_of)) {
    std::fprintf(stderr, "verdict eval: warning: %s\n", warn->c_str());
  }
  return true;
}

int Eval(const std::string& path, const std::string& policy,
         const std::string& as_of_text, const std::string& input, bool trace,
         bool audit, bool strict, int threads) {
  auto pack = LoadOrReport(path, strict);
  if (!pack) return 1;
  verdict::EvalOptions opt;
  opt.trace = trace;
  opt.audit = audit;
  if (!EvalAsOf(*pack, policy, as_of_text, &opt.as_of)) return 1;
  // Working days read outside the calendar's years, said once the run
  // ends (the as-of's own warning above cannot see them: a record's date
  // may lie anywhere).
  std::atomic<uint64_t> outside_calendar{0};
  opt.outside_calendar = &outside_calendar;
  struct WarnAtExit {
    const verdict::Pack& pack;
    const std::atomic<uint64_t>& count;
    ~WarnAtExit() {
      if (uint64_t n = count.load())
        std::fprintf(stderr, "verdict eval: warning: %s\n",
                     pack.OutsideCalendarWarning(n).c_str());
    }
  } warn_at_exit{*pack, outside_calendar};
  int fd = 0;  // standard input
  if (!input.empty() && input != "-") {
    fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::fprintf(stderr, "verdict eval: cannot read '%s': %s\n",
                   input.c_str(), std::strerror(errno));
      return 1;
    }
  }
  // A gzip file (a .jsonl.gz export) is inflated by the line reader, as
  // gzip through a pipe is (LineChunkReader): one path, so data cut short
  // ends the same way, the lines before the break written and the torn
  // line and a batch's truncated population never decided.
  bool progress = isatty(STDERR_FILENO) && !std::getenv("CI");
  verdict::JsonStreamOptions stream;
  stream.threads = threads > 0 ? threads : verdict::CoresAvailable();
  auto start = std::chrono::steady_clock::now();
  verdict::JsonStreamStats stats;
  try {
    // Output is written and flushed block by block, as input arrives.
    stats = verdict::DecideJsonLinesStream(
        *pack, policy, fd, opt,
        [](std::string_view block) {
          // A full disk or a closed file is the run's failure, never a
          // silent loss: the stream stops reading and eval exits 1.
          if (std::fwrite(block.data(), 1, block.size(), stdout) !=
                  block.size() ||
              std::fflush(stdout) != 0) {
            throw std::runtime_error(std::string("cannot write the output: ") +
                                     std::strerror(errno));
          }
        },
        stream,
        [&](const verdict::JsonStreamStats& s) {
          if (!progress) return;
          double secs = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start)
                            .count();
          std::fprintf(stderr, "\r%llu records, %.0f records/s",
                       static_cast<unsigned long long>(s.records),
                       secs > 0 ? s.records / secs : 0.0);
        });
  } catch (const std::runtime_error& e) {
    // Broken input ("the input is cut short: ...") names what was read.
    std::string why = e.what();
    if (why.starts_with("the input ")) {
      why.replace(0, 9,
                  fd == 0 ? std::string("standard input")
                          : "the input '" + input + "'");
    }
    std::fprintf(stderr, "verdict eval: %s\n", why.c_str());
    if (fd != 0) ::close(fd);
    return 1;
  }
  if (fd != 0) ::close(fd);
  if (progress) std::fprintf(stderr, "\n");
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "verdict eval: cannot write the output: %s\n",
                 std::strerror(errno));
    return 1;
  }
  return stats.invalid > 0 ? 2 : 0;
}

int Test(const std::string& path, bool require_all_rules) {
  auto pack = LoadOrReport(path);
  if (!pack) return 1;
  verdict::TestReport report = verdict::RunPackTests(*pack);
  for (const auto& c : report.cases) {
    if (c.passed) continue;
    std::printf("FAIL %s:%d: %s / %s\n", c.file.c_str(), c.line,
                c.policy.c_str(), c.name.c_str());
    for (const auto& f : c.failures) std::printf("    %s\n", f.c_str());
  }
  std::printf("%d passed, %d failed\n", report.passed, report.failed);
  if (report.unreached_rules.empty()) {
    std::printf("all %d rules reached by a test\n", report.total_rules);
  } else {
    std::printf("%zu of %d rules reached by no test:\n",
                report.unreached_rules.size(), report.total_rules);
    for (const auto& r : report.unreached_rules)
      std::printf("    %s\n", r.c_str());
  }
  if (report.failed > 0) return 1;
  if (report.cases.empty()) {
    std::printf("no test cases found under %s/tests\n", path.c_str());
    return 1;
  }
  return require_all_rules && !report.unreached_rules.empty() ? 1 : 0;
}

std::string Quote(const std::string& s) {
  std::string out;
  verdict::AppendJsonString(s, &out);
  return out;
}

// The expression text: EXPR itself, all of standard input for "-", or all
// of FILE (byte for byte, so NUL bytes and a leading '-' need no quoting).
bool ReadExpression(const std::string& arg, const std::string& file,
                    std::string* expr) {
  if (file.empty() && arg.empty()) {
    std::printf("{\"error\": %s}\n",
                Quote("no expression: give EXPR, - (standard input) or "
                      "--file FILE")
                    .c_str());
    return false;
  }
  if (file.empty() && arg != "-") {
    *expr = arg;
    return true;
  }
  // read(2) itself: a directory or a closed standard input is a read
  // error to report, not an empty expression.
  const int fd = file.empty() ? 0 : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  const std::string what = file.empty() ? "standard input" : file;
  auto fail = [&](int err) {
    std::printf("{\"error\": %s}\n",
                Quote((file.empty() ? "" : "--file: ") +
                      ("cannot read " + what) + ": " + std::strerror(err))
                    .c_str());
    if (fd > 0) ::close(fd);
    return false;
  };
  if (fd < 0) return fail(errno);
  char buf[1 << 16];
  expr->clear();
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errno);
    if (n == 0) break;
    expr->append(buf, static_cast<size_t>(n));
  }
  if (fd > 0) ::close(fd);
  return true;
}

int Expr(const std::string& expr_arg, const std::string& file,
         const std::string& bindings_json, bool no_check) {
  std::string expr;
  if (!ReadExpression(expr_arg, file, &expr)) return 3;
  std::map<std::string, verdict::Value> bindings;
  std::string error;
  if (!bindings_json.empty() &&
      !verdict::ParseTypedBindings(bindings_json, &bindings, &error)) {
    std::printf("{\"error\": %s}\n", Quote("--bindings: " + error).c_str());
    return 3;
  }
  verdict::ExpressionOptions opt;
  opt.check = !no_check;
  // The bindings' own types are the declarations the checker sees (so a
  // decimal variable makes `x * 0.3` exact); collections stay dynamic.
  std::map<std::string, std::string> types;
  for (const auto& [name, v] : bindings) {
    switch (v.kind()) {
      case verdict::Kind::kList:
      case verdict::Kind::kMap:
      case verdict::Kind::kNull:
      case verdict::Kind::kError:
        break;
      case verdict::Kind::kTimestamp:
        types[name] = "timestamp";
        break;
      case verdict::Kind::kDuration:
        types[name] = "duration";
        break;
      default:
        types[name] = std::string(verdict::KindName(v.kind()));
    }
  }
  verdict::ExpressionResult r =
      verdict::EvaluateExpression(expr, bindings, types, opt);
  if (!r.compile_error.empty()) {
    std::printf("{\"error\": %s}\n", Quote(r.compile_error).c_str());
    return 3;
  }
  std::printf("%s\n", verdict::FormatTypedValue(r.value).c_str());
  return r.value.is_error() ? 3 : 0;
}

}  // namespace

// `status`, unless what the command wrote to standard output was lost (a
// full disk, a closed pipe): then 1, with the reason on standard error, so
// that a report nobody could read never passes for one that was read. (eval
// checks every block it writes itself.)
int Written(const char* command, int status) {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "verdict %s: cannot write the output: %s\n", command,
                 std::strerror(errno));
    return 1;
  }
  return status;
}

int main(int argc, char** argv) {
  CLI::App app{"verdict: decide business policies written in YAML and CEL"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "verdict " VERDICT_VERSION);

  std::vector<std::string> check_paths;
  auto* check = app.add_subcommand(
      "check", "validate policy packs; file:line:col: message on error");
  check->add_option("PATH", check_paths, "policy pack folders")->required();
  // An --as-of given with no date is a mistake (an unset shell variable),
  // not a request for today's date.
  const CLI::Validator a_date(
      [](std::string& text) {
        return text.empty() ? std::string(
                                  "an empty date: give YYYY-MM-DD, "
                                  "or leave --as-of out for today")
                            : std::string();
      },
      "DATE");
  std::string check_as_of;
  check
      ->add_option("--as-of", check_as_of,
                   "warn when this evaluation date lies beyond the calendar "
                   "(default: today)")
      ->check(a_date);
  bool check_strict = false;
  check->add_flag("--strict", check_strict,
                  "exit 1 on any warning: the loader's, the calendar's "
                  "(see --as-of), the table analysis's (gaps, dead rows, "
                  "overlaps, unused exceptions)");

  std::string path, policy, as_of, input;
  bool trace = false;
  auto* eval =
      app.add_subcommand("eval", "decide JSON Lines records with one policy");
  eval->add_option("PATH", path, "policy pack folder")->required();
  eval->add_option("--policy", policy, "policy name")->required();
  eval->add_option(
          "--as-of", as_of,
          "evaluation date YYYY-MM-DD (default: today in the pack's zone)")
      ->check(a_date);
  eval->add_option("--input", input,
                   "JSON Lines file (plain or gzip-compressed), or - for "
                   "standard input (default)")
      ->check(CLI::Validator(
          [](std::string& path) {
            // An unset variable in a script ("--input $F") must not mean
            // standard input silently.
            return path.empty() ? std::string(
                                      "an empty path (give - for standard "
                                      "input)")
                                : std::string();
          },
          "FILE"));
  eval->add_flag("--trace", trace,
                 "add the rules that matched and the values they saw");
  bool audit = false;
  bool strict = false;
  eval->add_flag("--strict", strict,
                 "reject records with fields the policy does not declare");
  eval->add_flag("--audit", audit,
                 "add the pack's name, version and content hash, the policy "
                 "and the as-of");
  int eval_threads = 0;
  eval->add_option("--threads", eval_threads,
                   "threads deciding records (default 0: one per core this "
                   "process may use); the output is the same for any number")
      ->check(
          verdict::cli::AtLeast(0, "a number of threads (0: one per core)"));

  std::string test_path;
  auto* test = app.add_subcommand(
      "test", "run the policy tests kept beside the policies");
  test->add_option("PATH", test_path, "policy pack folder")->required();
  bool require_all_rules = false;
  test->add_flag("--require-all-rules", require_all_rules,
                 "fail when some rule is reached by no test");
  test->footer(
      "Exit status: 0 every case passed (and, with --require-all-rules, "
      "every rule was reached); 1 a case failed, the pack did not load, no "
      "test case was found, or the output could not be written.");

  std::string expr, expr_file, bindings;
  bool no_check = false;
  auto* ex = app.add_subcommand(
      "expr", "evaluate one expression of the policy language");
  auto* expr_opt = ex->add_option(
      "EXPR", expr, "the expression, or - to read it from standard input");
  auto* file_opt =
      ex->add_option("--file", expr_file, "read the expression from this file");
  expr_opt->excludes(file_opt);
  ex->add_option("--bindings", bindings,
                 "variables as a JSON object of typed values");
  ex->add_flag("--no-check", no_check, "skip static type checking");

  auto serve_commands = verdict::cli::AddServeCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    if (code != 0) return 1;
    // --help or --version: their text went to std::cout, which must have
    // been written (`--version > /dev/full` is no success).
    std::cout.flush();
    if (!std::cout) {
      std::fprintf(stderr, "verdict: cannot write the output: %s\n",
                   std::strerror(errno ? errno : EIO));
      return 1;
    }
    return Written("", 0);
  }
  if (*check) {
    return Written("check", Check(check_paths, check_as_of, check_strict));
  }
  if (*eval)
    return Eval(path, policy, as_of, input, trace, audit, strict, eval_threads);
  if (*test) return Written("test", Test(test_path, require_all_rules));
  if (*ex) return Written("expr", Expr(expr, expr_file, bindings, no_check));
  if (auto status = serve_commands()) return *status;
  return 1;
}
