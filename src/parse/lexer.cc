// CEL lexical grammar: numbers, (raw, triple-quoted, bytes) strings,
// identifiers, operators; string escapes are decoded in string_literal.cc.
// Covered by tests/unit/lexer_test.cc and the conformance runner.
#include "src/parse/lexer.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "src/parse/string_literal.h"
#include "src/value/utf8.h"

namespace verdict::ast {
namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    while (true) {
      SkipSpace();
      Token t;
      t.offset = static_cast<int>(i_);
      if (i_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      if (!Next(&t)) {
        t.kind = Tok::kError;
        t.text = error_;
        out.push_back(t);
        return out;
      }
      out.push_back(std::move(t));
    }
  }

 private:
  void SkipSpace() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else {
        return;
      }
    }
  }

  bool Fail(std::string msg) {
    error_ = std::move(msg);
    return false;
  }

  bool Next(Token* t) {
    char c = s_[i_];
    // String and bytes prefixes.
    if (c == 'r' || c == 'R' || c == 'b' || c == 'B') {
      size_t j = i_;
      bool raw = false, bytes = false;
      for (int k = 0; k < 2 && j < s_.size(); ++k) {
        char p = s_[j];
        if ((p == 'r' || p == 'R') && !raw) {
          raw = true;
          ++j;
        } else if ((p == 'b' || p == 'B') && !bytes) {
          bytes = true;
          ++j;
        } else {
          break;
        }
      }
      if (j < s_.size() && (s_[j] == '"' || s_[j] == '\'')) {
        i_ = j;
        return LexString(t, raw, bytes);
      }
    }
    if (c == '"' || c == '\'') return LexString(t, false, false);
    if (c == '`') {
      // A quoted field name: `content-type` (only valid after '.').
      size_t end = s_.find('`', i_ + 1);
      if (end == std::string_view::npos)
        return Fail("unterminated quoted identifier");
      t->kind = Tok::kIdent;
      t->text = std::string(s_.substr(i_ + 1, end - i_ - 1));
      t->quoted = true;
      i_ = end + 1;
      if (t->text.empty()) return Fail("empty quoted identifier");
      return true;
    }
    if (IsIdentStart(c)) {
      size_t start = i_;
      while (i_ < s_.size() && (IsIdentStart(s_[i_]) || IsDigit(s_[i_]))) ++i_;
      t->text = std::string(s_.substr(start, i_ - start));
      if (t->text == "true") {
        t->kind = Tok::kTrue;
      } else if (t->text == "false") {
        t->kind = Tok::kFalse;
      } else if (t->text == "null") {
        t->kind = Tok::kNull;
      } else {
        t->kind = Tok::kIdent;
      }
      return true;
    }
    if (IsDigit(c) || (c == '.' && i_ + 1 < s_.size() && IsDigit(s_[i_ + 1]))) {
      return LexNumber(t);
    }
    static const char* kOps[] = {"==", "!=", "<=", ">=", "&&", "||", "<", ">",
                                 "+",  "-",  "*",  "/",  "%",  "!",  "?", ":",
                                 ".",  ",",  "(",  ")",  "[",  "]",  "{", "}"};
    for (const char* op : kOps) {
      std::string_view o(op);
      if (s_.substr(i_, o.size()) == o) {
        t->kind = Tok::kPunct;
        t->text = std::string(o);
        i_ += o.size();
        return true;
      }
    }
    if (c == '=') return Fail("unexpected '=' (did you mean '=='?)");
    if (c == '&') return Fail("unexpected '&' (did you mean '&&'?)");
    if (c == '|') return Fail("unexpected '|' (did you mean '||'?)");
    // Named whole (a byte of a multi-byte character would make the message
    // invalid UTF-8, and its JSON invalid text).
    return Fail("unexpected " + DescribeCharAt(s_, i_));
  }

  bool LexNumber(Token* t) {
    size_t start = i_;
    if (s_.substr(i_, 2) == "0x" || s_.substr(i_, 2) == "0X") {
      i_ += 2;
      size_t hs = i_;
      while (i_ < s_.size() && IsHex(s_[i_])) ++i_;
      if (hs == i_) return Fail("invalid hexadecimal literal");
      std::string digits(s_.substr(hs, i_ - hs));
      bool is_uint = i_ < s_.size() && (s_[i_] == 'u' || s_[i_] == 'U');
      errno = 0;
      unsigned long long v = std::strtoull(digits.c_str(), nullptr, 16);
      if (errno == ERANGE) return Fail("integer literal out of range");
      if (is_uint) {
        ++i_;
        t->kind = Tok::kUint;
        t->value = Value::Uint(v);
      } else {
        t->kind = Tok::kInt;
        if (v > 9223372036854775808ULL)
          return Fail("integer literal out of range");
        t->value = Value::Uint(v);  // sign resolved by the parser
      }
      t->text = std::string(s_.substr(start, i_ - start));
      return true;
    }
    bool is_double = false;
    while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    if (i_ + 1 < s_.size() && s_[i_] == '.' && IsDigit(s_[i_ + 1])) {
      is_double = true;
      ++i_;
      while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      size_t j = i_ + 1;
      if (j < s_.size() && (s_[j] == '+' || s_[j] == '-')) ++j;
      if (j < s_.size() && IsDigit(s_[j])) {
        is_double = true;
        i_ = j;
        while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
      }
    }
    std::string text(s_.substr(start, i_ - start));
    t->text = text;
    if (is_double) {
      t->kind = Tok::kDouble;
      t->value = Value::Double(std::strtod(text.c_str(), nullptr));
      return true;
    }
    bool is_uint = i_ < s_.size() && (s_[i_] == 'u' || s_[i_] == 'U');
    errno = 0;
    unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE) return Fail("integer literal out of range");
    if (is_uint) {
      ++i_;
      t->kind = Tok::kUint;
      t->value = Value::Uint(v);
    } else {
      if (v > 9223372036854775808ULL)
        return Fail("integer literal out of range");
      t->kind = Tok::kInt;
      t->value = Value::Uint(v);  // sign resolved by the parser
    }
    return true;
  }

  // Finds the end of the literal starting at i_ (its opening quote), then
  // decodes the text between the quotes. A backslash in a non-raw literal
  // hides the character after it, so `'\''` does not end at the second quote.
  bool LexString(Token* t, bool raw, bool bytes) {
    char q = s_[i_];
    bool triple = s_.substr(i_, 3) == std::string(3, q);
    std::string_view close = s_.substr(i_, triple ? 3 : 1);
    i_ += close.size();
    size_t body_start = i_;
    while (true) {
      if (i_ >= s_.size()) return Fail("unterminated string literal");
      char c = s_[i_];
      if (s_.substr(i_, close.size()) == close) break;
      if (close.size() == 1 && (c == '\n' || c == '\r')) {
        t->offset = static_cast<int>(i_);
        return Fail("newline in string literal");
      }
      i_ += c == '\\' && !raw && i_ + 1 < s_.size() ? 2 : 1;
    }
    std::string_view body = s_.substr(body_start, i_ - body_start);
    i_ += close.size();
    std::string out;
    LiteralError error;
    if (!DecodeLiteralBody(body, raw, bytes, &out, &error)) {
      t->offset = static_cast<int>(body_start + error.offset);
      return Fail(error.message);
    }
    t->kind = bytes ? Tok::kBytes : Tok::kString;
    t->value = bytes ? Value::BytesOf(out) : Value::String(out);
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view source) {
  return Lexer(source).Run();
}

bool IsReservedWord(std::string_view word) {
  static constexpr std::string_view kReserved[] = {
      "as",        "break",  "const",  "continue", "else",  "for",
      "function",  "if",     "import", "let",      "loop",  "package",
      "namespace", "return", "var",    "void",     "while", "in"};
  for (std::string_view r : kReserved) {
    if (word == r) return true;
  }
  return false;
}

bool IsName(std::string_view text) {
  if (text.empty() || !IsIdentStart(text[0])) return false;
  for (char c : text) {
    if (!IsIdentStart(c) && !IsDigit(c)) return false;
  }
  return text != "true" && text != "false" && text != "null" &&
         !IsReservedWord(text);
}

}  // namespace verdict::ast
