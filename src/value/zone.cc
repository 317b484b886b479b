#include "src/value/zone.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace verdict {
namespace {

struct Zone {
  std::vector<int64_t> transitions;  // UTC seconds, ascending
  std::vector<uint8_t> types;    // type index in effect from each transition
  std::vector<int32_t> offsets;  // per type: seconds east of UTC
  int32_t initial = 0;           // before the first transition
};

int64_t BigEndian(const std::string& s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v = (v << 8) | static_cast<uint8_t>(s[pos + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

// Parses a TZif file (RFC 8536), using the 64-bit block when present.
std::unique_ptr<Zone> ParseTzif(const std::string& s) {
  auto header = [&](size_t at, int64_t counts[6]) {
    if (s.size() < at + 44 || s.compare(at, 4, "TZif") != 0) return false;
    for (int i = 0; i < 6; ++i) counts[i] = BigEndian(s, at + 20 + 4 * i, 4);
    return true;
  };
  int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(0, c)) return nullptr;
  size_t at = 44;
  int time_size = 4;
  if (s[4] >= '2') {
    // Skip the 32-bit block to the 64-bit one.
    at += c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (!header(at, c)) return nullptr;
    at += 44;
    time_size = 8;
  }
  int64_t timecnt = c[3], typecnt = c[4];
  if (typecnt <= 0 || s.size() < at + timecnt * (time_size + 1) + typecnt * 6)
    return nullptr;
  auto z = std::make_unique<Zone>();
  for (int64_t i = 0; i < timecnt; ++i) {
    z->transitions.push_back(BigEndian(s, at + i * time_size, time_size));
  }
  at += timecnt * time_size;
  for (int64_t i = 0; i < timecnt; ++i) {
    uint8_t t = static_cast<uint8_t>(s[at + i]);
    if (t >= typecnt) return nullptr;
    z->types.push_back(t);
  }
  at += timecnt;
  int first_std = -1;
  for (int64_t i = 0; i < typecnt; ++i) {
    z->offsets.push_back(static_cast<int32_t>(BigEndian(s, at + i * 6, 4)));
    if (first_std < 0 && s[at + i * 6 + 4] == 0)
      first_std = static_cast<int>(i);
  }
  z->initial = z->offsets[first_std < 0 ? 0 : first_std];
  return z;
}

std::optional<int> FixedOffset(std::string_view z) {
  if (z == "UTC" || z == "Z" || z == "GMT" || z == "Etc/UTC") return 0;
  if (!z.empty() && z[0] != '+' && z[0] != '-') {
    // "02:00" without a sign is east of UTC.
    return ParseUtcOffset("+" + std::string(z));
  }
  return ParseUtcOffset(z);
}

bool TwoDigits(std::string_view s, size_t at, int* out) {
  if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
    return false;
  *out = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return true;
}

}  // namespace

std::optional<int> ParseUtcOffset(std::string_view z) {
  int h, m;
  if (z.size() != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' ||
      !TwoDigits(z, 1, &h) || !TwoDigits(z, 4, &m) || h > 23 || m > 59) {
    return std::nullopt;
  }
  return (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

std::optional<int> ZoneOffsetAt(std::string_view name, int64_t utc) {
  if (auto fixed = FixedOffset(name)) return fixed;
  // Names are path components of the zoneinfo tree: no "..", no leading '/'.
  if (name.empty() || name.size() > 64 || name[0] == '/' ||
      name.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  for (char ch : name) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              (ch >= '0' && ch <= '9') || ch == '/' || ch == '_' || ch == '-' ||
              ch == '+';
    if (!ok) return std::nullopt;
  }
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Zone>, std::less<>> cache;
  const Zone* zone;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(name);
    if (it == cache.end()) {
      std::ifstream in("/usr/share/zoneinfo/" + std::string(name),
                       std::ios::binary);
      std::unique_ptr<Zone> z;
      if (in) {
        std::ostringstream ss;
        ss << in.rdbuf();
        z = ParseTzif(ss.str());
      }
      it = cache.emplace(std::string(name), std::move(z)).first;
    }
    zone = it->second.get();
  }
  if (zone == nullptr) return std::nullopt;
  auto pos =
      std::upper_bound(zone->transitions.begin(), zone->transitions.end(), utc);
  if (pos == zone->transitions.begin()) return zone->initial;
  return zone->offsets[zone->types[pos - zone->transitions.begin() - 1]];
}

}  // namespace verdict
