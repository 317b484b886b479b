// `uses`: another policy's outputs, decided on the same record.
#include <gtest/gtest.h>

#include "src/compile/policy_build.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompileFiles;

const char* kUsed = R"(policy: used
record: r
fields:
  n: int
outputs:
  big: bool
decisions:
  - id: d
    rules:
      - id: k
        then: {big: =r.n > 10}
)";

std::string User(const std::string& fields) {
  return "policy: user\nrecord: r\nuses: [used]\nfields:\n" + fields +
         "outputs:\n  o: bool?\ndecisions:\n  - id: d\n    rules:\n"
         "      - id: k\n        then: {o: =used.big}\n";
}

TEST(UsedPoliciesTest, MapsTheUsedPolicysFieldsToOurs) {
  auto c = CompileFiles(
      "uses_ok",
      {{"a.yaml", kUsed}, {"b.yaml", User("  m: string\n  n: int\n")}});
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy* user = c.pack->Find("user");
  ASSERT_NE(user, nullptr);
  ASSERT_EQ(user->uses.size(), 1u);
  EXPECT_EQ(user->uses[0].policy, c.pack->Find("used"));
  EXPECT_EQ(user->uses[0].field_map, std::vector<int>{1});
}

TEST(UsedPoliciesTest, ReportsMissingAndRetypedFields) {
  auto missing = CompileFiles(
      "uses_missing", {{"a.yaml", kUsed}, {"b.yaml", User("  m: int\n")}});
  EXPECT_TRUE(missing.Has("policy 'used' needs field 'n'")) << missing.Diags();
  auto retyped = CompileFiles(
      "uses_retyped", {{"a.yaml", kUsed}, {"b.yaml", User("  n: money\n")}});
  EXPECT_TRUE(
      retyped.Has("reads 'n' as int, but record 'r' declares it as money"))
      << retyped.Diags();
}

}  // namespace
}  // namespace verdict
