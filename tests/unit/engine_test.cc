// End-to-end evaluation through the public API on the shipped BSS pack.
#include "verdict/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>

#include "tests/unit/test_util.h"

namespace verdict {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    LoadResult r = Pack::Load(testing_util::RulesDir());
    ASSERT_TRUE(r.ok());
    pack_ = r.pack;
  }
  static EvalOptions AsOf(const char* d) {
    EvalOptions o;
    o.as_of = *Date::Parse(d);
    return o;
  }
  static Value Money(const char* s) { return Value::Dec(*Decimal::Parse(s)); }
  static inline std::shared_ptr<const Pack> pack_;
};

TEST_F(EngineTest, RefundBandsAreExact) {
  FieldMap r = {{"request_id", Value::String("r1")},
                {"account_id", Value::String("a1")},
                {"amount", Money("0.01")},
                {"month_to_date_refunded", Money("199.99")},
                {"cause", Value::String("billing_data_error")},
                {"has_basis_document", Value::Bool(true)},
                {"cause_description", Value::String("duplicate charge")}};
  Decision d = pack_->Evaluate("refund_approval", r, AsOf("2026-11-24"));
  ASSERT_TRUE(d.ok()) << d.error->message;
  EXPECT_EQ(d.Get("amount_approver")->as_string(),
            "city_branch_deputy_manager");
  EXPECT_NE(pack_->ToJson(d).find("\"cumulative_amount\":200,"),
            std::string::npos)
      << pack_->ToJson(d);
  EXPECT_EQ(d.Get("approval_chain")->as_list().size(), 2u);
}

