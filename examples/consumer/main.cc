// A separate project using the installed package: a struct with a
// Boost.Date_Time member bound to the shipped pack's retention policy.
#include <boost/date_time/gregorian/gregorian.hpp>
#include <cstdio>

#include "verdict/binding.h"
#include "verdict/boost_date_time.h"
#include "verdict/engine.h"

struct Customer {
  std::string id;
  verdict::Decimal arpu;
  boost::gregorian::date last_visit;
};

int main(int argc, char** argv) {
  if (argc != 2) return 1;
  auto loaded = verdict::Pack::Load(argv[1]);
  if (!loaded.ok()) return 1;
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  verdict::Decision d = loaded.pack->Evaluate(
      "customer_tier",
      {{"customer_id", verdict::Value::String("C1")},
       {"arpu", verdict::Value::Dec(*verdict::Decimal::Parse("88.8"))}},
      opt);
  std::printf("consumer: customer C1 is %s\n",
              d.Get("tier")->as_string().c_str());
  auto visits = verdict::Binding<Customer>()
                    .Field("customer_id", &Customer::id)
                    .Field("arpu", &Customer::arpu)
                    .Field("monthly_spend", &Customer::arpu)
                    .Field("last_month_spend", &Customer::arpu)
                    .Field("last_visit_date", &Customer::last_visit)
                    .Bind(loaded.pack, "retention_followup");
  Customer c{"C1", *verdict::Decimal::Parse("88.8"),
             boost::gregorian::date(2026, 8, 31)};
  verdict::Decision r = visits.Evaluate(c, opt);
  if (!r.ok()) return 1;
  for (const auto& a : r.Get("actions")->as_list()) {
    if (a.FindField("action")->as_string() == "visit") {
      std::printf("consumer: visit due %s\n",
                  boost::gregorian::to_iso_extended_string(
                      verdict::ToBoostDate(*a.FindField("due")))
                      .c_str());
    }
  }
  return 0;
}
