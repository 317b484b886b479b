// Verdict's extensions for business policies: dates with month arithmetic
// that clamps (2026-01-31 + 1 month = 2026-02-28), working days over the
// pack's calendar, the handbook's digit-pattern notation for phone numbers,
// and helpers for batch aggregates.
#include <algorithm>
#include <optional>
#include <vector>

#include "src/evaluate/builtins.h"
#include "src/value/digit_pattern.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

Value DateFn(Args a, const EvalContext& ctx) {
  const Value& x = a[0];
  if (x.kind() == Kind::kDate) return x;
  if (x.kind() == Kind::kString) {
    auto d = Date::Parse(x.as_string());
    if (!d)
      return Value::Error("invalid date '" + x.as_string() +
                          "' (want YYYY-MM-DD)");
    return Value::DateOf(*d);
  }
  if (x.kind() == Kind::kTimestamp) {
    return Value::DateOf(
        Date::FromEpochSeconds(ctx.zone->ToLocal(x.as_timestamp().seconds)));
  }
  return NoOverload("date", a);
}

bool DateInt(Args a) {
  return a.size() == 2 && a[0].kind() == Kind::kDate &&
         a[1].kind() == Kind::kInt;
}

Value FromDays(int64_t days) {
  if (days < Date::kMinDays || days > Date::kMaxDays)
    return Value::Error("date out of range");
  return Value::DateOf(Date{static_cast<int32_t>(days)});
}

Value AddDays(Args a, const EvalContext&) {
  if (!DateInt(a)) return NoOverload("add_days", a);
  int64_t days;
  if (__builtin_add_overflow(int64_t{a[0].as_date().days}, a[1].as_int(),
                             &days))
    return Value::Error("date out of range");
  return FromDays(days);
}

Value AddMonthsImpl(Date d, int64_t months) {
  int y, m, dd;
  d.ToYmd(&y, &m, &dd);
  int64_t total;
  if (__builtin_add_overflow(int64_t{y} * 12 + (m - 1), months, &total) ||
      total < 12 || total > 9999 * 12 + 11)
    return Value::Error("date out of range");
  int ny = static_cast<int>(total / 12), nm = static_cast<int>(total % 12) + 1;
  for (int day = dd; day >= 28; --day) {
    if (auto r = Date::FromYmd(ny, nm, day)) return Value::DateOf(*r);
  }
  return Value::DateOf(*Date::FromYmd(ny, nm, dd));
}

Value AddMonths(Args a, const EvalContext&) {
  if (!DateInt(a)) return NoOverload("add_months", a);
  return AddMonthsImpl(a[0].as_date(), a[1].as_int());
}

Value AddYears(Args a, const EvalContext&) {
  if (!DateInt(a)) return NoOverload("add_years", a);
  // Beyond 10,000 years every result is out of range (and n * 12 could
  // overflow): the same error as a smaller step past year 9999.
  if (a[1].as_int() > 10000 || a[1].as_int() < -10000)
    return Value::Error("date out of range");
  return AddMonthsImpl(a[0].as_date(), a[1].as_int() * 12);
}

// Counts a working-day computation that read the days from `first` to
// `last` (inclusive, first <= last) when some of them lie outside the
// calendar's years, in the call's and the pack's counters where the context
// has them (EvalContext). Coverage is one span of years: the ends tell.
void NoteOutside(const EvalContext& ctx, const Calendar& cal, Date first,
                 Date last) {
  if (cal.Covers(first) && cal.Covers(last)) return;
  for (std::atomic<uint64_t>* count :
       {ctx.outside_calendar, ctx.pack_outside_calendar}) {
    if (count) count->fetch_add(1, std::memory_order_relaxed);
  }
}

Value AddWorkdays(Args a, const EvalContext& ctx) {
  if (!DateInt(a)) return NoOverload("add_workdays", a);
  if (a[1].as_int() > 100000 || a[1].as_int() < -100000) {
    return Value::Error("add_workdays: too many days");
  }
  Calendar fallback = Calendar::Default();
  const Calendar& cal = ctx.calendar ? *ctx.calendar : fallback;
  const Date from = a[0].as_date();
  std::optional<Date> d = cal.AddWorkdays(from, a[1].as_int());
  if (!d) return Value::Error("date out of range");
  // The days stepped through: after `from` up to *d, or from *d up to the
  // day before `from` (none for 0).
  if (d->days > from.days) NoteOutside(ctx, cal, Date{from.days + 1}, *d);
  if (d->days < from.days) NoteOutside(ctx, cal, *d, Date{from.days - 1});
  return Value::DateOf(*d);
}

