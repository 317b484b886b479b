// Zones: the one numeric UTC offset parser, fixed offsets, IANA zones by
// name through cctz (daylight saving for any year, skipped and repeated
// local times, $TZDIR), and a pack's `zone`. Expected offsets are the
// zones' published rules (New York: EST -05:00, EDT -04:00 from the second
// Sunday of March to the first Sunday of November), not this code's output.
#include "src/value/zone.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "tests/unit/compile_test_util.h"
#include "verdict/value.h"

namespace verdict {
namespace {

// Seconds since the epoch of a UTC (or local) wall-clock reading.
int64_t At(const char* text) { return Timestamp::Parse(text)->seconds; }

const int kEst = -5 * 3600, kEdt = -4 * 3600;

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

TEST(ZoneTest, CelZoneAcceptsNamesOffsetsAndUnsignedOffsets) {
  EXPECT_EQ(CelZone("UTC")->OffsetAt(0), 0);
  EXPECT_EQ(CelZone("Z")->OffsetAt(0), 0);
  EXPECT_EQ(CelZone("+05:45")->OffsetAt(0), 5 * 3600 + 45 * 60);
  EXPECT_EQ(CelZone("02:00")->OffsetAt(0), 2 * 3600);
  EXPECT_EQ(CelZone("Asia/Kathmandu")->OffsetAt(At("2030-01-01T00:00:00")),
            5 * 3600 + 45 * 60);
  // Not digits: once taken as 11 hours (';' - '0' == 11).
  EXPECT_EQ(CelZone("0;:00"), std::nullopt);
  EXPECT_EQ(CelZone("+24:00"), std::nullopt);
  EXPECT_EQ(CelZone("Nowhere/Atlantis"), std::nullopt);
}

TEST(ZoneTest, FixedOffsetsAreTheSameEveryDay) {
  Zone cst = Zone::Fixed(8 * 3600);
  EXPECT_TRUE(cst.is_fixed());
  EXPECT_EQ(cst.Name(), "+08:00");
  EXPECT_EQ(Zone::Fixed(-(5 * 3600 + 30 * 60)).Name(), "-05:30");
  EXPECT_EQ(Zone().Name(), "UTC");
  for (int64_t t : {int64_t{0}, At("2040-07-01T00:00:00"), int64_t{-1}}) {
    EXPECT_EQ(cst.OffsetAt(t), 8 * 3600);
    EXPECT_EQ(cst.ToUtc(cst.ToLocal(t)), t);
  }
  EXPECT_EQ(Zone::Parse("+08:00")->ToLocal(0), 8 * 3600);
}

TEST(ZoneTest, NewYorkHasDaylightTimeInAnyYear) {
  auto ny = Zone::Named("America/New_York");
  ASSERT_TRUE(ny);
  EXPECT_FALSE(ny->is_fixed());
  EXPECT_EQ(ny->Name(), "America/New_York");
  EXPECT_EQ(ny->OffsetAt(At("2026-01-15T12:00:00")), kEst);
  EXPECT_EQ(ny->OffsetAt(At("2026-07-15T12:00:00")), kEdt);
  // Beyond tzdata's last stored transition (2037): the POSIX-TZ footer.
  EXPECT_EQ(ny->OffsetAt(At("2040-07-02T13:30:00")), kEdt);
  EXPECT_EQ(ny->OffsetAt(At("2040-01-02T13:30:00")), kEst);
  EXPECT_EQ(ny->OffsetAt(At("2399-07-04T12:00:00")), kEdt);
  // The 2040 switch: second Sunday of March (the 11th) at 02:00 EST.
  EXPECT_EQ(ny->OffsetAt(At("2040-03-11T06:59:59")), kEst);
  EXPECT_EQ(ny->OffsetAt(At("2040-03-11T07:00:00")), kEdt);
}

TEST(ZoneTest, ShanghaiIsEightHoursExceptItsDaylightYears) {
  auto sh = Zone::Named("Asia/Shanghai");
  ASSERT_TRUE(sh);
  EXPECT_EQ(sh->OffsetAt(At("2040-07-02T00:00:00")), 8 * 3600);
  EXPECT_EQ(sh->OffsetAt(At("2026-01-15T00:00:00")), 8 * 3600);
  // China observed daylight saving from 1986 to 1991.
  EXPECT_EQ(sh->OffsetAt(At("1988-07-01T00:00:00")), 9 * 3600);
}

TEST(ZoneTest, SkippedLocalTimesMovePastTheGap) {
  auto ny = *Zone::Named("America/New_York");
  // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist.
  EXPECT_EQ(ny.ToUtc(At("2026-03-08T02:30:00")), At("2026-03-08T07:30:00"));
  EXPECT_EQ(ny.ToUtc(At("2026-03-08T01:59:59")), At("2026-03-08T06:59:59"));
  EXPECT_EQ(ny.ToUtc(At("2026-03-08T03:00:00")), At("2026-03-08T07:00:00"));
  auto t = Timestamp::Parse("2026-03-08T02:30:00", ny);
  EXPECT_EQ(t->ToLocalString(ny), "2026-03-08T03:30:00");
}

TEST(ZoneTest, RepeatedLocalTimesAreTheEarlierInstant) {
  auto ny = *Zone::Named("America/New_York");
  // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice.
  EXPECT_EQ(ny.ToUtc(At("2026-11-01T01:30:00")), At("2026-11-01T05:30:00"));
  EXPECT_EQ(ny.ToUtc(At("2026-11-01T02:00:00")), At("2026-11-01T07:00:00"));
  // Both instants print as the same wall time.
  EXPECT_EQ((Timestamp{At("2026-11-01T05:30:00"), 0}.ToLocalString(ny)),
            "2026-11-01T01:30:00");
  EXPECT_EQ((Timestamp{At("2026-11-01T06:30:00"), 0}.ToLocalString(ny)),
            "2026-11-01T01:30:00");
  // An explicit offset picks either one.
  EXPECT_EQ(Timestamp::Parse("2026-11-01T01:30:00-05:00", ny)->seconds,
            At("2026-11-01T06:30:00"));
}

TEST(ZoneTest, UnknownAndUnsafeNamesAreRefused) {
  for (const char* bad :
       {"Nowhere/Atlantis", "", "localtime", "/usr/share/zoneinfo/UTC",
        "../zoneinfo/UTC", "America/../UTC", "Fixed/UTC+08:00:00",
        "file:UTC", "America/New York"}) {
    EXPECT_EQ(Zone::Named(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(Zone::Parse("+8"), std::nullopt);
  EXPECT_EQ(Zone::Parse("+08:00x"), std::nullopt);
}

TEST(ZoneTest, TzdirIsHonored) {
  // A zoneinfo tree holding New York's file under a name no system has.
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("verdict_tzdir_" + std::to_string(getpid()));
  fs::create_directories(dir / "Verdict");
  fs::copy_file("/usr/share/zoneinfo/America/New_York",
                dir / "Verdict" / "Desk_Time",
                fs::copy_options::overwrite_existing);
  const char* old = getenv("TZDIR");
  std::string saved = old ? old : "";
  setenv("TZDIR", dir.c_str(), 1);
  auto z = Zone::Named("Verdict/Desk_Time");
  if (old) {
    setenv("TZDIR", saved.c_str(), 1);
  } else {
    unsetenv("TZDIR");
  }
  fs::remove_all(dir);
  ASSERT_TRUE(z);
  EXPECT_EQ(z->OffsetAt(At("2040-07-02T13:30:00")), kEdt);
  EXPECT_EQ(z->OffsetAt(At("2026-01-15T13:30:00")), kEst);
}

const char kPolicy[] =
    "policy: p\nrecord: r\nfields:\n  n: int\noutputs:\n  o: int?\n"
    "decisions:\n  - id: d\n    rules:\n      - id: k\n        then: {o: "
    "1}\n";

TEST(ZoneTest, APacksZoneTakesOffsetsAndNames) {
  auto ok = testing_util::CompileFiles(
      "zone_ok",
      {{"pack.yaml", "pack: t\nzone: '+23:00'\n"}, {"p.yaml", kPolicy}});
  ASSERT_TRUE(ok.pack) << ok.Diags();
  EXPECT_EQ(ok.pack->zone.OffsetAt(0), 23 * 3600);
  auto ny = testing_util::CompileFiles(
      "zone_ny",
      {{"pack.yaml", "pack: t\nzone: America/New_York\n"},
       {"p.yaml", kPolicy}});
  ASSERT_TRUE(ny.pack) << ny.Diags();
  EXPECT_EQ(ny.pack->zone.Name(), "America/New_York");
  EXPECT_EQ(ny.pack->zone.OffsetAt(At("2040-07-02T13:30:00")), kEdt);
  auto bad = testing_util::CompileFiles(
      "zone_bad",
      {{"pack.yaml", "pack: t\nzone: '+0a:00'\n"}, {"p.yaml", kPolicy}});
  EXPECT_TRUE(bad.Has("zone '+0a:00' is not an offset")) << bad.Diags();
  auto unknown = testing_util::CompileFiles(
      "zone_unknown",
      {{"pack.yaml", "pack: t\nzone: Mars/Olympus_Mons\n"},
       {"p.yaml", kPolicy}});
  EXPECT_FALSE(unknown.pack);
  EXPECT_TRUE(unknown.Has("pack.yaml:2:7: error: zone 'Mars/Olympus_Mons' is "
                          "not an offset such as +08:00 nor a time zone name"))
      << unknown.Diags();
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
