// Expressions in policy YAML: positions of errors inside the file, bool
// conditions, `then` literals typed by their output.
#include "src/compile/expressions.h"

#include <gtest/gtest.h>

namespace verdict {
namespace {

class ExpressionsTest : public ::testing::Test {
 protected:
  ExpressionsTest() : ctx_(&pack_, &diags_), env_(&next_) {
    env_.AddVariable("n", next_++, types::Type::Of(types::TypeKind::kInt));
  }
  syntax::Scalar At(std::string text, int line, int column) {
    syntax::Scalar s;
    s.text = std::move(text);
    s.pos = {syntax::FileName("p.yaml"), line, column};
    return s;
  }
  PackImpl pack_;
  std::vector<Diagnostic> diags_;
  CompileContext ctx_;
  int next_ = 0;
  CompileEnv env_;
};

TEST_F(ExpressionsTest, ErrorsPointIntoTheFile) {
  syntax::Scalar s = At("n + m", 4, 11);
  CompiledExpr ce;
  EXPECT_FALSE(CompileExprAt(ctx_, s, s.text, 0, env_, &ce));
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_[0].line, 4);
  EXPECT_EQ(diags_[0].column, 15);  // the `m`
}

TEST_F(ExpressionsTest, ConditionsMustBeBool) {
  Node n;
  std::vector<std::string> reads;
  EXPECT_TRUE(CompileCondition(ctx_, At("n > 1", 1, 1), env_, &n, &reads));
  EXPECT_EQ(reads, std::vector<std::string>{"n"});
  EXPECT_FALSE(CompileCondition(ctx_, At("n + 1", 2, 1), env_, &n, &reads));
  EXPECT_FALSE(CompileCondition(ctx_, At("  ", 3, 1), env_, &n, &reads));
  ASSERT_EQ(diags_.size(), 2u);
  EXPECT_NE(diags_[0].message.find("must be bool"), std::string::npos);
}

TEST_F(ExpressionsTest, ThenValuesAreLiteralsOfTheOutputTypeOrExpressions) {
  auto money = FieldType::Parse("money", nullptr);
  ASSERT_TRUE(money);
  Node n;
  std::vector<std::string> reads;
  ASSERT_TRUE(CompileThenValue(ctx_, At("12.50", 1, 1), &*money, false, env_,
                               &n, &reads));
  ASSERT_EQ(n.op, Op::kConst);
  EXPECT_EQ(n.constant.kind(), Kind::kDecimal);
  ASSERT_TRUE(CompileThenValue(ctx_, At("=n * 2", 1, 1), &*money, false, env_,
                               &n, &reads));
  EXPECT_NE(n.op, Op::kConst);
  // null needs an optional output.
  EXPECT_FALSE(CompileThenValue(ctx_, At("null", 5, 3), &*money, false, env_,
                                &n, &reads));
  EXPECT_TRUE(CompileThenValue(ctx_, At("null", 5, 3), &*money, true, env_, &n,
                               &reads));
  EXPECT_TRUE(n.constant.is_null());
  EXPECT_FALSE(CompileThenValue(ctx_, At("abc", 6, 3), &*money, false, env_, &n,
                                &reads));
  EXPECT_EQ(diags_.size(), 2u);
}

}  // namespace
}  // namespace verdict
