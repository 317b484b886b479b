// Expressions in policy YAML: positions of errors inside the file, bool
// conditions, `then` literals typed by their output.
#include "src/compile/expressions.h"

#include <gtest/gtest.h>

#include <random>

#include "src/check/builtins.h"
#include "src/evaluate/interpreter.h"
#include "src/program/fast_condition.h"

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

// An int literal compared with a decimal is held as that decimal, so the
// comparison is a FastCondition (and indexable); its truth is the mixed
// comparison's, which the interpreter decides by value.
TEST_F(ExpressionsTest, IntLiteralsComparedWithDecimalsAreDecimals) {
  const int spend = next_++;
  env_.AddVariable("spend", spend, types::Type::Of(types::TypeKind::kDecimal));
  const char* values[] = {"-1", "-0.0001", "0", "0.00",          "0.0001",
                          "1",  "1.0000",  "7", "99999999999999"};
  int checked = 0;
  for (const char* cond : {"spend > 0", "0 < spend", "spend == 0", "spend != 1",
                           "spend >= 1", "7 >= spend"}) {
    Node n;
    std::vector<std::string> reads;
    ASSERT_TRUE(CompileCondition(ctx_, At(cond, 1, 1), env_, &n, &reads));
    // `spend OP literal` is a kCompareSlot node; `literal OP spend` a
    // kCompare with the literal first.
    Value* literal = n.op == Op::kCompareSlot ? &n.constant
                     : n.op == Op::kCompare   ? &n.kids[0].constant
                                              : nullptr;
    ASSERT_NE(literal, nullptr) << cond;
    EXPECT_EQ(literal->kind(), Kind::kDecimal) << cond;
    auto fast = FastCondition::From(n);
    ASSERT_TRUE(fast) << cond;
    // The reference: the same comparison with the literal an int again.
    Node mixed = n;
    (n.op == Op::kCompareSlot ? mixed.constant : mixed.kids[0].constant) =
        Value::Int(std::stoll(literal->as_decimal().ToString()));
    EvalContext ec;
    Frame f(&ec, next_);
    for (const char* v : values) {
      f.slot(spend) = Value::Dec(*Decimal::Parse(v));
      Value other;
      Truth want = EvalTruth(mixed, f, &other);
      ASSERT_NE(want, Truth::kOther) << cond << " " << v;
      EXPECT_EQ(fast->Test(f), want) << cond << " " << v;
      EXPECT_EQ(EvalTruth(n, f, &other), want) << cond << " " << v;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 6 * 9);
  // An int compared with an int stays an int.
  Node n;
  std::vector<std::string> reads;
  ASSERT_TRUE(CompileCondition(ctx_, At("n > 0", 1, 1), env_, &n, &reads));
  EXPECT_EQ(n.constant.kind(), Kind::kInt);
}

}  // namespace
}  // namespace verdict

