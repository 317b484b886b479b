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

// `years` is the range the beyond-the-calendar warning names: written any
// other way it was read as a range anyway (its last item, or none), and
// [2026, 2004] warned "holidays up to 2004" for a calendar holding 2026.
TEST(CalendarCompilerTest, YearsMustBeAFirstAndALastYear) {
  for (const char* years :
       {"[2026, 2004]", "2026", "[2004, 2026, 2030]", "[2004]", "[x, 2026]",
        "[0, 2026]", "[2004, 10000]", "{first: 2004}", ""}) {
    Result r =
        Compile(std::string("holidays: [2026-10-01]\nyears: ") + years + "\n");
    EXPECT_TRUE(r.failed) << years;
    ASSERT_EQ(r.diags.size(), 1u) << years;
    EXPECT_EQ(r.diags[0].ToString(),
              "cal.yaml:2:" + std::to_string(*years ? 8 : 1) +
                  ": error: 'years' is the first and the last year the "
                  "holidays cover, such as [2004, 2026]")
        << years;
  }
  Result one = Compile("years: [2026, 2026]\n");
  EXPECT_FALSE(one.failed);
  EXPECT_EQ(one.cal.first_year, 2026);
  EXPECT_EQ(one.cal.last_year, 2026);
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

TEST(CalendarCompilerTest, AWeekendThatIsNotAListIsAnError) {
  // `weekend: saturday` read as a list of no days meant no weekend at all,
  // as `holidays: 2026-01-05` is already refused.
  const std::string want =
      ": error: 'weekend' is a list of days of the week, e.g. "
      "[saturday, sunday] ([] for none)";
  for (const char* weekend : {"saturday", "", "{saturday: true}"}) {
    Result r = Compile(std::string("calendar: c\nweekend: ") + weekend +
                       "\nholidays: 2026-01-05\n");
    EXPECT_TRUE(r.failed) << weekend;
    ASSERT_EQ(r.diags.size(), 2u) << weekend;
    // Nothing after the colon: at the key.
    EXPECT_EQ(r.diags[0].ToString(),
              std::string("cal.yaml:2:") + (*weekend ? "10" : "1") + want)
        << weekend;
    EXPECT_EQ(r.diags[1].ToString(),
              "cal.yaml:3:11: error: 'holidays' is a list of dates");
  }
  // An empty list says no weekend on purpose.
  Result none = Compile("weekend: []\n");
  EXPECT_FALSE(none.failed);
  EXPECT_TRUE(none.diags.empty());
  for (bool off : none.cal.weekend) EXPECT_FALSE(off);
}

TEST(CalendarCompilerTest, AWeekOfWeekendDaysIsAnError) {
  // add_workdays() would find no working day to count.
  Result r = Compile(
      "calendar: c\nweekend: [monday, tuesday, wednesday, thursday, friday,\n"
      "  saturday, sunday]\nworkdays: [2026-10-10]\n");
  EXPECT_TRUE(r.failed);
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags[0].ToString(),
            "cal.yaml:2:10: error: 'weekend' lists all seven days: a calendar "
            "needs a working day in the week");
  // Six days off leave one.
  Result six = Compile(
      "weekend: [monday, tuesday, wednesday, thursday, friday, saturday]\n");
  EXPECT_FALSE(six.failed);
  EXPECT_TRUE(six.diags.empty());
}

TEST(CalendarCompilerTest, RejectsANonMapping) {
  Result r = Compile("[1, 2]\n");
  EXPECT_TRUE(r.failed);
}

}  // namespace
}  // namespace verdict
