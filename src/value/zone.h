// Time zones by IANA name ("Asia/Shanghai"), read from the system's tzdata
// (TZif files under /usr/share/zoneinfo), or fixed offsets ("+08:00", "UTC").
#ifndef VERDICT_SRC_VALUE_ZONE_H_
#define VERDICT_SRC_VALUE_ZONE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace verdict {

// Seconds east of UTC in zone `name` at the instant `utc_seconds`, or
// nullopt for an unknown zone. Thread-safe; zone files are read once.
// Besides IANA names: "UTC", "Z", "GMT", "Etc/UTC", a ParseUtcOffset()
// offset, and (as cel-go accepts) an offset without its sign, east of UTC.
std::optional<int> ZoneOffsetAt(std::string_view name, int64_t utc_seconds);

// The one parser of numeric UTC offsets in Verdict (a pack's zone, a
// timestamp's offset, a CEL time-zone argument): exactly "+HH:MM" or
// "-HH:MM" with HH in 00..23 and MM in 00..59, RFC 3339's time-numoffset.
// Returns seconds east of UTC, or nullopt for anything else. (Offsets in
// use lie within -12:00..+14:00; the grammar, not the atlas, is checked.)
std::optional<int> ParseUtcOffset(std::string_view text);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_ZONE_H_
