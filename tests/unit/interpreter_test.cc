// The interpreter's shortcuts must decide exactly as the general forms they
// stand for: Op::kNot as a call of the `!_` builtin, one-argument calls that
// read their argument in place, and inline argument buffers.
#include "src/evaluate/interpreter.h"

#include <gtest/gtest.h>

#include <vector>

#include "src/check/builtins.h"

namespace verdict {
namespace {

Node Const(Value v) {
  Node n;
  n.op = Op::kConst;
  n.constant = std::move(v);
  return n;
}

Node Slot(int i) {
  Node n;
  n.op = Op::kSlot;
  n.slot = i;
  return n;
}

Node Call(const char* fn, std::vector<Node> kids, Op op = Op::kCall) {
  Node n;
  n.op = op;
  n.fn = Registry::Standard().Find(fn)->impl;
  n.kids = std::move(kids);
  return n;
}

// Operands of `!`: bools, errors, other kinds, and nested forms whose truth
// is decided without building a Value (a comparison, `&&`, a has-test).
std::vector<Node> Operands() {
  std::vector<Node> out;
  for (Value v : {Value::Bool(true), Value::Bool(false), Value::Int(1),
                  Value::String("x"), Value(), Value::Error("boom")}) {
    out.push_back(Const(v));
  }
  out.push_back(Slot(0));  // null slot
  out.push_back(Slot(1));  // a bool
  Node has;
  has.op = Op::kSlotHas;
  has.slot = 1;
  out.push_back(has);
  has.slot = 0;
  out.push_back(has);
  out.push_back(MakeCompare(kLt, Const(Value::Int(1)), Const(Value::Int(2))));
  out.push_back(
      MakeCompare(kLt, Const(Value::Int(1)), Const(Value::String("a"))));
  Node conj;
  conj.op = Op::kAnd;
  conj.kids = {Const(Value::Bool(true)), Const(Value::Error("e"))};
  out.push_back(conj);
  return out;
}

std::string Show(const Value& v) {
  return v.is_error() ? "error: " + v.error_message() : v.DebugString();
}

TEST(InterpreterTest, NotAgreesWithTheBuiltinCall) {
  EvalContext ctx;
  Frame f(&ctx, 2);
  f.slot(1) = Value::Bool(true);
  int checked = 0;
  for (const Node& operand : Operands()) {
    for (int depth = 1; depth <= 2; ++depth) {  // `!x` and `!!x`
      Node fast = operand, slow = operand;
      for (int d = 0; d < depth; ++d) {
        fast = Call("!_", {fast}, Op::kNot);
        slow = Call("!_", {slow});
      }
      Value a = Eval(fast, f), b = Eval(slow, f);
      EXPECT_EQ(Show(a), Show(b));
      Value other;
      Truth t = EvalTruth(fast, f, &other);
      if (b.kind() == Kind::kBool) {
        EXPECT_EQ(t, b.as_bool() ? Truth::kTrue : Truth::kFalse);
      } else {
        EXPECT_EQ(t, Truth::kOther);
        EXPECT_EQ(Show(other), Show(b));
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2 * static_cast<int>(Operands().size()));
}

TEST(InterpreterTest, CallsReadTheirArgumentsWithoutChangingThem) {
  EvalContext ctx;
  Frame f(&ctx, 3);
  f.slot(0) = Value::String("  a text longer than fifteen characters  ");
  f.slot(1) = Value::ListOf({Value::Int(1), Value::Int(2)});
  f.slot(2) = Value::Error("boom");
  EXPECT_EQ(Eval(Call("trim", {Slot(0)}), f).as_string(),
            "a text longer than fifteen characters");
  EXPECT_EQ(Eval(Call("size", {Slot(1)}), f).as_int(), 2);
  EXPECT_EQ(Eval(Call("_+_", {Slot(1), Slot(1)}), f).as_list().size(), 4u);
  // An error argument is the call's result, in place or from the buffer.
  EXPECT_EQ(Show(Eval(Call("size", {Slot(2)}), f)), "error: boom");
  EXPECT_EQ(Show(Eval(Call("_+_", {Slot(1), Slot(2)}), f)), "error: boom");
  // The slots are untouched.
  EXPECT_EQ(f.slot(0).as_string().size(), 41u);
  EXPECT_EQ(f.slot(1).as_list().size(), 2u);
  // Decimal + decimal is exact, and an overflow is an error, not a value.
  for (const char* text :
       {"1e17", "99999999999999999999999999999999999", "1e36", "-1e36"}) {
    Decimal d = *Decimal::Parse(text);
    Value sum =
        Eval(Call("_+_", {Const(Value::Dec(d)), Const(Value::Dec(d))}), f);
    std::optional<Decimal> want = Decimal::Add(d, d);
    EXPECT_EQ(Show(sum), want ? Value::Dec(*want).DebugString()
                              : "error: decimal overflow")
        << text;
  }
  Value cents = Eval(Call("_+_", {Const(Value::Dec(*Decimal::Parse("0.1"))),
                                  Const(Value::Dec(*Decimal::Parse("0.2")))}),
                     f);
  EXPECT_EQ(cents.as_decimal().ToString(), "0.3");
}

// `x == null` and `x != null`, decided without Equal(): the same result as
// Equal() for every kind on either side, null or not, errors included.
TEST(InterpreterTest, NullComparisonsAgreeWithEqual) {
  EvalContext ctx;
  Frame f(&ctx, 1);
  const std::vector<Value> values = {
      Value(),
      Value::Bool(false),
      Value::Int(0),
      Value::Dec(*Decimal::Parse("0")),
      Value::String(""),
      Value::String("a text longer than fifteen characters"),
      Value::ListOf({}),
      Value::MapOf({}),
      Value::OptionalNone(),
      Value::OptionalOf(Value()),
      Value::Error("boom")};
  int checked = 0;
  for (const Value& a : values) {
    for (const Value& b : values) {
      if (!a.is_null() && !b.is_null()) continue;
      for (CompareOp op : {kEq, kNe}) {
        Value other;
        Truth t = EvalTruth(MakeCompare(op, Const(a), Const(b)), f, &other);
        std::optional<bool> e = Equal(a, b);
        if (!e) {
          EXPECT_EQ(t, Truth::kOther);
          EXPECT_TRUE(other.is_error());
        } else {
          EXPECT_EQ(t, *e == (op == kEq) ? Truth::kTrue : Truth::kFalse)
              << a.DebugString() << " vs " << b.DebugString();
        }
        // A slot against a null constant (Op::kCompareSlot's form) too.
        f.slot(0) = a;
        Node slot_form = MakeCompare(op, Slot(0), Const(b));
        Value other2;
        EXPECT_EQ(EvalTruth(slot_form, f, &other2), t);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 2 * (2 * static_cast<int>(values.size()) - 1));
}

TEST(InterpreterTest, InAgreesWithTheBuiltinCall) {
  EvalContext ctx;
  Frame f(&ctx, 2);
  f.slot(0) = Value::String("line_fault");
  std::vector<Node> items = {Slot(0),
                             Slot(1),  // null
                             Const(Value::String("other")),
                             Const(Value::Int(1)),
                             Const(Value::Dec(*Decimal::Parse("1.0"))),
                             Const(Value::Error("boom"))};
  std::vector<Node> containers = {
      Const(Value::ListOf(
          {Value::String("line_fault"), Value::String("cable_fault")})),
      Const(Value::ListOf({Value::Int(1), Value()})),
      Const(Value::ListOf({})),
      Const(Value::MapOf({{Value::String("other"), Value::Int(0)},
                          {Value::Int(1), Value::Int(1)}})),
      Const(Value::String("line_fault")),  // no overload
      Const(Value::Error("bad list")),
      Slot(0)};
  int trues = 0, checked = 0;
  for (const Node& x : items) {
    for (const Node& c : containers) {
      Value fast = Eval(Call("@in", {x, c}, Op::kIn), f);
      Value slow = Eval(Call("@in", {x, c}), f);
      EXPECT_EQ(Show(fast), Show(slow));
      trues += fast.kind() == Kind::kBool && fast.as_bool();
      ++checked;
    }
  }
  EXPECT_EQ(checked, 42);
  EXPECT_GE(trues, 4);  // the slot, 1 and 1.0 in a list, keys of the map
}

}  // namespace
}  // namespace verdict
