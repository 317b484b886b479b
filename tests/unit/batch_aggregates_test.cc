// `batch:` aggregates as compiled.
#include <gtest/gtest.h>

#include "src/compile/policy_build.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

std::string Policy(const std::string& batch) {
  return "policy: p\nrecord: r\nfields:\n  n: money\nbatch:\n" + batch +
         "outputs:\n  o: bool?\ndecisions:\n  - id: d\n    rules:\n"
         "      - id: k\n        then: {o: true}\n";
}

TEST(BatchAggregatesTest, EachKindGetsASlot) {
  auto c = CompilePolicyText(
      "batch_ok", Policy("  c: count()\n  s: sum(r.n)\n  top: sorted(r.n)\n"));
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  ASSERT_EQ(p.batch.size(), 3u);
  EXPECT_TRUE(p.info.batch);
  EXPECT_EQ(p.batch[0].kind, BatchAggregate::Kind::kCount);
  EXPECT_EQ(p.batch[1].kind, BatchAggregate::Kind::kSum);
  EXPECT_EQ(p.batch[2].kind, BatchAggregate::Kind::kSorted);
  EXPECT_LT(p.batch[0].slot, p.batch[1].slot);
  EXPECT_LT(p.batch[1].slot, p.batch[2].slot);
}

TEST(BatchAggregatesTest, ReportsOtherShapesAndBadArguments) {
  auto c = CompilePolicyText(
      "batch_bad", Policy("  a: avg(r.n)\n  b: count(r.n)\n  s: sum(r.x)\n"));
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(c.Has("a batch aggregate is count(), sum(x)")) << c.Diags();
  EXPECT_TRUE(c.Has("no field 'x'")) << c.Diags();
}

// sum() adds numbers: over a date or a string it once loaded, and every
// record failed with "no matching overload for '_+_' applied to (error,
// date)". A pack error at the argument; min, max and sorted take them.
TEST(BatchAggregatesTest, SumTakesNumbersOnly) {
  const std::string fields =
      "policy: p\nrecord: c\nfields:\n  id: string\n  d: date\n"
      "  n: int\n  x: double\n  m: money\n  v: dyn\nbatch:\n";
  const std::string rest =
      "outputs:\n  o: bool?\ndecisions:\n  - id: d\n    rules:\n"
      "      - id: k\n        then: {o: true}\n";
  auto c = CompilePolicyText(
      "batch_sum_bad", fields + "  a: sum(c.d)\n  b: sum( c.id )\n" + rest);
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(
      c.Has("p.yaml:11:10: error: sum(x) adds numbers, but 'c.d' is "
            "date: sum an int, money, decimal or double (min(x), "
            "max(x) and sorted(x) take other values)"))
      << c.Diags();
  EXPECT_TRUE(
      c.Has("p.yaml:12:10: error: sum(x) adds numbers, but 'c.id' is "
            "string"))
      << c.Diags();
  auto ok = CompilePolicyText(
      "batch_sum_ok", fields +
                          "  a: sum(c.n)\n  b: sum(c.x)\n  e: sum(c.m)\n"
                          "  f: sum(c.v)\n  g: min(c.d)\n  h: max(c.id)\n"
                          "  i: sorted(c.d)\n" +
                          rest);
  EXPECT_TRUE(ok.pack) << ok.Diags();
}

}  // namespace
}  // namespace verdict
