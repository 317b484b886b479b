// The checker's type of a value that is one of two types (src/check/types.h
// Join): list and map literals, `?:` and a type parameter bound twice
// (list(A) + list(A)) widen to dyn where the types differ, as CEL types
// them, and an empty literal takes the other side's type. Keeping the first
// or the more specific type refused valid expressions: `"a" in ([1, "a"] +
// [2.0])` was "no matching overload for 'in' applied to (string,
// list(double))" (found by a differential run against cel-go).
#include <gtest/gtest.h>

#include "tests/unit/expr_test_util.h"

namespace verdict {
namespace {

using testing_util::CompileError;
using testing_util::Eval;

TEST(TypeJoinTest, MixedOperandsWidenToDynInsteadOfRefusingValidExpressions) {
  EXPECT_TRUE(Eval(R"("a" in ([1, "a"] + [2.0]))").as_bool());
  EXPECT_FALSE(Eval(R"(([dyn(1)] + [2.0])[0] == "x")").as_bool());
  EXPECT_FALSE(Eval(R"(([2.0] + [dyn(1)])[1] == "x")").as_bool());
  EXPECT_TRUE(Eval(R"([[1], ["a"]][1][0] == "a")").as_bool());
  EXPECT_TRUE(Eval(R"({1: [1], 2: ["a"]}[2][0] == "a")").as_bool());
  Value keys =
      Eval(R"((false ? {true: 1, false: 0} : {1: "a", 2u: "b", "c": 3}))"
           R"(.filter(k, k == "c"))");
  ASSERT_EQ(keys.as_list().size(), 1u);
  EXPECT_EQ(keys.as_list()[0].as_string(), "c");
}

TEST(TypeJoinTest, AgreeingTypesAndEmptyLiteralsStayPrecise) {
  // An empty list takes the other side's items: still list(int), so a
  // string item is refused where it would be for [1] alone.
  EXPECT_EQ(Eval("([] + [1])[0] + 1").as_int(), 2);
  EXPECT_NE(CompileError(R"(([] + [1])[0] + "a")").find("no matching overload"),
            std::string::npos);
  EXPECT_NE(
      CompileError(R"(([1] + [2])[0] + "a")").find("no matching overload"),
      std::string::npos);
  EXPECT_NE(CompileError(R"((true ? [1] : [])[0] + "a")")
                .find("no matching overload"),
            std::string::npos);
  EXPECT_EQ(Eval("[[], [[1]]][1][0][0]").as_int(), 1);
}

}  // namespace
}  // namespace verdict
