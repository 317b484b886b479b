// Broken packs that used to load silently: a calendar named by pack.yaml
// that is missing, unreadable or outside the pack folder is an error at its
// pack.yaml line; working-day functions need a calendar; a YAML entry of the
// folder that cannot be read is an error, never a file left out.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

std::string PackYaml(const std::string& calendar_line) {
  return "pack: t\nversion: \"1\"\nzone: \"+08:00\"\n" + calendar_line;
}

// A policy that counts working days (the call at line 12, column 17), or not.
std::string Policy(bool workdays) {
  return std::string(
             "policy: p\nrecord: r\nfields:\n  day: date\noutputs:\n"
             "  due: date\ndecisions:\n  - id: d\n    rules:\n") +
         "      - id: a\n        then:\n" +
         (workdays ? "          due: =add_workdays(r.day, 2)\n"
                   : "          due: =add_days(r.day, 2)\n");
}

std::string Diags(const LoadResult& r, const std::string& dir) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  for (size_t at; (at = out.find(dir)) != std::string::npos;)
    out.replace(at, dir.size(), "PACK");
  return out;
}

class NamedFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing_util::WritePack(
        ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        {{"p.yaml", Policy(true)}});
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    fs::create_directories((fs::path(dir_) / name).parent_path());
    std::ofstream(fs::path(dir_) / name) << text;
  }
  std::string Load() {
    LoadResult r = Pack::Load(dir_);
    EXPECT_EQ(r.ok(), r.diagnostics.empty()) << Diags(r, dir_);
    return r.ok() ? "ok\n" : Diags(r, dir_);
  }
  std::string dir_;
};

// Diagnostics sort by file name: p.yaml before pack.yaml. (No warning that
// 'due' is never set: the decision setting it failed to compile.)
constexpr const char* kNoCalendarCall =
    "PACK/p.yaml:12:17: error: 'add_workdays' counts working days, but the "
    "pack has no calendar (add calendar.yaml, or name one in pack.yaml with "
    "'calendar: FILE')\n";

TEST_F(NamedFilesTest, NamedCalendarLoads) {
  Write("pack.yaml", PackYaml("calendar: holidays.yaml\n"));
  Write("holidays.yaml", testing_util::kWeekendCalendar);
  EXPECT_EQ(Load(), "ok\n");
}

TEST_F(NamedFilesTest, CalendarInASubfolderLoads) {
  Write("pack.yaml", PackYaml("calendar: calendars/cn.yaml\n"));
  Write("calendars/cn.yaml", testing_util::kWeekendCalendar);
  EXPECT_EQ(Load(), "ok\n");
}

TEST_F(NamedFilesTest, MissingCalendar) {
  Write("pack.yaml", PackYaml("calendar: calendar.yaml\n"));
  EXPECT_EQ(Load(), std::string(kNoCalendarCall) +
                        "PACK/pack.yaml:4:11: error: calendar 'calendar.yaml' "
                        "does not exist in the pack folder\n");
}

TEST_F(NamedFilesTest, CalendarOutsideThePack) {
  Write("pack.yaml", PackYaml("calendar: ../calendar.yaml\n"));
  EXPECT_EQ(Load(), std::string(kNoCalendarCall) +
                        "PACK/pack.yaml:4:11: error: calendar "
                        "'../calendar.yaml' is outside the pack folder; name "
                        "a file inside it\n");
  Write("pack.yaml", PackYaml("calendar: sub/../../x/calendar.yaml\n"));
  EXPECT_NE(Load().find("is outside the pack folder"), std::string::npos);
}

TEST_F(NamedFilesTest, AbsoluteCalendarPath) {
  Write("pack.yaml", PackYaml("calendar: /etc/hostname\n"));
  EXPECT_EQ(Load(), std::string(kNoCalendarCall) +
                        "PACK/pack.yaml:4:11: error: calendar '/etc/hostname' "
                        "is an absolute path; name a file inside the pack "
                        "folder, relative to it\n");
}

