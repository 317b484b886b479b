// A service's own plain structs, bound once to the BSS pack's records and
// decided in batches. The CRM's customer keeps its dates as Boost.Date_Time
// types (verdict/boost_date_time.h). Usage: bss_integration PATH/TO/rules/bss
#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "verdict/binding.h"
#include "verdict/boost_date_time.h"
#include "verdict/engine.h"

namespace {

// What a CRM system might already have.
struct Customer {
  std::string id;
  verdict::Decimal arpu;
  verdict::Decimal this_month_bill;
  verdict::Decimal last_month_bill;
  boost::gregorian::date birthday;    // not_a_date_time: not known
  boost::gregorian::date last_visit;  // not_a_date_time: never visited
  std::optional<boost::gregorian::date> last_call;
  // Local time in the pack's zone, as the CRM's screens show it.
  std::optional<boost::posix_time::ptime> disconnect_requested_at;
};

struct RefundRequest {
  std::string id;
  std::string account;
  double amount;  // taken by its shortest decimal text: 520.5 is exactly 520.5
  std::string cause;
  std::optional<std::string> branch;
  bool has_document;
  std::optional<std::string> description;
};

struct NumberRequest {
  std::string number;
  verdict::Decimal prepay;
  verdict::Decimal waiver;
  verdict::Decimal monthly_commitment;
  int ringtone_years;
};

verdict::Decimal Money(const char* text) {
  return *verdict::Decimal::Parse(text);
}
verdict::Date Day(const char* text) { return *verdict::Date::Parse(text); }
boost::gregorian::date BoostDay(const char* text) {
  return boost::gregorian::from_simple_string(text);
}
const boost::gregorian::date kNotGiven(boost::date_time::not_a_date_time);

std::string Show(const verdict::Value& v) {
  if (v.kind() == verdict::Kind::kString) return v.as_string();
  return v.DebugString();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PATH/TO/rules/bss\n", argv[0]);
    return 1;
  }
  verdict::LoadResult loaded = verdict::Pack::Load(argv[1]);
  for (const auto& d : loaded.diagnostics)
    std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (!loaded.ok()) return 1;
  std::shared_ptr<const verdict::Pack> pack = loaded.pack;

  // Bind once: checked against each policy's declared record right here.
  auto retention =
      verdict::Binding<Customer>()
          .Field("customer_id", &Customer::id)
          .Field("arpu", &Customer::arpu)
          .Field("monthly_spend", &Customer::this_month_bill)
          .Field("last_month_spend", &Customer::last_month_bill)
          .Field("birthday", &Customer::birthday)
          .Field("last_visit_date", &Customer::last_visit)
          .Field("last_call_date", &Customer::last_call)
          .Field("disconnect_requested_at", &Customer::disconnect_requested_at)
          .Bind(pack, "retention_followup");
  auto refunds = verdict::Binding<RefundRequest>()
                     .Field("request_id", &RefundRequest::id)
                     .Field("account_id", &RefundRequest::account)
                     .Field("amount", &RefundRequest::amount)
                     .Field("cause", &RefundRequest::cause)
                     .Field("branch", &RefundRequest::branch)
                     .Field("has_basis_document", &RefundRequest::has_document)
                     .Field("cause_description", &RefundRequest::description)
                     .Bind(pack, "refund_approval");
  auto numbers =
      verdict::Binding<NumberRequest>()
          .Field("number", &NumberRequest::number)
          .Field("prepay", &NumberRequest::prepay)
          .Field("prepay_waiver", &NumberRequest::waiver)
          .Field("monthly_commitment", &NumberRequest::monthly_commitment)
          .Field("ringtone_years", &NumberRequest::ringtone_years)
          .Bind(pack, "number_grade");

  verdict::EvalOptions opt;
  opt.as_of = Day("2026-11-24");

  std::vector<Customer> customers = {
      {"C-1001", Money("128.50"), Money("60.00"), Money("130.00"),
       BoostDay("1980-11-24"), BoostDay("2026-09-01"), std::nullopt,
       std::nullopt},
      {"C-1002", Money("45.00"), Money("45.00"), Money("44.00"), kNotGiven,
       kNotGiven, std::nullopt,
       boost::posix_time::time_from_string("2026-11-20 18:30:00")},
  };
  auto decisions = retention.EvaluateMany(customers, opt);
  for (size_t i = 0; i < customers.size(); ++i) {
    const auto& d = decisions[i];
    if (!d.ok()) {
      std::printf("customer %s: invalid: %s\n", customers[i].id.c_str(),
                  d.error->message.c_str());
      continue;
    }
    std::printf("customer %s: tier %s\n", customers[i].id.c_str(),
                Show(*d.Get("tier")).c_str());
    for (const auto& action : d.Get("actions")->as_list()) {
      // Read back as Boost types: a date, or a local time in the pack's zone.
      const verdict::Value& due = *action.FindField("due");
      std::string when = due.kind() == verdict::Kind::kDate
                             ? boost::gregorian::to_iso_extended_string(
                                   verdict::ToBoostDate(due))
                             : boost::posix_time::to_iso_extended_string(
                                   verdict::ToBoostPtime(due, *pack));
      std::printf("    %s by %s (%s), due %s\n",
                  Show(*action.FindField("action")).c_str(),
                  Show(*action.FindField("channel")).c_str(),
                  Show(*action.FindField("reason")).c_str(), when.c_str());
    }
  }

  std::vector<RefundRequest> requests = {
      {"R-1001", "A-1", 120.0, "billing_dispute", "county", true,
       "double charge"},
      {"R-1002", "A-2", 80.0, "line_fault", std::nullopt, false, std::nullopt},
      {"R-1003", "A-3", 520.5, "billing_data_error", std::nullopt, true,
       "rating error"},
  };
  // Outputs straight into the service's own result struct: names and
  // member types are checked here, once.
  struct Routing {
    std::string status;
    std::vector<std::string> approval_chain;
  };
  auto route = refunds.Returning(
      verdict::Outputs<Routing>()
          .Output("status", &Routing::status)
          .Output("approval_chain", &Routing::approval_chain));
  Routing routing;
  for (const RefundRequest& request : requests) {
    if (auto err = route.EvaluateInto(request, opt, &routing)) {
      std::printf("refund %s: invalid: %s\n", request.id.c_str(),
                  err->message.c_str());
      continue;
    }
    std::string chain;
    for (const std::string& who : routing.approval_chain) {
      chain += (chain.empty() ? "" : " -> ") + who;
    }
    std::printf("refund %s: %s via %s\n", request.id.c_str(),
                routing.status.c_str(),
                chain.empty() ? "(nobody)" : chain.c_str());
  }

  std::vector<NumberRequest> wanted = {
      {"13912348888", Money("3600"), Money("0"), Money("300"), 1},
      {"13800001234", Money("1000"), Money("250"), Money("100"), 1},
      {"13800005678", Money("0"), Money("0"), Money("0"), 0},
  };
  auto graded = numbers.EvaluateMany(wanted, opt);
  for (size_t i = 0; i < wanted.size(); ++i) {
    const auto& d = graded[i];
    std::printf("number %s: grade %s (%s), eligible %s, waiver approver %s\n",
                wanted[i].number.c_str(), Show(*d.Get("grade")).c_str(),
                Show(*d.Get("matched_pattern")).c_str(),
                Show(*d.Get("eligible")).c_str(),
                Show(*d.Get("waiver_approver")).c_str());
  }
  return 0;
}
