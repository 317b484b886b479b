#include "src/value/calendar.h"

namespace verdict {

int Weekday(Date d) {
  // 1970-01-01 was a Thursday (index 3).
  int w = (d.days % 7 + 7 + 3) % 7;
  return w;
}

Calendar Calendar::Default() {
  Calendar c;
  c.name = "default";
  c.weekend[5] = c.weekend[6] = true;
  return c;
}

bool Calendar::IsWorkday(Date d) const {
  if (workdays.count(d.days)) return true;
  return !weekend[Weekday(d)] && !holidays.count(d.days);
}

bool Calendar::Covers(Date d) const {
  int y, m, day;
  d.ToYmd(&y, &m, &day);
  return (!first_year || y >= *first_year) && (!last_year || y <= *last_year);
}

std::optional<Date> Calendar::AddWorkdays(Date d, int64_t n) const {
  int step = n >= 0 ? 1 : -1;
  int64_t left = n >= 0 ? n : -n;
  while (left > 0) {
    d.days += step;
    if (d.days < Date::kMinDays || d.days > Date::kMaxDays) return std::nullopt;
    if (IsWorkday(d)) --left;
  }
  return d;
}

}  // namespace verdict
