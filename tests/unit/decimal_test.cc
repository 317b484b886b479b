#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>

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

// The shortest exact text of a number written as [-] int_digits [.
// frac_digits] [e exponent], or nullopt when no Decimal holds it: worked
// out on the digit string alone (no arithmetic), as the reference for
// Parse() and ToString() together.
std::optional<std::string> ReferenceText(bool negative,
                                         const std::string& int_digits,
                                         const std::string& frac_digits,
                                         int exponent) {
  std::string d = int_digits + frac_digits;
  // The value is 0.d * 10^point.
  int point = static_cast<int>(int_digits.size()) + exponent;
  size_t first = d.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  d.erase(0, first);
  point -= static_cast<int>(first);
  d.erase(d.find_last_not_of('0') + 1);
  const int k = static_cast<int>(d.size());
  const int exp = point - k;  // value = d * 10^exp
  if (exp < -Decimal::kMaxScale) return std::nullopt;
  if (k + std::max(exp, 0) > Decimal::kMaxDigits) return std::nullopt;
  std::string out;
  if (exp >= 0) {
    out = d + std::string(exp, '0');
  } else if (k > -exp) {
    out = d.substr(0, k + exp) + "." + d.substr(k + exp);
  } else {
    out = "0." + std::string(-exp - k, '0') + d;
  }
  return (negative ? "-" : "") + out;
}

// Parse() then ToString() against ReferenceText() on generated numbers:
// every digit count to 40 on either side of the point (mantissas past 64
// bits and past the limits), runs of leading and trailing zeros, and
// exponents on both sides.
TEST(DecimalTest, ParseAndTextAgreeWithTheDigitStringReference) {
  std::mt19937 rng(2026);
  auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      const int r = static_cast<int>(rng() % 10);
      s += static_cast<char>('0' + (r < 3 ? 0 : r));  // zeros more often
    }
    return s;
  };
  int checked = 0, refused = 0;
  for (int n = 0; n < 20000; ++n) {
    const bool negative = rng() % 3 == 0;
    std::string a = digits(static_cast<int>(rng() % 41));
    std::string b = digits(static_cast<int>(rng() % (rng() % 2 ? 6 : 41)));
    if (a.empty() && b.empty()) a = "0";
    const bool has_exp = rng() % 4 == 0;
    const int e = has_exp ? static_cast<int>(rng() % 61) - 30 : 0;
    std::string text = (negative ? "-" : "") + a;
    if (!b.empty()) text += "." + b;
    if (has_exp) text += "e" + std::to_string(e);
    std::optional<std::string> want = ReferenceText(negative, a, b, e);
    if (want && *want == "-0") want = "0";
    std::optional<Decimal> got = Decimal::Parse(text);
    ASSERT_EQ(got.has_value(), want.has_value()) << text;
    if (!got) {
      ++refused;
      continue;
    }
    ASSERT_EQ(got->ToString(), *want) << text;
    ++checked;
  }
  // Both outcomes were exercised, the long mantissas among them.
  EXPECT_GT(checked, 5000);
  EXPECT_GT(refused, 1000);
  EXPECT_EQ(D("123456789012345678901234567890.123456").ToString(),
            "123456789012345678901234567890.123456");
  EXPECT_EQ(D("-18446744073709551616").ToString(), "-18446744073709551616");
  EXPECT_EQ(D("18446744073709551615").ToString(), "18446744073709551615");
}

// Plain texts of up to 18 digits take Parse()'s quick path; the same text
// with "e0" appended takes the general one (the quick path declines any
// exponent). Both must give the same mantissa and scale, and refuse alike.
TEST(DecimalTest, PlainTextsParseAsTheGeneralPathDoes) {
  std::mt19937 rng(7);
  int checked = 0;
  for (int n = 0; n < 50000; ++n) {
    std::string text = rng() % 4 == 0 ? "-" : "";
    const int a = static_cast<int>(rng() % 12),
              b = static_cast<int>(rng() % 10);
    for (int i = 0; i < a; ++i) text += static_cast<char>('0' + rng() % 10);
    if (rng() % 3) {
      text += '.';
      for (int i = 0; i < b; ++i) text += static_cast<char>('0' + rng() % 3);
    }
    if (rng() % 50 == 0) text += "x";
    std::optional<Decimal> quick = Decimal::Parse(text);
    std::optional<Decimal> general = Decimal::Parse(text + "e0");
    ASSERT_EQ(quick.has_value(), general.has_value()) << text;
    if (!quick) continue;
    ASSERT_TRUE(quick->mantissa() == general->mantissa()) << text;
    ASSERT_EQ(quick->scale(), general->scale()) << text;
    ++checked;
  }
  EXPECT_GT(checked, 30000);
}

TEST(DecimalTest, ArithmeticIsExact) {
  EXPECT_EQ(*Decimal::Add(D("199.99"), D("0.01")), D("200"));
  EXPECT_EQ(Decimal::Mul(D("100"), D("0.30"))->ToString(), "30");
  EXPECT_EQ(Decimal::Sub(D("0.3"), D("0.1"))->ToString(), "0.2");
  EXPECT_EQ(Decimal::Div(D("1"), D("5"))->ToString(), "0.2");
  EXPECT_EQ(Decimal::Div(D("2"), D("3"))->ToString(), "0.666666666666666667");
  EXPECT_FALSE(Decimal::Div(D("1"), D("0")));
}

// Results drop their trailing fractional zeros, whether their mantissa
// fits 64 bits or not: sums around the int64 bounds, negative ones and ones
// that end in zeros (ToString() shows the mantissa and scale kept, and the
// scale must be the smallest).
TEST(DecimalTest, ResultsDropTrailingZerosAcrossTheInt64Bounds) {
  auto sum = [](const char* a, const char* b) {
    return Decimal::Add(D(a), D(b))->ToString();
  };
  EXPECT_EQ(sum("922337203685477580.70", "0"), "922337203685477580.7");
  EXPECT_EQ(sum("-922337203685477580.80", "0"), "-922337203685477580.8");
  EXPECT_EQ(sum("9223372036854775806.5", "0.5"), "9223372036854775807");
  EXPECT_EQ(sum("-9223372036854775807.5", "-0.5"), "-9223372036854775808");
  EXPECT_EQ(sum("92233720368547758.075", "0.005"), "92233720368547758.08");
  EXPECT_EQ(sum("-0.25", "0.05"), "-0.2");
  EXPECT_EQ(sum("100.10", "99.90"), "200");
  EXPECT_EQ(sum("-100.10", "-99.90"), "-200");
  EXPECT_EQ(sum("0.5", "-0.5"), "0");
  EXPECT_EQ(*Decimal::Add(D("0.5"), D("-0.5")), Decimal());
  EXPECT_EQ(Decimal::Mul(D("-2.5"), D("4"))->ToString(), "-10");
  EXPECT_EQ(Decimal::Mul(D("123456789012.5"), D("80"))->ToString(),
            "9876543121000");
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