TEST_F(NamedFilesTest, CalendarLinkEscapingThePack) {
  std::string outside =
      (fs::temp_directory_path() /
       ("verdict_outside_" + std::to_string(getpid()) + ".yaml"))
          .string();
  std::ofstream(outside) << testing_util::kWeekendCalendar;
  fs::create_symlink(outside, fs::path(dir_) / "calendar.yaml");
  Write("pack.yaml", PackYaml("calendar: calendar.yaml\n"));
  std::string real = fs::canonical(outside).string();
  // The link is also a file of the folder: refused as such too.
  EXPECT_EQ(Load(), "PACK/calendar.yaml: error: a link to '" + real +
                        "', outside the pack folder (a pack is the files in "
                        "its folder)\n" +
                        std::string(kNoCalendarCall) +
                        "PACK/pack.yaml:4:11: error: calendar 'calendar.yaml' "
                        "is a link to '" +
                        real +
                        "', outside the pack folder; name a file inside it\n");
  // Unnamed, the same link is refused as a file of the folder.
  Write("pack.yaml", PackYaml(""));
  EXPECT_EQ(Load(), "PACK/calendar.yaml: error: a link to '" + real +
                        "', outside the pack folder (a pack is the files in "
                        "its folder)\n" +
                        std::string(kNoCalendarCall));
  fs::remove(outside);
}

TEST_F(NamedFilesTest, CalendarThatIsNotAReadableFile) {
  fs::create_directories(fs::path(dir_) / "cal.yaml");
  Write("pack.yaml", PackYaml("calendar: cal.yaml\n"));
  EXPECT_EQ(Load(),
            "PACK/cal.yaml: error: cannot read: not a plain file (a "
            "pack's YAML files are files)\n" +
                std::string(kNoCalendarCall) +
                "PACK/pack.yaml:4:11: error: calendar 'cal.yaml' is "
                "not a file\n");
  fs::create_symlink(fs::path(dir_) / "gone.yaml",
                     fs::path(dir_) / "dangling.yaml");
  Write("pack.yaml", PackYaml("calendar: dangling.yaml\n"));
  std::string out = Load();
  EXPECT_NE(out.find("PACK/dangling.yaml: error: cannot read: a link to a "
                     "file that does not exist\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("PACK/pack.yaml:4:11: error: calendar 'dangling.yaml' "
                     "is a link to a file that does not exist\n"),
            std::string::npos)
      << out;
}

TEST_F(NamedFilesTest, CalendarNameMustBeText) {
  Write("pack.yaml", PackYaml("calendar: [a.yaml, b.yaml]\n"));
  EXPECT_EQ(Load(), std::string(kNoCalendarCall) +
                        "PACK/pack.yaml:4:11: error: 'calendar' names the "
                        "calendar file, e.g. calendar.yaml\n");
}

TEST_F(NamedFilesTest, WorkingDayFunctionsNeedACalendar) {
  EXPECT_EQ(Load(), kNoCalendarCall);
  Write("p.yaml", Policy(false) + "let:\n  w: is_workday(r.day)\n");
  EXPECT_EQ(Load(),
            "PACK/p.yaml:14:6: error: 'is_workday' counts working days, but "
            "the pack has no calendar (add calendar.yaml, or name one in "
            "pack.yaml with 'calendar: FILE')\n");
  Write("p.yaml", Policy(false));
  EXPECT_EQ(Load(), "ok\n");  // no working days counted: no calendar needed
  Write("p.yaml", Policy(true));
  Write("calendar.yaml", testing_util::kWeekendCalendar);
  EXPECT_EQ(Load(), "ok\n");  // calendar.yaml is found without pack.yaml
}

// The shipped pack, without the calendar its pack.yaml names, must not load
// (it used to, and counted working days through the National Day holiday).
TEST(NamedFilesShippedPackTest, BssWithoutItsCalendarIsRefused) {
  fs::path dir = testing_util::WritePack("bss_no_calendar", {});
  fs::remove_all(dir);
  fs::copy(testing_util::RulesDir(), dir, fs::copy_options::recursive);
  fs::remove(dir / "calendar.yaml");
  LoadResult r = Pack::Load(dir.string());
  EXPECT_FALSE(r.ok());
  // Where the name and the call are, found in the files themselves.
  auto pos = [&](const char* file, const std::string& needle, int skip) {
    std::ifstream in(dir / file);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (size_t at = line.find(needle); at != std::string::npos) {
        return std::string(file) + ":" + std::to_string(n) + ":" +
               std::to_string(at + 1 + skip);
      }
    }
    return std::string("not found");
  };
  std::string diags = Diags(r, dir.string());
  EXPECT_NE(diags.find("PACK/" + pos("pack.yaml", "calendar: ", 10) +
                       ": error: calendar 'calendar.yaml' does not exist in "
                       "the pack folder\n"),
            std::string::npos)
      << diags;
  EXPECT_NE(
      diags.find("PACK/" + pos("retention_followup.yaml", "=add_workdays(", 1) +
                 ": error: 'add_workdays' counts working days, but the "
                 "pack has no calendar"),
      std::string::npos)
      << diags;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace verdict