namespace verdict {
namespace {

// `list + [a, b]` compiles to one call that appends the items
// (ListAppend); over generated lists, items, failing items and list limits
// it gives what appending by hand gives, and the errors the sum gives.
TEST_F(ExpressionsTest, AListPlusAListLiteralAppendsItsItems) {
  using types::Type;
  using types::TypeKind;
  const int l = next_++, x = next_++, y = next_++, d = next_++;
  env_.AddVariable("l", l, Type::List(Type::Of(TypeKind::kString)));
  env_.AddVariable("x", x, Type::Of(TypeKind::kString));
  env_.AddVariable("y", y, Type::Of(TypeKind::kString));
  env_.AddVariable("d", d, Type::Of(TypeKind::kInt));
  auto compile = [&](const char* text) {
    CompiledExpr ce;
    EXPECT_TRUE(CompileExprAt(ctx_, At(text, 1, 1), text, 0, env_, &ce))
        << text;
    return ce.node;
  };
  const Node append = compile("l + [x, y]");
  ASSERT_EQ(append.kids.size(), 3u);  // l, x, y: no list for the literal
  const Node failing = compile("l + [x, string(10 / d)]");
  ASSERT_EQ(failing.kids.size(), 3u);
  std::mt19937 rng(5);
  int appended = 0, too_big = 0, failed = 0;
  for (int round = 0; round < 300; ++round) {
    Limits limits;
    limits.max_list_size = 2 + rng() % 6;
    EvalContext ec;
    ec.limits = &limits;
    Frame f(&ec, next_);
    List items;
    for (size_t i = rng() % 6; i > 0; --i)
      items.push_back(Value::String(std::string(1 + rng() % 20, 'a' + i)));
    f.slot(l) = Value::ListOf(items);
    f.slot(x) = Value::String(std::string(rng() % 18, 'x'));
    f.slot(y) = Value::String("y" + std::to_string(round));
    f.slot(d) = Value::Int(rng() % 3);
    const Value got = Eval(append, f);
    if (items.size() + 2 > limits.max_list_size) {
      ASSERT_TRUE(got.is_error()) << round;
      EXPECT_EQ(got.error_message(), "a list of " +
                                         std::to_string(items.size() + 2) +
                                         " exceeds the limit of " +
                                         std::to_string(limits.max_list_size));
      ++too_big;
    } else {
      List want = items;
      want.push_back(f.slot(x));
      want.push_back(f.slot(y));
      ASSERT_EQ(got.kind(), Kind::kList) << round;
      ASSERT_EQ(got.as_list().size(), want.size()) << round;
      for (size_t i = 0; i < want.size(); ++i)
        ASSERT_EQ(got.as_list()[i].as_string(), want[i].as_string()) << round;
      ++appended;
    }
    const Value g = Eval(failing, f);
    if (f.slot(d).as_int() == 0) {
      ASSERT_TRUE(g.is_error()) << round;
      EXPECT_EQ(g.error_message(), "divide by zero");
      ++failed;
    }
  }
  EXPECT_GT(appended, 50);
  EXPECT_GT(too_big, 50);
  EXPECT_GT(failed, 50);
}

// `trim(s) == ''` (and `'' == trim(s)`, `s.trim() == ''`, `!=`) compiles
// to one "@trim_is_empty" call; over generated texts of Unicode spaces,
// other characters and broken UTF-8, and over values that are not
// strings, it answers as the comparison with a variable holding '' (which
// is not rewritten) does: the same bool, or the same error.
TEST_F(ExpressionsTest, TrimComparedWithEmptyTextIsOneCall) {
  using types::Type;
  using types::TypeKind;
  const int s = next_++, e = next_++;
  env_.AddVariable("s", s, Type::Dyn());
  env_.AddVariable("e", e, Type::Of(TypeKind::kString));
  auto compile = [&](const std::string& text) {
    CompiledExpr ce;
    EXPECT_TRUE(CompileExprAt(ctx_, At(text, 1, 1), text, 0, env_, &ce))
        << text;
    return ce.node;
  };
  const BuiltinImpl blank = Registry::Standard().Find("@trim_is_empty")->impl;
  struct Pair {
    std::string fast, reference;
    bool negated;
  };
  const std::vector<Pair> pairs = {
      {"trim(s) == ''", "trim(s) == e", false},
      {"'' == trim(s)", "e == trim(s)", false},
      {"s.trim() == ''", "s.trim() == e", false},
      {"trim(s) != ''", "trim(s) != e", true},
      {"'' != trim(s)", "e != trim(s)", true},
  };
  std::vector<std::pair<Node, Node>> nodes;
  for (const Pair& p : pairs) {
    Node fast = compile(p.fast);
    ASSERT_EQ(fast.op, p.negated ? Op::kNot : Op::kCall) << p.fast;
    const Node& call = p.negated ? fast.kids.at(0) : fast;
    EXPECT_EQ(call.fn, blank) << p.fast;
    Node reference = compile(p.reference);
    EXPECT_EQ(reference.op, Op::kCompare) << p.reference;
    nodes.emplace_back(std::move(fast), std::move(reference));
  }
  // Spaces as Go's unicode.IsSpace has them, then characters that are not
  // (a zero-width space, a BOM, U+180E, a letter, a digit), then broken
  // UTF-8.
  const std::vector<std::string> pieces = {" ",
                                           "\t",
                                           "\n",
                                           "\v",
                                           "\f",
                                           "\r",
                                           "\xC2\x85",
                                           "\xC2\xA0",
                                           "\xE1\x9A\x80",
                                           "\xE2\x80\x80",
                                           "\xE2\x80\x8A",
                                           "\xE2\x80\xA8",
                                           "\xE2\x80\xA9",
                                           "\xE2\x80\xAF",
                                           "\xE2\x81\x9F",
                                           "\xE3\x80\x80",
                                           "a",
                                           "\xE2\x80\x8B",
                                           "\xEF\xBB\xBF",
                                           "\xE1\xA0\x8E",
                                           "0",
                                           "\xC2",
                                           "\xE3\x80",
                                           "\x80"};
  std::vector<Value> inputs = {Value(), Value::Int(0), Value::Bool(true),
                               Value::ListOf({Value::String("")}),
                               Value::BytesOf(" ")};
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (size_t i = rng() % 5; i > 0; --i) {
      // Mostly spaces (the first 16 pieces), so that blank texts come up
      // often.
      const size_t k = rng() % 4 ? rng() % 16 : rng() % pieces.size();
      text += pieces[k];
    }
    inputs.push_back(Value::StringOf(text));
  }
  EvalContext ec;
  int blanks = 0, texts = 0, errors = 0;
  for (const Value& in : inputs) {
    Frame f(&ec, next_);
    f.slot(s) = in;
    f.slot(e) = Value::String("");
    for (const auto& [fast, reference] : nodes) {
      const Value got = Eval(fast, f);
      const Value want = Eval(reference, f);
      ASSERT_EQ(got.kind(), want.kind()) << in.DebugString();
      if (want.is_error()) {
        EXPECT_EQ(got.error_message(), want.error_message());
        ++errors;
        continue;
      }
      ASSERT_EQ(got.as_bool(), want.as_bool()) << in.DebugString();
      Value other;
      const Truth t = EvalTruth(fast, f, &other);
      EXPECT_EQ(t, want.as_bool() ? Truth::kTrue : Truth::kFalse);
      if (&fast == &nodes[0].first) ++(want.as_bool() ? blanks : texts);
    }
  }
  EXPECT_GT(blanks, 400);
  EXPECT_GT(texts, 400);
  EXPECT_GT(errors, 10);
}

}  // namespace
}  // namespace verdict
