// calendar.yaml to Calendar: days, dates, years, and what is reported.
#include "src/compile/calendar_compiler.h"

#include <gtest/gtest.h>

#include "src/parse/yaml_tree.h"

namespace verdict {
namespace {

struct Result {
  Calendar cal;
  std::vector<Diagnostic> diags;
  bool failed;
};

Result Compile(const std::string& yaml) {
  PackImpl pack;
  Result r;
  CompileContext ctx(&pack, &r.diags);
  std::optional<syntax::YamlDoc> doc = syntax::YamlDoc::Parse(yaml);
  EXPECT_TRUE(doc.has_value()) << yaml;
  syntax::Calendar c{"cal.yaml",
                     syntax::TreeOf(doc->root(), syntax::FileName("cal.yaml"))};
  CompileCalendar(ctx, c, &r.cal);
  r.failed = ctx.failed();
  return r;
}

TEST(CalendarCompilerTest, ReadsWeekendHolidaysWorkdaysAndYears) {
  Result r = Compile(
      "calendar: cn\nweekend: [Friday, saturday]\n"
      "holidays: [2026-10-01]\nworkdays: [2026-10-10]\nyears: [2026, 2027]\n");
  EXPECT_FALSE(r.failed);
  EXPECT_EQ(r.cal.name, "cn");
  EXPECT_TRUE(r.cal.weekend[4]);
  EXPECT_TRUE(r.cal.weekend[5]);
  EXPECT_FALSE(r.cal.weekend[6]);
  EXPECT_EQ(r.cal.holidays.count(Date::Parse("2026-10-01")->days), 1u);
  EXPECT_EQ(r.cal.workdays.count(Date::Parse("2026-10-10")->days), 1u);
  EXPECT_EQ(r.cal.first_year, 2026);
  EXPECT_EQ(r.cal.last_year, 2027);
}

TEST(CalendarCompilerTest, DefaultsToSaturdaySundayAndTheYearsOfItsDates) {
  Result r = Compile("holidays: [2025-01-01, 2027-05-01]\n");
  EXPECT_FALSE(r.failed);
  EXPECT_EQ(r.cal.name, "calendar");
  EXPECT_TRUE(r.cal.weekend[5] && r.cal.weekend[6]);
  EXPECT_EQ(r.cal.first_year, 2025);
  EXPECT_EQ(r.cal.last_year, 2027);
}

TEST(CalendarCompilerTest, ReportsBadDaysAndDatesAtTheirPositions) {
  Result r = Compile("weekend: [caturday]\nholidays: [2026-13-01]\nfoo: 1\n");
  EXPECT_TRUE(r.failed);
  ASSERT_EQ(r.diags.size(), 3u);
  EXPECT_EQ(r.diags[0].ToString(),
            "cal.yaml:1:11: error: 'caturday' is not a day of the week");
  EXPECT_EQ(r.diags[1].ToString(),
            "cal.yaml:2:12: error: '2026-13-01' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(r.diags[2].severity, Diagnostic::Severity::kWarning);
}

TEST(CalendarCompilerTest, RejectsANonMapping) {
  Result r = Compile("[1, 2]\n");
  EXPECT_TRUE(r.failed);
}

}  // namespace
}  // namespace verdict
