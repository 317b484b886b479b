// The pack as a whole: zone, version, content hash, calendar, and the order
// of policies by `uses`.
#include <gtest/gtest.h>

#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompileFiles;

std::string Policy(const std::string& name, const std::string& uses) {
  return "policy: " + name + "\nrecord: r\n" + uses +
         "fields:\n  n: int\noutputs:\n  o: int?\ndecisions:\n  - id: d\n"
         "    rules:\n      - id: k\n        then: {o: 1}\n";
}

TEST(PackCompilerTest, ZoneVersionHashAndDependencyOrder) {
  auto c = CompileFiles(
      "pack_ok", {{"pack.yaml", "pack: t\nversion: '3'\nzone: '-05:30'\n"},
                  {"a.yaml", Policy("a", "uses: [b]\n")},
                  {"b.yaml", Policy("b", "")}});
  ASSERT_TRUE(c.pack) << c.Diags();
  EXPECT_EQ(c.pack->zone.OffsetAt(0), -(5 * 3600 + 30 * 60));
  EXPECT_TRUE(c.pack->zone.is_fixed());
  EXPECT_EQ(c.pack->version, "3");
  EXPECT_EQ(c.pack->content_hash.size(), 64u);  // SHA-256, hex
  // b is compiled first because a uses it.
  ASSERT_EQ(c.pack->policies.size(), 2u);
  EXPECT_EQ(c.pack->policies[0]->info.name, "b");
  EXPECT_EQ(c.pack->calendar.name, "default");
}

TEST(PackCompilerTest, TheHashFollowsTheContent) {
  auto a = CompileFiles("pack_hash_a", {{"a.yaml", Policy("a", "")}});
  auto b = CompileFiles("pack_hash_b", {{"a.yaml", Policy("a", "") + "\n"}});
  ASSERT_TRUE(a.pack && b.pack);
  EXPECT_NE(a.pack->content_hash, b.pack->content_hash);
}

TEST(PackCompilerTest, ReportsBadZoneCyclesUnknownAndDuplicatePolicies) {
  auto c = CompileFiles("pack_bad", {{"pack.yaml", "pack: t\nzone: '+8'\n"},
                                     {"a.yaml", Policy("a", "uses: [b]\n")},
                                     {"b.yaml", Policy("b", "uses: [a, cc]\n")},
                                     {"c.yaml", Policy("b", "")}});
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(c.Has("zone '+8' is not an offset")) << c.Diags();
  EXPECT_TRUE(c.Has("uses itself through 'uses'")) << c.Diags();
  EXPECT_TRUE(c.Has("unknown policy 'cc' in uses")) << c.Diags();
  EXPECT_TRUE(c.Has("policy 'b' is defined twice")) << c.Diags();
}

}  // namespace
}  // namespace verdict
