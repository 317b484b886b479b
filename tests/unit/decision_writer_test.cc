// Differential test of DecisionJsonWriter (pre-encoded names and constant
// lists, src/io/decision_writer.h) against DecisionToJson(), the slow
// reference that encodes everything on every call: every rules/bss policy
// over the shipped sample records and over generated ones (fixed seed),
// with and without trace and audit, plus decisions the writer must hand to
// the reference (errors, other names, rebuilt lists).
#include "src/io/decision_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
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
  const char* causes[] = {
      "billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
      "line_fault",      "cable_fault",  "other"};
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
                    u(2) ? "city" : "county", u(5) ? "true" : "false",
                    u(4) ? "a \\\"quoted\\\" cause\\n" : " ");
    } else if (policy == "number_grade") {
      std::snprintf(buf, sizeof buf,
                    "{\"number\":\"1380013%s\",\"prepay\":%u,"
                    "\"prepay_waiver\":%u,\"monthly_commitment\":%u,"
                    "\"ringtone_years\":%u}",
                    tails[u(6)], u(5000), u(3) * 250, u(400), u(3));
    } else {
      std::snprintf(buf, sizeof buf,
                    "{\"customer_id\":\"C%d\",\"arpu\":%u.%u,"
                    "\"monthly_spend\":%u,\"last_month_spend\":%u,"
                    "\"last_visit_date\":\"2026-%02u-%02u\","
                    "\"disconnect_requested_at\":\"2026-11-%02uT09:30:00\"}",
                    i, u(150), u(10), u(300), u(300), 7 + u(5), 1 + u(28),
                    1 + u(24));
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
    text += ReadFile(data +
                     (policy == "refund_approval" ? "refund_requests"
                      : policy == "number_grade"  ? "number_requests"
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
        EXPECT_EQ(fast, "prefix" + DecisionToJson(d, impl.zone)) << policy;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 2000u);
}

// A decision without outputs (moved from, or built by hand) is still one
// JSON object: its audit or trace came after a stray comma.
TEST(DecisionJsonTest, ADecisionWithoutOutputsIsValidJson) {
  const Zone utc = Zone::Fixed(0);
  Decision traced;
  traced.traced = true;
  EXPECT_EQ(DecisionToJson(traced, utc), R"({"trace":[]})");
  Decision audited;
  audited.audit = Audit{"p", "1", "h", "tier", *Date::Parse("2026-11-24")};
  EXPECT_EQ(DecisionToJson(audited, utc),
            R"({"audit":{"pack":"p","version":"1","content_hash":"h",)"
            R"("policy":"tier","as_of":"2026-11-24"}})");
  EXPECT_EQ(DecisionToJson(Decision{}, utc), "{}");
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

// Random values of every kind, nested in lists and maps (keys of every
// kind, texts with escapes and non-ASCII, decimals of every scale and sign,
// the int extremes, constants of the policy among them), as the outputs of
// a refund_approval decision: the writer's own encoding (straight into its
// window) gives DecisionToJson()'s bytes, whatever was in the string
// before, and across window growth (long texts and big lists).
TEST(DecisionWriterTest, EveryKindOfOutputValueSameBytesAsTheReference) {
  auto r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  const PackImpl& impl = PackAccess::Impl(*r.pack);
  const CompiledPolicy& p = *impl.Find("refund_approval");
  DecisionJsonWriter writer(p, impl.zone);
  std::vector<Value> constants;
  for (const CompiledDecision& d : p.decisions) {
    for (const CompiledRule& rule : d.rules) {
      for (const RuleOutput& o : rule.sets) {
        if (!o.expr) constants.push_back(o.constant);
      }
    }
  }
  ASSERT_FALSE(constants.empty());
  std::mt19937_64 rng(77);
  auto u = [&](uint64_t m) { return rng() % m; };
  const std::vector<std::string> texts = {
      "",
      "a",
      "route",
      "department_head",
      "q\"uote",
      "back\\",
      "line\nbreak",
      "tab\there",
      "\x01",
      "\xE6\x9C\x88",
      "city_branch_general_manager_and_more_text",
      std::string(40, 'x'),
      std::string(700, 'y')};
  std::function<Value(int)> gen = [&](int depth) -> Value {
    switch (u(depth > 2 ? 13 : 16)) {
      case 0:
        return Value();
      case 1:
        return Value::Bool(u(2));
      case 2: {
        const int64_t ints[] = {0, -1, 7, INT64_MAX, INT64_MIN};
        return Value::Int(u(2) ? ints[u(5)] : static_cast<int64_t>(rng()));
      }
      case 3:
        return Value::Uint(rng());
      case 4:
        return Value::Double(static_cast<double>(u(100000)) / 7);
      case 5:
      case 6: {
        Decimal d = Decimal::FromInt(static_cast<int64_t>(rng() >> u(64)));
        for (uint64_t i = u(12); i > 0; --i)
          d = *Decimal::Div(d, Decimal::FromInt(10));
        return Value::Dec(u(3) ? d : *Decimal::Sub(Decimal(), d));
      }
      case 7:
      case 8:
        return Value::StringOf(texts[u(texts.size())]);
      case 9:
        return Value::BytesOf(texts[u(texts.size())]);
      case 10: {
        // Mostly 1970-2079; now and then a year past 9999 or before 0000
        // (the general formatter's).
        const int32_t far[] = {3'000'000, -800'000};
        return Value::DateOf(
            Date{u(8) ? static_cast<int32_t>(u(40000))
                      : far[u(2)] + static_cast<int32_t>(u(99))});
      }
      case 11:
        return constants[u(constants.size())];
      case 12:
        return Value::Error("e\"rr");
      case 13:
      case 14: {
        List items;
        for (uint64_t i = u(depth == 0 ? 60 : 5); i > 0; --i)
          items.push_back(gen(depth + 1));
        return Value::ListOf(std::move(items));
      }
      default: {
        MapEntries m;
        for (uint64_t i = u(4); i > 0; --i) {
          Value k = u(4) ? Value::StringOf(texts[u(texts.size())])
                         : Value::Int(static_cast<int64_t>(u(100)));
          m.emplace_back(std::move(k), gen(depth + 1));
        }
        return Value::MapOf(std::move(m));
      }
    }
  };
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d = r.pack->EvaluateJsonLines(
      "refund_approval", Generated("refund_approval", 1), opt)[0];
  ASSERT_TRUE(d.ok());
  std::string fast;
  size_t compared = 0, long_lines = 0;
  for (int round = 0; round < 2000; ++round) {
    for (auto& [name, v] : d.outputs) v = gen(0);
    // The string keeps what it held: the writer appends.
    if (u(3) == 0) fast.clear();
    const std::string before = fast;
    writer.Append(d, &fast);
    ASSERT_EQ(fast, before + DecisionToJson(d, impl.zone)) << round;
    if (fast.size() - before.size() > 512) ++long_lines;
    ++compared;
  }
  EXPECT_EQ(compared, 2000u);
  EXPECT_GT(long_lines, 200u);  // the window grew mid-line
}

}  // namespace
}  // namespace verdict
