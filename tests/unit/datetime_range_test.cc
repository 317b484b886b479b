// A pack's datetimes are its zone's wall-clock times, written with
// four-digit years: a record's datetime beyond that range is an invalid
// value of its field (text, or a Timestamp from a struct or a DataFrame),
// and arithmetic that leaves it is an evaluation error, never a five-digit
// year in the output.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

using testing_util::LoadCleanPack;

std::shared_ptr<const Pack> ShanghaiPack() {
  return LoadCleanPack(
      "datetime_range",
      {{"pack.yaml", "pack: dt\nversion: '1'\nzone: Asia/Shanghai\n"},
       {"p.yaml",
        "policy: p\nrecord: r\nfields:\n  t: datetime\noutputs:\n"
        "  t_out: datetime\n  later: datetime\ndecisions:\n  - id: x\n"
        "    rules:\n      - id: only\n"
        "        then: {t_out: =r.t, later: \"=r.t + duration('4h')\"}\n"}});
}

Date AsOf() { return *Date::Parse("2026-11-24"); }

TEST(DatetimeRangeTest, RecordsBeyondThePacksRangeNameTheField) {
  auto pack = ShanghaiPack();
  ASSERT_TRUE(pack);
  const std::string lines =
      "{\"t\":\"9999-12-31T20:00:00-05:00\"}\n"  // 10000-01-01T09:00 there
      "{\"t\":\"0001-01-01T00:00:00\"}\n"        // before year 1 in UTC
      "{\"t\":\"9999-12-31T19:59:59\"}\n";       // fine, and 4h later too
  std::vector<Decision> ds = pack->EvaluateJsonLines("p", lines, {AsOf()});
  ASSERT_EQ(ds.size(), 3u);
  for (int i : {0, 1}) {
    ASSERT_TRUE(ds[i].error) << i;
    EXPECT_EQ(ds[i].error->code, "invalid_value");
    EXPECT_EQ(ds[i].error->field, "t");
    EXPECT_NE(ds[i].error->message.find("out of range"), std::string::npos);
  }
  ASSERT_FALSE(ds[2].error) << ds[2].error->message;
  EXPECT_EQ(pack->ToJson(ds[2]),
            "{\"t_out\":\"9999-12-31T19:59:59\","
            "\"later\":\"9999-12-31T23:59:59\"}");
}

TEST(DatetimeRangeTest, ArithmeticBeyondTheZonesYear9999IsAnError) {
  auto pack = ShanghaiPack();
  ASSERT_TRUE(pack);
  // 15:59:59Z is 23:59:59 in Shanghai: 4h later is year 10000 there,
  // though still within CEL's range in UTC.
  std::vector<Decision> ds = pack->EvaluateJsonLines(
      "p", "{\"t\":\"9999-12-31T20:00:00\"}\n", {AsOf()});
  ASSERT_EQ(ds.size(), 1u);
  ASSERT_TRUE(ds[0].error);
  EXPECT_EQ(ds[0].error->code, "evaluation_error");
  EXPECT_NE(ds[0].error->message.find("timestamp out of range"),
            std::string::npos);
}

TEST(DatetimeRangeTest, TimestampValuesAreCheckedLikeText) {
  auto pack = ShanghaiPack();
  ASSERT_TRUE(pack);
  // A Timestamp handed in as a value (a struct, a DataFrame) skips the
  // text parser: ValidateRecord checks its range.
  FieldMap beyond{
      {"t", Value::TimestampOf(Timestamp{Timestamp::kMaxSeconds - 3600, 0})}};
  Decision d = pack->Evaluate("p", beyond, {AsOf()});
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "invalid_value");
  EXPECT_EQ(d.error->field, "t");
  // Local 18:59:59 on the last day; 4h later is 22:59:59.
  FieldMap fine{{"t", Value::TimestampOf(
                          Timestamp{Timestamp::kMaxSeconds - 13 * 3600, 0})}};
  d = pack->Evaluate("p", fine, {AsOf()});
  EXPECT_FALSE(d.error) << d.error->message;
}

}  // namespace
}  // namespace verdict

namespace verdict {
namespace {

// A fraction of a second given in a record is kept and written back, in the
// pack's zone, never truncated to whole seconds.
TEST(DatetimeFractionTest, AFractionOfASecondIsWrittenBack) {
  const Zone cst = Zone::Fixed(8 * 3600);
  struct Case {
    const char* in;
    const char* local;
  };
  for (const Case& c :
       {Case{"2026-01-01T20:00:00.5", "2026-01-01T20:00:00.5"},
        Case{"2026-01-01T12:00:00.25Z", "2026-01-01T20:00:00.25"},
        Case{"2026-01-01T20:00:00.123456789", "2026-01-01T20:00:00.123456789"},
        Case{"2026-01-01T20:00:00.000", "2026-01-01T20:00:00"},
        Case{"2026-01-01T20:00", "2026-01-01T20:00:00"}}) {
    auto t = Timestamp::Parse(c.in, cst);
    ASSERT_TRUE(t) << c.in;
    EXPECT_EQ(t->ToLocalString(cst), c.local) << c.in;
  }
}

}  // namespace
}  // namespace verdict
