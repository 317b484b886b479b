#include "src/value/text.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace verdict {

namespace {

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
  const bool escape = NeedsJsonEscape(s);
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

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size())
      n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

}  // namespace verdict
