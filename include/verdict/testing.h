// Running the policy tests kept beside a pack's policies (PACK/tests/*.yaml),
// as `verdict test` does. A test file names its policy and lists cases:
//
//   policy: customer_tier
//   as_of: 2026-11-24            # default for the cases below
//   cases:
//     - name: exactly 60 is high-end
//       record: {customer_id: c1, arpu: 60.00}
//       expect: {tier: high, archive_required: true}
//     - name: arpu is required
//       record: {customer_id: c2}
//       expect_error: {field: arpu, code: missing_field}
//     - name: a batch (population policies)
//       records: [{...}, {...}]
//       expect: [{tier: high}, {error: {field: monthly_spend}}]
//
// `expect` lists only the outputs it checks; values compare as JSON (money
// numerically, dates as text). A case expects outputs or an error, never
// both (a record that fails has no outputs); `expect_error` and a batch
// entry's `error` are mappings naming a code (docs/errors.md, section 3), a
// field or both, and a batch entry with `error` has no other key. A test
// file that breaks these rules, or names a policy, output or error code that
// does not exist, is a load error at the name's line and column
// (Pack::Load), so `verdict check` reports it as `verdict test` does.
#ifndef VERDICT_TESTING_H_
#define VERDICT_TESTING_H_

#include <string>
#include <vector>

#include "verdict/engine.h"

namespace verdict {

struct TestCaseResult {
  std::string file;
  int line = 0;
  std::string policy;
  std::string name;
  bool passed = false;
  std::vector<std::string> failures;  // one line each: what differed
};

// One rule of the pack and how many test cases reached it (a case counts
// once however many of its records reached the rule).
struct RuleCoverage {
  std::string policy;
  std::string decision;  // a decision id, or a function's name
  std::string rule;
  std::string file;
  int line = 0;
  int cases = 0;
};

struct TestReport {
  std::vector<TestCaseResult> cases;
  int passed = 0;
  int failed = 0;
  // Rules that no passing or failing case reached: "policy/decision/rule"
  // with the rule's file:line.
  std::vector<std::string> unreached_rules;
  int total_rules = 0;
  // Every rule, in pack order (policies' decisions, then functions).
  std::vector<RuleCoverage> rules;
};

// Runs every test of the pack. Never throws for bad test data: a case that
// cannot run is a failed case saying why.
TestReport RunPackTests(const Pack& pack);

}  // namespace verdict

#endif  // VERDICT_TESTING_H_
