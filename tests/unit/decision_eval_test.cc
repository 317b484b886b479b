// RunDecision (src/evaluate/decision_eval.cc): a decision of one rule that
// always matches writes its outputs without the rule loop when untraced.
// Decided with a trace, the same record takes the general loop: for every
// hit policy but collect, outputs and errors (failing outputs, in order)
// must agree between the two.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/evaluate/policy_eval.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

std::string Policy(const std::string& hit) {
  return R"yaml(policy: p
record: r
fields:
  g: string?
  n: int?
outputs:
  a: string?
  b: int?
  c: int?
decisions:
  - id: one
    hit: )yaml" +
         hit + R"yaml(
    rules:
      - id: only
        then:
          a: "=r.g + '!'"
          b: "=10 / r.n"
  - id: two
    hit: )yaml" +
         hit + R"yaml(
    rules:
      - id: also
        then: {c: 7}
)yaml";
}

// The decision's outputs or error as text (its trace left out).
std::string Outcome(const CompiledPolicy& p, const Value& g, const Value& n,
                    bool trace, size_t* traced) {
  EvalContext ctx;
  Frame f(&ctx, p.frame_size);
  f.slot(0) = g;
  f.slot(1) = n;
  Decision d;
  DecideInto(p, f, nullptr, trace, &d);
  *traced += d.trace.size();
  if (!d.ok()) return "error " + d.error->code + ": " + d.error->message;
  std::string out;
  for (const auto& [name, v] : d.outputs)
    out += name + "=" + v.DebugString() + " ";
  return out;
}

TEST(DecisionEvalTest, OneUnconditionalRuleDecidesAsTheRuleLoop) {
  const std::vector<Value> gs = {Value::String("x"), Value::String(""), Value(),
                                 Value::Int(3)};
  const std::vector<Value> ns = {Value::Int(2), Value::Int(0), Value(),
                                 Value::Int(-5)};
  for (const char* hit : {"first", "unique", "any"}) {
    auto c = CompilePolicyText("one_rule", Policy(hit));
    ASSERT_TRUE(c.pack) << c.Diags();
    const CompiledPolicy& p = *c.pack->policies[0];
    int errors = 0, decided = 0;
    size_t untraced_entries = 0, traced_entries = 0;
    for (const Value& g : gs) {
      for (const Value& n : ns) {
        const std::string fast = Outcome(p, g, n, false, &untraced_entries);
        const std::string loop = Outcome(p, g, n, true, &traced_entries);
        EXPECT_EQ(fast, loop)
            << hit << " g=" << g.DebugString() << " n=" << n.DebugString();
        errors += fast.starts_with("error");
        decided += fast.starts_with("a=");
      }
    }
    // Both outputs fail, one fails, none fails; the loop traced its rules.
    EXPECT_GT(errors, 8) << hit;
    EXPECT_GT(decided, 1) << hit;
    EXPECT_EQ(untraced_entries, 0u);
    EXPECT_GT(traced_entries, 2u);
  }
}

}  // namespace
}  // namespace verdict
