#include <gtest/gtest.h>

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
  EXPECT_EQ(c.AddWorkdays(fri, 2).ToString(), "2026-09-28");
  // Wednesday 30 Sep + 1: Thursday and Friday are holidays, then the weekend.
  EXPECT_EQ(c.AddWorkdays(*Date::Parse("2026-09-30"), 1).ToString(),
            "2026-10-05");
}

}  // namespace
}  // namespace verdict
