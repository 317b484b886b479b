// RunDecision (src/evaluate/decision_eval.cc): a decision of one rule that
// always matches writes its outputs without the rule loop when untraced.
// Decided with a trace, the same record takes the general loop: for every
// hit policy but collect, outputs and errors (failing outputs, in order)
// must agree between the two. RunDecision's `first_hit` names the rule
// the trace names.
#include "src/evaluate/decision_eval.h"

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

// A first hit of three rules, a collect, a unique and a first hit of one
// rule: `first_hit` is the
// index of the rule the trace lists for a first hit, else -1, on every
// record (a match of each rule, none, and an error).
TEST(DecisionEvalTest, FirstHitNamesTheRuleTheTraceNames) {
  auto c = CompilePolicyText("first_hit", R"yaml(policy: p
record: r
fields:
  n: int?
outputs:
  size: string?
  tags: list(string)
  sign: string?
  mark: string?
decisions:
  - id: size
    rules:
      - {id: small, when: "r.n < 10", then: {size: small}}
      - {id: big, when: "r.n < 100", then: {size: big}}
      - {id: huge, when: "r.n >= 100", then: {size: huge}}
  - id: tags
    hit: collect
    into: tags
    rules:
      - {id: odd, when: "r.n % 2 == 1", then: odd}
      - {id: any, then: any}
  - id: sign
    hit: unique
    rules:
      - {id: pos, when: "r.n > 0", then: {sign: pos}}
      - {id: neg, when: "r.n <= 0", then: {sign: neg}}
  - id: always
    rules:
      - {id: only, then: {mark: seen}}
)yaml");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  ASSERT_EQ(p.decisions.size(), 4u);
  std::vector<int> seen;
  for (const Value& n : {Value::Int(3), Value::Int(40), Value::Int(400),
                         Value::Int(-1), Value()}) {
    for (const CompiledDecision& d : p.decisions) {
      EvalContext ctx;
      Frame traced(&ctx, p.frame_size), untraced(&ctx, p.frame_size);
      traced.slot(0) = n;
      untraced.slot(0) = n;
      std::vector<TraceEntry> trace;
      int with_trace = 7, without = 7;
      const bool ok = !RunDecision(d, traced, &trace, &with_trace).has_value();
      EXPECT_EQ(ok, !RunDecision(d, untraced, nullptr, &without).has_value());
      EXPECT_EQ(with_trace, without) << d.id << " " << n.DebugString();
      int expected = -1;
      if (ok && d.hit == HitPolicy::kFirst) {
        ASSERT_EQ(trace.size(), 1u) << n.DebugString();
        for (size_t r = 0; r < d.rules.size(); ++r) {
          if (d.rules[r].id == trace[0].rule) expected = static_cast<int>(r);
        }
      }
      EXPECT_EQ(without, expected) << d.id << " " << n.DebugString();
      if (d.hit == HitPolicy::kFirst) seen.push_back(without);
    }
  }
  // Each rule of `size` won a record, the null failed it (-1); `always`
  // (one rule, no condition: decided without the rule loop) won each.
  EXPECT_EQ(seen, (std::vector<int>{0, 0, 1, 0, 2, 0, 0, 0, -1, 0}));
}

}  // namespace
}  // namespace verdict
