// Policy test files (PACK/tests/*.yaml, verdict/testing.h): what the loader
// refuses with a positioned diagnostic, so that a mistaken expectation is
// never a case that checks nothing and passes.
#include <gtest/gtest.h>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"
#include "verdict/testing.h"

namespace verdict {
namespace {

using testing_util::WritePack;

const char* kTierPolicy = R"(policy: tier
record: customer
fields:
  customer_id: string
  arpu: money
outputs:
  tier: enum(high, low)
decisions:
  - id: tier
    hit: first
    rules:
      - id: high
        when: customer.arpu >= 60
        then: {tier: high}
      - id: low
        then: {tier: low}
)";

std::string All(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  return out;
}

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
  EXPECT_NE(All(r).find("t.yaml:7:19: error: test case 'c' has both expect "
                        "and expect_error"),
            std::string::npos)
      << All(r);
}

// The documented form is a mapping; a bare code used to fail the case with
// "unexpected error" although the code matched.
TEST(PolicyTestFilesTest, ScalarExpectErrorIsRefused) {
  LoadResult r = LoadWithTests(
      "scalar_error",
      OneCase("{customer_id: c}", "    expect_error: missing_field\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(All(r).find("t.yaml:6:19: error: expect_error is a mapping: "
                        "write {code: missing_field}"),
            std::string::npos)
      << All(r);
}

}  // namespace
}  // namespace verdict
