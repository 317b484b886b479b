#include "bench/hand_written.h"

#include <string_view>

namespace verdict_bench {

TierResult HandTier(const Customer& c) {
  static const Decimal k60 = Decimal::FromInt(60);
  static const Decimal k30 = Decimal::FromInt(30);
  if (Compare(c.arpu, k60) >= 0) return {"high", true, 2, 1};
  if (Compare(c.arpu, k30) >= 0) return {"mid", false, 0, 0};
  return {"mass", false, 0, 0};
}

std::string ToJson(const TierResult& r) {
  auto interval = [](int m) { return m ? std::to_string(m) : "null"; };
  return std::string("{\"tier\":\"") + r.tier + "\",\"archive_required\":" +
         (r.archive_required ? "true" : "false") +
         ",\"visit_interval_months\":" + interval(r.visit_interval_months) +
         ",\"call_interval_months\":" + interval(r.call_interval_months) + "}";
}

namespace {

bool Blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

}  // namespace

RefundResult HandRefund(const RefundRequest& r) {
  static const Decimal k200 = Decimal::FromInt(200);
  static const Decimal k500 = Decimal::FromInt(500);
  RefundResult out{};
  out.missing_basis_document = !r.has_basis_document.value_or(false);
  out.missing_cause_description =
      !r.cause_description || Blank(*r.cause_description);
  out.rejected = out.missing_basis_document || out.missing_cause_description;
  out.cumulative_amount =
      *Decimal::Add(r.month_to_date_refunded.value_or(Decimal()), r.amount);
  if (out.rejected) return out;
  const Decimal& c = out.cumulative_amount;
  if (Compare(c, k200) < 0) {
    out.amount_approver = r.branch.value_or("city") == "county"
                              ? "county_general_manager"
                              : "department_head";
  } else if (Compare(c, k500) < 0) {
    out.amount_approver = "city_branch_deputy_manager";
  } else {
    out.amount_approver = "city_branch_general_manager";
  }
  const std::string& cause = r.cause;
  if (cause == "billing_dispute" || cause == "one_time_fee" ||
      cause == "service_issue") {
    out.chain[out.chain_size++] = "functional_department_head";
    out.chain[out.chain_size++] = "marketing_department_head";
  } else if (cause == "billing_data_error") {
    out.chain[out.chain_size++] = "it_center_head";
  } else if (cause == "line_fault" || cause == "cable_fault") {
    out.chain[out.chain_size++] = "maintenance_department_head";
  }
  out.chain[out.chain_size++] = out.amount_approver;
  return out;
}

std::string ToJson(const RefundResult& r) {
  std::string reasons;
  if (r.missing_basis_document) reasons = "\"missing_basis_document\"";
  if (r.missing_cause_description) {
    if (!reasons.empty()) reasons += ",";
    reasons += "\"missing_cause_description\"";
  }
  std::string chain;
  for (int i = 0; i < r.chain_size; ++i) {
    if (i) chain += ",";
    chain += std::string("\"") + r.chain[i] + "\"";
  }
  return std::string("{\"status\":\"") + (r.rejected ? "rejected" : "route") +
         "\",\"reject_reasons\":[" + reasons +
         "],\"cumulative_amount\":" + r.cumulative_amount.ToString() +
         ",\"amount_approver\":" +
         (r.amount_approver ? "\"" + std::string(r.amount_approver) + "\""
                            : std::string("null")) +
         ",\"approval_chain\":[" + chain +
         "],\"stages\":[\"apply\",\"approve\",\"operate\",\"review\","
         "\"audit\",\"analyze\"]}";
}

}  // namespace verdict_bench
