// Small text helpers shared by every stage, so that each exists once.
#ifndef VERDICT_SRC_VALUE_TEXT_H_
#define VERDICT_SRC_VALUE_TEXT_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace verdict {

// The whitespace Trim() removes: YAML's white space (space, tab) and line
// breaks (CR, LF). Not form feed or vertical tab, which YAML (and CEL) treat
// as content, so a policy cannot hide them at the end of a cell.
inline constexpr std::string_view kTrimmedWhitespace = " \t\r\n";

// `s` without leading and trailing kTrimmedWhitespace; a view into `s`.
inline std::string_view TrimView(std::string_view s) {
  size_t b = s.find_first_not_of(kTrimmedWhitespace);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(kTrimmedWhitespace);
  return s.substr(b, e - b + 1);
}

// As TrimView(), as an owned string.
inline std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

// a == b, without a call to memcmp for texts of 8 bytes or more: whole
// 8-byte words, the last one overlapping the one before. For the hot
// per-record checks of short names (is this reused Decision already of this
// policy?), where the libc call and its dispatch cost more than the compare.
inline bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n < 8) return a == b;
  auto word = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  uint64_t diff = word(a.data() + n - 8) ^ word(b.data() + n - 8);
  for (size_t i = 0; i + 8 < n; i += 8)
    diff |= word(a.data() + i) ^ word(b.data() + i);
  return diff == 0;
}

// Appends `s` as a JSON string literal (RFC 8259): quotes, with '"', '\\'
// and control characters escaped (\n, \r, \t, else \u00XX). Bytes >= 0x80
// are copied as they are (the caller's text is UTF-8).
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_TEXT_H_
