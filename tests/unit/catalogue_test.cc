// The catalogue of bad inputs (tests/CATALOGUE.md): for each class, the exact
// text a user sees from the `verdict` command.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "tests/unit/cli_runner.h"
#include "tests/unit/test_util.h"

namespace verdict {
namespace {

using Output = verdict::testing::CliOutput;

// Runs `verdict ARGS` with `input` on standard input; stdout and stderr merged.
Output Verdict(const std::string& args, const std::string& input) {
  return verdict::testing::RunCli(args, input);
}

const char* kPolicy = R"(policy: p
record: r
fields:
  amount: money
  kind: enum(a, b)
  day: date
outputs:
  big: bool
decisions:
  - id: d
    rules:
      - id: x
        when: r.amount > 100
        then: {big: true}
      - id: y
        then: {big: false}
)";

class CatalogueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = testing_util::WritePack("catalogue", {{"p.yaml", kPolicy}});
  }
  static Output Eval(const std::string& input) {
    return Verdict("eval " + dir_ + " --policy p --as-of 2026-11-24", input);
  }
  static Output Check(const std::string& policy_text) {
    std::string dir =
        testing_util::WritePack("catalogue_bad", {{"p.yaml", policy_text}});
    Output r = Verdict("check " + dir, "");
    // Paths differ per machine: report them relative to the pack.
    for (size_t at; (at = r.out.find(dir)) != std::string::npos;)
      r.out.replace(at, dir.size(), "PACK");
    return r;
  }
  static inline std::string dir_;
};

std::string Replace(std::string s, const std::string& from,
                    const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST_F(CatalogueTest, MalformedYaml) {
  Output r = Check(Replace(kPolicy, "then: {big: true}", "then: {big: true"));
  EXPECT_EQ(r.out,
            "PACK/p.yaml:14:15: error: YAML: this flow collection is never "
            "closed (end of map flow not found)\nPACK: 1 error(s)\n");
  EXPECT_EQ(r.status, 1);
}

TEST_F(CatalogueTest, UnknownFieldInACondition) {
  Output r = Check(Replace(kPolicy, "r.amount > 100", "r.amout > 100"));
  EXPECT_EQ(
      r.out,
      "PACK/p.yaml:13:17: error: record 'r' has no field 'amout' (did you mean "
      "'amount'?)\nPACK: 1 error(s)\n");
}

TEST_F(CatalogueTest, WrongTypeInACondition) {
  Output r = Check(Replace(kPolicy, "r.amount > 100", "r.amount > r.day"));
  EXPECT_EQ(r.out,
            "PACK/p.yaml:13:24: error: no matching overload for '>' applied to "
            "(decimal, "
            "date)\nPACK: 1 error(s)\n");
}

TEST_F(CatalogueTest, InvalidUtf8InAPolicy) {
  Output r = Check(Replace(kPolicy, "id: x", "id: x\xff"));
  EXPECT_EQ(
      r.out,
      "PACK/p.yaml:12:14: error: invalid UTF-8 (policy files are UTF-8 text)\n"
      "PACK: 1 error(s)\n");
}

TEST_F(CatalogueTest, RecordErrors) {
  struct Case {
    const char* line;
    const char* output;
  } cases[] = {
      {R"x({"kind": "a", "day": "2026-11-24"})x",
       R"x({"error":{"code":"missing_field","message":"required field 'amount' is missing","field":"amount"}})x"},
      {R"x({"amount": "5", "kind": "a", "day": "2026-11-24"})x",
       R"x({"error":{"code":"wrong_type","message":"field 'amount': expected a number, got a string","field":"amount"}})x"},
      {R"x({"amount": 5, "kind": "c", "day": "2026-11-24"})x",
       R"x({"error":{"code":"invalid_value","message":"field 'kind': 'c' is not one of: a, b","field":"kind"}})x"},
      {R"x({"amount": 5, "kind": "a", "day": "2026-02-30"})x",
       R"x({"error":{"code":"invalid_value","message":"field 'day': '2026-02-30' is not a date (YYYY-MM-DD)","field":"day"}})x"},
      {R"x({"amount": 1e999, "kind": "a", "day": "2026-11-24"})x",
       R"x({"error":{"code":"invalid_value","message":"field 'amount': 1e999 is out of range or too precise","field":"amount"}})x"},
      {"{\"amount\": 5, \"kind\": \"\xff\", \"day\": \"2026-11-24\"}",
       R"x({"error":{"code":"invalid_json","message":"invalid JSON: The input is not valid UTF-8","field":null}})x"},
      {R"x({"amount": 5, "kind": "a", "day": "2026-11-24")x",
       R"x({"error":{"code":"invalid_json","message":"invalid JSON: JSON document ended early in the middle of an object or array.","field":null}})x"},
      {R"x({"amount": 5, "kind": "a", "day": "2026-11-24"} x)x",
       R"x({"error":{"code":"invalid_json","message":"invalid JSON: trailing content after the object","field":null}})x"},
      {R"x({"amount": 5, "kind": "a\"}", "day": "2026-11-24"} 7)x",
       R"x({"error":{"code":"invalid_json","message":"invalid JSON: trailing content after the object","field":null}})x"},
      {"",
       R"x({"error":{"code":"invalid_json","message":"empty line: expected a JSON object","field":null}})x"},
  };
  std::string input, expected;
  for (const auto& c : cases) {
    input += std::string(c.line) + "\n";
    expected += std::string(c.output) + "\n";
  }
  input += R"({"amount": 500, "kind": "b", "day": "2026-11-24"})"
           "\n";
  expected += "{\"big\":true}\n";
  Output r = Eval(input);
  EXPECT_EQ(r.out, expected);
  EXPECT_EQ(r.status, 2);  // some records invalid; every line still answered
}

TEST_F(CatalogueTest, EmptyInputIsNoOutput) {
  Output r = Eval("");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.status, 0);
}

TEST_F(CatalogueTest, TraceAndAuditAreReproducible) {
  std::string input;
  for (int i = 0; i < 300; ++i) {
    input += "{\"amount\": " + std::to_string(i) +
             ", \"kind\": \"a\", \"day\": \"2026-11-24\"}\n";
  }
  Output a = Verdict(
      "eval " + dir_ + " --policy p --as-of 2026-11-24 --trace --audit", input);
  Output b = Verdict(
      "eval " + dir_ + " --policy p --as-of 2026-11-24 --trace --audit", input);
  EXPECT_EQ(a.status, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("\"audit\":{\"pack\":\"verdict_test_"),
            std::string::npos);
}

}  // namespace
}  // namespace verdict
