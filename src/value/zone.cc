// Zones: fixed offsets here, named zones through abseil's cctz (the one
// TZif reader in the build; it also applies the file's POSIX-TZ footer).
#include "src/value/zone.h"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>

#include <cstdio>
#include <string>

namespace verdict {

struct Zone::Loaded {
  std::string name;
  absl::TimeZone tz;
};

namespace {

bool TwoDigits(std::string_view s, size_t at, int* out) {
  if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
    return false;
  *out = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return true;
}

// A name abseil may look up as a file under $TZDIR: no absolute path, no
// way out of the tree, nothing abseil treats specially ("localtime" is the
// machine's zone, "Fixed/..." and "file:..." are abseil's own syntaxes).
bool PlainZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '/' ||
      name.find("..") != std::string_view::npos || name == "localtime" ||
      name.starts_with("Fixed/")) {
    return false;
  }
  for (char ch : name) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              (ch >= '0' && ch <= '9') || ch == '/' || ch == '_' || ch == '-' ||
              ch == '+';
    if (!ok) return false;
  }
  return true;
}

const absl::CivilSecond kLocalEpoch(1970, 1, 1, 0, 0, 0);

}  // namespace

std::optional<int> ParseUtcOffset(std::string_view z) {
  int h, m;
  if (z.size() != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' ||
      !TwoDigits(z, 1, &h) || !TwoDigits(z, 4, &m) || h > 23 || m > 59) {
    return std::nullopt;
  }
  return (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

Zone Zone::Fixed(int seconds_east) {
  Zone z;
  z.fixed_ = seconds_east;
  return z;
}

std::optional<Zone> Zone::Named(std::string_view name) {
  if (!PlainZoneName(name)) return std::nullopt;
  absl::TimeZone tz;
  // Thread-safe; abseil keeps every zone it loaded for the process's life.
  if (!absl::LoadTimeZone(std::string(name), &tz)) return std::nullopt;
  Zone z;
  z.named_ = std::make_shared<const Loaded>(Loaded{std::string(name), tz});
  return z;
}

std::optional<Zone> Zone::Parse(std::string_view text) {
  if (text == "UTC" || text == "Z") return Zone();
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    auto o = ParseUtcOffset(text);
    if (!o) return std::nullopt;
    return Fixed(*o);
  }
  return Named(text);
}

std::optional<Zone> CelZone(std::string_view z) {
  if (z == "UTC" || z == "Z" || z == "GMT") return Zone();
  if (!z.empty() && z[0] >= '0' && z[0] <= '9') {
    // "02:00" without a sign is east of UTC.
    auto o = ParseUtcOffset("+" + std::string(z));
    if (!o) return std::nullopt;
    return Zone::Fixed(*o);
  }
  return Zone::Parse(z);
}

std::string Zone::Name() const {
  if (named_) return named_->name;
  if (fixed_ == 0) return "UTC";
  int a = fixed_ < 0 ? -fixed_ : fixed_;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", fixed_ < 0 ? '-' : '+',
                a / 3600, a / 60 % 60);
  return buf;
}

int Zone::NamedOffsetAt(int64_t utc_seconds) const {
  return named_->tz.At(absl::FromUnixSeconds(utc_seconds)).offset;
}

int64_t Zone::NamedToUtc(int64_t local_seconds) const {
  // `pre` is the instant read with the offset before any transition at this
  // wall time: the earlier of a repeated time, past the gap for a skipped
  // one (the rule documented in zone.h).
  absl::TimeZone::TimeInfo info = named_->tz.At(kLocalEpoch + local_seconds);
  return absl::ToUnixSeconds(info.pre);
}

}  // namespace verdict