Value IsWorkday(Args a, const EvalContext& ctx) {
  if (a[0].kind() != Kind::kDate) return NoOverload("is_workday", a);
  Calendar fallback = Calendar::Default();
  const Calendar& cal = ctx.calendar ? *ctx.calendar : fallback;
  NoteOutside(ctx, cal, a[0].as_date(), a[0].as_date());
  return Value::Bool(cal.IsWorkday(a[0].as_date()));
}

// What year(), month(), day(), month_start() and month_end() take of a date,
// in the order of kNames below.
enum class DatePart { kYear, kMonth, kDay, kMonthStart, kMonthEnd };

template <DatePart kPart>
Value DatePartOf(Args a, const EvalContext&) {
  static const char* kNames[] = {"year", "month", "day", "month_start",
                                 "month_end"};
  if (a[0].kind() != Kind::kDate)
    return NoOverload(kNames[static_cast<int>(kPart)], a);
  int y, m, d;
  a[0].as_date().ToYmd(&y, &m, &d);
  switch (kPart) {
    case DatePart::kYear:
      return Value::Int(y);
    case DatePart::kMonth:
      return Value::Int(m);
    case DatePart::kDay:
      return Value::Int(d);
    case DatePart::kMonthStart:
      return Value::DateOf(*Date::FromYmd(y, m, 1));
    default: {
      for (int day = 31; day >= 28; --day) {
        if (auto r = Date::FromYmd(y, m, day)) return Value::DateOf(*r);
      }
      return Value::Error("internal: no month end");
    }
  }
}

Value DaysBetween(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kDate || a[1].kind() != Kind::kDate) {
    return NoOverload("days_between", a);
  }
  return Value::Int(int64_t{a[1].as_date().days} - a[0].as_date().days);
}

Value Abs(Args a, const EvalContext&) {
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kDecimal:
      return Value::Dec(x.as_decimal().Abs());
    case Kind::kInt:
      if (x.as_int() == INT64_MIN)
        return Value::Error("return error for overflow");
      return Value::Int(x.as_int() < 0 ? -x.as_int() : x.as_int());
    case Kind::kDouble:
      return Value::Double(x.as_double() < 0 ? -x.as_double() : x.as_double());
    default:
      return NoOverload("abs", a);
  }
}

Value DigitsMatch(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kString || a[1].kind() != Kind::kString) {
    return NoOverload("digits_match", a);
  }
  auto p = DigitPattern::Compile(a[1].as_string());
  if (!p.ok()) return Value::Error("invalid digit pattern: " + p.error());
  return Value::Bool(p.Matches(a[0].as_string()));
}

// The compiled form of `text`, compiled once per thread: a policy's
// patterns are a few constant strings matched on every record. Up to
// kCached patterns are kept (linear search over short strings is cheaper
// than hashing); beyond that, the oldest slot is recompiled in turn.
const DigitPattern& CompiledPattern(const std::string& text) {
  constexpr size_t kCached = 64;
  thread_local std::vector<std::pair<std::string, DigitPattern>> cache;
  thread_local size_t next_evicted = 0;
  for (const auto& [t, p] : cache) {
    if (t == text) return p;
  }
  if (cache.size() < kCached) {
    cache.emplace_back(text, DigitPattern::Compile(text));
    return cache.back().second;
  }
  auto& slot = cache[next_evicted++ % kCached];
  slot = {text, DigitPattern::Compile(text)};
  return slot.second;
}

