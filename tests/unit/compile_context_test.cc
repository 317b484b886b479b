// CompileContext: errors fail the compilation, warnings do not; types are
// parsed where they are written.
#include "src/compile/compile_context.h"

#include <gtest/gtest.h>

namespace verdict {
namespace {

TEST(CompileContextTest, ErrorsFailWarningsDoNot) {
  PackImpl pack;
  std::vector<Diagnostic> diags;
  CompileContext ctx(&pack, &diags);
  ctx.Warn({syntax::FileName("f.yaml"), 1, 2}, "w");
  EXPECT_FALSE(ctx.failed());
  ctx.Error({syntax::FileName("f.yaml"), 3, 4}, "e");
  EXPECT_TRUE(ctx.failed());
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[0].ToString(), "f.yaml:1:2: warning: w");
  EXPECT_EQ(diags[1].ToString(), "f.yaml:3:4: error: e");
}

TEST(CompileContextTest, ParseTypeAtReadsOptionalTypesAndReportsBadOnes) {
  PackImpl pack;
  std::vector<Diagnostic> diags;
  CompileContext ctx(&pack, &diags);
  syntax::Scalar s;
  s.text = " money? ";
  FieldType t;
  bool nullable = false;
  ASSERT_TRUE(ParseTypeAt(ctx, s, &t, &nullable));
  EXPECT_TRUE(nullable);
  EXPECT_EQ(t.base, FieldType::Base::kMoney);
  s.text = "monie";
  s.pos = {syntax::FileName("p.yaml"), 7, 9};
  EXPECT_FALSE(ParseTypeAt(ctx, s, &t, &nullable));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].line, 7);
  EXPECT_TRUE(ctx.failed());
}

TEST(CompileContextTest, OwnKeepsTypesAlive) {
  PackImpl pack;
  std::vector<Diagnostic> diags;
  CompileContext ctx(&pack, &diags);
  auto t = std::make_unique<FieldType>();
  t->text = "int";
  FieldType* p = ctx.Own(std::move(t));
  EXPECT_EQ(p->text, "int");
}

}  // namespace
}  // namespace verdict
