// Deciding into a caller's struct (verdict/binding.h: Outputs, TypedPolicy;
// src/api/output_plan.cc) against the Decision of the same bound record:
// every output of every per-record policy of rules/bss on generated
// records, valid and invalid, and what Returning() refuses.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "tests/unit/test_util.h"
#include "verdict/binding.h"

namespace verdict {
namespace {

std::shared_ptr<const Pack> Bss() {
  static std::shared_ptr<const Pack> pack =
      Pack::Load(testing_util::RulesDir()).pack;
  return pack;
}

EvalOptions AsOf() {
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  return o;
}

struct Customer {
  std::string id;
  Decimal arpu;
  Decimal monthly_spend;
  Decimal last_month_spend;
  std::optional<Date> birthday;
  std::optional<Date> last_visit_date;
  std::optional<Date> package_expiry_date;
  std::optional<Timestamp> disconnect_requested_at;
};

struct Tier {
  std::string tier = "unset";
  bool archive_required = false;
  std::optional<int64_t> visit_interval_months;
  std::optional<long long> call_interval_months;
};

struct Refund {
  std::string request_id, account_id, cause;
  Decimal amount;
  std::optional<Decimal> month_to_date_refunded;
  std::optional<std::string> branch, cause_description;
  std::optional<bool> has_basis_document;
};

struct Routing {
  std::string status = "unset";
  std::vector<std::string> reject_reasons;
  Decimal cumulative_amount;
  std::optional<std::string> amount_approver;
  std::vector<std::string> approval_chain;
  std::vector<std::string> stages;
};

struct Number {
  std::string number;
  std::optional<Decimal> prepay, prepay_waiver;
};

// Up to seven outputs of any policy, as Values.
struct AnyOutputs {
  Value o0, o1, o2, o3, o4, o5, o6;
};
constexpr Value AnyOutputs::*kAny[] = {
    &AnyOutputs::o0, &AnyOutputs::o1, &AnyOutputs::o2, &AnyOutputs::o3,
    &AnyOutputs::o4, &AnyOutputs::o5, &AnyOutputs::o6};

Decimal Money(std::mt19937& rng, int max_yuan) {
  // One record in 25 has five fractional digits: invalid for money.
  bool bad = rng() % 25 == 0;
  return Decimal(
      static_cast<int64_t>(rng() % (max_yuan * 100 + 1)) * (bad ? 1001 : 1),
      bad ? 5 : 2);
}

std::optional<Date> SomeDate(std::mt19937& rng) {
  if (rng() % 3 == 0) return std::nullopt;
  return Date{static_cast<int32_t>(20000 + rng() % 700)};
}

std::vector<Customer> Customers(size_t n) {
  std::mt19937 rng(17);
  std::vector<Customer> out;
  for (size_t i = 0; i < n; ++i) {
    Customer c{"c" + std::to_string(i), Money(rng, 120), Money(rng, 300),
               Money(rng, 300),         SomeDate(rng),   SomeDate(rng),
               SomeDate(rng),           std::nullopt};
    if (rng() % 5 == 0) c.disconnect_requested_at = Timestamp{1795000000, 0};
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Refund> Refunds(size_t n) {
  std::mt19937 rng(23);
  const char* causes[] = {"billing_dispute", "line_fault", "other",
                          "billing_data_error", "no_such_cause"};
  std::vector<Refund> out;
  for (size_t i = 0; i < n; ++i) {
    Refund r;
    r.request_id = "r" + std::to_string(i);
    r.account_id = "a" + std::to_string(i % 50);
    r.cause = causes[rng() % 5];
    r.amount = rng() % 20 == 0 ? Decimal(0, 0) : Money(rng, 700);
    if (rng() % 2) r.month_to_date_refunded = Money(rng, 400);
    if (rng() % 2) r.branch = rng() % 2 ? "county" : "city";
    if (rng() % 4) r.has_basis_document = rng() % 5 != 0;
    if (rng() % 3) r.cause_description = rng() % 4 ? "wrong charge" : "  ";
    out.push_back(std::move(r));
  }
  return out;
}

BoundPolicy<Customer> BindCustomer(const std::string& policy) {
  Binding<Customer> b;
  b.Field("customer_id", &Customer::id).Field("arpu", &Customer::arpu);
  if (policy == "retention_followup") {
    b.Field("monthly_spend", &Customer::monthly_spend)
        .Field("last_month_spend", &Customer::last_month_spend)
        .Field("birthday", &Customer::birthday)
        .Field("last_visit_date", &Customer::last_visit_date)
        .Field("package_expiry_date", &Customer::package_expiry_date)
        .Field("disconnect_requested_at", &Customer::disconnect_requested_at);
  }
  return b.Bind(Bss(), policy);
}

BoundPolicy<Refund> BindRefund() {
  return Binding<Refund>()
      .Field("request_id", &Refund::request_id)
      .Field("account_id", &Refund::account_id)
      .Field("cause", &Refund::cause)
      .Field("amount", &Refund::amount)
      .Field("month_to_date_refunded", &Refund::month_to_date_refunded)
      .Field("branch", &Refund::branch)
      .Field("cause_description", &Refund::cause_description)
      .Field("has_basis_document", &Refund::has_basis_document)
      .Bind(Bss(), "refund_approval");
}

// Every output of `policy` bound to AnyOutputs::o<k>, in declared order.
Outputs<AnyOutputs> AllAsValues(const std::string& policy) {
  Outputs<AnyOutputs> outs;
  const PolicyInfo& info = Bss()->Policy(policy);
  EXPECT_LE(info.outputs.size(), std::size(kAny));
  for (size_t k = 0; k < info.outputs.size(); ++k)
    outs.Output(info.outputs[k].first, kAny[k]);
  return outs;
}

std::vector<std::string> Strings(const Value& v) {
  std::vector<std::string> out;
  for (const Value& x : v.as_list()) out.push_back(x.as_string());
  return out;
}

void ExpectSameError(const std::optional<RecordError>& got,
                     const Decision& want, size_t i) {
  ASSERT_TRUE(got.has_value()) << i;
  EXPECT_EQ(got->code, want.error->code) << i;
  EXPECT_EQ(got->message, want.error->message) << i;
  EXPECT_EQ(got->field, want.error->field) << i;
}

TEST(TypedOutputsTest, TierStructAgreesWithTheDecision) {
  auto bound = BindCustomer("customer_tier");
  auto typed = bound.Returning(
      Outputs<Tier>()
          .Output("tier", &Tier::tier)
          .Output("archive_required", &Tier::archive_required)
          .Output("visit_interval_months", &Tier::visit_interval_months)
          .Output("call_interval_months", &Tier::call_interval_months));
  int errors = 0, decided = 0;
  for (const Customer& c : Customers(3000)) {
    Decision d = bound.Evaluate(c, AsOf());
    Tier t;  // sentinel values: an error must leave them
    auto err = typed.EvaluateInto(c, AsOf(), &t);
    if (!d.ok()) {
      ExpectSameError(err, d, decided + errors);
      EXPECT_EQ(t.tier, "unset");
      ++errors;
      continue;
    }
    ASSERT_FALSE(err) << err->message;
    ++decided;
    EXPECT_EQ(t.tier, d.Get("tier")->as_string());
    EXPECT_EQ(t.archive_required, d.Get("archive_required")->as_bool());
    const Value* visit = d.Get("visit_interval_months");
    EXPECT_EQ(t.visit_interval_months.has_value(), !visit->is_null());
    if (!visit->is_null()) {
      EXPECT_EQ(*t.visit_interval_months, visit->as_int());
    }
    const Value* call = d.Get("call_interval_months");
    EXPECT_EQ(t.call_interval_months.has_value(), !call->is_null());
    if (!call->is_null()) {
      EXPECT_EQ(*t.call_interval_months, call->as_int());
    }
  }
  EXPECT_GT(errors, 50);
  EXPECT_GT(decided, 2000);
}

TEST(TypedOutputsTest, RefundStructAgreesWithTheDecision) {
  auto bound = BindRefund();
  auto typed = bound.Returning(
      Outputs<Routing>()
          .Output("status", &Routing::status)
          .Output("reject_reasons", &Routing::reject_reasons)
          .Output("cumulative_amount", &Routing::cumulative_amount)
          .Output("amount_approver", &Routing::amount_approver)
          .Output("approval_chain", &Routing::approval_chain)
          .Output("stages", &Routing::stages));
  int errors = 0, rejected = 0, routed = 0;
  Routing r;  // reused: values from the record before must not linger
  for (const Refund& req : Refunds(3000)) {
    Decision d = bound.Evaluate(req, AsOf());
    Routing before = r;
    auto err = typed.EvaluateInto(req, AsOf(), &r);
    if (!d.ok()) {
      ExpectSameError(err, d, errors + rejected + routed);
      EXPECT_EQ(r.status, before.status);
      EXPECT_EQ(r.approval_chain, before.approval_chain);
      ++errors;
      continue;
    }
    ASSERT_FALSE(err) << err->message;
    (r.status == "route" ? routed : rejected)++;
    EXPECT_EQ(r.status, d.Get("status")->as_string());
    EXPECT_EQ(r.reject_reasons, Strings(*d.Get("reject_reasons")));
    EXPECT_EQ(r.cumulative_amount, d.Get("cumulative_amount")->as_decimal());
    const Value* approver = d.Get("amount_approver");
    EXPECT_EQ(r.amount_approver.has_value(), !approver->is_null());
    if (!approver->is_null()) {
      EXPECT_EQ(*r.amount_approver, approver->as_string());
    }
    EXPECT_EQ(r.approval_chain, Strings(*d.Get("approval_chain")));
    EXPECT_EQ(r.stages, Strings(*d.Get("stages")));
  }
  EXPECT_GT(errors, 100);
  EXPECT_GT(rejected, 300);
  EXPECT_GT(routed, 500);
}

// The typed result of record `i` against its Decision: the same error, or
// every output equal to the Decision's. 1 when it compared outputs.
int ExpectSameOutputs(const std::optional<RecordError>& err,
                      const AnyOutputs& o, const Decision& d, size_t i) {
  if (!d.ok()) {
    ExpectSameError(err, d, i);
    return 0;
  }
  EXPECT_FALSE(err) << i << ": " << err->message;
  for (size_t k = 0; k < d.outputs.size(); ++k) {
    EXPECT_EQ((o.*kAny[k]).DebugString(), d.outputs[k].second.DebugString())
        << d.policy << " " << d.outputs[k].first << " record " << i;
  }
  return 1;
}

// Value members hold any output, the untyped list `actions` included.
TEST(TypedOutputsTest, ValueMembersAgreeWithTheDecisionForEveryPolicy) {
  int compared = 0;
  for (const char* policy : {"customer_tier", "retention_followup"}) {
    auto bound = BindCustomer(policy);
    auto typed = bound.Returning(AllAsValues(policy));
    for (const Customer& c : Customers(1500)) {
      Decision d = bound.Evaluate(c, AsOf());
      AnyOutputs o;
      auto err = typed.EvaluateInto(c, AsOf(), &o);
      compared += ExpectSameOutputs(err, o, d, compared);
    }
  }
  auto refund = BindRefund();
  auto typed_refund = refund.Returning(AllAsValues("refund_approval"));
  auto numbers = Binding<Number>()
                     .Field("number", &Number::number)
                     .Field("prepay", &Number::prepay)
                     .Field("prepay_waiver", &Number::prepay_waiver)
                     .Bind(Bss(), "number_grade");
  auto typed_numbers = numbers.Returning(AllAsValues("number_grade"));
  std::mt19937 rng(5);
  std::vector<Refund> refunds = Refunds(1000);
  for (size_t i = 0; i < refunds.size(); ++i) {
    Number n{std::to_string(13800000000ULL + rng() % 100000000),
             Money(rng, 5000), std::nullopt};
    if (i % 9 == 0) n.number = "138abc";  // not digits: invalid
    if (i % 4 == 0) n.prepay_waiver = Money(rng, 600);
    for (int which = 0; which < 2; ++which) {
      Decision d = which ? numbers.Evaluate(n, AsOf())
                         : refund.Evaluate(refunds[i], AsOf());
      AnyOutputs o;
      auto err = which ? typed_numbers.EvaluateInto(n, AsOf(), &o)
                       : typed_refund.EvaluateInto(refunds[i], AsOf(), &o);
      compared += ExpectSameOutputs(err, o, d, i);
    }
  }
  EXPECT_GT(compared, 4000);
}

// Returning() checks names and types once; a struct cannot take a trace.
TEST(TypedOutputsTest, ReturningRefusesWhatAStructCannotHold) {
  auto tier = BindCustomer("customer_tier");
  auto refused = [](auto&& make, const std::string& words) {
    try {
      make();
      ADD_FAILURE() << "expected std::invalid_argument with: " << words;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos)
          << e.what();
    }
  };
  refused([&] { tier.Returning(Outputs<Tier>().Output("tierr", &Tier::tier)); },
          "has no output 'tierr' (it has: tier, archive_required,");
  refused(
      [&] {
        tier.Returning(Outputs<Tier>()
                           .Output("tier", &Tier::tier)
                           .Output("tier", &Tier::tier));
      },
      "output 'tier' is bound twice");
  refused(
      [&] {
        tier.Returning(Outputs<Tier>().Output("archive_required", &Tier::tier));
      },
      "output 'archive_required' is bool, but the member is string");
  struct Plain {
    int64_t months = 0;
    double amount = 0;
    std::vector<std::string> actions;
    Value any;
  };
  refused(
      [&] {
        tier.Returning(
            Outputs<Plain>().Output("visit_interval_months", &Plain::months));
      },
      "it may be null: bind it to a std::optional member");
  auto refund = BindRefund();
  refused(
      [&] {
        refund.Returning(
            Outputs<Plain>().Output("cumulative_amount", &Plain::amount));
      },
      "output 'cumulative_amount' is money, but the member is double");
  auto retention = BindCustomer("retention_followup");
  refused(
      [&] {
        retention.Returning(
            Outputs<Plain>().Output("actions", &Plain::actions));
      },
      "only a verdict::Value member holds it");
  retention.Returning(Outputs<Plain>().Output("actions", &Plain::any));
  auto rank = Binding<Customer>()
                  .Field("customer_id", &Customer::id)
                  .Field("monthly_spend", &Customer::monthly_spend)
                  .Bind(Bss(), "customer_rank_tier");
  refused([&] { rank.Returning(Outputs<Plain>().Output("tier", &Plain::any)); },
          "decides over a whole batch");
  // A subset of the outputs is fine; a trace or an audit is not.
  auto typed = tier.Returning(Outputs<Tier>().Output("tier", &Tier::tier));
  Tier t;
  Customer c = Customers(1)[0];
  c.arpu = Decimal(7000, 2);
  EXPECT_FALSE(typed.EvaluateInto(c, AsOf(), &t));
  EXPECT_EQ(t.tier, "high");
  EXPECT_FALSE(t.visit_interval_months.has_value());  // unbound: untouched
  EvalOptions traced = AsOf();
  traced.trace = true;
  refused([&] { typed.EvaluateInto(c, traced, &t); }, "no place for a trace");
}

// The types let a list(string) output hold a null (`[r.s]` of an absent
// optional string): such a value is the record's error, and no member is
// written, not even the outputs bound before it.
TEST(TypedOutputsTest, AValueNoMemberHoldsWritesNothing) {
  auto pack = testing_util::LoadCleanPack("typed_outputs_null_item",
                                          {{"a.yaml", R"(policy: a
record: r
fields:
  x: int
  s: string?
outputs:
  n: int
  l: list(string)
decisions:
  - id: d
    rules:
      - id: r1
        then: {n: "=r.x", l: "=[r.s]"}
)"}});
  ASSERT_TRUE(pack);
  struct In {
    int64_t x;
    std::optional<std::string> s;
  };
  struct Out {
    int64_t n = -1;
    std::vector<std::string> l = {"before"};
  };
  auto typed =
      Binding<In>()
          .Field("x", &In::x)
          .Field("s", &In::s)
          .Bind(pack, "a")
          .Returning(Outputs<Out>().Output("n", &Out::n).Output("l", &Out::l));
  Out o;
  ASSERT_FALSE(typed.EvaluateInto(In{5, "x"}, AsOf(), &o));
  EXPECT_EQ(o.n, 5);
  EXPECT_EQ(o.l, std::vector<std::string>{"x"});
  Out untouched;
  auto err = typed.EvaluateInto(In{7, std::nullopt}, AsOf(), &untouched);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code, "evaluation_error");
  EXPECT_NE(err->message.find("output 'l' is [null]"), std::string::npos)
      << err->message;
  EXPECT_EQ(untouched.n, -1);
  EXPECT_EQ(untouched.l, std::vector<std::string>{"before"});
}

TEST(TypedOutputsThreadTest, ThreadsShareOneTypedPolicy) {
  auto bound = BindRefund();
  auto typed = bound.Returning(AllAsValues("refund_approval"));
  std::vector<Refund> refunds = Refunds(400);
  std::vector<std::string> want;
  for (const Refund& r : refunds)
    want.push_back(Bss()->ToJson(bound.Evaluate(r, AsOf())));
  auto work = [&](std::vector<int>* mismatches) {
    for (int round = 0; round < 3; ++round) {
      for (size_t i = 0; i < refunds.size(); ++i) {
        AnyOutputs o;
        auto err = typed.EvaluateInto(refunds[i], AsOf(), &o);
        bool ok = !err;
        bool want_ok = want[i].find("\"error\"") == std::string::npos;
        if (ok != want_ok ||
            (ok && want[i].find(o.o0.as_string()) == std::string::npos)) {
          mismatches->push_back(static_cast<int>(i));
        }
      }
    }
  };
  std::vector<int> a, b;
  std::thread t1(work, &a), t2(work, &b);
  t1.join();
  t2.join();
  EXPECT_TRUE(a.empty() && b.empty());
}

}  // namespace
}  // namespace verdict
