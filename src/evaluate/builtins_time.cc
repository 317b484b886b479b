// CEL timestamps and durations: constructors and accessors. Time zones are
// IANA names (from $TZDIR, through cctz) or fixed offsets (see zone.h).
#include <chrono>

#include "src/evaluate/builtins.h"
#include "src/value/zone.h"

namespace verdict {
namespace {

using Args = std::span<const Value>;

Value MakeTimestamp(Args a, const EvalContext& ctx) {
  const Value& x = a[0];
  if (x.kind() == Kind::kTimestamp) return x;
  if (x.kind() == Kind::kInt) {
    const Timestamp t{x.as_int(), 0};
    if (!t.InRange(*ctx.zone)) return Value::Error("timestamp out of range");
    return Value::TimestampOf(t);
  }
  if (x.kind() == Kind::kString) {
    auto t = Timestamp::Parse(x.as_string(), *ctx.zone);
    if (!t) return Value::Error("invalid timestamp '" + x.as_string() + "'");
    return Value::TimestampOf(*t);
  }
  return NoOverload("timestamp", a);
}

Value MakeDuration(Args a, const EvalContext&) {
  const Value& x = a[0];
  if (x.kind() == Kind::kDuration) return x;
  if (x.kind() == Kind::kString) {
    auto d = Duration::Parse(x.as_string());
    if (!d) return Value::Error("invalid duration '" + x.as_string() + "'");
    return Value::DurationOf(*d);
  }
  if (x.kind() == Kind::kInt) return Value::DurationOf(Duration{x.as_int(), 0});
  return NoOverload("duration", a);
}

// The fields CEL's timestamp and duration accessors read, in the order of
// kNames below.
enum class TimeField {
  kFullYear,
  kMonth,
  kDate,
  kDayOfMonth,
  kDayOfWeek,
  kDayOfYear,
  kHours,
  kMinutes,
  kSeconds,
  kMilliseconds,
};

template <TimeField kField>
Value TimeAccessor(Args a, const EvalContext&) {
  static const char* kNames[] = {
      "getFullYear",  "getMonth",       "getDate",  "getDayOfMonth",
      "getDayOfWeek", "getDayOfYear",   "getHours", "getMinutes",
      "getSeconds",   "getMilliseconds"};
  const Value& x = a[0];
  if (x.kind() == Kind::kDuration) {
    Duration d = x.as_duration();
    switch (kField) {
      case TimeField::kHours:
        return Value::Int(d.seconds / 3600);
      case TimeField::kMinutes:
        return Value::Int(d.seconds / 60);
      case TimeField::kSeconds:
        return Value::Int(d.seconds);
      case TimeField::kMilliseconds:
        return Value::Int(d.nanos / 1000000);
      default:
        return NoOverload(kNames[static_cast<int>(kField)], a);
    }
  }
  if (x.kind() != Kind::kTimestamp)
    return NoOverload(kNames[static_cast<int>(kField)], a);
  int offset = 0;
  if (a.size() > 1) {
    if (a[1].kind() != Kind::kString)
      return NoOverload(kNames[static_cast<int>(kField)], a);
    auto zone = CelZone(a[1].as_string());
    if (!zone)
      return Value::Error("unsupported time zone '" + a[1].as_string() + "'");
    offset = zone->OffsetAt(x.as_timestamp().seconds);
  }
  Timestamp t = x.as_timestamp();
  int64_t s = t.seconds + offset;
  Date d = Date::FromEpochSeconds(s);
  int64_t rem = s - int64_t{d.days} * 86400;
  int y, m, dd;
  d.ToYmd(&y, &m, &dd);
  switch (kField) {
    case TimeField::kFullYear:
      return Value::Int(y);
    case TimeField::kMonth:
      return Value::Int(m - 1);
    case TimeField::kDate:
      return Value::Int(dd);
    case TimeField::kDayOfMonth:
      return Value::Int(dd - 1);
    case TimeField::kDayOfWeek:
      return Value::Int((d.days % 7 + 7 + 4) % 7);  // 0 = Sunday
    case TimeField::kDayOfYear: {
      // From the month and day, not FromYmd(y, 1, 1): in another zone the
      // local day can fall in year 0 or 10000, which FromYmd refuses.
      static constexpr int kBefore[12] = {0,   31,  59,  90,  120, 151,
                                          181, 212, 243, 273, 304, 334};
      const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
      return Value::Int(kBefore[m - 1] + dd - 1 + (leap && m > 2 ? 1 : 0));
    }
    case TimeField::kHours:
      return Value::Int(rem / 3600);
    case TimeField::kMinutes:
      return Value::Int(rem / 60 % 60);
    case TimeField::kSeconds:
      return Value::Int(rem % 60);
    default:
      return Value::Int(t.nanos / 1000000);
  }
}

}  // namespace

void RegisterTime(Registry& r) {
  r.Add("timestamp", MakeTimestamp,
        {"string -> timestamp", "int -> timestamp", "timestamp -> timestamp"});
  r.Add("duration", MakeDuration,
        {"string -> duration", "duration -> duration", "int -> duration"});
  auto both = [](const char* name, BuiltinImpl impl) {
    return std::make_pair(name, impl);
  };
  for (auto [name, impl] :
       {both("getFullYear", TimeAccessor<TimeField::kFullYear>),
        both("getMonth", TimeAccessor<TimeField::kMonth>),
        both("getDate", TimeAccessor<TimeField::kDate>),
        both("getDayOfMonth", TimeAccessor<TimeField::kDayOfMonth>),
        both("getDayOfWeek", TimeAccessor<TimeField::kDayOfWeek>),
        both("getDayOfYear", TimeAccessor<TimeField::kDayOfYear>)}) {
    r.Add(name, impl, {"timestamp -> int", "timestamp, string -> int"});
  }
  for (auto [name, impl] :
       {both("getHours", TimeAccessor<TimeField::kHours>),
        both("getMinutes", TimeAccessor<TimeField::kMinutes>),
        both("getSeconds", TimeAccessor<TimeField::kSeconds>),
        both("getMilliseconds", TimeAccessor<TimeField::kMilliseconds>)}) {
    r.Add(name, impl,
          {"timestamp -> int", "timestamp, string -> int", "duration -> int"});
  }
}

}  // namespace verdict
