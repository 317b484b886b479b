#include "src/value/utf8.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace verdict {

size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII (most text: names, codes, ids) eight bytes a step, while eight
    // remain and none of them has its top bit set.
    while (s.size() - i >= 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c >> 5) == 0x6) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c >> 4) == 0xE) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c >> 3) == 0x1E) {
      n = 3;
      cp = c & 0x07;
    } else {
      return i;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return i;
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
        (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

std::string ToValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const size_t bad = FirstInvalidUtf8(s);
    if (bad == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out.append("\xEF\xBF\xBD");  // U+FFFD
    s.remove_prefix(bad + 1);
  }
  return out;
}

std::string DescribeCharAt(std::string_view s, size_t i, size_t* length) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  char buf[32];
  size_t n = 1;
  if (c >= 0x80) {
    // The sequence is valid when the validator passes over it whole.
    const size_t lead = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    std::string_view seq = s.substr(i, lead);
    if (lead == 1 || seq.size() < lead ||
        FirstInvalidUtf8(seq) != std::string_view::npos) {
      if (length) *length = 1;
      std::snprintf(buf, sizeof buf, "byte 0x%02X (not UTF-8)", c);
      return buf;
    }
    n = lead;
  }
  if (length) *length = n;
  if (c >= 0x80) {
    uint32_t cp = c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    std::snprintf(buf, sizeof buf, " (U+%04X)", static_cast<unsigned>(cp));
    return "character '" + std::string(s.substr(i, n)) + "'" + buf;
  }
  if (c < 0x20 || c == 0x7F) {
    std::snprintf(buf, sizeof buf, "character U+%04X", c);
    return buf;
  }
  return std::string("character '") + static_cast<char>(c) + "'";
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;  // not a continuation
  return n;
}

std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Back off the continuation bytes of a sequence the cut would split.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string NotUtf8Message(std::string_view text, size_t bad) {
  char buf[96];
  std::snprintf(buf, sizeof buf,
                "text is not valid UTF-8 (byte 0x%02X at offset %zu)",
                static_cast<unsigned char>(text[bad]), bad);
  return buf;
}

}  // namespace verdict
