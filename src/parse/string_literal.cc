// CEL string and bytes literal escapes. Reference: cel-spec doc/langdef.md,
// "String and Bytes Values"; unit tests in tests/unit/lexer_test.cc.
#include "src/parse/string_literal.h"

#include <cstdint>

#include "src/value/utf8.h"

namespace verdict::ast {
namespace {

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}
uint32_t HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}
bool IsOctal(char c) { return c >= '0' && c <= '7'; }

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The character a one-letter escape stands for, or -1 when `c` is not one.
int SimpleEscape(char c) {
  switch (c) {
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'v':
      return '\v';
    case '\\':
    case '\'':
    case '"':
    case '`':
    case '?':
      return c;
    default:
      return -1;
  }
}

class Decoder {
 public:
  Decoder(std::string_view body, bool bytes, std::string* out,
          LiteralError* error)
      : s_(body), bytes_(bytes), out_(out), error_(error) {}

  bool Run() {
    while (i_ < s_.size()) {
      if (s_[i_] != '\\') {
        *out_ += s_[i_++];
      } else if (!Escape()) {
        return false;
      }
    }
    return true;
  }

 private:
  bool Fail(size_t at, std::string message) {
    error_->offset = at;
    error_->message = std::move(message);
    return false;
  }

  // Reads `n` hex digits after the escape letter at i_ - 1.
  bool Hex(size_t start, int n, uint32_t* v) {
    if (i_ + n > s_.size()) return Fail(start, "incomplete escape sequence");
    *v = 0;
    for (int k = 0; k < n; ++k) {
      if (!IsHex(s_[i_ + k])) {
        return Fail(start, "escape sequence needs " + std::to_string(n) +
                               " hexadecimal digits");
      }
      *v = *v * 16 + HexVal(s_[i_ + k]);
    }
    i_ += n;
    return true;
  }

  // A byte value (\ooo, \xHH): one byte in bytes, a code point in strings.
  void AppendSmall(uint32_t v) {
    if (bytes_) {
      *out_ += static_cast<char>(v);
    } else {
      AppendUtf8(out_, v);
    }
  }

  bool Escape() {
    size_t start = i_++;  // the backslash
    if (i_ >= s_.size()) return Fail(start, "incomplete escape sequence");
    char c = s_[i_++];
    if (int simple = SimpleEscape(c); simple >= 0) {
      *out_ += static_cast<char>(simple);
      return true;
    }
    uint32_t v = 0;
    if (c == 'x' || c == 'X') {
      if (!Hex(start, 2, &v)) return false;
      AppendSmall(v);
      return true;
    }
    if (c == 'u' || c == 'U') {
      if (bytes_) {
        return Fail(start, std::string("\\") + c +
                               " escape is not allowed in bytes literals");
      }
      if (!Hex(start, c == 'u' ? 4 : 8, &v)) return false;
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        return Fail(start, "escape sequence names no Unicode scalar value");
      }
      AppendUtf8(out_, v);
      return true;
    }
    if (c >= '0' && c <= '3') {
      if (i_ + 2 > s_.size() || !IsOctal(s_[i_]) || !IsOctal(s_[i_ + 1])) {
        return Fail(start, "octal escape sequence needs three digits");
      }
      v = (c - '0') * 64 + (s_[i_] - '0') * 8 + (s_[i_ + 1] - '0');
      i_ += 2;
      AppendSmall(v);
      return true;
    }
    if (c > ' ' && c < 0x7F) {
      return Fail(start, std::string("invalid escape sequence '\\") + c + "'");
    }
    return Fail(start, "invalid escape sequence");
  }

  std::string_view s_;
  bool bytes_;
  std::string* out_;
  LiteralError* error_;
  size_t i_ = 0;
};

}  // namespace

bool DecodeLiteralBody(std::string_view body, bool raw, bool bytes,
                       std::string* out, LiteralError* error) {
  // Escapes are ASCII, so checking the source text checks every character
  // the literal takes over unescaped.
  if (size_t bad = FirstInvalidUtf8(body); bad != std::string_view::npos) {
    error->offset = bad;
    error->message = "invalid UTF-8 in literal";
    return false;
  }
  out->clear();
  if (raw) {
    out->assign(body);
    return true;
  }
  return Decoder(body, bytes, out, error).Run();
}

}  // namespace verdict::ast
