// An unclosed flow collection is reported where it was opened.
#include "src/parse/yaml_flow.h"

#include <gtest/gtest.h>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

TEST(YamlFlowTest, FindsTheInnermostOpenBracket) {
  auto p = FlowOpenedBefore("a: [1, [2, 3]\nb: 4\n", {5, 0});
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->line, 0);
  EXPECT_EQ(p->column, 3);
  p = FlowOpenedBefore("a: {x: [1, 2], y: 3\n", {9, 0});
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->column, 3);
}

TEST(YamlFlowTest, SkipsQuotesCommentsAndClosedOnes) {
  EXPECT_FALSE(FlowOpenedBefore("a: [1, 2]  # [ not this\n", {9, 0}));
  EXPECT_FALSE(FlowOpenedBefore("a: \"[x\"\nb: '[y'' ['\n", {9, 0}));
  EXPECT_FALSE(FlowOpenedBefore("a: it's [fine]\n", {9, 0}));
  auto p = FlowOpenedBefore("a: ['[', \"]\", [\n", {9, 0});
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->column, 14);
}

TEST(YamlFlowTest, PackErrorPointsAtTheOpeningBracket) {
  const char* policy =
      "policy: t\nrecord: r\nfields:\n  a: int\noutputs:\n  x: int\n"
      "decisions:\n  - id: d\n    hit: first\n    table:\n"
      "      when: [r.a\n"  // line 11: the '[' is at column 13
      "      then: [x]\n      rows:\n        one: [\"> 1\", 1]\n";
  LoadResult r = Pack::Load(testing_util::WritePack(
      "flow",
      {{"p.yaml", policy}, {"pack.yaml", "pack: t\nversion: \"1\"\n"}}));
  ASSERT_FALSE(r.ok());
  bool found = false;
  for (const auto& d : r.diagnostics) {
    if (d.ToString().find("p.yaml:11:13: error: YAML: this flow collection "
                          "is never closed") != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << r.diagnostics.front().ToString();
}

}  // namespace
}  // namespace verdict
