// RunDecision (src/evaluate/decision_eval.cc): a decision of one rule that
// always matches writes its outputs without the rule loop when untraced.
// Decided with a trace, the same record takes the general loop: for every
// hit policy but collect, outputs and errors (failing outputs, in order)
// must agree between the two.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;
using testing_util::DecisionText;

std::string Policy(const std::string& hit) {
  return R"yaml(policy: p
record: r
fields:
  text: string?
  count: int?
outputs:
  shout: string?
  share: int?
  fixed: int?
decisions:
  - id: one
    hit: )yaml" +
         hit + R"yaml(
    rules:
      - id: only
        then:
          shout: "=r.text + '!'"
          share: "=10 / r.count"
  - id: two
    hit: )yaml" +
         hit + R"yaml(
    rules:
      - id: also
        then: {fixed: 7}
)yaml";
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
        const std::string fast =
            DecisionText(p, {g, n}, false, &untraced_entries);
        const std::string loop = DecisionText(p, {g, n}, true, &traced_entries);
        EXPECT_EQ(fast, loop)
            << hit << " g=" << g.DebugString() << " n=" << n.DebugString();
        errors += fast.starts_with("error");
        decided += fast.starts_with("shout=");
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
