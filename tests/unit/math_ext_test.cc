// The math extension (src/evaluate/builtins_math_ext.cc): cel-go's
// functions, money rounding with every mode, static types, and the
// functions inside a policy. Expected values are worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "src/evaluate/builtins.h"
#include "tests/unit/expr_test_util.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"
#include "verdict/expression.h"

namespace verdict {
namespace {

using testing_util::CompileError;
using testing_util::Eval;

std::string Money(const std::string& src) {
  Value v = Eval(src);
  if (v.kind() != Kind::kDecimal) {
    ADD_FAILURE() << src << " gave " << v.DebugString();
    return "";
  }
  return v.as_decimal().ToString();
}

TEST(MathExtTest, GreatestAndLeast) {
  EXPECT_EQ(Eval("math.greatest(3, -7, 12, 0)").as_int(), 12);
  EXPECT_EQ(Eval("math.least([3, -7, 12, 0])").as_int(), -7);
  // Mixed kinds compare by value; the winner keeps its own kind.
  Value v = Eval("math.greatest(1, 2.5, 2u)");
  ASSERT_EQ(v.kind(), Kind::kDouble);
  EXPECT_EQ(v.as_double(), 2.5);
  EXPECT_EQ(Money("math.least(decimal('10.01'), 10.02, 11)"), "10.01");
  EXPECT_TRUE(Eval("math.greatest([])").is_error());
  EXPECT_NE(CompileError("math.greatest(1, 'a')").find("numbers"),
            std::string::npos);
  EXPECT_NE(CompileError("math.least(['a'])").find("numbers"),
            std::string::npos);
  // The result type is the arguments' when they agree.
  EXPECT_NE(CompileError("math.greatest(1, 2) + 'x'").find("no matching"),
            std::string::npos);
}

// NaN cannot be ordered: an error wherever it stands, as in cel-go. The
// answer depended on the argument order: greatest(NaN, 1.0) was NaN and
// greatest(1.0, NaN) 1.0 (found by a differential run against cel-go).
TEST(MathExtTest, GreatestAndLeastOfNaNAreErrors) {
  for (const char* src : {"math.greatest(double('NaN'), 1.0)",
                          "math.greatest(1.0, double('NaN'))",
                          "math.least([2, double('NaN')])"}) {
    Value v = Eval(src);
    ASSERT_TRUE(v.is_error()) << src << " gave " << v.DebugString();
    EXPECT_NE(v.error_message().find("NaN values cannot be ordered"),
              std::string::npos)
        << v.error_message();
  }
  // Alone, it is its own answer (cel-go's too): there is nothing to order.
  EXPECT_TRUE(std::isnan(Eval("math.greatest(double('NaN'))").as_double()));
  EXPECT_TRUE(std::isnan(Eval("math.least([double('NaN')])").as_double()));
}

TEST(MathExtTest, DoublesAndIntegers) {
  EXPECT_EQ(Eval("math.round(2.5)").as_double(), 3.0);
  EXPECT_EQ(Eval("math.round(-2.5)").as_double(), -3.0);
  EXPECT_EQ(Eval("math.trunc(-2.7)").as_double(), -2.0);
  EXPECT_EQ(Eval("math.ceil(-2.7)").as_double(), -2.0);
  EXPECT_EQ(Eval("math.floor(-2.2)").as_double(), -3.0);
  EXPECT_EQ(Eval("math.abs(-4)").as_int(), 4);
  EXPECT_TRUE(Eval("math.abs(-9223372036854775807 - 1)").is_error());
  EXPECT_EQ(Eval("math.sign(-0.5)").as_double(), -1.0);
  EXPECT_EQ(Eval("math.sign(7u)").as_uint(), 1u);
  EXPECT_TRUE(Eval("math.isNaN(math.sqrt(-1.0))").as_bool());
  EXPECT_EQ(Eval("math.sqrt(16)").as_double(), 4.0);
  EXPECT_EQ(Eval("math.bitAnd(12, 10)").as_int(), 8);
  EXPECT_EQ(Eval("math.bitOr(12u, 3u)").as_uint(), 15u);
  EXPECT_EQ(Eval("math.bitXor(12, 10)").as_int(), 6);
  EXPECT_EQ(Eval("math.bitNot(0)").as_int(), -1);
  EXPECT_EQ(Eval("math.bitShiftLeft(3, 4)").as_int(), 48);
  EXPECT_EQ(Eval("math.bitShiftRight(-1, 60)").as_int(), 15);
  EXPECT_EQ(Eval("math.bitShiftLeft(1, 64)").as_int(), 0);
  EXPECT_TRUE(Eval("math.bitShiftRight(1, -1)").is_error());
  EXPECT_NE(CompileError("math.bitAnd(1, 2u)").find("no matching"),
            std::string::npos);
  EXPECT_NE(CompileError("math.isNaN(1)").find("no matching"),
            std::string::npos);
}

TEST(MathExtTest, MoneyRoundsHalfAwayFromZeroByDefault) {
  EXPECT_EQ(Money("math.round(decimal('2.345'), 2)"), "2.35");
  EXPECT_EQ(Money("math.round(decimal('-2.345'), 2)"), "-2.35");
  EXPECT_EQ(Money("math.round(decimal('2.344'), 2)"), "2.34");
  EXPECT_EQ(Money("math.round(decimal('2.5'))"), "3");
  EXPECT_EQ(Money("math.round(decimal('2.3'), 4)"), "2.3");
  EXPECT_EQ(Money("math.round(decimal('1250'), -2)"), "1300");
  EXPECT_EQ(Money("math.floor(decimal('-2.01'))"), "-3");
  EXPECT_EQ(Money("math.ceil(decimal('2.01'))"), "3");
  EXPECT_EQ(Money("math.trunc(decimal('-2.99'))"), "-2");
  EXPECT_EQ(Money("math.abs(decimal('-0.10'))"), "0.1");
  EXPECT_EQ(Money("math.sign(decimal('-0.10'))"), "-1");
  // A double is rounded through its shortest text: 2.675 is 2.67499999...
  // in binary, but rounds as written.
  EXPECT_EQ(Eval("math.round(2.675, 2)").as_double(), 2.68);
}

TEST(MathExtTest, MoneyRoundingModes) {
  struct Case {
    const char* value;
    const char* mode;
    const char* want;
  };
  const Case cases[] = {
      {"2.345", "half_up", "2.35"},     {"-2.345", "half_up", "-2.35"},
      {"2.345", "half_even", "2.34"},   {"2.355", "half_even", "2.36"},
      {"-2.345", "half_even", "-2.34"}, {"2.3451", "half_even", "2.35"},
      {"2.345", "half_down", "2.34"},   {"2.3451", "half_down", "2.35"},
      {"2.341", "up", "2.35"},          {"-2.341", "up", "-2.35"},
      {"2.349", "down", "2.34"},        {"-2.349", "down", "-2.34"},
      {"-2.341", "floor", "-2.35"},     {"2.349", "floor", "2.34"},
      {"2.341", "ceiling", "2.35"},     {"-2.349", "ceiling", "-2.34"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Money(std::string("math.round(decimal('") + c.value + "'), 2, '" +
                    c.mode + "')"),
              c.want)
        << c.value << " " << c.mode;
  }
  Value bad = Eval("math.round(decimal('1.5'), 0, 'bankers')");
  ASSERT_TRUE(bad.is_error());
  EXPECT_NE(bad.error_message().find("unknown rounding mode"),
            std::string::npos);
  EXPECT_TRUE(Eval("math.round(decimal('1.5'), 19)").is_error());
}

TEST(MathExtTest, RoundDecimalAtTheEdges) {
  Decimal big = *Decimal::Parse("999999999999999999.5");
  auto r = RoundDecimal(big, 0, Rounding::kHalfUp);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->ToString(), "1000000000000000000");
  EXPECT_FALSE(RoundDecimal(big, -19, Rounding::kHalfUp).has_value());
  EXPECT_EQ(RoundDecimal(*Decimal::Parse("0.000000000000000005"), 17,
                         Rounding::kHalfEven)
                ->ToString(),
            "0");
}

TEST(MathExtTest, WorksInAPolicyWithMoneyTypes) {
  std::string dir = testing_util::WritePack(
      "math_ext_policy",
      {{"pack.yaml",
        "pack: m\nversion: '1'\nzone: '+08:00'\ncalendar: calendar.yaml\n"},
       {"calendar.yaml", testing_util::kWeekendCalendar},
       {"fee.yaml", R"(policy: fee
record: order
fields:
  amount: money
  note: string
outputs:
  fee: money
  cap: money
  label: string
decisions:
  - id: fee
    rules:
      - id: all
        then:
          fee: =math.round(order.amount * 0.035, 2)
          cap: =math.least(order.amount, 50, math.greatest(order.amount * 0.1, 1))
          label: ='%s:%.2f'.format([order.note.trim().upperAscii(), order.amount])
)"}});
  LoadResult loaded = Pack::Load(dir);
  ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty()
                                   ? ""
                                   : loaded.diagnostics[0].ToString());
  FieldMap r = {{"amount", Value::Dec(*Decimal::Parse("12.50"))},
                {"note", Value::String("\u3000vip ")}};
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d = loaded.pack->Evaluate("fee", r, opt);
  ASSERT_TRUE(d.ok()) << d.error->message;
  // 12.50 * 0.035 = 0.4375 -> 0.44; cap = least(12.5, 50, greatest(1.25, 1)).
  EXPECT_EQ(d.Get("fee")->as_decimal().ToString(), "0.44");
  EXPECT_EQ(d.Get("cap")->as_decimal().ToString(), "1.25");
  EXPECT_EQ(d.Get("label")->as_string(), "VIP:12.50");
}

TEST(MathExtTest, APolicyWithAWrongTypeDoesNotLoad) {
  std::string dir = testing_util::WritePack(
      "math_ext_bad_policy",
      {{"pack.yaml",
        "pack: m\nversion: '1'\nzone: '+08:00'\ncalendar: calendar.yaml\n"},
       {"calendar.yaml", testing_util::kWeekendCalendar},
       {"fee.yaml", R"(policy: fee
record: order
fields:
  amount: money
  note: string
outputs:
  fee: money
decisions:
  - id: fee
    rules:
      - id: all
        then:
          fee: =math.round(order.note, 2)
)"}});
  LoadResult loaded = Pack::Load(dir);
  ASSERT_FALSE(loaded.ok());
  std::string all;
  for (const auto& d : loaded.diagnostics) all += d.ToString() + "\n";
  EXPECT_NE(all.find("fee.yaml:13:"), std::string::npos) << all;
  EXPECT_NE(all.find("math.round"), std::string::npos) << all;
}

}  // namespace
}  // namespace verdict
