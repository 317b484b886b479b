#include "verdict/binding.h"

#include <gtest/gtest.h>

#include "tests/unit/test_util.h"

namespace verdict {
namespace {

struct Customer {
  std::string id;
  Decimal arpu;
  std::optional<Date> birthday;
};

std::shared_ptr<const Pack> Bss() {
  static std::shared_ptr<const Pack> pack =
      Pack::Load(testing_util::RulesDir()).pack;
  return pack;
}

TEST(BindingTest, EvaluatesStructsDirectly) {
  auto tier = Binding<Customer>()
                  .Field("customer_id", &Customer::id)
                  .Field("arpu", &Customer::arpu)
                  .Bind(Bss(), "customer_tier");
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  std::vector<Customer> cs = {{"a", *Decimal::Parse("60"), std::nullopt},
                              {"b", *Decimal::Parse("59.99"), std::nullopt},
                              {"c", *Decimal::Parse("12"), std::nullopt}};
  std::vector<Decision> ds = tier.EvaluateMany(cs, opt);
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].Get("tier")->as_string(), "high");
  EXPECT_EQ(ds[1].Get("tier")->as_string(), "mid");
  EXPECT_EQ(ds[2].Get("tier")->as_string(), "mass");
  EXPECT_EQ(tier.Evaluate(cs[0], opt).Get("visit_interval_months")->as_int(),
            2);
}

TEST(BindingTest, BindChecksNamesTypesAndRequiredFields) {
  EXPECT_THROW(Binding<Customer>()
                   .Field("customer_id", &Customer::id)
                   .Field("arpuu", &Customer::arpu)
                   .Bind(Bss(), "customer_tier"),
               std::invalid_argument);
  EXPECT_THROW(Binding<Customer>()
                   .Field("customer_id", &Customer::id)
                   .Field("arpu", &Customer::birthday)
                   .Bind(Bss(), "customer_tier"),
               std::invalid_argument);
  try {
    Binding<Customer>()
        .Field("customer_id", &Customer::id)
        .Bind(Bss(), "customer_tier");
    FAIL() << "expected a missing required field";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("required field 'arpu'"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace verdict
