// Policy test files (PACK/tests/*.yaml, verdict/testing.h): what the loader
// refuses with a positioned diagnostic, so that a mistaken expectation is
// never a case that checks nothing and passes.
#include <gtest/gtest.h>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"
#include "verdict/testing.h"

namespace verdict {
namespace {

using testing_util::DiagnosticsText;
using testing_util::kTierPolicy;
using testing_util::WritePack;

// Loads the tier policy with `test_file` as tests/t.yaml.
LoadResult LoadWithTests(const std::string& name,
                         const std::string& test_file) {
  return Pack::Load(
      WritePack("test_files_" + name,
                {{"tier.yaml", kTierPolicy}, {"tests/t.yaml", test_file}}));
}

// A case with the record `record` and the expectation lines `expect`.
std::string OneCase(const std::string& record, const std::string& expect) {
  return "policy: tier\nas_of: 2026-11-24\ncases:\n  - name: c\n"
         "    record: " +
         record + "\n" + expect;
}

// A record that fails has no outputs: `expect` beside `expect_error` could
// never be checked, and was silently ignored when the record failed.
TEST(PolicyTestFilesTest, ExpectBesideExpectErrorIsRefused) {
  LoadResult r = LoadWithTests(
      "expect_and_error", OneCase("{customer_id: c}",
                                  "    expect: {tier: low}\n"
                                  "    expect_error: {code: missing_field}\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(DiagnosticsText(r).find(
                "t.yaml:7:19: error: test case 'c' has both expect "
                "and expect_error"),
            std::string::npos)
      << DiagnosticsText(r);
}

// The documented form is a mapping; a bare code used to fail the case with
// "unexpected error" although the code matched.
TEST(PolicyTestFilesTest, ScalarExpectErrorIsRefused) {
  LoadResult r = LoadWithTests(
      "scalar_error",
      OneCase("{customer_id: c}", "    expect_error: missing_field\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(
      DiagnosticsText(r).find("t.yaml:6:19: error: expect_error is a mapping: "
                              "write {code: missing_field}"),
      std::string::npos)
      << DiagnosticsText(r);
}

std::string BatchCase(const std::string& second_entry) {
  return "policy: tier\nas_of: 2026-11-24\ncases:\n  - name: b\n"
         "    records:\n      - {customer_id: a, arpu: 70}\n"
         "      - {customer_id: b}\n"
         "    expect:\n      - {tier: high}\n      - " +
         second_entry + "\n";
}

// A batch entry's `error:` is checked as expect_error is; outputs beside it
// could never be checked.
TEST(PolicyTestFilesTest, BatchErrorEntriesAreValidated) {
  LoadResult good = LoadWithTests(
      "batch_good", BatchCase("{error: {field: arpu, code: missing_field}}"));
  ASSERT_TRUE(good.ok()) << DiagnosticsText(good);
  TestReport report = RunPackTests(*good.pack);
  EXPECT_EQ(report.passed, 1);
  EXPECT_EQ(report.failed, 0);

  LoadResult typo =
      LoadWithTests("batch_typo", BatchCase("{error: {field: arpu, cod: x}}"));
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(
      DiagnosticsText(typo).find("t.yaml:10:31: error: unknown key 'cod' in "
                                 "expect_error (expected one of: code, field)"),
      std::string::npos)
      << DiagnosticsText(typo);

  LoadResult empty = LoadWithTests("batch_empty", BatchCase("{error: {}}"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(DiagnosticsText(empty).find(
                "t.yaml:10:17: error: expect_error names a code, "
                "a field or both"),
            std::string::npos)
      << DiagnosticsText(empty);

  LoadResult beside = LoadWithTests(
      "batch_beside", BatchCase("{error: {field: arpu}, tier: high}"));
  ASSERT_FALSE(beside.ok());
  EXPECT_NE(
      DiagnosticsText(beside).find("t.yaml:10:32: error: an expect entry with "
                                   "'error' has no outputs to expect ('tier')"),
      std::string::npos)
      << DiagnosticsText(beside);

  LoadResult scalar =
      LoadWithTests("batch_scalar", BatchCase("{error: missing_field}"));
  ASSERT_FALSE(scalar.ok());
  EXPECT_NE(
      DiagnosticsText(scalar).find("t.yaml:10:17: error: expect_error is a "
                                   "mapping: write {code: missing_field}"),
      std::string::npos)
      << DiagnosticsText(scalar);

  // A batch's errors are its entries': a case-wide expect_error was unread.
  LoadResult case_wide =
      LoadWithTests("batch_case_wide",
                    "policy: tier\nas_of: 2026-11-24\ncases:\n  - name: b\n"
                    "    records: [{customer_id: b}]\n"
                    "    expect_error: {code: missing_field}\n");
  ASSERT_FALSE(case_wide.ok());
  EXPECT_NE(DiagnosticsText(case_wide).find(
                "t.yaml:6:19: error: test case 'b' is a "
                "batch: give one expect entry per record"),
            std::string::npos)
      << DiagnosticsText(case_wide);
}

// Unknown names are load errors at the name (docs/errors.md), as in
// policies, not failed cases found only by `verdict test`.
TEST(PolicyTestFilesTest, UnknownNamesAreLoadErrors) {
  LoadResult policy = LoadWithTests("unknown_policy",
                                    "policy: tierr\ncases:\n  - name: c\n"
                                    "    record: {customer_id: c}\n"
                                    "    expect: {tier: low}\n");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(
      DiagnosticsText(policy).find("t.yaml:1:9: error: unknown policy 'tierr' "
                                   "(did you mean 'tier'?)"),
      std::string::npos)
      << DiagnosticsText(policy);

  LoadResult output = LoadWithTests(
      "unknown_output",
      OneCase("{customer_id: c, arpu: 1}", "    expect: {tierr: low}\n"));
  ASSERT_FALSE(output.ok());
  EXPECT_NE(
      DiagnosticsText(output).find("t.yaml:6:14: error: policy 'tier' has no "
                                   "output 'tierr' (did you mean 'tier'?)"),
      std::string::npos)
      << DiagnosticsText(output);

  LoadResult code = LoadWithTests(
      "unknown_code",
      OneCase("{customer_id: c}", "    expect_error: {code: missing}\n"));
  ASSERT_FALSE(code.ok());
  EXPECT_NE(DiagnosticsText(code).find(
                "t.yaml:6:26: error: unknown error code 'missing' "
                "(expected one of: missing_field, wrong_type, "),
            std::string::npos)
      << DiagnosticsText(code);

  LoadResult batch =
      LoadWithTests("unknown_batch_output", BatchCase("{tierr: low}"));
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(
      DiagnosticsText(batch).find("t.yaml:10:10: error: policy 'tier' has no "
                                  "output 'tierr'"),
      std::string::npos)
      << DiagnosticsText(batch);

  // A policy name that is no name is the loader's one error, not also an
  // unknown policy ''.
  LoadResult list = LoadWithTests("policy_list",
                                  "policy: [tier]\ncases:\n  - name: c\n"
                                  "    record: {customer_id: c}\n"
                                  "    expect: {tier: low}\n");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(DiagnosticsText(list).find("unknown policy"), std::string::npos)
      << DiagnosticsText(list);
}

}  // namespace
}  // namespace verdict