TEST_F(EngineTest, InvalidRecordNamesTheField) {
  FieldMap r = {{"request_id", Value::String("r1")},
                {"account_id", Value::String("a1")},
                {"amount", Money("0")},
                {"cause", Value::String("other")}};
  Decision d = pack_->Evaluate("refund_approval", r, AsOf("2026-11-24"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->field, "amount");
  EXPECT_EQ(d.error->code, "invalid_value");
  r["amount"] = Money("10");
  r["cause"] = Value::String("fraud");
  d = pack_->Evaluate("refund_approval", r, AsOf("2026-11-24"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->field, "cause");
}

TEST_F(EngineTest, BatchPolicyRefusesSingleRecordCalls) {
  EXPECT_THROW(pack_->Evaluate("customer_rank_tier", {}, AsOf("2026-11-24")),
               std::invalid_argument);
  EXPECT_THROW(pack_->Evaluate("no_such_policy", {}, AsOf("2026-11-24")),
               std::invalid_argument);
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST_F(EngineTest, RankTierIgnoresOrderAndChunking) {
  std::mt19937 rng(42);
  std::vector<std::string> records;
  for (int i = 0; i < 500; ++i) {
    // Many ties: spends drawn from 40 distinct values.
    int cents = static_cast<int>(rng() % 40) * 250;
    records.push_back("{\"customer_id\":\"c" + std::to_string(i) +
                      "\",\"monthly_spend\":" + std::to_string(cents / 100) +
                      "." + std::to_string(cents % 100 / 10) +
                      std::to_string(cents % 10) + "}");
  }
  records.push_back("{\"customer_id\":\"bad\",\"monthly_spend\":\"x\"}");
  EvalOptions opt = AsOf("2026-11-24");
  std::map<std::string, std::string> expected;
  {
    std::vector<Decision> all =
        pack_->EvaluateJsonLines("customer_rank_tier", Lines(records), opt);
    for (size_t i = 0; i < records.size(); ++i)
      expected[records[i]] = pack_->ToJson(all[i]);
  }
  // Every high-tier record has fewer than 20% of the 500 valid records
  // strictly above it (ties share the better tier, so there may be more
  // than 100 of them).
  int high = 0;
  for (const auto& [rec, out] : expected) {
    if (out.find("\"high\"") == std::string::npos) continue;
    ++high;
    size_t at = out.find("\"share\":");
    ASSERT_NE(at, std::string::npos);
    EXPECT_LT(std::stod(out.substr(at + 8)), 0.2) << out;
  }
  EXPECT_GT(high, 0);
  for (size_t chunk : {1u, 7u, 64u, 1000u}) {
    std::shuffle(records.begin(), records.end(), rng);
    BatchSession session(pack_, "customer_rank_tier", opt);
    for (size_t i = 0; i < records.size(); i += chunk) {
      std::vector<std::string> part(
          records.begin() + i,
          records.begin() + std::min(records.size(), i + chunk));
      session.Accumulate(Lines(part));
    }
    for (size_t i = 0; i < records.size(); i += chunk) {
      std::vector<std::string> part(
          records.begin() + i,
          records.begin() + std::min(records.size(), i + chunk));
      std::vector<Decision> ds = session.Decide(Lines(part));
      ASSERT_EQ(ds.size(), part.size());
      for (size_t k = 0; k < part.size(); ++k) {
        EXPECT_EQ(pack_->ToJson(ds[k]), expected[part[k]]) << "chunk " << chunk;
      }
    }
  }
}

// Text that is not UTF-8 in a FieldMap is the field's invalid_value, as
// JSON Lines, Arrow and Python refuse it; it was decided, and ToJson then
// wrote the raw bytes.
TEST_F(EngineTest, AFieldMapTextThatIsNotUtf8IsRefused) {
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d = pack_->Evaluate(
      "customer_tier",
      {{"customer_id", Value::String("ab\xff\xfe")}, {"arpu", Value::Int(70)}},
      opt);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->code, "invalid_value");
  EXPECT_EQ(d.error->field, "customer_id");
  EXPECT_NE(
      d.error->message.find("text is not valid UTF-8 (byte 0xFF at offset 2)"),
      std::string::npos)
      << d.error->message;
  d = pack_->Evaluate(
      "customer_tier",
      {{"customer_id", Value::String("客户")}, {"arpu", Value::Int(70)}}, opt);
  EXPECT_TRUE(d.ok());
}

// Misuse is an exception (docs/errors.md, kind 1), never a crash: a null
// pack, a moved-from session, Accumulate after Decide.
TEST_F(EngineTest, BatchSessionMisuseThrows) {
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  EXPECT_THROW(BatchSession(nullptr, "customer_rank_tier", opt),
               std::invalid_argument);
  BatchSession a(pack_, "customer_rank_tier", opt);
  BatchSession b(std::move(a));
  EXPECT_THROW(a.Accumulate(""), std::logic_error);  // NOLINT: moved from
  EXPECT_THROW(a.Decide(""), std::logic_error);      // NOLINT: moved from
  b.Decide("");
  EXPECT_THROW(b.Accumulate(""), std::logic_error);
}

TEST_F(EngineTest, ConcurrentEvaluationAgreesWithSerial) {
  std::vector<FieldMap> records;
  for (int i = 0; i < 200; ++i) {
    records.push_back(
        {{"customer_id", Value::String("c" + std::to_string(i))},
         {"arpu", Value::Dec(Decimal(i * 50, 2))},
         {"monthly_spend", Value::Dec(Decimal(i * 37, 1))},
         {"last_month_spend", Value::Dec(Decimal(i * 41, 1))},
         {"birthday", Value::DateOf(*Date::Parse("1990-11-24"))}});
  }
  EvalOptions opt = AsOf("2026-11-24");
  std::vector<Decision> serial =
      pack_->EvaluateMany("retention_followup", records, opt);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        std::vector<Decision> ds =
            pack_->EvaluateMany("retention_followup", records, opt);
        for (size_t i = 0; i < ds.size(); ++i) {
          if (pack_->ToJson(ds[i]) != pack_->ToJson(serial[i])) ++mismatches;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(EngineTest, TraceShowsRulesAndValues) {
  EvalOptions opt = AsOf("2026-11-24");
  opt.trace = true;
  Decision d = pack_->Evaluate(
      "customer_tier",
      {{"customer_id", Value::String("c")}, {"arpu", Money("60")}}, opt);
  ASSERT_EQ(d.trace.size(), 1u);
  EXPECT_EQ(d.trace[0].rule, "high-end");
  ASSERT_EQ(d.trace[0].values.size(), 1u);
  EXPECT_EQ(d.trace[0].values[0].first, "customer.arpu");
}

}  // namespace
}  // namespace verdict

namespace verdict {
namespace {

TEST(StrictFieldsTest, UndeclaredFieldsAreRejectedOnlyInStrictMode) {
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  const std::string line = R"({"customer_id":"c","arpu":1,"extra":2})";
  auto lenient = Pack::Load(testing_util::RulesDir()).pack;
  EXPECT_TRUE(lenient->EvaluateJsonLines("customer_tier", line, opt)[0].ok());
  LoadOptions strict;
  strict.strict_fields = true;
  auto pack = Pack::Load(testing_util::RulesDir(), strict).pack;
  Decision d = pack->EvaluateJsonLines("customer_tier", line, opt)[0];
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->code, "unknown_field");
  EXPECT_EQ(d.error->field, "extra");
  d = pack->Evaluate("customer_tier",
                     {{"customer_id", Value::String("c")},
                      {"arpu", Value::Int(1)},
                      {"extra", Value::Int(2)}},
                     opt);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->field, "extra");
}

TEST_F(EngineTest, ColumnsGiveInvalidRowsAnErrorAndNoTrace) {
  // An invalid row between two valid ones: its error is its own and it
  // carries no trace left over from the row before.
  Pack::Column ids{
      "customer_id",
      {Value::String("a"), Value::String("b"), Value::String("c")}};
  Pack::Column arpu{"arpu", {Money("61"), Value(), Money("12")}};
  std::vector<Pack::Column> cols = {ids, arpu};
  EvalOptions opt = AsOf("2026-11-24");
  opt.trace = true;
  Pack::ColumnResults r = pack_->EvaluateColumns("customer_tier", cols, opt);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_FALSE(r.errors[0]);
  ASSERT_TRUE(r.errors[1]);
  EXPECT_EQ(r.errors[1]->field, "arpu");
  EXPECT_EQ(r.traces[0].size(), 1u);
  EXPECT_TRUE(r.traces[1].empty());
  EXPECT_EQ(r.traces[2][0].rule, "mass");
  EXPECT_TRUE(r.outputs[0].values[1].is_null());
  EXPECT_EQ(r.outputs[0].values[2].as_string(), "mass");
}

// EvaluateEach against EvaluateMany over the same generated records, for a
// per-record and a batch policy: the loader fills only the fields a record
// has (the rest must read as not given, not as the previous record's value)
// and reports a load error for every seventh record.
TEST_F(EngineTest, EvaluateEachAgreesWithEvaluateMany) {
  std::mt19937 rng(7);
  const char* causes[] = {"billing_dispute", "line_fault", "other", "fraud"};
  std::vector<FieldMap> refunds, ranks;
  for (int i = 0; i < 300; ++i) {
    FieldMap r = {{"request_id", Value::String("r" + std::to_string(i))},
                  {"account_id", Value::String("a")},
                  {"amount", Value::Dec(Decimal::FromInt(rng() % 700))},
                  {"cause", Value::String(causes[rng() % 4])}};
    if (rng() % 2) r["branch"] = Value::String(rng() % 2 ? "city" : "county");
    if (rng() % 2) r["has_basis_document"] = Value::Bool(rng() % 3 != 0);
    if (rng() % 2) r["cause_description"] = Value::String("x");
    if (rng() % 9 == 0) r.erase("request_id");
    refunds.push_back(r);
    FieldMap k = {{"customer_id", Value::String("c" + std::to_string(i))}};
    if (rng() % 10) k["monthly_spend"] = Value::Int(rng() % 50);
    ranks.push_back(k);
  }
  EvalOptions opt = AsOf("2026-11-24");
  opt.trace = true;
  const std::pair<const char*, std::vector<FieldMap>*> cases[] = {
      {"refund_approval", &refunds}, {"customer_rank_tier", &ranks}};
  for (const auto& policy_and_maps : cases) {
    // Plain variables, not a structured binding: clang 14 cannot capture
    // those in the lambdas below.
    const char* policy = policy_and_maps.first;
    std::vector<FieldMap>* maps = policy_and_maps.second;
    const PolicyInfo& info = pack_->Policy(policy);
    // The records without a load error, decided as a batch of their own.
    std::vector<FieldMap> kept;
    for (size_t i = 0; i < maps->size(); ++i)
      if (i % 7 != 3) kept.push_back((*maps)[i]);
    std::vector<Decision> want = pack_->EvaluateMany(policy, kept, opt);
    size_t next = 0, seen = 0;
    pack_->EvaluateEach(
        policy, maps->size(), opt,
        [&](size_t i, std::span<Value> fields) -> std::optional<RecordError> {
          EXPECT_EQ(fields.size(), info.fields.size());
          for (size_t k = 0; k < fields.size(); ++k) {
            EXPECT_TRUE(fields[k].is_null()) << policy << " record " << i;
            auto it = (*maps)[i].find(info.fields[k].name);
            if (it != (*maps)[i].end()) fields[k] = it->second;
          }
          if (i % 7 == 3) return RecordError{"invalid_json", "bad line", ""};
          return std::nullopt;
        },
        [&](size_t i, const Decision& d) {
          ASSERT_EQ(i, seen++);
          if (i % 7 == 3) {
            ASSERT_TRUE(d.error);
            EXPECT_EQ(d.error->code, "invalid_json");
            EXPECT_TRUE(d.trace.empty());
            return;
          }
          EXPECT_EQ(pack_->ToJson(d), pack_->ToJson(want[next++]))
              << policy << " record " << i;
        });
    EXPECT_EQ(seen, maps->size());
    EXPECT_EQ(next, want.size());
  }
  EXPECT_THROW(pack_->EvaluateEach(
                   "no_such_policy", 1, opt,
                   [](size_t, std::span<Value>) { return std::nullopt; },
                   [](size_t, const Decision&) {}),
               std::invalid_argument);
}

}  // namespace
}  // namespace verdict
