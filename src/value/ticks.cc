// See ticks.h.
#include "src/value/ticks.h"

#include <string>

namespace verdict {

std::string DayCountText(int64_t days) {
  return "day " + std::to_string(days) + " from 1970-01-01";
}

Value TicksValue(int64_t ticks, TickUnit unit, const Zone* wall_zone,
                 bool midnight_is_day) {
  constexpr int64_t kNanosPerSecond = 1000000000;
  constexpr int64_t kDay = 86400;
  // |ticks| < 2^63 and unit.nanos < 2^63: the product fits 127 bits.
  const __int128 total = static_cast<__int128>(ticks) * unit.nanos;
  __int128 secs = total / kNanosPerSecond;
  __int128 nanos = total % kNanosPerSecond;
  if (nanos < 0) {  // toward the past, so that nanos is in [0, 1e9)
    nanos += kNanosPerSecond;
    --secs;
  }
  const bool midnight = nanos == 0 && secs % kDay == 0;
  // Two days cover any zone's offset: within them the field reports the
  // value with its own text; beyond, the count and unit say what it was.
  if (secs < Timestamp::kMinSeconds - 2 * kDay ||
      secs > Timestamp::kMaxSeconds + 2 * kDay) {
    return Value::Error(std::to_string(ticks) + " " + std::string(unit.name) +
                        " from 1970-01-01T00:00:00" +
                        std::string(midnight_is_day && midnight
                                        ? kDateRangeText
                                        : kDatetimeRangeText));
  }
  const int64_t s = static_cast<int64_t>(secs);
  if (midnight_is_day && midnight) {
    return Value::DateOf(Date::FromEpochSeconds(s));
  }
  return Value::TimestampOf(Timestamp{wall_zone ? wall_zone->ToUtc(s) : s,
                                      static_cast<int32_t>(nanos)});
}

}  // namespace verdict
