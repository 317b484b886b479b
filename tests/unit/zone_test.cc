// The one numeric UTC offset parser, and the zones built on it: a pack's
// zone, a timestamp's offset, a CEL time-zone argument.
#include "src/value/zone.h"

#include <gtest/gtest.h>

#include "tests/unit/compile_test_util.h"
#include "verdict/value.h"

namespace verdict {
namespace {

TEST(ZoneTest, ParseUtcOffsetTakesExactlyRfc3339Offsets) {
  EXPECT_EQ(ParseUtcOffset("+08:00"), 8 * 3600);
  EXPECT_EQ(ParseUtcOffset("-05:30"), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(ParseUtcOffset("+00:00"), 0);
  EXPECT_EQ(ParseUtcOffset("-00:00"), 0);
  EXPECT_EQ(ParseUtcOffset("+23:59"), 23 * 3600 + 59 * 60);
  for (const char* bad :
       {"+24:00", "+08:60", "+0a:00", "+08:0b", "08:00", "+8:00", "+08:00 ",
        "+0800", "+08-00", "", "+", "UTC", "+;0:00", "+1;:00"}) {
    EXPECT_EQ(ParseUtcOffset(bad), std::nullopt) << bad;
  }
}

TEST(ZoneTest, ZoneOffsetAtAcceptsNamesOffsetsAndUnsignedOffsets) {
  EXPECT_EQ(ZoneOffsetAt("UTC", 0), 0);
  EXPECT_EQ(ZoneOffsetAt("Z", 0), 0);
  EXPECT_EQ(ZoneOffsetAt("+05:45", 0), 5 * 3600 + 45 * 60);
  EXPECT_EQ(ZoneOffsetAt("02:00", 0), 2 * 3600);
  // Not digits: once taken as 11 hours (';' - '0' == 11).
  EXPECT_EQ(ZoneOffsetAt("0;:00", 0), std::nullopt);
  EXPECT_EQ(ZoneOffsetAt("+24:00", 0), std::nullopt);
}

TEST(ZoneTest, TimestampsTakeTheSameOffsets) {
  auto t = Timestamp::Parse("2026-01-01T00:00:00-05:30", 0);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds % 86400, 5 * 3600 + 30 * 60);
  EXPECT_FALSE(Timestamp::Parse("2026-01-01T00:00:00+24:00", 0));
  EXPECT_FALSE(Timestamp::Parse("2026-01-01T00:00:00+0a:00", 0));
}

TEST(ZoneTest, APacksZoneTakesTheSameOffsets) {
  auto policy = std::string(
      "policy: p\nrecord: r\nfields:\n  n: int\noutputs:\n  o: int?\n"
      "decisions:\n  - id: d\n    rules:\n      - id: k\n        then: {o: "
      "1}\n");
  auto ok = testing_util::CompileFiles(
      "zone_ok",
      {{"pack.yaml", "pack: t\nzone: '+23:00'\n"}, {"p.yaml", policy}});
  ASSERT_TRUE(ok.pack) << ok.Diags();
  EXPECT_EQ(ok.pack->zone_offset_seconds, 23 * 3600);
  auto bad = testing_util::CompileFiles(
      "zone_bad",
      {{"pack.yaml", "pack: t\nzone: '+0a:00'\n"}, {"p.yaml", policy}});
  EXPECT_TRUE(bad.Has("zone '+0a:00' is not an offset")) << bad.Diags();
}

TEST(DateTest, FromEpochSecondsRoundsTowardThePast) {
  EXPECT_EQ(Date::FromEpochSeconds(0).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromEpochSeconds(86399).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromEpochSeconds(86400).ToString(), "1970-01-02");
  EXPECT_EQ(Date::FromEpochSeconds(-1).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromEpochSeconds(-86400).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromEpochSeconds(-86401).ToString(), "1969-12-30");
}

}  // namespace
}  // namespace verdict
