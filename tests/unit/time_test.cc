#include <gtest/gtest.h>

#include <cstdint>

#include "src/value/calendar.h"
#include "verdict/value.h"

namespace verdict {
namespace {

TEST(DateTest, ParsesOnlyRealDates) {
  EXPECT_EQ(Date::Parse("2026-02-28")->ToString(), "2026-02-28");
  EXPECT_FALSE(Date::Parse("2026-02-29"));
  EXPECT_TRUE(Date::Parse("2028-02-29"));
  EXPECT_FALSE(Date::Parse("2026-13-01"));
  EXPECT_FALSE(Date::Parse("2026-1-01"));
  EXPECT_FALSE(Date::Parse("20260101"));
  EXPECT_EQ(Date::Parse("1970-01-01")->days, 0);
}

TEST(TimestampTest, OffsetsConvertToTheInstant) {
  const Zone kCst = Zone::Fixed(8 * 3600);
  auto local = Timestamp::Parse("2026-11-20T18:30:00", kCst);
  auto z = Timestamp::Parse("2026-11-20T10:30:00Z", kCst);
  auto ny = Timestamp::Parse("2026-11-20T05:30:00-05:00", kCst);
  auto no_seconds = Timestamp::Parse("2026-11-20T18:30", kCst);
  ASSERT_TRUE(local && z && ny && no_seconds);
  EXPECT_EQ(*local, *z);
  EXPECT_EQ(*local, *ny);
  EXPECT_EQ(*local, *no_seconds);
  EXPECT_EQ(z->ToLocalString(kCst), "2026-11-20T18:30:00");
  EXPECT_EQ(z->ToRfc3339(), "2026-11-20T10:30:00Z");
  EXPECT_FALSE(Timestamp::Parse("2026-11-20T25:00:00", kCst));
  EXPECT_FALSE(Timestamp::Parse("2026-11-20T10:30:00+8", kCst));
  // A leap second is refused (as cel-go does), never clamped to :59.
  EXPECT_FALSE(Timestamp::Parse("2026-11-24T10:00:60", kCst));
  EXPECT_FALSE(Timestamp::Parse("2016-12-31T23:59:60Z", kCst));
  EXPECT_TRUE(Timestamp::Parse("2026-11-24T10:00:59", kCst));
}

// CEL's range in UTC, and the zone's wall clock within years 1 to 9999 (a
// pack writes its datetimes as that zone's local times, four-digit years).
TEST(TimestampTest, TheRangeIsCelsAndTheZonesWallClocks) {
  const Zone kCst = Zone::Fixed(8 * 3600);
  const Zone kEst = Zone::Fixed(-5 * 3600);
  const Zone kUtc;
  EXPECT_TRUE(Timestamp::Parse("9999-12-31T23:59:59Z", kUtc));
  EXPECT_TRUE(Timestamp::Parse("0001-01-01T00:00:00Z", kUtc));
  // The last instant +08:00 can write is 9999-12-31T15:59:59Z.
  EXPECT_TRUE(Timestamp::Parse("9999-12-31T23:59:59", kCst));
  EXPECT_TRUE(Timestamp::Parse("9999-12-31T15:59:59Z", kCst));
  bool out_of_range = false;
  EXPECT_FALSE(Timestamp::Parse("9999-12-31T16:00:00Z", kCst, &out_of_range));
  EXPECT_TRUE(out_of_range);
  out_of_range = false;
  EXPECT_FALSE(
      Timestamp::Parse("9999-12-31T20:00:00-05:00", kCst, &out_of_range));
  EXPECT_TRUE(out_of_range);
  // West of UTC the first instants are out: local 0001-01-01T00:00 is
  // 05:00Z, and 00:00Z is 0000-12-31T19:00 there.
  EXPECT_TRUE(Timestamp::Parse("0001-01-01T00:00:00", kEst));
  EXPECT_FALSE(Timestamp::Parse("0001-01-01T04:59:59Z", kEst));
  // East of UTC, local 0001-01-01T07:59:59 is before year 1 in UTC.
  out_of_range = false;
  EXPECT_FALSE(Timestamp::Parse("0001-01-01T07:59:59", kCst, &out_of_range));
  EXPECT_TRUE(out_of_range);
  EXPECT_TRUE(Timestamp::Parse("0001-01-01T08:00:00", kCst));
  // Bad text is not "out of range".
  out_of_range = false;
  EXPECT_FALSE(Timestamp::Parse("10000-01-01T00:00:00Z", kUtc, &out_of_range));
  EXPECT_FALSE(out_of_range);
  // InRange() at the edges, in seconds.
  EXPECT_TRUE((Timestamp{Timestamp::kMaxSeconds, 999999999}.InRange(kUtc)));
  EXPECT_FALSE((Timestamp{Timestamp::kMaxSeconds + 1, 0}.InRange(kUtc)));
  EXPECT_FALSE((Timestamp{Timestamp::kMaxSeconds, 0}.InRange(kCst)));
  EXPECT_TRUE((Timestamp{Timestamp::kMinSeconds, 0}.InRange(kCst)));
  EXPECT_FALSE((Timestamp{Timestamp::kMinSeconds, 0}.InRange(kEst)));
  EXPECT_FALSE((Timestamp{INT64_MAX, 0}.InRange(kCst)));
  EXPECT_FALSE((Timestamp{INT64_MIN, 0}.InRange(kEst)));
  // The edges themselves are written with four-digit years.
  const Timestamp last_cst{Timestamp::kMaxSeconds - 8 * 3600, 0};
  const Timestamp first_est{Timestamp::kMinSeconds + 5 * 3600, 0};
  ASSERT_TRUE(last_cst.InRange(kCst));
  ASSERT_TRUE(first_est.InRange(kEst));
  EXPECT_EQ(last_cst.ToLocalString(kCst), "9999-12-31T23:59:59");
  EXPECT_EQ(first_est.ToLocalString(kEst), "0001-01-01T00:00:00");
}

TEST(DurationTest, ParsesGoStyleText) {
  EXPECT_EQ(Duration::Parse("4h")->seconds, 4 * 3600);
  EXPECT_EQ(Duration::Parse("1m30s")->seconds, 90);
  EXPECT_EQ(Duration::Parse("1.5s")->nanos, 500000000);
  EXPECT_EQ(Duration::Parse("-2s")->seconds, -2);
  EXPECT_FALSE(Duration::Parse("4 hours"));
  EXPECT_EQ(Duration::Parse("1.5s")->ToString(), "1.5s");
}

TEST(CalendarTest, WorkdaysFollowTheSpecRule) {
  Calendar c = Calendar::Default();
  Date fri = *Date::Parse("2026-09-25");
  Date sun = *Date::Parse("2026-09-27");
  c.workdays.insert(sun.days);                         // make-up day
  c.holidays.insert(Date::Parse("2026-10-01")->days);  // Thursday off
  c.holidays.insert(Date::Parse("2026-10-02")->days);  // Friday off
  EXPECT_TRUE(c.IsWorkday(sun));
  EXPECT_FALSE(c.IsWorkday(*Date::Parse("2026-09-26")));
  // Friday + 2 working days: Sunday 27 (make-up), Monday 28.
  EXPECT_EQ(c.AddWorkdays(fri, 2)->ToString(), "2026-09-28");
  // Wednesday 30 Sep + 1: Thursday and Friday are holidays, then the weekend.
  EXPECT_EQ(c.AddWorkdays(*Date::Parse("2026-09-30"), 1)->ToString(),
            "2026-10-05");
  // Counting past 9999-12-31 or before 0001-01-01 has no answer; it was
  // 10000-01-03 and 0000-12-29.
  EXPECT_EQ(c.AddWorkdays(*Date::Parse("9999-12-30"), 1)->ToString(),
            "9999-12-31");
  EXPECT_FALSE(c.AddWorkdays(*Date::Parse("9999-12-31"), 1));
  EXPECT_FALSE(c.AddWorkdays(*Date::Parse("0001-01-01"), -1));
  // Nor in a calendar without a working day (it gave year 12978).
  Calendar none;
  none.weekend.fill(true);
  EXPECT_FALSE(none.AddWorkdays(fri, 1));
  EXPECT_FALSE(none.AddWorkdays(fri, -1));
  EXPECT_EQ(none.AddWorkdays(fri, 0)->ToString(), "2026-09-25");
}

}  // namespace
}  // namespace verdict
