// Hand-written C++ functions deciding customer_tier and refund_approval
// exactly as rules/bss and ../shared/spec/bss-policies.md say: the floor the
// benchmarks compare Verdict with. Each result renders as the JSON that
// `verdict eval` writes, so the benchmark setup can check that both agree on
// every generated record.
#ifndef VERDICT_BENCH_HAND_WRITTEN_H_
#define VERDICT_BENCH_HAND_WRITTEN_H_

#include <string>

#include "bench/bss_records.h"

namespace verdict_bench {

struct TierResult {
  const char* tier;
  bool archive_required;
  int visit_interval_months;  // 0: null
  int call_interval_months;   // 0: null
};

TierResult HandTier(const Customer& c);
std::string ToJson(const TierResult& r);

struct RefundResult {
  bool rejected;
  bool missing_basis_document;
  bool missing_cause_description;
  Decimal cumulative_amount;
  const char* amount_approver;  // null when rejected
  const char* chain[3];         // cause approvers, then the amount approver
  int chain_size;               // 0 when rejected
};

RefundResult HandRefund(const RefundRequest& r);
std::string ToJson(const RefundResult& r);

}  // namespace verdict_bench

#endif  // VERDICT_BENCH_HAND_WRITTEN_H_
