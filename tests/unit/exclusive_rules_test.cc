// Unique and any decisions whose rules exclude each other run as first-hit
// (MakeExclusiveFirstHit, src/compile/fast_paths.h): which decisions
// qualify, and that they decide every record exactly as the unique or any
// evaluation they replace (outputs, errors, traces), including records
// where another condition of a rule fails.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/compile/fast_paths.h"
#include "src/evaluate/policy_eval.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

std::string Table(const std::string& hit, const std::string& rows) {
  return R"yaml(policy: p
record: r
fields:
  g: string?
  n: int?
outputs:
  a: string?
  b: int?
decisions:
  - id: t
    hit: )yaml" +
         hit + R"yaml(
    table:
      when: [r.g, r.n]
      then: [a, b]
      rows:
)yaml" + rows;
}

const char* kExclusive = R"yaml(        x: [A, "> 0", ax, 1]
        y: [B, "-", by, 2]
        z: [C, "> 10", cz, 3]
)yaml";

HitPolicy HitOf(const std::string& text) {
  auto c = CompilePolicyText("exclusive_hit", text);
  EXPECT_TRUE(c.pack) << c.Diags();
  if (!c.pack) return HitPolicy::kCollect;
  return c.pack->policies[0]->decisions[0].hit;
}

TEST(ExclusiveRulesTest, OnlyRulesThatCannotBothMatchRunAsFirstHit) {
  EXPECT_EQ(HitOf(Table("unique", kExclusive)), HitPolicy::kFirst);
  EXPECT_EQ(HitOf(Table("any", kExclusive)), HitPolicy::kFirst);
  // The same literal twice: two rules can match.
  EXPECT_EQ(HitOf(Table("unique", R"yaml(        x: [A, "> 0", ax, 1]
        y: [A, "<= 0", by, 2]
)yaml")),
            HitPolicy::kUnique);
  // A rule without the equality (a catch-all cell).
  EXPECT_EQ(HitOf(Table("unique", R"yaml(        x: [A, "> 0", ax, 1]
        y: ["-", "<= 0", by, 2]
)yaml")),
            HitPolicy::kUnique);
  // A list cell: not a single equality.
  EXPECT_EQ(HitOf(Table("any", R"yaml(        x: [[A, B], "> 0", ax, 1]
        y: [C, "<= 0", by, 2]
)yaml")),
            HitPolicy::kAny);
  // Numbers are left alone (values of different kinds may equal two).
  EXPECT_EQ(HitOf(Table("unique", R"yaml(        x: ["-", 1, ax, 1]
        y: ["-", 2, by, 2]
)yaml")),
            HitPolicy::kUnique);
}

// Decides `fields` (g, n) on `p` and returns the decision as text, with
// the rules its trace lists.
std::string DecideText(const CompiledPolicy& p, const Value& g, const Value& n,
                       bool trace) {
  return testing_util::DecisionText(p, {g, n}, trace, nullptr, true);
}

TEST(ExclusiveRulesTest, FirstHitDecidesAsTheUniqueAndAnyItReplaces) {
  for (const char* hit : {"unique", "any"}) {
    auto fast = CompilePolicyText("exclusive_fast", Table(hit, kExclusive));
    auto slow = CompilePolicyText("exclusive_slow", Table(hit, kExclusive));
    ASSERT_TRUE(fast.pack && slow.pack) << fast.Diags() << slow.Diags();
    const CompiledPolicy& fp = *fast.pack->policies[0];
    CompiledPolicy& sp = *slow.pack->policies[0];
    ASSERT_EQ(fp.decisions[0].hit, HitPolicy::kFirst);
    // The reference: the same compiled rules, run by the hit policy written.
    sp.decisions[0].hit =
        std::string(hit) == "unique" ? HitPolicy::kUnique : HitPolicy::kAny;
    const std::vector<Value> gs = {Value::String("A"), Value::String("B"),
                                   Value::String("C"), Value::String("D"),
                                   Value::String(""),  Value(),
                                   Value::Int(1),      Value::Error("bad g")};
    const std::vector<Value> ns = {
        Value(),        Value::Int(-1),     Value::Int(5),
        Value::Int(20), Value::String("x"), Value::Error("bad n")};
    int errors = 0, matches = 0;
    for (const Value& g : gs) {
      for (const Value& n : ns) {
        for (bool trace : {false, true}) {
          const std::string want = DecideText(sp, g, n, trace);
          EXPECT_EQ(DecideText(fp, g, n, trace), want)
              << hit << " g=" << g.DebugString() << " n=" << n.DebugString();
          errors += want.starts_with("error");
          matches += want.find("a=\"") != std::string::npos;
        }
      }
    }
    // Failed conditions, matches and no match at all all came up.
    EXPECT_GT(errors, 10);
    EXPECT_GT(matches, 10);
  }
}

}  // namespace
}  // namespace verdict
