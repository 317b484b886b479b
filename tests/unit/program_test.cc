// src/program/program.cc: which node runs an operator or builtin call.
#include "src/program/program.h"

#include <gtest/gtest.h>

namespace verdict {
namespace {

TEST(ProgramTest, CallOpOfPicksTheInPlaceNodesOnlyAtTheirArity) {
  EXPECT_EQ(CallOpOf("!_", 1), Op::kNot);
  EXPECT_EQ(CallOpOf("@in", 2), Op::kIn);
  // Other arities (no such overload: the call reports it when run) and
  // other builtins stay calls.
  EXPECT_EQ(CallOpOf("!_", 2), Op::kCall);
  EXPECT_EQ(CallOpOf("@in", 1), Op::kCall);
  EXPECT_EQ(CallOpOf("@in", 3), Op::kCall);
  EXPECT_EQ(CallOpOf("size", 1), Op::kCall);
  EXPECT_EQ(CallOpOf("-_", 1), Op::kCall);
  EXPECT_EQ(CallOpOf("in", 2), Op::kCall);
}

TEST(ProgramTest, CompareOpOfNamesTheSixComparisons) {
  EXPECT_EQ(CompareOpOf("_<_"), kLt);
  EXPECT_EQ(CompareOpOf("_<=_"), kLe);
  EXPECT_EQ(CompareOpOf("_>_"), kGt);
  EXPECT_EQ(CompareOpOf("_>=_"), kGe);
  EXPECT_EQ(CompareOpOf("_==_"), kEq);
  EXPECT_EQ(CompareOpOf("_!=_"), kNe);
  EXPECT_EQ(CompareOpOf("@in"), -1);
  EXPECT_EQ(CompareOpOf("_+_"), -1);
}

}  // namespace
}  // namespace verdict
