// Times given as a count of fixed-length ticks since 1970-01-01T00:00:00:
// Arrow's timestamp[s|ms|us|ns] and numpy's datetime64 of any unit (a pandas
// column). The one reading of such a count in Verdict, so that the Arrow
// and the DataFrame paths agree to the nanosecond for every unit.
#ifndef VERDICT_SRC_VALUE_TICKS_H_
#define VERDICT_SRC_VALUE_TICKS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "verdict/value.h"
#include "verdict/zone.h"

namespace verdict {

// What a date or datetime field says of a value outside years 1 to 9999
// (after the value's own text), from FieldType::Accept and from here.
inline constexpr std::string_view kDatetimeRangeText =
    " is out of range: a datetime must fall within years 1 to 9999 both in "
    "UTC and in the pack's zone";
inline constexpr std::string_view kDateRangeText =
    " is out of range: a date must fall within years 1 to 9999";

// A count of days as messages write a date no text can print: "day N from
// 1970-01-01" (from FieldType::Accept and the Arrow reader).
std::string DayCountText(int64_t days);

// The length of one tick: `nanos` nanoseconds (1 for "ns" up to 86400e9 for
// a day), `name` the unit as messages write it ("s", "ms", "us", "ns").
struct TickUnit {
  int64_t nanos = 1;
  std::string_view name = "ns";
};

// `ticks` ticks of `unit` after 1970-01-01T00:00:00, read exactly: never
// through a finer unit, so no count a column can hold wraps. With
// `wall_zone` (a column without a zone) the count is a wall-clock reading
// there, made an instant by Zone::ToUtc(); without (a zoned column) it is an
// instant. With `midnight_is_day` (a date field: pandas has no date dtype)
// a reading of exactly midnight is a Date, its day; any other stays a
// Timestamp, which a date field refuses as wrong_type.
//
// Within two days of years 1..9999 the result is the Timestamp or Date
// itself, which the field then checks against that range with its text
// (FieldType::Accept). Further out (where a zone's offset could overflow
// and no date text is printable) it is an error Value whose message names
// the count and unit: the field reports it as its invalid_value.
Value TicksValue(int64_t ticks, TickUnit unit, const Zone* wall_zone,
                 bool midnight_is_day);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_TICKS_H_
