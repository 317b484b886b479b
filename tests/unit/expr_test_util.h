// Helpers for tests of the expression language's functions: one
// expression, no record, evaluated through the public EvaluateExpression().
#ifndef VERDICT_TESTS_UNIT_EXPR_TEST_UTIL_H_
#define VERDICT_TESTS_UNIT_EXPR_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>

#include "verdict/expression.h"

namespace verdict::testing_util {

// The value of `src`; a compile error fails the calling test.
inline Value Eval(const std::string& src) {
  ExpressionResult r = EvaluateExpression(src, {}, {});
  EXPECT_EQ(r.compile_error, "") << src;
  return r.value;
}

// The compile error of `src`; none fails the calling test.
inline std::string CompileError(const std::string& src) {
  ExpressionResult r = EvaluateExpression(src, {}, {});
  EXPECT_NE(r.compile_error, "") << src;
  return r.compile_error;
}

}  // namespace verdict::testing_util

#endif  // VERDICT_TESTS_UNIT_EXPR_TEST_UTIL_H_
