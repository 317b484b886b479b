// Small text helpers shared by every stage, so that each exists once.
#ifndef VERDICT_SRC_VALUE_TEXT_H_
#define VERDICT_SRC_VALUE_TEXT_H_

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

// Appends `s` as a JSON string literal (RFC 8259): quotes, with '"', '\\'
// and control characters escaped (\n, \r, \t, else \u00XX). Bytes >= 0x80
// are copied as they are (the caller's text is UTF-8).
void AppendJsonString(std::string_view s, std::string* out);

// Appends `before` (such as '{' or ','), then an object member's name as
// AppendJsonString() writes it, then ':'.
void AppendJsonMemberName(char before, std::string_view name, std::string* out);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_TEXT_H_
