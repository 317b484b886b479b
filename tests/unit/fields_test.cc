// Record fields as compiled: slots, defaults, patterns, checks.
#include <gtest/gtest.h>

#include "src/compile/policy_build.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

TEST(FieldsTest, SlotsInOrderThenWholeRecordAndAsOf) {
  auto c = CompilePolicyText("fields_ok", R"(policy: p
record: r
fields:
  a: int
  b: money?
  c: string = x
  d: {type: money, check: "> 0"}
  e: {type: string, pattern: "[0-9]+"}
outputs:
  o: int?
decisions:
  - id: d
    rules:
      - id: k
        then: {o: =r.a}
)");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  ASSERT_EQ(p.fields.size(), 5u);
  EXPECT_TRUE(p.fields[0].required);
  EXPECT_FALSE(p.fields[1].required);
  EXPECT_EQ(p.fields[2].default_value.as_string(), "x");
  EXPECT_TRUE(p.fields[3].has_check);
  EXPECT_EQ(p.fields[3].check_text, "> 0");
  EXPECT_EQ(p.fields[4].pattern_text, "[0-9]+");
  EXPECT_EQ(p.whole_record_slot, 5);
  EXPECT_EQ(p.as_of_slot, 6);
  EXPECT_EQ(p.check_slot, 7);
  EXPECT_EQ(p.info.fields.size(), 5u);
}

TEST(FieldsTest, ReportsBadTypesDefaultsAndPatterns) {
  auto c = CompilePolicyText("fields_bad", R"(policy: p
record: r
fields:
  a: integer
  b: int = x
  e: {type: string, pattern: "[0-9"}
outputs:
  o: int?
decisions:
  - id: d
    rules:
      - id: k
        then: {o: 1}
)");
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(c.Has("p.yaml:4:6: error:")) << c.Diags();
  EXPECT_TRUE(c.Has("default of 'b'")) << c.Diags();
  EXPECT_TRUE(c.Has("invalid pattern")) << c.Diags();
}

}  // namespace
}  // namespace verdict
