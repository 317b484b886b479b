// TicksValue (src/value/ticks.h): counts of any unit read exactly, never
// wrapped; and what a field says of a value beyond years 1..9999 (a
// DataFrame's or Arrow's time, an Arrow date32).
#include "src/value/ticks.h"

#include <gtest/gtest.h>

#include <string>

#include "src/compile/field_type.h"

namespace verdict {
namespace {

constexpr TickUnit kSeconds{1000000000, "s"};
constexpr TickUnit kMicros{1000, "us"};
constexpr TickUnit kNanos{1, "ns"};

// 2300-01-01T10:00:00 as seconds from 1970-01-01T00:00:00.
constexpr int64_t k2300 = 10413828000;

TEST(TicksTest, EveryUnitReadsTheSameInstant) {
  const Zone utc;
  for (auto [ticks, unit] :
       {std::pair{k2300, kSeconds}, std::pair{k2300 * 1000000, kMicros}}) {
    Value v = TicksValue(ticks, unit, &utc, false);
    ASSERT_EQ(v.kind(), Kind::kTimestamp);
    EXPECT_EQ(v.as_timestamp().ToRfc3339(), "2300-01-01T10:00:00Z");
  }
  // A wall time in +08:00 is 8 hours earlier in UTC; without a wall zone
  // the count is the instant itself.
  const Zone plus8 = Zone::Fixed(8 * 3600);
  EXPECT_EQ(TicksValue(k2300, kSeconds, &plus8, false).as_timestamp().seconds,
            k2300 - 8 * 3600);
  EXPECT_EQ(TicksValue(k2300, kSeconds, nullptr, false).as_timestamp().seconds,
            k2300);
  // Before the epoch the fraction counts forward from the earlier second.
  Value before = TicksValue(-1, kNanos, nullptr, false);
  EXPECT_EQ(before.as_timestamp().seconds, -1);
  EXPECT_EQ(before.as_timestamp().nanos, 999999999);
}

TEST(TicksTest, MidnightIsADayOnlyWhenAsked) {
  const Zone utc;
  const int64_t last_day = 253402214400;  // 9999-12-31T00:00:00
  Value day = TicksValue(last_day * 1000000, kMicros, &utc, true);
  ASSERT_EQ(day.kind(), Kind::kDate);
  EXPECT_EQ(day.as_date().ToString(), "9999-12-31");
  EXPECT_EQ(TicksValue(last_day, kSeconds, &utc, false).kind(),
            Kind::kTimestamp);
  EXPECT_EQ(TicksValue(last_day * 1000000 + 1, kMicros, &utc, true).kind(),
            Kind::kTimestamp);
}

TEST(TicksTest, BeyondAnyDatetimeIsAnErrorNamingTheCount) {
  const Zone plus8 = Zone::Fixed(8 * 3600);
  for (int64_t ticks : {INT64_MAX, INT64_MIN + 1, int64_t{1000000000000000}}) {
    Value v = TicksValue(ticks, kSeconds, &plus8, false);
    ASSERT_TRUE(v.is_error()) << ticks;
    EXPECT_EQ(v.error_message(), std::to_string(ticks) +
                                     " s from 1970-01-01T00:00:00" +
                                     std::string(kDatetimeRangeText));
  }
}

TEST(TicksTest, FieldsRefuseWhatNoDateOrDatetimeCanBe) {
  std::string error, code, why;
  const Zone utc;
  auto date = FieldType::Parse("date", &error);
  ASSERT_TRUE(date);
  Value last = Value::DateOf(*Date::Parse("9999-12-31"));
  EXPECT_TRUE(date->Accept(last, utc, &code, &why));
  Value beyond = Value::DateOf(Date{last.as_date().days + 1});
  EXPECT_FALSE(date->Accept(beyond, utc, &code, &why));
  EXPECT_EQ(code, "invalid_value");
  EXPECT_EQ(why, "10000-01-01" + std::string(kDateRangeText));
  Value far = Value::DateOf(Date{1 << 30});
  EXPECT_FALSE(date->Accept(far, utc, &code, &why));
  EXPECT_EQ(why,
            "day 1073741824 from 1970-01-01" + std::string(kDateRangeText));
  // An error value is the field's invalid_value, with its message.
  auto text = FieldType::Parse("string", &error);
  Value unheld = TicksValue(INT64_MAX, kSeconds, nullptr, false);
  EXPECT_FALSE(text->Accept(unheld, utc, &code, &why));
  EXPECT_EQ(code, "invalid_value");
  EXPECT_EQ(why, unheld.error_message());
}

}  // namespace
}  // namespace verdict
