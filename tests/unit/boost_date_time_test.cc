// Boost.Date_Time members bind directly, decide exactly as the same record
// given as JSON, and decisions read back as Boost types.
#include "verdict/boost_date_time.h"

#include <gtest/gtest.h>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>

#include "tests/unit/test_util.h"

namespace verdict {
namespace {

namespace bg = boost::gregorian;
namespace bpt = boost::posix_time;

struct Customer {
  std::string id;
  Decimal arpu, spend, last_spend;
  bg::date last_visit;
  std::optional<bg::date> birthday;
  std::optional<bpt::ptime> disconnect_at;
};

BoundPolicy<Customer> Bound(std::shared_ptr<const Pack> pack) {
  return Binding<Customer>()
      .Field("customer_id", &Customer::id)
      .Field("arpu", &Customer::arpu)
      .Field("monthly_spend", &Customer::spend)
      .Field("last_month_spend", &Customer::last_spend)
      .Field("last_visit_date", &Customer::last_visit)
      .Field("birthday", &Customer::birthday)
      .Field("disconnect_requested_at", &Customer::disconnect_at)
      .Bind(pack, "retention_followup");
}

Decimal Money(const char* s) { return *Decimal::Parse(s); }

TEST(BoostDateTimeTest, DecidesAsTheSameRecordInJson) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  auto policy = Bound(r.pack);
  Customer c{
      "C1",
      Money("88"),
      Money("80"),
      Money("80"),
      bg::date(2026, 9, 1),
      bg::date(1980, 11, 24),
      bpt::ptime(bg::date(2026, 9, 30), bpt::hours(10) + bpt::minutes(15))};
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision bound = policy.Evaluate(c, opt);
  ASSERT_TRUE(bound.ok()) << bound.error->message;
  std::vector<Decision> json = r.pack->EvaluateJsonLines(
      "retention_followup",
      "{\"customer_id\": \"C1\", \"arpu\": 88, \"monthly_spend\": 80, "
      "\"last_month_spend\": 80, \"last_visit_date\": \"2026-09-01\", "
      "\"birthday\": \"1980-11-24\", "
      "\"disconnect_requested_at\": \"2026-09-30T10:15:00\"}\n",
      opt);
  ASSERT_EQ(json.size(), 1u);
  EXPECT_EQ(r.pack->ToJson(bound), r.pack->ToJson(json[0]));

  // Read back: the contact is due 4 hours later, local time; resolving the
  // disconnect 2 working days later skips the National Day holiday.
  bool contact = false, resolve = false;
  for (const Value& a : bound.Get("actions")->as_list()) {
    const Value& due = *a.FindField("due");
    if (a.FindField("action")->as_string() == "contact" &&
        due.kind() == Kind::kTimestamp) {
      contact = true;
      EXPECT_EQ(
          ToBoostPtime(due, *r.pack),
          bpt::ptime(bg::date(2026, 9, 30), bpt::hours(14) + bpt::minutes(15)));
    }
    if (due.kind() == Kind::kDate &&
        a.FindField("reason")->as_string() == "disconnect_request") {
      resolve = true;
      EXPECT_EQ(ToBoostDate(due), bg::date(2026, 10, 9));
    }
  }
  EXPECT_TRUE(contact);
  EXPECT_TRUE(resolve);
}

TEST(BoostDateTimeTest, SpecialValuesAreNotGiven) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  auto policy = Bound(r.pack);
  Customer c{"C2",
             Money("10"),
             Money("10"),
             Money("10"),
             bg::date(boost::date_time::not_a_date_time),
             std::nullopt,
             bpt::ptime(boost::date_time::not_a_date_time)};
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d = policy.Evaluate(c, opt);
  ASSERT_TRUE(d.ok()) << d.error->message;  // both fields are optional
  std::vector<Decision> json = r.pack->EvaluateJsonLines(
      "retention_followup",
      "{\"customer_id\": \"C2\", \"arpu\": 10, \"monthly_spend\": 10, "
      "\"last_month_spend\": 10}\n",
      opt);
  EXPECT_EQ(r.pack->ToJson(d), r.pack->ToJson(json[0]));
  EXPECT_TRUE(ToBoostDate(Value()).is_not_a_date());
  EXPECT_TRUE(ToBoostPtime(Value(), *r.pack).is_not_a_date_time());
}

