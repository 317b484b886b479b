// Named zones through the command line: `verdict eval` on the New York test
// pack (tests/packs/new_york, zone America/New_York) across daylight saving,
// in a year beyond tzdata's stored transitions; $TZDIR pointing at another
// zoneinfo tree; an unknown zone as a pack error at its file:line:col.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "tests/unit/cli_runner.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

using Output = verdict::testing::CliOutput;

fs::path TempDir(const std::string& tag) {
  fs::path p = fs::temp_directory_path() /
               ("verdict_zone_cli_" + tag + "_" + std::to_string(getpid()));
  fs::create_directories(p);
  return p;
}

// Runs `ENV verdict ARGS < stdin_text`; stdout and stderr merged.
Output Verdict(const std::string& env, const std::string& args,
               const std::string& stdin_text) {
  return verdict::testing::RunCli(args, stdin_text, env);
}

const std::string kPack =
    std::string(VERDICT_SOURCE_DIR) + "/tests/packs/new_york";

TEST(NamedZoneCliTest, NewYorkInJuly2040IsDaylightTime) {
  // 13:30 UTC is 09:30 EDT (-04:00): the desk is open. With a one-hour
  // error (EST in 2040, as a reader ignoring the TZif footer gives) it
  // would be 08:30 and closed.
  Output o = Verdict(
      "", "eval " + kPack + " --policy desk_hours --as-of 2040-07-02",
      "{\"call_id\":\"c\",\"placed_at\":\"2040-07-02T13:30:00Z\"}\n");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("\"window\":\"open\""), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\"local_time\":\"2040-07-02T09:30:00\""),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("\"local_hour\":9,"), std::string::npos) << o.out;
}

TEST(NamedZoneCliTest, NewYorkInJanuary2026IsStandardTime) {
  Output o = Verdict(
      "", "eval " + kPack + " --policy desk_hours --as-of 2026-01-15",
      "{\"call_id\":\"c\",\"placed_at\":\"2026-01-15T13:30:00Z\"}\n");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("\"window\":\"closed\""), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\"local_time\":\"2026-01-15T08:30:00\""),
            std::string::npos)
      << o.out;
}

TEST(NamedZoneCliTest, ThePacksOwnTestsPass) {
  Output o = Verdict("", "test --require-all-rules " + kPack, "");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find(" passed, 0 failed"), std::string::npos) << o.out;
}

// A pack whose zone exists only in a private zoneinfo tree given by TZDIR.
fs::path PackInZone(const std::string& tag, const std::string& zone) {
  fs::path dir = TempDir(tag);
  std::ofstream(dir / "pack.yaml") << "pack: z\nzone: " << zone << "\n";
  fs::copy_file(kPack + "/desk_hours.yaml", dir / "desk_hours.yaml",
                fs::copy_options::overwrite_existing);
  return dir;
}

TEST(NamedZoneCliTest, TzdirIsHonored) {
  fs::path tzdir = TempDir("tzdir");
  // New York's file under a name no system has, and under its own name,
  // which the policy's getHours("America/New_York") reads from the same tree.
  for (const char* name : {"Verdict/Desk_Time", "America/New_York"}) {
    fs::create_directories((tzdir / name).parent_path());
    fs::copy_file("/usr/share/zoneinfo/America/New_York", tzdir / name,
                  fs::copy_options::overwrite_existing);
  }
  fs::path pack = PackInZone("tzdir_pack", "Verdict/Desk_Time");
  const std::string record =
      "{\"call_id\":\"c\",\"placed_at\":\"2040-07-02T13:30:00Z\"}\n";
  Output o = Verdict(
      "TZDIR=" + tzdir.string(),
      "eval " + pack.string() + " --policy desk_hours --as-of 2040-07-02",
      record);
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("\"local_time\":\"2040-07-02T09:30:00\""),
            std::string::npos)
      << o.out;
  // Without TZDIR the system tree has no such zone: a pack error.
  o = Verdict("env -u TZDIR", "check " + pack.string(), "");
  EXPECT_NE(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("zone 'Verdict/Desk_Time'"), std::string::npos) << o.out;
  fs::remove_all(tzdir);
  fs::remove_all(pack);
}

TEST(NamedZoneCliTest, AnUnknownZoneIsAPackErrorAtItsPosition) {
  fs::path pack = PackInZone("unknown", "Mars/Olympus_Mons");
  Output o = Verdict("", "check " + pack.string(), "");
  EXPECT_NE(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("pack.yaml:2:7: error: zone 'Mars/Olympus_Mons' is not "
                       "an offset such as +08:00 nor a time zone name"),
            std::string::npos)
      << o.out;
  fs::remove_all(pack);
}

}  // namespace
}  // namespace verdict
