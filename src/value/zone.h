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
std::optional<int> ZoneOffsetAt(std::string_view name, int64_t utc_seconds);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_ZONE_H_
