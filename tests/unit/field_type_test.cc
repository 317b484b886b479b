// FieldType::Parse (src/compile/field_type.h) on nested list types: a depth
// limit as for expressions, and linear work in the text's length.
#include "src/compile/field_type.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::string Nested(int depth, const std::string& inner = "int") {
  std::string s;
  for (int i = 0; i < depth; ++i) s += "list(";
  s += inner;
  s += std::string(static_cast<size_t>(depth), ')');
  return s;
}

TEST(FieldTypeTest, ListsNestToTheLimitAndNoFurther) {
  std::string error;
  auto t = FieldType::Parse(" list( list(money) ) ", &error);
  ASSERT_TRUE(t) << error;
  EXPECT_EQ(t->text, "list( list(money) )");
  ASSERT_TRUE(t->elem && t->elem->elem);
  EXPECT_EQ(t->elem->text, "list(money)");
  EXPECT_EQ(t->elem->elem->text, "money");
  EXPECT_TRUE(t->elem->elem->IsMoney());

  t = FieldType::Parse(Nested(250), &error);
  ASSERT_TRUE(t) << error;
  int depth = 0;
  for (const FieldType* e = &*t; e->elem; e = e->elem.get()) ++depth;
  EXPECT_EQ(depth, 250);
  EXPECT_FALSE(FieldType::Parse(Nested(251), &error));
  EXPECT_EQ(error,
            "type nested too deeply: more than 250 levels of list(...) "
            "(Limits::max_depth)");
  // Errors inside still name the inner text.
  EXPECT_FALSE(FieldType::Parse(Nested(2, "intt"), &error));
  EXPECT_NE(error.find("unknown type 'intt'"), std::string::npos) << error;
}

TEST(FieldTypeTest, TwentyThousandLevelsAreRefusedAtOnce) {
  // The tester's type: `verdict check` used 3 GB and crashed on it (a copy
  // of the inner text per level, and a recursion per level).
  std::string error;
  EXPECT_FALSE(FieldType::Parse(Nested(20000), &error));
  EXPECT_EQ(error,
            "type nested too deeply: more than 250 levels of list(...) "
            "(Limits::max_depth)");
}

TEST(FieldTypeTest, APackWithATooDeepTypeIsRefusedAtTheType) {
  const std::string policy =
      "policy: p\nrecord: r\nfields:\n  deep: " + Nested(20000) +
      "\noutputs:\n  y: int\ndecisions:\n  - id: d\n    rules:\n"
      "      - {id: a, then: {y: 1}}\n";
  std::string dir = testing_util::WritePack("deep_type", {{"p.yaml", policy}});
  LoadResult r = Pack::Load(dir);
  EXPECT_EQ(r.pack, nullptr);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            dir +
                "/p.yaml:4:9: error: type nested too deeply: more than 250 "
                "levels of list(...) (Limits::max_depth)");
  // The limit is the pack's Limits::max_depth.
  LoadOptions options;
  options.limits.max_depth = 3;
  std::string shallow = policy;
  shallow.replace(shallow.find("list("), Nested(20000).size(), Nested(4));
  dir = testing_util::WritePack("deep_type_limit", {{"p.yaml", shallow}});
  r = Pack::Load(dir, options);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            dir +
                "/p.yaml:4:9: error: type nested too deeply: more than 3 "
                "levels of list(...) (Limits::max_depth)");
}

}  // namespace
}  // namespace verdict
