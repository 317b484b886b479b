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

// Whether `a` and `b` hold the same bytes, compared inline a word at a time:
// for the names hot loops compare record after record (field, output and
// policy names, a few bytes to a few dozen), where a call to memcmp costs
// more than the comparison.
inline bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (b.size() != n) return false;
  const char* x = a.data();
  const char* y = b.data();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t u, v;
    std::memcpy(&u, x + i, 8);
    std::memcpy(&v, y + i, 8);
    if (u != v) return false;
  }
  for (; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

// The bytes of the 8 in `x` that need a JSON escape: a control byte (below
// 0x20), '"' or '\\', each marked by its high bit. The classic SWAR tests
// ("has a byte less than n" for n <= 128, "has a zero byte"): whether any
// bit is set is exact, and so is the lowest set bit (the first such byte
// in memory order on a little-endian machine); a higher bit may be a false
// mark, since a borrow runs on from a marked byte.
inline uint64_t JsonEscapeBits(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const uint64_t below_space = (x - kOnes * 0x20) & ~x & kHighs;
  return below_space | has_zero(x ^ (kOnes * '"')) |
         has_zero(x ^ (kOnes * '\\'));
}

// Whether any of the 8 bytes in `x` needs a JSON escape (JsonEscapeBits()).
inline bool AnyNeedsJsonEscape(uint64_t x) { return JsonEscapeBits(x) != 0; }

// Whether any byte of `s` needs a JSON escape (AppendJsonString() would
// escape it): 8 bytes at a time, the last
// (partial) word read overlapping the one before it; a short text as two
// overlapping 4-byte words.
inline bool NeedsJsonEscape(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  if (n < 8) {  // two 4-byte words (overlapping), or every byte of 1 to 3
    if (n >= 4) {
      uint32_t a, b;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      return AnyNeedsJsonEscape(a | static_cast<uint64_t>(b) << 32);
    }
    auto bad = [](char ch) {
      unsigned char c = static_cast<unsigned char>(ch);
      return c < 0x20 || c == '"' || c == '\\';
    };
    return n > 0 && (bad(p[0]) || bad(p[n / 2]) || bad(p[n - 1]));
  }
  uint64_t x;
  for (size_t i = 0; i + 8 <= n; i += 8) {
    std::memcpy(&x, p + i, 8);
    if (AnyNeedsJsonEscape(x)) return true;
  }
  std::memcpy(&x, p + n - 8, 8);
  return AnyNeedsJsonEscape(x);
}

// Appends `s` as a JSON string literal (RFC 8259): quotes, with '"', '\\'
// and control characters escaped (\n, \r, \t, else \u00XX). Bytes >= 0x80
// are copied as they are (the caller's text is UTF-8).
void AppendJsonString(std::string_view s, std::string* out);

// `bytes` as base64 (RFC 4648 section 4: the standard alphabet, '='
// padded): how JSON writes a bytes value (CEL's JSON mapping, as proto3's
// for bytes), so that bytes that are not UTF-8 never reach JSON text.
std::string Base64Encode(std::string_view bytes);

// Appends `before` (such as '{' or ','), then an object member's name as
// AppendJsonString() writes it, then ':'.
void AppendJsonMemberName(char before, std::string_view name, std::string* out);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_TEXT_H_