// A required date member left "not given" (a special value) is the
// record's missing_field even when nothing reads the field: it was skipped
// as valid by construction and the record decided.
TEST(BoostDateTimeTest, ASpecialValueOfARequiredUnreadFieldIsMissing) {
  LoadResult r = Pack::Load(
      testing_util::WritePack("boost_unread_date", {{"p.yaml", R"(policy: p
record: r
fields:
  id: string
  opened: date
outputs:
  id: string
decisions:
  - id: id
    rules:
      - id: all
        then: {id: =r.id}
)"}}));
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_TRUE(r.ok());
  struct Account {
    std::string id;
    bg::date opened;
  };
  auto bound = Binding<Account>()
                   .Field("id", &Account::id)
                   .Field("opened", &Account::opened)
                   .Bind(r.pack, "p");
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d =
      bound.Evaluate({"a", bg::date(boost::date_time::not_a_date_time)}, opt);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->code, "missing_field");
  EXPECT_EQ(d.error->field, "opened");
  EXPECT_TRUE(bound.Evaluate({"a", bg::date(2026, 1, 2)}, opt).ok());
}

// Bind with no pack throws, whatever the members: a ptime member (turned
// into the pack's zone at Bind) dereferenced the null pack first.
TEST(BoostDateTimeTest, BindWithoutAPackThrowsForATimeMemberToo) {
  struct Call {
    bpt::ptime at;
  };
  EXPECT_THROW(Binding<Call>().Field("at", &Call::at).Bind(nullptr, "p"),
               std::invalid_argument);
}

TEST(BoostDateTimeTest, TypeMismatchIsRefusedAtBind) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  struct Wrong {
    std::string id;
    bg::date arpu;  // money field bound to a date member
  };
  EXPECT_THROW(Binding<Wrong>()
                   .Field("customer_id", &Wrong::id)
                   .Field("arpu", &Wrong::arpu)
                   .Bind(r.pack, "customer_tier"),
               std::invalid_argument);
}

struct Call {
  std::string id;
  bpt::ptime placed_at;
};

// A ptime is wall-clock time in the pack's zone, daylight saving included:
// in New York (tests/packs/new_york) 09:30 in July 2040 is 13:30 UTC (EDT),
// a skipped 02:30 moves past the gap, and outputs read back as wall time.
TEST(BoostDateTimeTest, PtimesAreWallTimeInANamedZone) {
  LoadResult r =
      Pack::Load(std::string(VERDICT_SOURCE_DIR) + "/tests/packs/new_york");
  ASSERT_TRUE(r.ok());
  auto policy = Binding<Call>()
                    .Field("call_id", &Call::id)
                    .Field("placed_at", &Call::placed_at)
                    .Bind(r.pack, "desk_hours");
  EvalOptions opt;
  opt.as_of = *Date::Parse("2040-07-02");
  bpt::ptime july(bg::date(2040, 7, 2), bpt::hours(9) + bpt::minutes(30));
  Decision d = policy.Evaluate(Call{"c1", july}, opt);
  ASSERT_TRUE(d.ok()) << d.error->message;
  EXPECT_EQ(d.Get("utc_hour")->as_int(), 13);
  EXPECT_EQ(d.Get("window")->as_string(), "open");
  EXPECT_EQ(ToBoostPtime(*d.Get("local_time"), *r.pack), july);

  bpt::ptime gap(bg::date(2026, 3, 8), bpt::hours(2) + bpt::minutes(30));
  d = policy.Evaluate(Call{"c2", gap}, opt);
  ASSERT_TRUE(d.ok()) << d.error->message;
  EXPECT_EQ(d.Get("utc_hour")->as_int(), 7);
  EXPECT_EQ(ToBoostPtime(*d.Get("local_time"), *r.pack),
            bpt::ptime(bg::date(2026, 3, 8), bpt::hours(3) + bpt::minutes(30)));
}

}  // namespace
}  // namespace verdict
