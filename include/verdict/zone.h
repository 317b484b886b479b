// A pack's time zone: a fixed offset ("+08:00", "UTC") or an IANA zone by
// name ("America/New_York") with its daylight-saving rules for any year.
//
// Named zones come from abseil's cctz, which reads the TZif files under
// $TZDIR (default /usr/share/zoneinfo) and applies the POSIX-TZ rule of the
// file's footer (RFC 8536) after the last stored transition, so New York in
// July 2040 is on daylight time. Verdict's conventions on top of it:
//   - a datetime without an offset is local wall-clock time in the zone,
//     turned into an instant by ToUtc() (rule for skipped and repeated
//     local times below);
//   - outputs write datetimes as the wall-clock time of that instant, i.e.
//     with the offset in effect at the instant (OffsetAt()), no offset text;
//   - "today" is the local date of the current instant.
#ifndef VERDICT_ZONE_H_
#define VERDICT_ZONE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace verdict {

// A value type, cheap to copy (an int, or a shared handle to a loaded zone);
// immutable and safe to use from any number of threads.
class Zone {
 public:
  // UTC.
  Zone() = default;
  // A fixed offset, seconds east of UTC.
  static Zone Fixed(int seconds_east);
  // An IANA zone by name, loaded from $TZDIR (or /usr/share/zoneinfo).
  // nullopt when no such zone file exists or the name is not a plain
  // relative zone name (letters, digits, '/', '_', '-', '+'; no "..", no
  // leading '/'); "localtime" is refused too, since the machine's own zone
  // would make decisions depend on the machine. A zone is read once per
  // process (abseil caches it, successful or not), so changing $TZDIR later
  // does not reload a name already asked for.
  static std::optional<Zone> Named(std::string_view name);
  // A pack's `zone`: "UTC", "Z", an offset "+HH:MM"/"-HH:MM" (fixed), or an
  // IANA name (Named()). nullopt for anything else.
  static std::optional<Zone> Parse(std::string_view text);

  // Seconds east of UTC in effect at the instant `utc_seconds` (seconds
  // since the Unix epoch).
  int OffsetAt(int64_t utc_seconds) const {
    return named_ ? NamedOffsetAt(utc_seconds) : fixed_;
  }
  // The wall-clock reading of an instant, as seconds since
  // 1970-01-01T00:00:00 of this zone's clock.
  int64_t ToLocal(int64_t utc_seconds) const {
    return utc_seconds + OffsetAt(utc_seconds);
  }
  // The instant of a wall-clock reading (seconds since 1970-01-01T00:00:00
  // local). A local time that occurs twice (clocks set back) is its earlier
  // instant; a local time that is skipped (clocks set forward) is read with
  // the offset in effect before the transition, so it lands as far after
  // the transition as it lies after the gap's start (02:30 on New York's
  // spring-forward day is 03:30 EDT). This is java.time's and RFC 5545's
  // rule, and Python's with fold=0.
  int64_t ToUtc(int64_t local_seconds) const {
    return named_ ? NamedToUtc(local_seconds) : local_seconds - fixed_;
  }
  // "UTC", "+08:00", "-05:30", or the IANA name.
  std::string Name() const;
  bool is_fixed() const { return named_ == nullptr; }

 private:
  struct Loaded;  // the abseil zone and its name (src/value/zone.cc)
  int NamedOffsetAt(int64_t utc_seconds) const;
  int64_t NamedToUtc(int64_t local_seconds) const;

  int fixed_ = 0;
  std::shared_ptr<const Loaded> named_;
};

}  // namespace verdict

#endif  // VERDICT_ZONE_H_