// The compiled patterns of a whole list, per thread: a policy passes the
// same constant list on every record, so the list is found by its address
// (one comparison, not one string comparison per pattern). Each entry keeps
// its list alive, so no other list can reuse that address while it is
// cached. Items that are not strings compile to nothing (nullopt).
const std::vector<std::optional<DigitPattern>>& CompiledPatterns(
    const Value& list) {
  struct Entry {
    Value list;
    std::vector<std::optional<DigitPattern>> patterns;
  };
  constexpr size_t kCached = 16;
  thread_local std::vector<Entry> cache;
  thread_local size_t next_evicted = 0;
  for (const Entry& e : cache) {
    if (&e.list.as_list() == &list.as_list()) return e.patterns;
  }
  Entry e{list, {}};
  for (const Value& pv : list.as_list()) {
    e.patterns.push_back(pv.kind() == Kind::kString
                             ? std::optional(CompiledPattern(pv.as_string()))
                             : std::nullopt);
  }
  if (cache.size() < kCached) {
    cache.push_back(std::move(e));
    return cache.back().patterns;
  }
  Entry& slot = cache[next_evicted++ % kCached];
  slot = std::move(e);
  return slot.patterns;
}

Value FirstPattern(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kString || a[1].kind() != Kind::kList) {
    return NoOverload("first_pattern", a);
  }
  const List& items = a[1].as_list();
  const auto& patterns = CompiledPatterns(a[1]);
  for (size_t i = 0; i < items.size(); ++i) {
    if (!patterns[i]) return NoOverload("first_pattern", a);
    const DigitPattern& p = *patterns[i];
    if (!p.ok()) return Value::Error("invalid digit pattern: " + p.error());
    if (p.Matches(a[0].as_string())) return items[i];
  }
  return Value::Null();
}

// Elements of an ascending list strictly greater than x (binary search).
Value CountAbove(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kList) return NoOverload("count_above", a);
  const List& l = a[0].as_list();
  auto it = std::upper_bound(l.begin(), l.end(), a[1],
                             [](const Value& x, const Value& y) {
                               auto o = Order(x, y);
                               return o && *o == std::partial_ordering::less;
                             });
  return Value::Int(static_cast<int64_t>(l.end() - it));
}

Value CountBelow(Args a, const EvalContext&) {
  if (a[0].kind() != Kind::kList) return NoOverload("count_below", a);
  const List& l = a[0].as_list();
  auto it = std::lower_bound(l.begin(), l.end(), a[1],
                             [](const Value& x, const Value& y) {
                               auto o = Order(x, y);
                               return o && *o == std::partial_ordering::less;
                             });
  return Value::Int(static_cast<int64_t>(it - l.begin()));
}

}  // namespace

void RegisterExtensions(Registry& r) {
  r.Add("date", DateFn, {"string -> date", "timestamp -> date", "date -> date"},
        "date(text) parses YYYY-MM-DD; date(timestamp) is its day in the "
        "pack's zone");
  r.Add("add_days", AddDays, {"date, int -> date"});
  r.Add("add_months", AddMonths, {"date, int -> date"},
        "keeps the day, clamped to the month's last day");
  r.Add("add_years", AddYears, {"date, int -> date"},
        "keeps month and day; 29 February becomes 28 February in common years");
  r.Add(
      "add_workdays", AddWorkdays, {"date, int -> date"},
      "the n-th working day strictly after the date, per the pack's calendar");
  r.Add("is_workday", IsWorkday, {"date -> bool"});
  r.Add("year", DatePartOf<DatePart::kYear>, {"date -> int"});
  r.Add("month", DatePartOf<DatePart::kMonth>, {"date -> int"});
  r.Add("day", DatePartOf<DatePart::kDay>, {"date -> int"});
  r.Add("month_start", DatePartOf<DatePart::kMonthStart>, {"date -> date"});
  r.Add("month_end", DatePartOf<DatePart::kMonthEnd>, {"date -> date"});
  r.Add("days_between", DaysBetween, {"date, date -> int"}, "b - a in days");
  r.Add("abs", Abs, {"decimal -> decimal", "int -> int", "double -> double"});
  r.Add("digits_match", DigitsMatch, {"string, string -> bool"},
        "handbook digit pattern such as XXXAABB, matched against trailing "
        "digits");
  r.Add("first_pattern", FirstPattern, {"string, list(string) -> dyn"},
        "the first digit pattern of the list that matches, or null");
  r.Add("count_above", CountAbove, {"list(A), A -> int", "list(A), dyn -> int"},
        "number of elements of an ascending list strictly greater than x");
  r.Add("count_below", CountBelow, {"list(A), A -> int", "list(A), dyn -> int"},
        "number of elements of an ascending list strictly less than x");
}

}  // namespace verdict
