// Differential test of DecisionJsonWriter (pre-encoded names and constant
// lists, src/io/decision_writer.h) against DecisionToJson(), the slow
// reference that encodes everything on every call: every rules/bss policy
// over the shipped sample records and over generated ones (fixed seed),
// with and without trace and audit, plus decisions the writer must hand to
// the reference (errors, other names, rebuilt lists).
#include "src/io/decision_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "src/api/pack_access.h"
#include "src/io/json_records.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Generated records touching every output of every policy: amounts around
// the bands, every cause and branch, vanity numbers, dates around as-of.
std::string Generated(const std::string& policy, int n) {
  std::mt19937 rng(2026);
  auto u = [&](unsigned m) { return static_cast<unsigned>(rng() % m); };
  const char* causes[] = {"billing_dispute", "one_time_fee", "service_issue",
                          "billing_data_error", "line_fault", "cable_fault",
                          "other"};
  const char* tails[] = {"8888", "1234", "4321", "3388", "1212", "0507"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    char buf[400];
    if (policy == "refund_approval") {
      std::snprintf(buf, sizeof buf,
                    "{\"request_id\":\"R%d\",\"account_id\":\"A%d\","
                    "\"amount\":%u.%02u,\"cause\":\"%s\",\"branch\":\"%s\","
                    "\"has_basis_document\":%s,\"cause_description\":\"%s\"}",
                    i, i, 1 + u(700), u(100), causes[u(7)],
                    u(2) ? "city" : "county",
                    u(5) ? "true" : "false",
                    u(4) ? "a \\\"quoted\\\" cause\\n" : " ");
    } else if (policy == "number_grade") {
      std::snprintf(buf, sizeof buf,
                    "{\"number\":\"1380013%s\",\"prepay\":%u,"
                    "\"prepay_waiver\":%u,\"monthly_commitment\":%u,"
                    "\"ringtone_years\":%u}",
                    tails[u(6)], u(5000), u(3) * 250,
                    u(400), u(3));
    } else {
      std::snprintf(buf, sizeof buf,
                    "{\"customer_id\":\"C%d\",\"arpu\":%u.%u,"
                    "\"monthly_spend\":%u,\"last_month_spend\":%u,"
                    "\"last_visit_date\":\"2026-%02u-%02u\","
                    "\"disconnect_requested_at\":\"2026-11-%02uT09:30:00\"}",
                    i, u(150), u(10), u(300), u(300),
                    7 + u(5), 1 + u(28), 1 + u(24));
    }
    out += buf;
    out += '\n';
  }
  return out;
}

TEST(DecisionWriterTest, SameBytesAsDecisionToJsonForEveryPolicy) {
  auto r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  const PackImpl& impl = PackAccess::Impl(*r.pack);
  const std::string data = VERDICT_SOURCE_DIR "/examples/data/";
  size_t compared = 0;
  for (const std::string& policy : r.pack->PolicyNames()) {
    const CompiledPolicy& p = *impl.Find(policy);
    DecisionJsonWriter writer(p, impl.zone);
    std::string text = Generated(policy, 300);
    text += ReadFile(data + (policy == "refund_approval" ? "refund_requests"
                             : policy == "number_grade" ? "number_requests"
                                                        : "customers") +
                     ".jsonl");
    for (bool trace : {false, true}) {
      EvalOptions opt;
      opt.as_of = *Date::Parse("2026-11-24");
      opt.trace = trace;
      opt.audit = trace;
      for (const Decision& d : r.pack->EvaluateJsonLines(policy, text, opt)) {
        std::string fast = "prefix";
        writer.Append(d, &fast);
        EXPECT_EQ(fast, "prefix" + DecisionToJson(d, impl.zone))
            << policy;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 2000u);
}

TEST(DecisionWriterTest, RebuiltListsAndOtherNamesTakeTheReference) {
  auto r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  const PackImpl& impl = PackAccess::Impl(*r.pack);
  DecisionJsonWriter writer(*impl.Find("refund_approval"), impl.zone);
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d = r.pack->EvaluateJsonLines(
      "refund_approval", Generated("refund_approval", 1), opt)[0];
  ASSERT_TRUE(d.ok());
  // A list equal to a constant but built anew, with different content.
  d.outputs.back().second = Value::ListOf({Value::String("x\"y")});
  std::string fast;
  writer.Append(d, &fast);
  EXPECT_EQ(fast, DecisionToJson(d, impl.zone));
  d.outputs[0].first = "renamed";
  fast.clear();
  writer.Append(d, &fast);
  EXPECT_EQ(fast, DecisionToJson(d, impl.zone));
  EXPECT_NE(fast.find("\"renamed\""), std::string::npos);
}

}  // namespace
}  // namespace verdict
