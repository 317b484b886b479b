// src/program/program.h and program.cc: the one pointer a node holds for
// its precompiled regex or its callable, and which node runs an operator or
// builtin call.
#include "src/program/program.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <memory>
#include <span>

namespace verdict {
namespace {

class Answer : public Callable {
 public:
  Value CallInPlace(std::span<const Value* const> args, Frame&) const override {
    return Value::Int(static_cast<int64_t>(args.size()) + 40);
  }
};

TEST(NodeTest, HoldsNothingByDefault) {
  Node n;
  EXPECT_EQ(n.held, nullptr);
}

TEST(NodeTest, RegexReadsBackTheSameObject) {
  auto re = std::make_shared<const re2::RE2>("^a+b$");
  Node n;
  n.op = Op::kMatchesConst;
  n.set_regex(re);
  EXPECT_EQ(&n.regex(), re.get());
  EXPECT_TRUE(re2::RE2::PartialMatch("aaab", n.regex()));
  // The node shares ownership: the regex outlives the caller's pointer.
  re.reset();
  Node copy = n;
  EXPECT_FALSE(re2::RE2::PartialMatch("b", copy.regex()));
  EXPECT_EQ(copy.regex().pattern(), "^a+b$");
}

TEST(NodeTest, CallableReadsBackTheSameObject) {
  std::shared_ptr<const Callable> c = std::make_shared<Answer>();
  Node n;
  n.op = Op::kCallable;
  n.set_callable(c);
  EXPECT_EQ(&n.callable(), c.get());
  c.reset();
  EvalContext ctx;
  Frame f(&ctx, 0);
  Value args[2] = {Value::Int(1), Value::Int(2)};
  EXPECT_EQ(n.callable().Call(args, f).as_int(), 42);
}

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
