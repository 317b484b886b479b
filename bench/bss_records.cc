#include "bench/bss_records.h"

#include <fmt/format.h>

#include <random>

#include "verdict/zone.h"

namespace verdict_bench {

namespace {

const char* const kCauses[] = {"billing_dispute",    "one_time_fee",
                               "service_issue",      "billing_data_error",
                               "line_fault",         "cable_fault",
                               "other"};
const char* const kDescriptions[] = {
    "duplicate monthly fee", "roaming charge disputed", "line down 3 days",
    "rating error in billing system", "   ", "installation fee waived"};
const char* const kTails[] = {"8888", "6666", "1234", "4321", "3388",
                              "1212", "5678", "0000", "9876"};

// Money in cents below `hi` yuan.
Decimal Cents(std::mt19937& rng, int hi, int lo = 0) {
  return Decimal(lo + static_cast<int>(rng() % (hi * 100 - lo)), 2);
}
bool Chance(std::mt19937& rng, double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < p;
}
Date Day(std::mt19937& rng, int lo, int hi) {
  return Date{AsOf().days + lo + static_cast<int>(rng() % (hi - lo + 1))};
}

void Member(std::string* out, const char* name, const std::string& json) {
  *out += fmt::format(",\"{}\":{}", name, json);
}
std::string Q(const std::string& s) { return "\"" + s + "\""; }
template <typename T, typename F>
void Optional(std::string* out, const char* name, const std::optional<T>& v,
              F text) {
  if (v) Member(out, name, text(*v));
}

std::string Money(const Decimal& d) { return d.ToString(); }
std::string DateText(const Date& d) { return Q(d.ToString()); }
std::string Bool(bool b) { return b ? "true" : "false"; }

}  // namespace

Date AsOf() { return *Date::Parse("2026-11-24"); }

std::vector<Customer> MakeCustomers(size_t n) {
  std::mt19937 rng(42);
  std::vector<Customer> out(n);
  for (size_t i = 0; i < n; ++i) {
    Customer& c = out[i];
    c.customer_id = fmt::format("C{:09d}", i);
    c.arpu = Cents(rng, 150);
    c.monthly_spend = Cents(rng, 300);
    c.last_month_spend = Cents(rng, 300);
    if (Chance(rng, 0.4)) {
      c.prepaid_balance = Cents(rng, 200);
      c.monthly_fee = Decimal::FromInt(58 + 30 * (rng() % 5));
    }
    if (Chance(rng, 0.7)) {
      c.birthday = Date::FromYmd(1960 + rng() % 45, rng() % 3 ? 11 : 3,
                                 20 + rng() % 9);
    }
    if (Chance(rng, 0.6)) c.last_visit_date = Day(rng, -120, 0);
    if (Chance(rng, 0.6)) c.last_call_date = Day(rng, -60, 0);
    if (Chance(rng, 0.35)) {
      c.package_expiry_date = Day(rng, -60, 60);
      c.package_renewed = Chance(rng, 0.3);
    }
    if (Chance(rng, 0.25)) c.agreement_expiry_date = Day(rng, -40, 40);
    if (Chance(rng, 0.08)) {
      int64_t local = int64_t{Day(rng, -7, 0).days} * 86400 + rng() % 86400;
      c.disconnect_requested_at = Timestamp{local - 8 * 3600, 0};
    }
  }
  return out;
}

std::vector<RefundRequest> MakeRefunds(size_t n) {
  std::mt19937 rng(42);
  std::vector<RefundRequest> out(n);
  const int bands[] = {199, 499, 3000};
  for (size_t i = 0; i < n; ++i) {
    RefundRequest& r = out[i];
    r.request_id = fmt::format("R{:09d}", i);
    r.account_id = fmt::format("A{:06d}", rng() % 1000000);
    r.amount = Cents(rng, bands[rng() % 3], 1);
    r.cause = kCauses[rng() % 7];
    if (Chance(rng, 0.3)) r.month_to_date_refunded = Cents(rng, 400);
    if (Chance(rng, 0.7)) r.branch = rng() % 2 ? "city" : "county";
    r.has_basis_document = Chance(rng, 0.85);
    if (Chance(rng, 0.9)) r.cause_description = kDescriptions[rng() % 6];
  }
  return out;
}

std::vector<NumberRequest> MakeNumbers(size_t n) {
  std::mt19937 rng(42);
  std::vector<NumberRequest> out(n);
  const char* const prefixes[] = {"138", "139", "150", "158", "186", "189"};
  const int prepays[] = {0, 100, 200, 500, 1200, 2000, 3600, 5000};
  const int commitments[] = {0, 58, 100, 188, 300, 500};
  for (size_t i = 0; i < n; ++i) {
    NumberRequest& r = out[i];
    r.number = fmt::format("{}{:08d}", prefixes[rng() % 6], rng() % 100000000);
    if (Chance(rng, 0.25)) r.number.replace(7, 4, kTails[rng() % 9]);
    if (Chance(rng, 0.8)) r.prepay = Decimal::FromInt(prepays[rng() % 8]);
    if (Chance(rng, 0.25)) r.prepay_waiver = Cents(rng, 600, 1);
    if (Chance(rng, 0.7))
      r.monthly_commitment = Decimal::FromInt(commitments[rng() % 6]);
    if (Chance(rng, 0.6)) r.ringtone_years = static_cast<int>(rng() % 3);
    if (Chance(rng, 0.2)) {
      r.group_customer = true;
      r.group_annual_revenue = Decimal::FromInt(10000 * (1 + rng() % 8));
    }
  }
  return out;
}

std::string ToJsonLines(const std::vector<Customer>& records) {
  std::string out;
  for (const Customer& c : records) {
    out += "{\"customer_id\":" + Q(c.customer_id);
    Member(&out, "arpu", Money(c.arpu));
    Member(&out, "monthly_spend", Money(c.monthly_spend));
    Member(&out, "last_month_spend", Money(c.last_month_spend));
    Optional(&out, "prepaid_balance", c.prepaid_balance, Money);
    Optional(&out, "monthly_fee", c.monthly_fee, Money);
    Optional(&out, "birthday", c.birthday, DateText);
    Optional(&out, "last_visit_date", c.last_visit_date, DateText);
    Optional(&out, "last_call_date", c.last_call_date, DateText);
    Optional(&out, "package_expiry_date", c.package_expiry_date, DateText);
    Optional(&out, "package_renewed", c.package_renewed, Bool);
    Optional(&out, "agreement_expiry_date", c.agreement_expiry_date, DateText);
    Optional(&out, "disconnect_requested_at", c.disconnect_requested_at,
             [](const Timestamp& t) {
               return Q(t.ToLocalString(verdict::Zone::Fixed(8 * 3600)));
             });
    out += "}\n";
  }
  return out;
}

std::string ToJsonLines(const std::vector<RefundRequest>& records) {
  std::string out;
  for (const RefundRequest& r : records) {
    out += "{\"request_id\":" + Q(r.request_id);
    Member(&out, "account_id", Q(r.account_id));
    Member(&out, "amount", Money(r.amount));
    Optional(&out, "month_to_date_refunded", r.month_to_date_refunded, Money);
    Member(&out, "cause", Q(r.cause));
    Optional(&out, "branch", r.branch, Q);
    Optional(&out, "has_basis_document", r.has_basis_document, Bool);
    Optional(&out, "cause_description", r.cause_description, Q);
    out += "}\n";
  }
  return out;
}

std::string ToJsonLines(const std::vector<NumberRequest>& records) {
  std::string out;
  for (const NumberRequest& r : records) {
    out += "{\"number\":" + Q(r.number);
    Optional(&out, "prepay", r.prepay, Money);
    Optional(&out, "prepay_waiver", r.prepay_waiver, Money);
    Optional(&out, "monthly_commitment", r.monthly_commitment, Money);
    Optional(&out, "ringtone_years", r.ringtone_years,
             [](int y) { return std::to_string(y); });
    Optional(&out, "group_customer", r.group_customer, Bool);
    Optional(&out, "group_annual_revenue", r.group_annual_revenue, Money);
    out += "}\n";
  }
  return out;
}

verdict::BoundPolicy<Customer> BindCustomer(
    std::shared_ptr<const verdict::Pack> pack, const std::string& policy) {
  verdict::Binding<Customer> b;
  b.Field("customer_id", &Customer::customer_id);
  if (policy == "customer_rank_tier") {
    return b.Field("monthly_spend", &Customer::monthly_spend)
        .Bind(pack, policy);
  }
  b.Field("arpu", &Customer::arpu);
  if (policy == "customer_tier") return b.Bind(pack, policy);
  return b.Field("monthly_spend", &Customer::monthly_spend)
      .Field("last_month_spend", &Customer::last_month_spend)
      .Field("prepaid_balance", &Customer::prepaid_balance)
      .Field("monthly_fee", &Customer::monthly_fee)
      .Field("birthday", &Customer::birthday)
      .Field("last_visit_date", &Customer::last_visit_date)
      .Field("last_call_date", &Customer::last_call_date)
      .Field("package_expiry_date", &Customer::package_expiry_date)
      .Field("package_renewed", &Customer::package_renewed)
      .Field("agreement_expiry_date", &Customer::agreement_expiry_date)
      .Field("disconnect_requested_at", &Customer::disconnect_requested_at)
      .Bind(pack, policy);
}

verdict::BoundPolicy<RefundRequest> BindRefund(
    std::shared_ptr<const verdict::Pack> pack) {
  return verdict::Binding<RefundRequest>()
      .Field("request_id", &RefundRequest::request_id)
      .Field("account_id", &RefundRequest::account_id)
      .Field("amount", &RefundRequest::amount)
      .Field("month_to_date_refunded", &RefundRequest::month_to_date_refunded)
      .Field("cause", &RefundRequest::cause)
      .Field("branch", &RefundRequest::branch)
      .Field("has_basis_document", &RefundRequest::has_basis_document)
      .Field("cause_description", &RefundRequest::cause_description)
      .Bind(pack, "refund_approval");
}

verdict::BoundPolicy<NumberRequest> BindNumber(
    std::shared_ptr<const verdict::Pack> pack) {
  return verdict::Binding<NumberRequest>()
      .Field("number", &NumberRequest::number)
      .Field("prepay", &NumberRequest::prepay)
      .Field("prepay_waiver", &NumberRequest::prepay_waiver)
      .Field("monthly_commitment", &NumberRequest::monthly_commitment)
      .Field("ringtone_years", &NumberRequest::ringtone_years)
      .Field("group_customer", &NumberRequest::group_customer)
      .Field("group_annual_revenue", &NumberRequest::group_annual_revenue)
      .Bind(pack, "number_grade");
}

}  // namespace verdict_bench
