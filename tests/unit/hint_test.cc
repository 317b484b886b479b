// Hints name only what a user can write: never an internal function such as
// an operator ("_+_") or "@in".
#include <gtest/gtest.h>

#include "verdict/expression.h"

namespace verdict {
namespace {

TEST(HintTest, UnknownFunctionHintIsNeverInternal) {
  for (const char* expr : {"bind(1, 2)", "in(1, [1])", "foo(1)", "ni(1)"}) {
    ExpressionResult r = EvaluateExpression(expr, {}, {}, ExpressionOptions());
    ASSERT_FALSE(r.compile_error.empty()) << expr;
    EXPECT_EQ(r.compile_error.find("'@"), std::string::npos) << r.compile_error;
    EXPECT_EQ(r.compile_error.find("'_"), std::string::npos) << r.compile_error;
  }
}

TEST(HintTest, CloseUserNamesAreStillHinted) {
  ExpressionResult r = EvaluateExpression("sizee('ab')", {}, {},
                                          ExpressionOptions());
  EXPECT_NE(r.compile_error.find("did you mean 'size'?"), std::string::npos)
      << r.compile_error;
}

}  // namespace
}  // namespace verdict
