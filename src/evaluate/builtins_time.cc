// CEL timestamps and durations: constructors and accessors. Time zones are
// IANA names from the system's tzdata or fixed offsets (see zone.h).
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
    int64_t s = x.as_int();
    if (s < -62135596800 || s > 253402300799)
      return Value::Error("timestamp out of range");
    return Value::TimestampOf(Timestamp{s, 0});
  }
  if (x.kind() == Kind::kString) {
    auto t = Timestamp::Parse(x.as_string(), ctx.zone_offset_seconds);
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

template <int kField>
Value Accessor(Args a, const EvalContext&) {
  static const char* kNames[] = {
      "getFullYear",  "getMonth",       "getDate",  "getDayOfMonth",
      "getDayOfWeek", "getDayOfYear",   "getHours", "getMinutes",
      "getSeconds",   "getMilliseconds"};
  const Value& x = a[0];
  if (x.kind() == Kind::kDuration) {
    Duration d = x.as_duration();
    switch (kField) {
      case 6:
        return Value::Int(d.seconds / 3600);
      case 7:
        return Value::Int(d.seconds / 60);
      case 8:
        return Value::Int(d.seconds);
      case 9:
        return Value::Int(d.nanos / 1000000);
      default:
        return NoOverload(kNames[kField], a);
    }
  }
  if (x.kind() != Kind::kTimestamp) return NoOverload(kNames[kField], a);
  int offset = 0;
  if (a.size() > 1) {
    if (a[1].kind() != Kind::kString) return NoOverload(kNames[kField], a);
    auto o = ZoneOffsetAt(a[1].as_string(), x.as_timestamp().seconds);
    if (!o)
      return Value::Error("unsupported time zone '" + a[1].as_string() + "'");
    offset = *o;
  }
  Timestamp t = x.as_timestamp();
  int64_t s = t.seconds + offset;
  Date d = Date::FromEpochSeconds(s);
  int64_t rem = s - int64_t{d.days} * 86400;
  int y, m, dd;
  d.ToYmd(&y, &m, &dd);
  switch (kField) {
    case 0:
      return Value::Int(y);
    case 1:
      return Value::Int(m - 1);
    case 2:
      return Value::Int(dd);
    case 3:
      return Value::Int(dd - 1);
    case 4:
      return Value::Int((d.days % 7 + 7 + 4) % 7);  // 0 = Sunday
    case 5:
      return Value::Int(d.days - Date::FromYmd(y, 1, 1)->days);
    case 6:
      return Value::Int(rem / 3600);
    case 7:
      return Value::Int(rem / 60 % 60);
    case 8:
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
       {both("getFullYear", Accessor<0>), both("getMonth", Accessor<1>),
        both("getDate", Accessor<2>), both("getDayOfMonth", Accessor<3>),
        both("getDayOfWeek", Accessor<4>), both("getDayOfYear", Accessor<5>)}) {
    r.Add(name, impl, {"timestamp -> int", "timestamp, string -> int"});
  }
  for (auto [name, impl] :
       {both("getHours", Accessor<6>), both("getMinutes", Accessor<7>),
        both("getSeconds", Accessor<8>),
        both("getMilliseconds", Accessor<9>)}) {
    r.Add(name, impl,
          {"timestamp -> int", "timestamp, string -> int", "duration -> int"});
  }
}

}  // namespace verdict
