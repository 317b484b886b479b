// What the compiler precomputes: fast conditions, direct tables, fields
// read. (Their agreement with the general path is tested in
// fast_condition_test.cc and direct_table_test.cc.)
#include "src/compile/fast_paths.h"

#include <gtest/gtest.h>

#include "tests/unit/compile_test_util.h"

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

}  // namespace
}  // namespace verdict
