#include <gtest/gtest.h>

#include "verdict/value.h"

namespace verdict {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

TEST(DecimalTest, ParsesJsonNumberTextExactly) {
  EXPECT_EQ(D("199.99").ToString(), "199.99");
  EXPECT_EQ(D("200.00").ToString(), "200");
  EXPECT_EQ(D("-0.5").ToString(), "-0.5");
  EXPECT_EQ(D("1e3").ToString(), "1000");
  EXPECT_EQ(D("1.5E-2").ToString(), "0.015");
  EXPECT_FALSE(Decimal::Parse("abc"));
  EXPECT_FALSE(Decimal::Parse("1."));
  EXPECT_FALSE(Decimal::Parse(""));
  EXPECT_FALSE(Decimal::Parse("1e999"));
  EXPECT_FALSE(Decimal::Parse("123456789012345678901234567890123456789"));
}

TEST(DecimalTest, ArithmeticIsExact) {
  EXPECT_EQ(*Decimal::Add(D("199.99"), D("0.01")), D("200"));
  EXPECT_EQ(Decimal::Mul(D("100"), D("0.30"))->ToString(), "30");
  EXPECT_EQ(Decimal::Sub(D("0.3"), D("0.1"))->ToString(), "0.2");
  EXPECT_EQ(Decimal::Div(D("1"), D("5"))->ToString(), "0.2");
  EXPECT_EQ(Decimal::Div(D("2"), D("3"))->ToString(), "0.666666666666666667");
  EXPECT_FALSE(Decimal::Div(D("1"), D("0")));
}

TEST(DecimalTest, ComparesByValue) {
  EXPECT_EQ(Compare(D("1.50"), D("1.5")), 0);
  EXPECT_LT(Compare(D("59.9999"), D("60")), 0);
  EXPECT_GT(Compare(D("-1"), D("-1.0001")), 0);
}

TEST(DecimalTest, FromDoubleUsesShortestText) {
  EXPECT_EQ(Decimal::FromDouble(0.1)->ToString(), "0.1");
  EXPECT_EQ(Decimal::FromDouble(199.99)->ToString(), "199.99");
  EXPECT_FALSE(Decimal::FromDouble(1.0 / 0.0));
}

TEST(DecimalTest, OverflowIsReported) {
  Decimal big = D("999999999999999999999999999999999999");
  EXPECT_FALSE(Decimal::Add(big, big));
  EXPECT_FALSE(Decimal::Mul(big, big));
}

}  // namespace
}  // namespace verdict
