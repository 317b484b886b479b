// syntax::Tree: YAML as plain data with positions, so that no stage after
// src/parse sees a YAML::Node.
#include "src/parse/yaml_tree.h"

#include <gtest/gtest.h>

namespace verdict::syntax {
namespace {

TEST(YamlTreeTest, KeepsKindsTextQuotesAndPositions) {
  std::optional<YamlDoc> doc = YamlDoc::Parse(
      "a: 1\n"
      "b: 'x'\n"
      "c: [p, ~]\n"
      "d: {e: f}\n"
      "g:\n");
  ASSERT_TRUE(doc.has_value());
  Tree t = TreeOf(doc->root(), FileName("f.yaml"));
  ASSERT_TRUE(t.is_map());
  ASSERT_EQ(t.keys.size(), 5u);
  EXPECT_EQ(t.Get("a").text, "1");
  EXPECT_FALSE(t.Get("a").quoted);
  EXPECT_EQ(t.Get("a").pos.line, 1);
  EXPECT_EQ(t.Get("a").pos.column, 4);
  EXPECT_EQ(t.Get("b").text, "x");
  EXPECT_TRUE(t.Get("b").quoted);
  // The column of the text itself, after the quote.
  EXPECT_EQ(t.Get("b").pos.column, 5);
  EXPECT_EQ(t.Get("b").pos.file, "f.yaml");
  ASSERT_TRUE(t.Get("c").is_list());
  ASSERT_EQ(t.Get("c").items.size(), 2u);
  EXPECT_TRUE(t.Get("c").items[1].is_null());
  EXPECT_EQ(t.Get("d").Get("e").text, "f");
  EXPECT_TRUE(t.Get("g").is_null());
  EXPECT_FALSE(t.Get("zzz").present());
  EXPECT_FALSE(t.Get("a").Get("x").present());
}

TEST(YamlTreeTest, UndefinedNodeIsAbsent) {
  std::optional<YamlDoc> doc = YamlDoc::Parse("a: 1");
  ASSERT_TRUE(doc.has_value());
  EXPECT_FALSE(TreeOf(doc->root()["missing"], FileName("f")).present());
}

}  // namespace
}  // namespace verdict::syntax
