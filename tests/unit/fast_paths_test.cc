// What the compiler precomputes: fast conditions, direct tables, fields
// read. (Their agreement with the general path is tested in
// fast_condition_test.cc and direct_table_test.cc.)
#include "src/compile/fast_paths.h"

#include <gtest/gtest.h>

#include <string>

#include "src/compile/table_index_builder.h"
#include "tests/unit/compile_test_util.h"
#include "tests/unit/test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

const char* kTable = R"yaml(policy: p
record: r
fields:
  n: int
  unused: string
outputs:
  a: string?
decisions:
  - id: t
    table:
      when: [r.n]
      then: [a]
      rows:
        low: ["< 10", low]
        mid: ["[10..20)", mid]
        other: ["-", other]
)yaml";

TEST(FastPathsTest, ALiteralFirstHitTableIsDirect) {
  auto c = CompilePolicyText("fast_direct", kTable);
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  ASSERT_TRUE(p.direct.has_value());
  EXPECT_EQ(p.direct->rows.size(), 3u);
  const CompiledRule& mid = p.decisions[0].rules[1];
  ASSERT_EQ(mid.fast.size(), 1u);
  EXPECT_TRUE(mid.fast[0].has_value());
  EXPECT_EQ(p.field_read, (std::vector<bool>{true, false}));
}

TEST(FastPathsTest, ALetMakesThePolicyGeneral) {
  std::string text = kTable;
  text.replace(text.find("decisions:"), 0, "let:\n  k: r.unused\n");
  auto c = CompilePolicyText("fast_let", text);
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  EXPECT_FALSE(p.direct.has_value());
  EXPECT_EQ(p.field_read, (std::vector<bool>{true, true}));
}

TEST(FastPathsTest, AddFastConditionsIsParallelToConditions) {
  CompiledDecision d;
  CompiledRule r;
  Node slot;
  slot.op = Op::kSlot;
  slot.slot = 0;
  Node lit;
  lit.constant = Value::Int(3);
  r.conditions.push_back(MakeCompare(kLt, slot, lit));
  r.conditions.push_back(lit);  // not a comparison
  d.rules.push_back(std::move(r));
  AddFastConditions(d);
  ASSERT_EQ(d.rules[0].fast.size(), 2u);
  EXPECT_TRUE(d.rules[0].fast[0].has_value());
  EXPECT_FALSE(d.rules[0].fast[1].has_value());
}

// `rows` rows of ranges [10k..10k+10) over an optional int, as a policy.
std::string RangeTable(size_t rows) {
  std::string t =
      "policy: p\nrecord: r\nfields:\n  n: int?\noutputs:\n  a: int\n"
      "decisions:\n  - id: t\n    table:\n      when: [r.n]\n"
      "      then: [a]\n      rows:\n";
  for (size_t k = 0; k < rows; ++k) {
    t += "        s" + std::to_string(k) + ": [\"[" + std::to_string(10 * k) +
         ".." + std::to_string(10 * k + 10) + ")\", " + std::to_string(k) +
         "]\n";
  }
  return t;
}

// A big table's rows keep no cell Nodes (ElideConditionNodes); a small
// table's keep theirs. Both decide alike, down to the error of a value the
// fast forms cannot decide (a null), which the big table's rows rebuild.
TEST(FastPathsTest, BigTablesDropTheirCellNodesAndDecideAlike) {
  const size_t big = kMinIndexedRules + 4, small = 3;
  auto b = CompilePolicyText("elided_big", RangeTable(big));
  auto s = CompilePolicyText("elided_small", RangeTable(small));
  ASSERT_TRUE(b.pack && s.pack) << b.Diags() << s.Diags();
  const CompiledDecision& bd = b.pack->policies[0]->decisions[0];
  const CompiledDecision& sd = s.pack->policies[0]->decisions[0];
  ASSERT_EQ(bd.rules.size(), big);
  for (const CompiledRule& r : bd.rules) {
    EXPECT_TRUE(r.conditions.empty());
    ASSERT_EQ(r.condition_count(), 1u);
    ASSERT_TRUE(r.fast[0].has_value());
    EXPECT_EQ(r.condition_texts.size(), 1u);
  }
  for (const CompiledRule& r : sd.rules) {
    EXPECT_EQ(r.conditions.size(), 1u);
    EXPECT_EQ(r.condition_count(), 1u);
  }
  EXPECT_EQ(b.pack->policies[0]->field_read, std::vector<bool>{true});
  auto big_pack = testing_util::LoadCleanPack(
      "elided_big_pack",
      {{"pack.yaml", "pack: e\nversion: '1'\nzone: '+08:00'\n"},
       {"p.yaml", RangeTable(big)}});
  auto small_pack = testing_util::LoadCleanPack(
      "elided_small_pack",
      {{"pack.yaml", "pack: e\nversion: '1'\nzone: '+08:00'\n"},
       {"p.yaml", RangeTable(small)}});
  ASSERT_TRUE(big_pack && small_pack);
  const std::string lines = "{\"n\": 5}\n{\"n\": 25}\n{}\n{\"n\": null}\n";
  for (bool trace : {false, true}) {
    EvalOptions o;
    o.trace = trace;
    auto got = big_pack->EvaluateJsonLines("p", lines, o);
    auto want = small_pack->EvaluateJsonLines("p", lines, o);
    ASSERT_EQ(got.size(), 4u);
    ASSERT_EQ(want.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(got[i].ok(), want[i].ok()) << i;
      if (!want[i].ok()) {
        EXPECT_EQ(got[i].error->code, want[i].error->code) << i;
        EXPECT_EQ(got[i].error->message, want[i].error->message) << i;
        continue;
      }
      ASSERT_EQ(got[i].outputs.size(), 1u);
      EXPECT_EQ(got[i].outputs[0].second.DebugString(),
                want[i].outputs[0].second.DebugString());
      EXPECT_EQ(got[i].trace.size(), want[i].trace.size());
    }
    // A null reaches the first row's cell, which cannot be decided.
    ASSERT_FALSE(want[2].ok());
    EXPECT_NE(want[2].error->message.find("rule 's0'"), std::string::npos)
        << want[2].error->message;
  }
}

}  // namespace
}  // namespace verdict
