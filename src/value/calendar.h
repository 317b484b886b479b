// Working-day calendar of a pack (the spec's calendar.yaml), immutable once
// built and safe to share across threads.
#ifndef VERDICT_SRC_VALUE_CALENDAR_H_
#define VERDICT_SRC_VALUE_CALENDAR_H_

#include <array>
#include <optional>
#include <set>
#include <string>

#include "verdict/value.h"

namespace verdict {

class Calendar {
 public:
  std::string name;
  std::array<bool, 7> weekend{};  // index: 0 = Monday ... 6 = Sunday
  std::set<int32_t> holidays;     // Date::days
  std::set<int32_t> workdays;     // Date::days
  std::optional<int> first_year, last_year;

  static Calendar Default();  // Saturday and Sunday off, no holidays

  // A day is a working day when it is a `workdays` entry, or else when it is
  // neither a weekend day nor a `holidays` entry.
  bool IsWorkday(Date d) const;
  // The n-th working day strictly after d (n >= 1); n <= 0 returns the n-th
  // working day strictly before d for negative n, and d itself for 0;
  // nullopt when the count runs past 0001-01-01 or 9999-12-31 first (as it
  // always does in a calendar without working days).
  std::optional<Date> AddWorkdays(Date d, int64_t n) const;
  // Whether `d` lies in the years the calendar lists holidays for
  // ([first_year, last_year]; a missing bound is open): outside them only
  // weekends are days off, whatever the real holidays are.
  bool Covers(Date d) const;
};

// 0 = Monday ... 6 = Sunday.
int Weekday(Date d);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_CALENDAR_H_
