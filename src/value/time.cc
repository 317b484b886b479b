// Dates, timestamps and durations (see verdict/value.h). Calendar arithmetic
// uses <chrono>'s civil calendar, which (unlike Boost.Gregorian's 1400..9999)
// covers CEL's full timestamp range of years 1..9999.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>

#include "src/value/zone.h"
#include "verdict/value.h"

namespace verdict {
namespace {

bool ParseFixed(std::string_view t, size_t pos, size_t len, int* out) {
  if (pos + len > t.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (t[i] < '0' || t[i] > '9') return false;
    v = v * 10 + (t[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{
      std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
      std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  return Date{static_cast<int32_t>(
      std::chrono::sys_days(ymd).time_since_epoch().count())};
}

void Date::ToYmd(int* year, int* month, int* day) const {
  std::chrono::year_month_day ymd{
      std::chrono::sys_days(std::chrono::days(days))};
  *year = static_cast<int>(ymd.year());
  *month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  *day = static_cast<int>(static_cast<unsigned>(ymd.day()));
}

std::optional<Date> Date::Parse(std::string_view t) {
  int y, m, d;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-' ||
      !ParseFixed(t, 0, 4, &y) || !ParseFixed(t, 5, 2, &m) ||
      !ParseFixed(t, 8, 2, &d)) {
    return std::nullopt;
  }
  return FromYmd(y, m, d);
}

std::string Date::ToString() const {
  int y, m, d;
  ToYmd(&y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::optional<Timestamp> Timestamp::Parse(std::string_view t, const Zone& zone,
                                          bool* out_of_range) {
  int hh, mi, ss = 0;
  if (t.size() < 16 || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') ||
      t[13] != ':') {
    return std::nullopt;
  }
  auto date = Date::Parse(t.substr(0, 10));
  if (!date || !ParseFixed(t, 11, 2, &hh) || !ParseFixed(t, 14, 2, &mi)) {
    return std::nullopt;
  }
  size_t i = 16;
  int32_t nanos = 0;
  if (i < t.size() && t[i] == ':') {
    if (!ParseFixed(t, i + 1, 2, &ss)) return std::nullopt;
    i += 3;
    if (i < t.size() && t[i] == '.') {
      ++i;
      int digits = 0;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
        if (digits < 9) nanos = nanos * 10 + (t[i] - '0');
        ++digits;
        ++i;
      }
      if (digits == 0) return std::nullopt;
      for (int k = digits; k < 9; ++k) nanos *= 10;
    }
  }
  // A leap second (:60) is refused, as cel-go's (Go's) RFC 3339 parser
  // does: clamping it to :59 silently changed the instant a record gave.
  if (hh > 23 || mi > 59 || ss > 59) return std::nullopt;
  std::optional<int> offset;
  if (i < t.size()) {
    if (t[i] == 'Z' || t[i] == 'z') {
      offset = 0;
      ++i;
    } else if (t[i] == '+' || t[i] == '-') {
      auto o = ParseUtcOffset(t.substr(i));
      if (!o) return std::nullopt;
      offset = *o;
      i += 6;
    } else {
      return std::nullopt;
    }
  }
  if (i != t.size()) return std::nullopt;
  int64_t local = int64_t{date->days} * 86400 + hh * 3600 + mi * 60 + ss;
  Timestamp ts{offset ? local - *offset : zone.ToUtc(local), nanos};
  if (!ts.InRange(zone)) {
    if (out_of_range) *out_of_range = true;
    return std::nullopt;
  }
  return ts;
}

bool Timestamp::InRange(const Zone& zone) const {
  if (seconds < kMinSeconds || seconds > kMaxSeconds) return false;
  const int64_t local = zone.ToLocal(seconds);
  return local >= kMinSeconds && local <= kMaxSeconds;
}

namespace {
// Appends the wall-clock text (and for RFC 3339 the fraction and "Z") to
// `out`, without a temporary string: JSON writers call it per output.
void FormatLocal(const Timestamp& ts, const Zone& zone, bool rfc,
                 std::string* out) {
  int64_t s = zone.ToLocal(ts.seconds);
  Date d = Date::FromEpochSeconds(s);
  int64_t rem = s - int64_t{d.days} * 86400;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", d.ToString().c_str(),
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  *out += buf;
  // A fraction of a second is written when there is one (a record may
  // give "...T20:00:00.5"): the instant is kept whole, never truncated.
  if (ts.nanos != 0) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%09d", ts.nanos);
    std::string f = frac;
    while (f.back() == '0') f.pop_back();
    *out += f;
  }
  if (rfc) *out += "Z";
}
}  // namespace

std::string Timestamp::ToRfc3339() const {
  std::string out;
  FormatLocal(*this, Zone(), true, &out);
  return out;
}

std::string Timestamp::ToLocalString(const Zone& zone) const {
  std::string out;
  FormatLocal(*this, zone, false, &out);
  return out;
}

void Timestamp::AppendLocalString(const Zone& zone, std::string* out) const {
  FormatLocal(*this, zone, false, out);
}

std::optional<Duration> Duration::Parse(std::string_view t) {
  if (t.empty()) return std::nullopt;
  bool neg = false;
  size_t i = 0;
  if (t[0] == '-' || t[0] == '+') {
    neg = t[0] == '-';
    ++i;
  }
  if (i == t.size()) return std::nullopt;
  if (t.substr(i) == "0") return Duration{};
  // Accumulate in nanoseconds with 128 bits, then check the range.
  __int128 total = 0;
  while (i < t.size()) {
    __int128 whole = 0, frac = 0, frac_scale = 1;
    bool any = false;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      whole = whole * 10 + (t[i++] - '0');
      any = true;
      if (whole > (__int128)1 << 80) return std::nullopt;
    }
    if (i < t.size() && t[i] == '.') {
      ++i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
        if (frac_scale < 1000000000000000000LL) {
          frac = frac * 10 + (t[i] - '0');
          frac_scale *= 10;
        }
        ++i;
        any = true;
      }
    }
    if (!any) return std::nullopt;
    __int128 unit;
    if (t.substr(i, 2) == "ns") {
      unit = 1, i += 2;
    } else if (t.substr(i, 2) == "us") {
      unit = 1000, i += 2;
    } else if (t.substr(i, 3) == "\xc2\xb5s") {
      unit = 1000, i += 3;
    } else if (t.substr(i, 2) == "ms") {
      unit = 1000000, i += 2;
    } else if (i < t.size() && t[i] == 's') {
      unit = 1000000000, ++i;
    } else if (i < t.size() && t[i] == 'm') {
      unit = 60LL * 1000000000, ++i;
    } else if (i < t.size() && t[i] == 'h') {
      unit = 3600LL * 1000000000, ++i;
    } else {
      return std::nullopt;
    }
    total += whole * unit + frac * unit / frac_scale;
    if (total > (__int128)315576000000LL * 1000000000) return std::nullopt;
  }
  if (neg) total = -total;
  Duration d;
  d.seconds = static_cast<int64_t>(total / 1000000000);
  d.nanos = static_cast<int32_t>(total % 1000000000);
  return d;
}

std::string Duration::ToString() const {
  std::string out;
  bool neg = seconds < 0 || nanos < 0;
  int64_t s = seconds < 0 ? -seconds : seconds;
  int32_t n = nanos < 0 ? -nanos : nanos;
  out = (neg ? "-" : "") + std::to_string(s);
  if (n != 0) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%09d", n);
    std::string f = frac;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "s";
}

}  // namespace verdict
