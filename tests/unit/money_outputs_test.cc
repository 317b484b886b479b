// Money outputs hold at most 4 decimal places (src/evaluate/policy_eval.cc
// MoneyOutputError, src/compile/expressions.cc for literals): a computed
// amount beyond them is the record's evaluation_error on every path (a
// Decision, a typed struct, JSON Lines), never rounded or cut silently
// (the Arrow writer's decimal128(38, 4) would otherwise cut it); a literal
// beyond them is a pack error at its position.
#include <gtest/gtest.h>

#include "tests/unit/test_util.h"
#include "verdict/binding.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

constexpr const char* kPolicy = R"yaml(policy: split
record: r
fields:
  amount: money
outputs:
  third: money
  rounded: money
  share: decimal
  parts: list(money)
decisions:
  - id: d
    rules:
      - id: all
        then:
          third: "=r.amount / 3"
          rounded: "=math.round(r.amount / 3, 4)"
          share: "=r.amount / 7"
          parts: "=[r.amount / 4, r.amount / 2]"
)yaml";

EvalOptions AsOf() {
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  return o;
}

TEST(MoneyOutputsTest, AComputedAmountBeyondFourPlacesIsTheRecordsError) {
  auto pack =
      testing_util::LoadCleanPack("money_outputs", {{"a.yaml", kPolicy}});
  ASSERT_TRUE(pack);
  // 99 / 3 = 33 and 99 / 4 = 24.75 fit; 100 / 3 does not; 0.0003 / 4 does
  // not either (only the list item is too precise).
  std::string lines =
      "{\"amount\": 99}\n{\"amount\": 100}\n{\"amount\": 0.0003}\n";
  std::vector<Decision> ds = pack->EvaluateJsonLines("split", lines, AsOf());
  ASSERT_EQ(ds.size(), 3u);
  ASSERT_TRUE(ds[0].ok()) << ds[0].error->message;
  EXPECT_EQ(pack->ToJson(ds[0]),
            "{\"third\":33,\"rounded\":33,\"share\":14.142857142857142857,"
            "\"parts\":[24.75,49.5]}");
  ASSERT_FALSE(ds[1].ok());
  EXPECT_EQ(ds[1].error->code, "evaluation_error");
  EXPECT_EQ(ds[1].error->message,
            "output 'third': money has at most 4 decimal places, got "
            "33.333333333333333333; round it in the policy (math.round(x, "
            "4))");
  // 0.0003 / 3 = 0.0001 fits; the list item 0.0003 / 4 does not.
  ASSERT_FALSE(ds[2].ok());
  EXPECT_EQ(ds[2].error->message,
            "output 'parts': money has at most 4 decimal places, got "
            "0.000075; round it in the policy (math.round(x, 4))");

  // The typed struct path gives the same error, and rounding in the
  // policy is what makes the amount fit.
  struct In {
    Decimal amount;
  };
  struct Out {
    Decimal rounded;
  };
  auto typed = Binding<In>()
                   .Field("amount", &In::amount)
                   .Bind(pack, "split")
                   .Returning(Outputs<Out>().Output("rounded", &Out::rounded));
  Out o;
  auto err = typed.EvaluateInto(In{Decimal(100, 0)}, AsOf(), &o);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->message, ds[1].error->message);
}

// A money local is held to money's places as an output is: a record whose
// local needs more fails naming it, even when an output rounds it later.
TEST(MoneyOutputsTest, AMoneyLocalBeyondFourPlacesIsTheRecordsError) {
  auto pack =
      testing_util::LoadCleanPack("money_locals", {{"a.yaml", R"yaml(policy: loc
record: r
fields:
  a: money
outputs:
  o: money
locals:
  l: money
  ls: list(money)
decisions:
  - id: d
    rules:
      - id: l
        then: {l: "=math.round(r.a / 3, 4) + (r.a == 1 ? r.a / 3 : 0)", ls: "=[r.a / 8]"}
  - id: e
    rules:
      - id: o
        then: {o: "=math.round(l * 3, 4)"}
)yaml"}});
  ASSERT_TRUE(pack);
  std::vector<Decision> ds = pack->EvaluateJsonLines(
      "loc", "{\"a\": 9}\n{\"a\": 1}\n{\"a\": 0.01}\n", AsOf());
  ASSERT_EQ(ds.size(), 3u);
  ASSERT_TRUE(ds[0].ok()) << ds[0].error->message;
  EXPECT_EQ(ds[0].Get("o")->as_decimal().ToString(), "9");
  ASSERT_FALSE(ds[1].ok());
  EXPECT_EQ(ds[1].error->message,
            "local 'l': money has at most 4 decimal places, got "
            "0.666633333333333333; round it in the policy (math.round(x, 4))");
  ASSERT_FALSE(ds[2].ok());
  EXPECT_EQ(ds[2].error->message.rfind("local 'ls': ", 0), 0u)
      << ds[2].error->message;
}

TEST(MoneyOutputsTest, ALiteralBeyondFourPlacesIsAPackError) {
  auto r = Pack::Load(
      testing_util::WritePack("money_literal", {{"a.yaml", R"yaml(policy: lit
record: r
fields:
  x: int
outputs:
  fee: money
  fees: list(money)
decisions:
  - id: d
    rules:
      - id: all
        then:
          fee: 1.23456
          fees: [1.5, 2.00001]
)yaml"}}));
  EXPECT_FALSE(r.ok());
  std::string all;
  for (const auto& d : r.diagnostics) all += d.ToString() + "\n";
  EXPECT_NE(all.find("a.yaml:13:16: error: money has at most 4 decimal "
                     "places, got 1.23456 (for an output of type money)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("money has at most 4 decimal places, got 2.00001"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace verdict
