// FastCondition must agree with EvalTruth() wherever it decides, and must
// step aside (kOther) for every value it cannot decide exactly.
#include "src/program/fast_condition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "src/evaluate/interpreter.h"
#include "tests/unit/node_builders.h"

namespace verdict {
namespace {

using testing_nodes::And;
using testing_nodes::Const;
using testing_nodes::Slot;

Value Dec(const char* s) { return Value::Dec(*Decimal::Parse(s)); }

std::vector<Value> Samples() {
  return {Dec("59.99"),
          Dec("60"),
          Dec("60.00"),
          Dec("60.0001"),
          Dec("-1"),
          Dec("-0.5"),
          Dec("123456789012345678901234.5"),  // beyond 64 bits
          Dec("0.000000000000000001"),        // scale 18
          Value::Int(60),
          Value::Int(59),
          Value::Double(60.0),
          Value::Double(std::nan("")),
          Value::String("60"),
          Value::String("high"),
          Value::DateOf(*Date::Parse("2026-02-28")),
          Value::DateOf(*Date::Parse("2026-03-01")),
          Value(),
          Value::Bool(true),
          Value::Error("boom")};
}

TEST(FastConditionTest, AgreesWithEvalTruthWhereverItDecides) {
  EvalContext ctx;
  Frame f(&ctx, 2);
  int decided = 0, stepped_aside = 0;
  for (int op = kLt; op <= kNe; ++op) {
    for (const Value& literal : Samples()) {
      if (literal.is_error() || literal.is_null()) continue;
      for (bool literal_left : {false, true}) {
        Node n = literal_left ? MakeCompare(static_cast<CompareOp>(op),
                                            Const(literal), Slot(0))
                              : MakeCompare(static_cast<CompareOp>(op), Slot(0),
                                            Const(literal));
        auto fast = FastCondition::From(n);
        Kind k = literal.kind();
        bool fast_kind = k == Kind::kDecimal || k == Kind::kInt ||
                         k == Kind::kString || k == Kind::kDate;
        ASSERT_EQ(fast.has_value(), fast_kind) << literal.DebugString();
        if (!fast) continue;
        for (const Value& v : Samples()) {
          f.slot(0) = v;
          Truth t = fast->Test(f);
          if (t == Truth::kOther) {
            ++stepped_aside;
            continue;
          }
          Value other;
          EXPECT_EQ(t, EvalTruth(n, f, &other))
              << "op " << op << " slot " << v.DebugString() << " literal "
              << literal.DebugString() << (literal_left ? " (left)" : "");
          ++decided;
        }
      }
    }
  }
  EXPECT_GT(decided, 100);
  EXPECT_GT(stepped_aside, 100);
}

// The Op::kCompare node over `a` and `b`, built by hand: MakeCompare()
// turns a slot and a literal into the compact Op::kCompareSlot node, so the
// tree form the interpreter used before is the reference it is checked
// against.
Node TreeCompare(CompareOp op, Node a, Node b) {
  Node n;
  n.op = Op::kCompare;
  n.compare = op;
  n.kids.push_back(std::move(a));
  n.kids.push_back(std::move(b));
  return n;
}

// MakeCompare()'s Op::kCompareSlot node (slot and literal held in the node)
// decides as Op::kCompare over a kSlot and a kConst node, in Eval() and
// EvalTruth() (the error or no-overload value too), for every operator and
// every pair of samples, errors and nulls included; FastCondition built
// from the compact node agrees with the tree wherever it decides.
TEST(FastConditionTest, SlotCompareNodesAgreeWithCompareNodes) {
  EvalContext ctx;
  Frame f(&ctx, 2);
  int compared = 0, fast = 0;
  for (int op = kLt; op <= kNe; ++op) {
    const auto cmp = static_cast<CompareOp>(op);
    for (const Value& literal : Samples()) {
      Node slot_form = MakeCompare(cmp, Slot(1), Const(literal));
      Node tree_form = TreeCompare(cmp, Slot(1), Const(literal));
      ASSERT_EQ(slot_form.op, Op::kCompareSlot);
      ASSERT_TRUE(slot_form.kids.empty());
      auto a = FastCondition::From(slot_form);
      Kind k = literal.kind();
      ASSERT_EQ(a.has_value(), k == Kind::kDecimal || k == Kind::kInt ||
                                   k == Kind::kString || k == Kind::kDate)
          << literal.DebugString();
      for (const Value& v : Samples()) {
        f.slot(1) = v;
        Value other_slot, other_tree;
        Truth t_slot = EvalTruth(slot_form, f, &other_slot);
        Truth t_tree = EvalTruth(tree_form, f, &other_tree);
        std::string what = "op " + std::to_string(op) + " slot " +
                           v.DebugString() + " literal " +
                           literal.DebugString();
        EXPECT_EQ(t_slot, t_tree) << what;
        EXPECT_EQ(other_slot.DebugString(), other_tree.DebugString()) << what;
        EXPECT_EQ(Eval(slot_form, f).DebugString(),
                  Eval(tree_form, f).DebugString())
            << what;
        if (a && a->Test(f) != Truth::kOther) {
          EXPECT_EQ(a->Test(f), t_tree) << what;
          ++fast;
        }
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 6 * 19 * 19);
  EXPECT_GT(fast, 400);  // 456 of the 2,166 are decided by FastCondition
}

Node In(Node x, Value list) {
  Node n;
  n.op = Op::kIn;
  n.kids.push_back(std::move(x));
  n.kids.push_back(Const(std::move(list)));
  return n;
}

// A table cell listing strings (`[line_fault, cable_fault]`) is `slot in
// [...]`: decided for a string value, left to EvalTruth for any other.
TEST(FastConditionTest, StringSetsAgreeWithEvalTruth) {
  EvalContext ctx;
  Frame f(&ctx, 2);
  const std::vector<Value> sets = {
      Value::ListOf({Value::String("high")}),
      Value::ListOf(
          {Value::String("60"), Value::String("x"), Value::String("high")}),
      Value::ListOf({Value::String("")}), Value::ListOf({})};
  int decided = 0, stepped_aside = 0;
  for (const Value& set : sets) {
    Node n = In(Slot(1), set);
    auto fast = FastCondition::From(n);
    ASSERT_TRUE(fast) << set.DebugString();
    EXPECT_TRUE(fast->is_set());
    EXPECT_TRUE(fast->ReadsOnlySlot(1));
    std::vector<Value> values = Samples();
    values.push_back(Value::String(""));
    values.push_back(Value::String("x"));
    values.push_back(Value::String("High"));
    for (const Value& v : values) {
      f.slot(1) = v;
      Truth t = fast->Test(f);
      EXPECT_EQ(fast->TestValue(v), t);
      if (t == Truth::kOther) {
        EXPECT_NE(v.kind(), Kind::kString) << v.DebugString();
        ++stepped_aside;
        continue;
      }
      Value other;
      EXPECT_EQ(t, EvalTruth(n, f, &other))
          << v.DebugString() << " in " << set.DebugString();
      ++decided;
    }
  }
  EXPECT_GT(decided, 15);
  EXPECT_GT(stepped_aside, 30);
  // Not string sets: a list with another kind, a list from a slot.
  EXPECT_FALSE(FastCondition::From(
      In(Slot(0), Value::ListOf({Value::String("a"), Value::Int(1)}))));
  Node from_slot;
  from_slot.op = Op::kIn;
  from_slot.kids.push_back(Slot(0));
  from_slot.kids.push_back(Slot(1));
  EXPECT_FALSE(FastCondition::From(from_slot));
}

// Field checks are tested on the value itself (TestValue), without a frame:
// the same truth as Test() with the value in the slot the check reads.
TEST(FastConditionTest, TestValueAgreesWithTestOnTheSlot) {
  EvalContext ctx;
  Frame f(&ctx, 2);
  std::vector<Node> checks;
  checks.push_back(MakeCompare(kGt, Slot(1), Const(Dec("0"))));
  checks.push_back(MakeCompare(kLe, Const(Value::Int(60)), Slot(1)));
  checks.push_back(And(MakeCompare(kGe, Slot(1), Const(Dec("30"))),
                       MakeCompare(kLt, Slot(1), Const(Dec("60")))));
  int compared = 0;
  for (const Node& n : checks) {
    auto fast = FastCondition::From(n);
    ASSERT_TRUE(fast);
    EXPECT_TRUE(fast->ReadsOnlySlot(1));
    EXPECT_FALSE(fast->ReadsOnlySlot(0));
    for (const Value& v : Samples()) {
      f.slot(1) = v;
      EXPECT_EQ(fast->TestValue(v), fast->Test(f)) << v.DebugString();
      ++compared;
    }
  }
  EXPECT_EQ(compared, 3 * static_cast<int>(Samples().size()));
  // Two slots: not a check on one value.
  auto two =
      FastCondition::From(And(MakeCompare(kGe, Slot(0), Const(Dec("1"))),
                              MakeCompare(kLt, Slot(1), Const(Dec("2")))));
  ASSERT_TRUE(two);
  EXPECT_FALSE(two->ReadsOnlySlot(1));
}

TEST(FastConditionTest, AndFollowsCelWhenOneSideCannotBeDecided) {
  EvalContext ctx;
  Frame f(&ctx, 2);
  // [30..60) on slot 0, and a test on slot 1 that may hold anything.
  Node range = And(MakeCompare(kGe, Slot(0), Const(Dec("30"))),
                   MakeCompare(kLt, Slot(0), Const(Dec("60"))));
  Node mixed = And(MakeCompare(kGe, Slot(0), Const(Dec("30"))),
                   MakeCompare(kEq, Slot(1), Const(Value::String("x"))));
  auto fr = FastCondition::From(range);
  auto fm = FastCondition::From(mixed);
  ASSERT_TRUE(fr && fm);
  for (const char* a : {"29.99", "30", "45", "59.9999", "60"}) {
    f.slot(0) = Dec(a);
    Value other;
    EXPECT_EQ(fr->Test(f), EvalTruth(range, f, &other)) << a;
  }
  f.slot(0) = Dec("10");  // false && anything is false
  f.slot(1) = Value::Error("boom");
  EXPECT_EQ(fm->Test(f), Truth::kFalse);
  f.slot(0) = Dec("40");  // true && error: not decided here
  EXPECT_EQ(fm->Test(f), Truth::kOther);
  Value other;
  EXPECT_EQ(EvalTruth(mixed, f, &other), Truth::kOther);
  EXPECT_TRUE(other.is_error());
  // Shapes that are not fast: a call, or three comparisons.
  EXPECT_FALSE(FastCondition::From(And(range, range)));
  EXPECT_FALSE(FastCondition::From(Slot(0)));
}

// A big table's rows keep no condition Nodes (CompiledRule): their fast
// forms rebuild them. Rebuilds() must say yes exactly when ToNode() gives
// the same node, and the rebuilt node must decide every value as the
// original does (the general path runs it when Test() cannot decide).
TEST(FastConditionTest, ToNodeRebuildsTheNodesItSaysItDoes) {
  Node range = And(MakeCompare(kGe, Slot(0), Const(Dec("30"))),
                   MakeCompare(kLt, Slot(0), Const(Dec("60.50"))));
  Node two_slots = And(MakeCompare(kGe, Slot(0), Const(Value::Int(3))),
                       MakeCompare(kNe, Slot(1), Const(Value::String("x"))));
  Node date = MakeCompare(kLe, Slot(1),
                          Const(Value::DateOf(*Date::Parse("2026-02-28"))));
  EvalContext ctx;
  Frame f(&ctx, 2);
  for (const Node* n : {&range, &two_slots, &date}) {
    auto fast = FastCondition::From(*n);
    ASSERT_TRUE(fast);
    ASSERT_TRUE(fast->Rebuilds(*n));
    const Node rebuilt = fast->ToNode();
    for (const Value& a : Samples()) {
      for (const Value& b : Samples()) {
        f.slot(0) = a;
        f.slot(1) = b;
        Value want, got;
        EXPECT_EQ(EvalTruth(rebuilt, f, &got), EvalTruth(*n, f, &want));
        EXPECT_EQ(got.DebugString(), want.DebugString());
      }
    }
  }
  // Nodes it does not rebuild: a literal on the left (mirrored), a set (its
  // node calls @in), a slot read with a source offset, and a node with a
  // member a rebuilt one never sets.
  Node left = MakeCompare(kLt, Const(Value::Int(3)), Slot(0));
  Node set = In(Slot(1), Value::ListOf({Value::String("a")}));
  Node offset_slot = Slot(0);
  offset_slot.offset = 7;
  Node with_offset = MakeCompare(kLt, offset_slot, Const(Value::Int(3)));
  Node with_other = MakeCompare(kLt, Slot(0), Const(Value::Int(3)));
  with_other.accu_slot = 2;
  for (const Node* n : {&left, &set, &with_offset, &with_other}) {
    auto fast = FastCondition::From(*n);
    ASSERT_TRUE(fast);
    EXPECT_FALSE(fast->Rebuilds(*n));
  }
  // Another literal, or the same number of another kind, is another node.
  auto sixty = FastCondition::From(MakeCompare(kLt, Slot(0), Const(Dec("60"))));
  ASSERT_TRUE(sixty);
  EXPECT_TRUE(sixty->Rebuilds(MakeCompare(kLt, Slot(0), Const(Dec("60.0")))));
  EXPECT_FALSE(sixty->Rebuilds(MakeCompare(kLt, Slot(0), Const(Dec("60.01")))));
  EXPECT_FALSE(
      sixty->Rebuilds(MakeCompare(kLt, Slot(0), Const(Value::Int(60)))));
  EXPECT_FALSE(sixty->Rebuilds(MakeCompare(kLe, Slot(0), Const(Dec("60")))));
  EXPECT_FALSE(sixty->Rebuilds(MakeCompare(kLt, Slot(1), Const(Dec("60")))));
}

}  // namespace
}  // namespace verdict
