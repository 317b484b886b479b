// IsOneJsonValue: RFC 8259 with numbers of any size, against a slow
// recursive-descent reference written from the RFC's grammar, over generated
// documents and their mutations.
#include "src/io/json_check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>

namespace verdict {
namespace {

// The reference: RFC 8259's grammar one byte at a time, UTF-8 decoded by
// hand. Where the RFC leaves room, it decides as IsOneJsonValue documents:
// a lone surrogate escape is refused, a number with a fraction or exponent
// must be within double's range, integers may be any size, nesting stops at
// 1024 levels.
class Reference {
 public:
  explicit Reference(std::string_view s) : s_(s) {}
  bool Valid() {
    Space();
    if (!Value(0)) return false;
    Space();
    return i_ == s_.size();
  }

 private:
  bool At(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Digit() const {
    return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9';
  }
  void Space() {
    while (At(' ') || At('\t') || At('\n') || At('\r')) ++i_;
  }
  bool Word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool Value(int depth) {
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{':
        return depth < 1024 && Members(depth + 1);
      case '[':
        return depth < 1024 && Elements(depth + 1);
      case '"':
        return String();
      case 't':
        return Word("true");
      case 'f':
        return Word("false");
      case 'n':
        return Word("null");
      default:
        return Number();
    }
  }
  bool Members(int depth) {
    ++i_;
    Space();
    if (At('}')) return ++i_, true;
    while (true) {
      Space();
      if (!At('"') || !String()) return false;
      Space();
      if (!Word(":")) return false;
      Space();
      if (!Value(depth)) return false;
      Space();
      if (At('}')) return ++i_, true;
      if (!Word(",")) return false;
    }
  }
  bool Elements(int depth) {
    ++i_;
    Space();
    if (At(']')) return ++i_, true;
    while (true) {
      Space();
      if (!Value(depth)) return false;
      Space();
      if (At(']')) return ++i_, true;
      if (!Word(",")) return false;
    }
  }
  bool Number() {
    const size_t start = i_;
    if (At('-')) ++i_;
    if (At('0')) {
      ++i_;
    } else if (Digit()) {
      while (Digit()) ++i_;
    } else {
      return false;
    }
    bool integer = true;
    if (At('.')) {
      ++i_, integer = false;
      if (!Digit()) return false;
      while (Digit()) ++i_;
    }
    if (At('e') || At('E')) {
      ++i_, integer = false;
      if (At('+') || At('-')) ++i_;
      if (!Digit()) return false;
      while (Digit()) ++i_;
    }
    if (integer) return true;
    std::string text(s_.substr(start, i_ - start));
    return std::isfinite(std::strtod(text.c_str(), nullptr));
  }
  bool Hex4(unsigned* out) {
    *out = 0;
    for (int k = 0; k < 4; ++k, ++i_) {
      if (i_ >= s_.size()) return false;
      const char c = s_[i_];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return false;
      *out = *out * 16 + d;
    }
    return true;
  }
  bool Escape() {
    if (i_ >= s_.size()) return false;
    const char e = s_[i_++];
    if (e != 'u')
      return std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos;
    unsigned cp = 0, low = 0;
    if (!Hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
    if (cp < 0xD800 || cp > 0xDBFF) return true;
    return Word("\\u") && Hex4(&low) && low >= 0xDC00 && low <= 0xDFFF;
  }
  // One UTF-8 sequence of two to four bytes: no overlong forms, no
  // surrogates, nothing above U+10FFFF.
  bool Multibyte() {
    const unsigned char c = s_[i_];
    const int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (c < 0xC2 || c > 0xF4 || i_ + len > s_.size()) return false;
    const unsigned char next = s_[i_ + 1];
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (next < lo || next > hi) return false;
    for (int k = 2; k < len; ++k) {
      const unsigned char b = s_[i_ + k];
      if (b < 0x80 || b > 0xBF) return false;
    }
    i_ += len;
    return true;
  }
  bool String() {
    ++i_;
    while (i_ < s_.size()) {
      const unsigned char c = s_[i_];
      if (c == '"') return ++i_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        ++i_;
        if (!Escape()) return false;
      } else if (c < 0x80) {
        ++i_;
      } else if (!Multibyte()) {
        return false;
      }
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool Ref(std::string_view s) { return Reference(s).Valid(); }

TEST(JsonCheckTest, IntegersOfAnySizeAreNumbers) {
  EXPECT_TRUE(IsOneJsonValue("{\"amount\":123456789012345678901234}"));
  EXPECT_TRUE(IsOneJsonValue("[-99999999999999999999999999999999999, 1.5]"));
  EXPECT_TRUE(IsOneJsonValue("18446744073709551616"));
  EXPECT_TRUE(IsOneJsonValue("{\"a\":\"x\",\"b\":1234567890123456789012.25}"));
  EXPECT_TRUE(IsOneJsonValue(" {\"s\":\"12345678901234567890123\"} "));
}

TEST(JsonCheckTest, EverythingElseIsAsStrictAsBefore) {
  for (const char* bad :
       {"", "{", "{\"a\":1,}", "[01]", "[1.]", "[-]", "[--1]", "{\"a\":1} x",
        "[123456789012345678901234x]", "[0123456789012345678901234]",
        "[123456789012345678901234.]", "[\"\\ud800\"]", "[\"\xC0\xAF\"]",
        "[\"a\x01\"]", "[1e400]", "{\"a\":1}{\"b\":2}",
        "[1234567890123456789012-]"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(IsOneJsonValue(bad));
    EXPECT_FALSE(Ref(bad));  // the reference agrees on each
  }
}

// A random JSON document: objects, arrays, strings with escapes and UTF-8,
// numbers from one digit to forty.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}
  std::string Document() {
    std::string out;
    Value(&out, 0);
    return out;
  }
  std::string Mutate(std::string s) {
    static const std::string kBytes =
        "{}[]\",:0123456789.eE+- tfnul\\\x01\x7f\xc3\xa9\xed\xa0\x80\xf4";
    const int edits = 1 + Pick(3);
    for (int k = 0; k < edits; ++k) {
      const size_t at = s.empty() ? 0 : Pick(static_cast<int>(s.size()));
      const char b = kBytes[Pick(static_cast<int>(kBytes.size()))];
      switch (Pick(3)) {
        case 0:
          s.insert(s.begin() + at, b);
          break;
        case 1:
          if (!s.empty()) s[at] = b;
          break;
        default:
          if (!s.empty()) s.erase(at, 1);
      }
    }
    return s;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  void Digits(std::string* out, int n) {
    *out += static_cast<char>('1' + Pick(9));
    for (int k = 1; k < n; ++k) *out += static_cast<char>('0' + Pick(10));
  }
  void Number(std::string* out) {
    if (Pick(3) == 0) *out += '-';
    Digits(out, 1 + Pick(40));
    if (Pick(3) == 0) {
      *out += '.';
      Digits(out, 1 + Pick(6));
    }
    if (Pick(6) == 0) {
      *out += "e-";
      Digits(out, 1 + Pick(2));
    }
  }
  void String(std::string* out) {
    static const char* kPieces[] = {"a",
                                    "Z",
                                    "7",
                                    " ",
                                    "\\n",
                                    "\\\"",
                                    "\\u00e9",
                                    "\\ud83d\\ude00",
                                    "\xc3\xa9",
                                    "\xe4\xb8\xad",
                                    "\xf0\x9f\x98\x80",
                                    "12345678901234567890123"};
    *out += '"';
    for (int k = Pick(6); k > 0; --k) *out += kPieces[Pick(12)];
    *out += '"';
  }
  void Value(std::string* out, int depth) {
    const int kind = depth >= 4 ? 2 + Pick(3) : Pick(5);
    if (kind == 0 || kind == 1) {
      *out += kind == 0 ? '{' : '[';
      for (int n = Pick(4), k = 0; k < n; ++k) {
        if (k) *out += Pick(2) ? "," : " , ";
        if (kind == 0) String(out), *out += ':';
        Value(out, depth + 1);
      }
      *out += kind == 0 ? '}' : ']';
    } else if (kind == 2) {
      Number(out);
    } else if (kind == 3) {
      String(out);
    } else {
      *out += std::vector<const char*>{"true", "false", "null"}[Pick(3)];
    }
  }

  std::mt19937 rng_;
};

TEST(JsonCheckTest, AgreesWithTheReferenceOnGeneratedAndMutatedDocuments) {
  Generator gen(20261206);
  int valid = 0, invalid = 0;
  for (int n = 0; n < 4000; ++n) {
    const std::string doc = gen.Document();
    ASSERT_TRUE(Ref(doc)) << doc;  // the generator writes only valid JSON
    ASSERT_TRUE(IsOneJsonValue(doc)) << doc;
    for (int m = 0; m < 4; ++m) {
      const std::string mutated = gen.Mutate(doc);
      const bool expected = Ref(mutated);
      ASSERT_EQ(IsOneJsonValue(mutated), expected) << mutated;
      (expected ? valid : invalid) += 1;
    }
  }
  // Both answers were exercised often.
  EXPECT_GT(valid, 1000);
  EXPECT_GT(invalid, 4000);
}

}  // namespace
}  // namespace verdict
