// The records of every per-record and batch policy of rules/bss as plain
// C++ structs, generated deterministically (fixed seeds), bound to the pack
// (verdict/binding.h) and written as JSON Lines, for the benchmarks.
#ifndef VERDICT_BENCH_BSS_RECORDS_H_
#define VERDICT_BENCH_BSS_RECORDS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "verdict/binding.h"
#include "verdict/engine.h"

namespace verdict_bench {

using verdict::Date;
using verdict::Decimal;
using verdict::Timestamp;

// customer_tier, customer_rank_tier and retention_followup read these.
struct Customer {
  std::string customer_id;
  Decimal arpu;
  Decimal monthly_spend;
  Decimal last_month_spend;
  std::optional<Decimal> prepaid_balance;
  std::optional<Decimal> monthly_fee;
  std::optional<Date> birthday;
  std::optional<Date> last_visit_date;
  std::optional<Date> last_call_date;
  std::optional<Date> package_expiry_date;
  std::optional<bool> package_renewed;
  std::optional<Date> agreement_expiry_date;
  std::optional<Timestamp> disconnect_requested_at;  // an instant (UTC)
};

struct RefundRequest {
  std::string request_id;
  std::string account_id;
  Decimal amount;
  std::optional<Decimal> month_to_date_refunded;
  std::string cause;
  std::optional<std::string> branch;
  std::optional<bool> has_basis_document;
  std::optional<std::string> cause_description;
};

struct NumberRequest {
  std::string number;
  std::optional<Decimal> prepay;
  std::optional<Decimal> prepay_waiver;
  std::optional<Decimal> monthly_commitment;
  std::optional<int> ringtone_years;
  std::optional<bool> group_customer;
  std::optional<Decimal> group_annual_revenue;
};

// The as-of date of every benchmark: 2026-11-24.
Date AsOf();

// `n` valid records, the same for the same `n` (seeded generators).
std::vector<Customer> MakeCustomers(size_t n);
std::vector<RefundRequest> MakeRefunds(size_t n);
std::vector<NumberRequest> MakeNumbers(size_t n);

// One JSON object per record, each followed by '\n'.
std::string ToJsonLines(const std::vector<Customer>& records);
std::string ToJsonLines(const std::vector<RefundRequest>& records);
std::string ToJsonLines(const std::vector<NumberRequest>& records);

// Binds every member to the policy's field of the same name (members the
// policy does not declare are left out). Throws as Binding::Bind does.
verdict::BoundPolicy<Customer> BindCustomer(
    std::shared_ptr<const verdict::Pack> pack, const std::string& policy);
verdict::BoundPolicy<RefundRequest> BindRefund(
    std::shared_ptr<const verdict::Pack> pack);
verdict::BoundPolicy<NumberRequest> BindNumber(
    std::shared_ptr<const verdict::Pack> pack);

}  // namespace verdict_bench

#endif  // VERDICT_BENCH_BSS_RECORDS_H_
