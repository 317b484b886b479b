// Parsing zone text: numeric UTC offsets, and the zone argument of CEL's
// timestamp accessors. The zone itself is verdict::Zone (verdict/zone.h).
#ifndef VERDICT_SRC_VALUE_ZONE_H_
#define VERDICT_SRC_VALUE_ZONE_H_

#include <optional>
#include <string_view>

#include "verdict/zone.h"

namespace verdict {

// The zone named by a CEL time-zone argument (`t.getHours("Asia/Tokyo")`):
// "UTC", "Z", "GMT", a ParseUtcOffset() offset, (as cel-go accepts) an
// offset without its sign, east of UTC, or an IANA name (Zone::Named()).
// nullopt for anything else. Thread-safe.
std::optional<Zone> CelZone(std::string_view name);

// The one parser of numeric UTC offsets in Verdict (a pack's zone, a
// timestamp's offset, a CEL time-zone argument): exactly "+HH:MM" or
// "-HH:MM" with HH in 00..23 and MM in 00..59, RFC 3339's time-numoffset.
// Returns seconds east of UTC, or nullopt for anything else. (Offsets in
// use lie within -12:00..+14:00; the grammar, not the atlas, is checked.)
std::optional<int> ParseUtcOffset(std::string_view text);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_ZONE_H_
