#include "verdict/expression.h"

#include <gtest/gtest.h>

#include <random>

namespace verdict {
namespace {

Value Eval(const std::string& src, std::map<std::string, Value> bindings = {},
           std::map<std::string, std::string> types = {}) {
  ExpressionResult r = EvaluateExpression(src, bindings, types);
  EXPECT_EQ(r.compile_error, "") << src;
  return r.value;
}

TEST(ExpressionTest, MoneyLiteralsAreExactInMoneyContext) {
  std::map<std::string, Value> b = {
      {"last", Value::Dec(*Decimal::Parse("100"))},
      {"now", Value::Dec(*Decimal::Parse("70"))}};
  std::map<std::string, std::string> t = {{"last", "decimal"},
                                          {"now", "decimal"}};
  // Exactly 30% is not "more than 30%".
  EXPECT_FALSE(Eval("last - now > last * 0.30", b, t).as_bool());
  b["now"] = Value::Dec(*Decimal::Parse("69.99"));
  EXPECT_TRUE(Eval("last - now > last * 0.30", b, t).as_bool());
  EXPECT_TRUE(Eval("decimal('199.99') + decimal('0.01') == 200").as_bool());
}

// A list literal of double literals beside money is a list of exact
// decimals too: `fee in [9.9, 19.9]`, `fees + [0.5]`, `[fee, 0.5]`.
TEST(ExpressionTest, MoneyLiteralsInListsAreExactInMoneyContext) {
  std::map<std::string, Value> b = {
      {"fee", Value::Dec(*Decimal::Parse("0.3"))}};
  std::map<std::string, std::string> t = {{"fee", "decimal"}};
  // 0.1 + 0.2 as doubles is not 0.3; as decimals it is.
  EXPECT_TRUE(Eval("fee in [9.9, 0.3]", b, t).as_bool());
  EXPECT_TRUE(Eval("fee - decimal('0.1') in [0.2]", b, t).as_bool());
  EXPECT_FALSE(Eval("fee in [0.29, 0.31]", b, t).as_bool());
  Value joined = Eval("[fee] + [0.1, 0.2]", b, t);
  ASSERT_EQ(joined.as_list().size(), 3u);
  for (const Value& v : joined.as_list()) EXPECT_EQ(v.kind(), Kind::kDecimal);
  EXPECT_EQ(joined.as_list()[2].as_decimal().ToString(), "0.2");
  EXPECT_TRUE(Eval("[fee] == [0.3]", b, t).as_bool());
  Value mixed = Eval("[fee, 0.5]", b, t);
  EXPECT_EQ(mixed.as_list()[1].kind(), Kind::kDecimal);
  EXPECT_TRUE(Eval("[fee, 0.5].all(x, x < 1)", b, t).as_bool());
  // Without money, double literals stay doubles (CEL).
  EXPECT_EQ(Eval("[1.5] + [0.5]").as_list()[0].kind(), Kind::kDouble);
  EXPECT_TRUE(Eval("1.5 in [1.5]").as_bool());
  // A list that is not all literals is left as it is.
  EXPECT_EQ(EvaluateExpression("fee in [x, 0.5]", b,
                               {{"fee", "decimal"}, {"x", "double"}})
                .compile_error.empty(),
            false);
}

TEST(ExpressionTest, MonthArithmeticClamps) {
  EXPECT_EQ(Eval("add_months(date('2026-01-31'), 1)").as_date().ToString(),
            "2026-02-28");
  EXPECT_EQ(Eval("add_months(date('2026-02-28'), 2)").as_date().ToString(),
            "2026-04-28");
  EXPECT_EQ(Eval("add_years(date('2024-02-29'), 2)").as_date().ToString(),
            "2026-02-28");
  EXPECT_EQ(Eval("month_end(date('2028-02-10'))").as_date().ToString(),
            "2028-02-29");
  EXPECT_EQ(Eval("add_months(date('2026-03-15'), -14)").as_date().ToString(),
            "2025-01-15");
  // Past year 9999 or before year 1, by a small step or a huge one: one
  // error, never an overflow or a "no matching overload".
  for (const char* e :
       {"add_years(date('2026-05-31'), 7974)",
        "add_years(date('2026-05-31'), 10001)",
        "add_years(date('2026-05-31'), 9223372036854775807)",
        "add_years(date('2026-05-31'), -9223372036854775807 - 1)",
        "add_months(date('2026-05-31'), 9223372036854775807)",
        "add_months(date('2026-05-31'), -9223372036854775807 - 1)",
        "add_days(date('2026-05-31'), 9223372036854775807)",
        "add_days(date('2026-05-31'), -9223372036854775807 - 1)",
        "add_workdays(date('9999-12-31'), 1)",
        "add_workdays(date('0001-01-01'), -1)"}) {
    Value v = Eval(e);
    ASSERT_TRUE(v.is_error()) << e;
    EXPECT_EQ(v.error_message(), "date out of range") << e;
  }
}

TEST(ExpressionTest, DayOfYearAtTheEdgesOfTheRange) {
  // A local day in year 10000 or year 0 (a zone away from the last or first
  // UTC instant) read an empty optional: a different number each run.
  EXPECT_EQ(
      Eval("timestamp('9999-12-31T23:59:59Z').getDayOfYear('+05:45')").as_int(),
      0);
  // Year 0 is a leap year (proleptic Gregorian): 31 December is day 365.
  EXPECT_EQ(
      Eval("timestamp('0001-01-01T00:00:00Z').getDayOfYear('-00:01')").as_int(),
      365);
  // Elsewhere it is the days since 1 January, as a reference counts them.
  std::mt19937 rng(1206);
  for (int i = 0; i < 2000; ++i) {
    int y = 1 + static_cast<int>(rng() % 9999);
    int m = 1 + static_cast<int>(rng() % 12),
        d = 1 + static_cast<int>(rng() % 28);
    if (i % 7 == 0) d = 29;
    auto date = Date::FromYmd(y, m, d);
    if (!date) continue;
    std::string text = date->ToString() + "T12:00:00Z";
    EXPECT_EQ(Eval("timestamp('" + text + "').getDayOfYear()").as_int(),
              date->days - Date::FromYmd(y, 1, 1)->days)
        << text;
  }
}

TEST(ExpressionTest, CelSemantics) {
  EXPECT_EQ(Eval("1 + 2 * 3").as_int(), 7);
  EXPECT_TRUE(Eval("9223372036854775807 + 1").is_error());
  EXPECT_TRUE(Eval("1 / 0").is_error());
  EXPECT_TRUE(Eval("false && (1 / 0 == 1)").kind() == Kind::kBool);
  EXPECT_TRUE(Eval("(1 / 0 == 1) || true").as_bool());
  EXPECT_TRUE(Eval("[1, 2, 3].all(x, x > 0)").as_bool());
  EXPECT_EQ(Eval("[1, 2, 3].map(x, x * 2)").as_list().size(), 3u);
  EXPECT_TRUE(Eval("'abc'.matches('^a.c$')").as_bool());
  // A constant pattern matches anywhere in the text (CEL's RE2 search).
  EXPECT_TRUE(Eval("'abc'.matches('b')").as_bool());
  EXPECT_FALSE(Eval("'abc'.matches('^b')").as_bool());
  EXPECT_TRUE(Eval("{'a': 1}.a == 1").as_bool());
  EXPECT_TRUE(Eval("has({'a': 1}.a) && !has({'a': 1}.b)").as_bool());
  EXPECT_TRUE(Eval("timestamp('2026-11-20T10:00:00Z') + duration('4h') == "
                   "timestamp('2026-11-20T14:00:00Z')")
                  .as_bool());
}

// List literals of constants are built once at compile time; one with an
// error item still reports the error, and lists built per evaluation still
// work (src/program/program.h, FoldConstantList).
TEST(ExpressionTest, ConstantListsAreFoldedWithoutChangingResults) {
  EXPECT_TRUE(Eval("'b' in ['a', 'b']").as_bool());
  EXPECT_FALSE(Eval("'c' in ['a', 'b']").as_bool());
  EXPECT_TRUE(Eval("[1, 1 / 0]").is_error());
  EXPECT_TRUE(
      Eval("x in [x, 'q']", {{"x", Value::String("p")}}, {{"x", "string"}})
          .as_bool());
  EXPECT_EQ(Eval("[[1, 2], [3]]").as_list()[1].as_list()[0].as_int(), 3);
}

// first_pattern caches the compiled patterns of a list by the list; lists
// alternating between calls, and lists built per evaluation, each give
// their own first match.
TEST(ExpressionTest, FirstPatternMatchesEachListInItsOrder) {
  std::map<std::string, std::string> types = {{"n", "string"}, {"p", "string"}};
  for (int round = 0; round < 3; ++round) {
    Value n = Value::String("13800008888");
    EXPECT_EQ(Eval("first_pattern(n, ['XXXAAAA', 'XAAAA'])", {{"n", n}}, types)
                  .as_string(),
              "XXXAAAA");
    EXPECT_EQ(Eval("first_pattern(n, ['XABCD', 'XAAAA'])", {{"n", n}}, types)
                  .as_string(),
              "XAAAA");
    EXPECT_TRUE(
        Eval("first_pattern(n, ['XABCD'])", {{"n", n}}, types).is_null());
    Value p = Value::String(round % 2 ? "XXXAAAA" : "XABCD");
    Value got =
        Eval("first_pattern(n, [p, 'AAAA'])", {{"n", n}, {"p", p}}, types);
    EXPECT_EQ(got.as_string(), round % 2 ? "XXXAAAA" : "AAAA");
  }
  // A bad pattern the expression holds as a literal is refused where it is
  // written, as a bad regex given to matches() is; one that only a value
  // brings fails at run time.
  ExpressionResult bad =
      EvaluateExpression("first_pattern('13800008888', ['X!'])", {}, {});
  EXPECT_EQ(bad.compile_error,
            "1:31: invalid digit pattern 'X!': unexpected '!' (use X and "
            "capital letters)");
  EXPECT_TRUE(Eval("first_pattern('13800008888', [p])",
                   {{"p", Value::String("X!")}}, {{"p", "string"}})
                  .is_error());
}

TEST(ExpressionTest, CheckErrorsArePositioned) {
  ExpressionResult r = EvaluateExpression("1 + 'a'", {}, {});
  EXPECT_NE(r.compile_error.find("1:3"), std::string::npos) << r.compile_error;
  EXPECT_NE(r.compile_error.find("no matching overload"), std::string::npos);
  r = EvaluateExpression("arpuu > 1", {{"arpu", Value::Int(1)}}, {});
  EXPECT_NE(r.compile_error.find("did you mean 'arpu'"), std::string::npos)
      << r.compile_error;
  r = EvaluateExpression("(1 + ", {}, {});
  EXPECT_NE(r.compile_error.find("1:6"), std::string::npos) << r.compile_error;
}

TEST(ExpressionTest, HostileInputIsRefused) {
  std::string deep(5000, '(');
  deep += "1" + std::string(5000, ')');
  ExpressionResult r = EvaluateExpression(deep, {}, {});
  EXPECT_NE(r.compile_error.find("nested too deeply"), std::string::npos);
  std::string big(200000, '1');
  r = EvaluateExpression(big, {}, {});
  EXPECT_NE(r.compile_error.find("limit"), std::string::npos);
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ExpressionTest, AParenthesisIsOneLevel) {
  // The whole expression is level 1, and each parenthesis one level more:
  // 249 of them make 250 levels and decide; 250 are refused at the text
  // inside the one too many. (Each was counted twice, so 125 were refused.)
  auto nested = [](int n) {
    return std::string(n, '(') + "1" + std::string(n, ')');
  };
  ExpressionResult ok = EvaluateExpression(nested(249), {}, {});
  EXPECT_TRUE(ok.compile_error.empty()) << ok.compile_error;
  EXPECT_EQ(ok.value.DebugString(), "1");
  ExpressionResult deep = EvaluateExpression(nested(250), {}, {});
  EXPECT_NE(deep.compile_error.find("1:251: expression nested too deeply "
                                    "(limit 250)"),
            std::string::npos)
      << deep.compile_error;
  // A call and a list literal are a level each, as is a prefix operator.
  EXPECT_TRUE(EvaluateExpression(
                  Repeat("size([", 124) + "1" + Repeat("])", 124), {}, {})
                  .compile_error.empty());
  EXPECT_NE(EvaluateExpression(Repeat("size([", 125) + "1" + Repeat("])", 125),
                               {}, {})
                .compile_error.find("nested too deeply (limit 250)"),
            std::string::npos);
  EXPECT_TRUE(EvaluateExpression(std::string(249, '!') + "true", {}, {})
                  .compile_error.empty());
  EXPECT_NE(EvaluateExpression(std::string(250, '!') + "true", {}, {})
                .compile_error.find("1:250: expression nested too deeply"),
            std::string::npos);
  EXPECT_NE(EvaluateExpression(std::string(5000, '-') + "1", {}, {})
                .compile_error.find("nested too deeply (limit 250)"),
            std::string::npos);
}

TEST(ExpressionTest, FlatChainsCountAsLevels) {
  // Every chain below is one level per link with no parenthesis at all; at
  // 5,000 links each overflowed the stack of the stages after the parser.
  const std::vector<std::pair<std::string, std::string>> chains = {
      {"true", " && true"},    {"false", " || false"}, {"1", " + 1"},
      {"1", " < 2 == true"},   {"[1]", "[0]"},         {"{'a': 1}", ".a"},
      {"'a'", ".lowerAscii()"}};
  for (const auto& [head, link] : chains) {
    ExpressionResult r = EvaluateExpression(head + Repeat(link, 5000), {}, {});
    EXPECT_NE(r.compile_error.find("expression nested too deeply (limit 250)"),
              std::string::npos)
        << head << link << ": " << r.compile_error;
  }
  // 249 links (a tree 250 levels tall) decide; one more is refused at the
  // link that makes it too tall.
  ExpressionResult ok = EvaluateExpression("1" + Repeat(" + 1", 249), {}, {});
  EXPECT_TRUE(ok.compile_error.empty()) << ok.compile_error;
  EXPECT_EQ(ok.value.DebugString(), "250");
  ExpressionResult tall = EvaluateExpression("1" + Repeat(" + 1", 250), {}, {});
  EXPECT_NE(tall.compile_error.find("1:999: expression nested too deeply"),
            std::string::npos)
      << tall.compile_error;
  // Negation and the conditional are levels too.
  ExpressionResult neg =
      EvaluateExpression("!(true" + Repeat(" && true", 249) + ")", {}, {});
  EXPECT_NE(neg.compile_error.find("1:1: expression nested too deeply"),
            std::string::npos)
      << neg.compile_error;
}

}  // namespace
}  // namespace verdict
