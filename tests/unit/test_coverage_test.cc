// Rule coverage of policy tests (RunPackTests, src/api/pack_tests.cc): a
// rule a case reaches is counted under its own policy and decision, read
// back from the trace's names, whatever they hold: a decision id with a
// dot ("step.one"), rules reached through a chain of `uses`, a function's
// rows.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"
#include "verdict/testing.h"

namespace verdict {
namespace {

using testing_util::DiagnosticsText;
using testing_util::WritePack;

// Policy `name` sets `v` from `inner`'s v (when it uses one) plus r.a, in
// decision `d` ("pos" when that is at least 0, else "neg").
std::string Chained(const std::string& name, const std::string& inner) {
  const std::string base = inner.empty() ? "0" : inner + ".v";
  return "policy: " + name + "\nrecord: r\n" +
         (inner.empty() ? "" : "uses: [" + inner + "]\n") +
         "fields:\n  a: int\noutputs:\n  v: int\ndecisions:\n"
         "  - id: d\n    hit: first\n    rules:\n"
         "      - id: pos\n        when: " +
         base + " + r.a >= 0\n        then: {v: \"=" + base +
         " + r.a\"}\n      - id: neg\n        then: {v: 0}\n";
}

TEST(TestCoverageTest, CountsRulesReachedThroughDotsChainsAndFunctions) {
  const std::string dotted = R"yaml(policy: dotted
record: r
fields:
  a: int
outputs:
  res: string
functions:
  size_of:
    params: {n: int}
    returns: {label: string}
    hit: first
    rules:
      - id: big
        when: n > 5
        then: {label: big}
      - id: small
        then: {label: small}
decisions:
  - id: step.one
    hit: first
    rules:
      - id: any
        then: {res: "=size_of(r.a)"}
)yaml";
  const std::string tests = R"yaml(policy: dotted
as_of: 2026-11-24
cases:
  - name: big
    record: {a: 9}
    expect: {res: big}
  - name: small
    record: {a: 1}
    expect: {res: small}
)yaml";
  const std::string chain_tests = R"yaml(policy: p3
as_of: 2026-11-24
cases:
  - name: up
    record: {a: 1}
    expect: {v: 4}
  - name: down
    record: {a: -1}
    expect: {v: 0}
)yaml";
  LoadResult r = Pack::Load(
      WritePack("test_coverage", {{"dotted.yaml", dotted},
                                  {"p0.yaml", Chained("p0", "")},
                                  {"p1.yaml", Chained("p1", "p0")},
                                  {"p2.yaml", Chained("p2", "p1")},
                                  {"p3.yaml", Chained("p3", "p2")},
                                  {"tests/dotted.yaml", tests},
                                  {"tests/chain.yaml", chain_tests}}));
  ASSERT_TRUE(r.ok()) << DiagnosticsText(r);
  TestReport report = RunPackTests(*r.pack);
  EXPECT_EQ(report.failed, 0);
  EXPECT_EQ(report.passed, 4);
  std::string unreached;
  for (const auto& u : report.unreached_rules) unreached += u + "\n";
  EXPECT_TRUE(report.unreached_rules.empty()) << unreached;
  EXPECT_EQ(report.total_rules, 11);
  for (const RuleCoverage& c : report.rules) {
    if (c.policy == "p0" && c.rule == "pos") {
      EXPECT_EQ(c.cases, 1);
    }
    if (c.policy == "dotted" && c.decision == "step.one") {
      EXPECT_EQ(c.cases, 2);
    }
  }
}

}  // namespace
}  // namespace verdict
