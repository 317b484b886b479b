// Working-day computations that read days outside the years the pack's
// calendar covers (EvalOptions::outside_calendar, Pack::OutsideCalendarCount,
// Pack::OutsideCalendarWarning): where only weekends are days off, a due
// date may fall on an unknown holiday, so such a run is told, whatever its
// as-of. And `verdict eval` says it on standard error after the run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "tests/unit/cli_runner.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"
#include "verdict/json_stream.h"

namespace verdict {
namespace {

constexpr const char* kPackYaml =
    "pack: days\nversion: \"1\"\nzone: \"+08:00\"\ncalendar: calendar.yaml\n";
// Covers 2026 only; 2026-10-01 (a Thursday) is a holiday.
constexpr const char* kCalendar =
    "calendar: one_year\nyears: [2026, 2026]\nweekend: [saturday, sunday]\n"
    "holidays: [2026-10-01]\n";
constexpr const char* kPolicy = R"yaml(policy: due
record: r
fields:
  start: date
  n: int
  day: date?
outputs:
  due: date
  working: bool?
decisions:
  - id: due
    rules:
      - id: all
        then: {due: "=add_workdays(r.start, r.n)"
}
  - id: working
    hit: first
    rules:
      - id: given
        when: has(r.day)
        then: {working: "=is_workday(r.day)"}
      - id: none
        then: {working: null}
)yaml";

std::shared_ptr<const Pack> DaysPack() {
  return testing_util::LoadCleanPack("outside_calendar",
                                     {{"pack.yaml", kPackYaml},
                                      {"calendar.yaml", kCalendar},
                                      {"due.yaml", kPolicy}});
}

// The call's count of computations outside the calendar for one record, and
// its due date.
std::pair<uint64_t, std::string> Decide(const Pack& pack, const char* start,
                                        int64_t n, const char* day = nullptr) {
  std::atomic<uint64_t> count{0};
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  opt.outside_calendar = &count;
  FieldMap record{{"start", Value::DateOf(*Date::Parse(start))},
                  {"n", Value::Int(n)}};
  if (day) record["day"] = Value::DateOf(*Date::Parse(day));
  Decision d = pack.Evaluate("due", record, opt);
  EXPECT_TRUE(d.ok()) << d.error->message;
  return {count.load(), d.ok() ? d.Get("due")->as_date().ToString() : ""};
}

TEST(OutsideCalendarTest, CountsOnlyComputationsThatReadUncoveredDays) {
  auto pack = DaysPack();
  ASSERT_TRUE(pack);
  using R = std::pair<uint64_t, std::string>;
  // Inside 2026: the holiday is skipped, nothing counted.
  EXPECT_EQ(Decide(*pack, "2026-09-30", 1), (R{0, "2026-10-02"}));
  EXPECT_EQ(Decide(*pack, "2026-12-30", 1), (R{0, "2026-12-31"}));
  // Two working days after 2026-12-30 reach 2027-01-01: counted once.
  EXPECT_EQ(Decide(*pack, "2026-12-30", 2), (R{1, "2027-01-01"}));
  // Backwards: from 2027-01-04 two working days back read 2027's days.
  EXPECT_EQ(Decide(*pack, "2027-01-04", -2), (R{1, "2026-12-31"}));
  // Before the first year too.
  EXPECT_EQ(Decide(*pack, "2026-01-02", -1), (R{0, "2026-01-01"}));
  EXPECT_EQ(Decide(*pack, "2026-01-01", -1), (R{1, "2025-12-31"}));
  // Zero working days read no day at all.
  EXPECT_EQ(Decide(*pack, "2030-01-01", 0), (R{0, "2030-01-01"}));
  // is_workday of a day outside (plus an add_workdays inside).
  EXPECT_EQ(Decide(*pack, "2026-06-01", 1, "2027-01-01").first, 1u);
  EXPECT_EQ(Decide(*pack, "2026-06-01", 1, "2026-10-01").first, 0u);
  EXPECT_EQ(Decide(*pack, "2026-12-31", 1, "2027-01-01").first, 2u);
  // The pack counts every call's, its own counter given or not.
  const uint64_t before = pack->OutsideCalendarCount();
  EvalOptions plain;
  plain.as_of = *Date::Parse("2026-11-24");
  pack->Evaluate("due",
                 {{"start", Value::DateOf(*Date::Parse("2026-12-31"))},
                  {"n", Value::Int(3)}},
                 plain);
  EXPECT_EQ(pack->OutsideCalendarCount(), before + 1);
  EXPECT_EQ(before, 6u);  // the computations counted above
}

TEST(OutsideCalendarTest, ThreadsOfOneCallCountTogether) {
  auto pack = DaysPack();
  ASSERT_TRUE(pack);
  // 3,000 lines, every third one crossing into 2027, on two threads.
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += i % 3 == 0 ? R"({"start":"2026-12-30","n":2})"
                       : R"({"start":"2026-06-01","n":2})";
    text += "\n";
  }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    size_t at = 0;
    while (at < text.size()) {
      ssize_t n = write(fds[1], text.data() + at, text.size() - at);
      ASSERT_GT(n, 0);
      at += static_cast<size_t>(n);
    }
    close(fds[1]);
  });
  std::atomic<uint64_t> count{0};
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  opt.outside_calendar = &count;
  JsonStreamOptions stream;
  stream.threads = 2;
  size_t lines = 0;
  DecideJsonLinesStream(
      *pack, "due", fds[0], opt,
      [&](std::string_view block) {
        for (char c : block) lines += c == '\n';
      },
      stream);
  writer.join();
  close(fds[0]);
  EXPECT_EQ(lines, 3000u);
  EXPECT_EQ(count.load(), 1000u);
}

TEST(OutsideCalendarTest, TheWarningNamesTheCalendarAndItsYears) {
  auto pack = DaysPack();
  ASSERT_TRUE(pack);
  EXPECT_EQ(pack->OutsideCalendarWarning(1),
            "1 working-day computation (add_workdays, is_workday) read days "
            "outside the years 2026 to 2026 that the calendar 'one_year' "
            "covers: there only weekends are days off, holidays unknown");
  EXPECT_EQ(pack->OutsideCalendarWarning(3).substr(0, 28),
            "3 working-day computations (");
}

// `verdict eval` of retention_followup (rules/bss, calendar 2004 to 2026)
// over `records`, standard error and exit status.
std::pair<std::string, int> EvalRetention(const std::string& records) {
  testing::CliOutput r =
      testing::RunCli("eval " + testing_util::RulesDir() +
                          " --policy retention_followup --as-of 2026-12-30",
                      records, "", /*stderr_only=*/true);
  return {r.out, r.status};
}

TEST(OutsideCalendarTest, EvalWarnsOnStandardErrorAfterTheRun) {
  const std::string base =
      R"({"customer_id":"c","arpu":70,"monthly_spend":10,"last_month_spend":10,)";
  const std::string crossing =
      base + R"("disconnect_requested_at":"2026-12-30T10:00:00"})" + "\n";
  const std::string inside =
      base + R"("disconnect_requested_at":"2026-12-10T10:00:00"})" + "\n";
  auto [err, status] = EvalRetention(inside + crossing + crossing);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(err,
            "verdict eval: warning: 2 working-day computations (add_workdays, "
            "is_workday) read days outside the years 2004 to 2026 that the "
            "calendar 'cn_mainland' covers: there only weekends are days off, "
            "holidays unknown\n");
  auto [quiet, quiet_status] = EvalRetention(inside + inside);
  EXPECT_EQ(quiet_status, 0);
  EXPECT_EQ(quiet, "");
}

}  // namespace
}  // namespace verdict
