#include "src/value/text.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace verdict {

namespace {

// Whether any of the 8 bytes in `x` needs a JSON escape: a control byte
// (below 0x20), '"' or '\\'. The classic exact SWAR tests ("has a byte
// less than n" for n <= 128, "has a zero byte"), no false answers either way.
bool AnyNeedsEscape(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const uint64_t below_space = (x - kOnes * 0x20) & ~x & kHighs;
  return (below_space | has_zero(x ^ (kOnes * '"')) |
          has_zero(x ^ (kOnes * '\\'))) != 0;
}

// Whether any byte of `s` needs a JSON escape: 8 bytes at a time, the last
// (partial) word read overlapping the one before it; a short text as two
// overlapping 4-byte words.
bool NeedsEscape(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  if (n < 8) {  // two 4-byte words (overlapping), or every byte of 1 to 3
    if (n >= 4) {
      uint32_t a, b;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      return AnyNeedsEscape(a | static_cast<uint64_t>(b) << 32);
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
    if (AnyNeedsEscape(x)) return true;
  }
  std::memcpy(&x, p + n - 8, 8);
  return AnyNeedsEscape(x);
}

// A text with escapes: runs of bytes that need none are appended whole.
void AppendEscaped(std::string_view s, std::string* out) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        *out += fmt::format("\\u{:04x}", c);
    }
  }
  out->append(s.data() + run, s.size() - run);
}

// AppendJsonString() between `before` and `after` (each appended unless
// it is '\0').
void AppendQuoted(char before, std::string_view s, char after,
                  std::string* out) {
  // Most texts (output names, map keys, enum values, ids) are short and need
  // no escape: quoted in a stack buffer and appended with one call, as
  // std::string's appends are calls into the library, not inlined.
  constexpr size_t kQuick = 60;
  const bool escape = NeedsEscape(s);
  if (!escape && s.size() <= kQuick) {
    char buf[kQuick + 4];
    char* p = buf;
    if (before) *p++ = before;
    *p++ = '"';
    std::memcpy(p, s.data(), s.size());
    p += s.size();
    *p++ = '"';
    if (after) *p++ = after;
    out->append(buf, p - buf);
    return;
  }
  if (before) out->push_back(before);
  out->push_back('"');
  if (escape) {
    AppendEscaped(s, out);
  } else {
    out->append(s);
  }
  out->push_back('"');
  if (after) out->push_back(after);
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  AppendQuoted('\0', s, '\0', out);
}

void AppendJsonMemberName(char before, std::string_view name,
                          std::string* out) {
  AppendQuoted(before, name, ':', out);
}

}  // namespace verdict
