// CEL string and bytes literals (src/parse/lexer.cc, string_literal.cc)
// against the language definition's "String and Bytes Values". Expected
// bytes are written out by hand from the UTF-8 encoding of each code point,
// not taken from the code under test.
#include "src/parse/lexer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "src/parse/string_literal.h"

namespace verdict::ast {
namespace {

// The single literal token of `src`; fails the test on anything else.
Token Lex(const std::string& src) {
  std::vector<Token> toks = Tokenize(src);
  EXPECT_EQ(toks.size(), 2u) << src;
  EXPECT_NE(toks[0].kind, Tok::kError) << src << ": " << toks[0].text;
  return toks.empty() ? Token{} : toks[0];
}

std::string Str(const std::string& src) {
  Token t = Lex(src);
  EXPECT_EQ(t.kind, Tok::kString) << src;
  return t.kind == Tok::kString ? t.value.as_string() : "";
}

std::string Bytes(const std::string& src) {
  Token t = Lex(src);
  EXPECT_EQ(t.kind, Tok::kBytes) << src;
  return t.kind == Tok::kBytes ? t.value.as_bytes() : "";
}

// A string literal's bytes, NULs included, without the terminating NUL.
template <size_t N>
std::string S(const char (&a)[N]) {
  return std::string(a, N - 1);
}

// The error token of `src`, which must not lex.
Token LexError(const std::string& src) {
  std::vector<Token> toks = Tokenize(src);
  EXPECT_FALSE(toks.empty());
  EXPECT_EQ(toks.back().kind, Tok::kError) << src;
  return toks.empty() ? Token{} : toks.back();
}

TEST(LexerTest, OneLetterEscapesInEveryQuoting) {
  const std::string want = std::string(" \a \b \f \n \r \t \v \\ ? \" ' ` ");
  const std::string body = R"( \a \b \f \n \r \t \v \\ \? \" \' \` )";
  for (const char* q : {"'", "\"", "'''", "\"\"\""}) {
    EXPECT_EQ(Str(q + body + q), want) << q;
    EXPECT_EQ(Bytes("b" + (q + body + q)), want) << q;
  }
}

TEST(LexerTest, UnicodeEscapesAreCodePointsInUtf8) {
  // U+0100 is C4 80, U+FFFB is EF BF BB, U+10000 is F0 90 80 80, U+1F62C is
  // F0 9F 98 AC: the encodings the cel-spec parse tests name.
  const std::string want = S(" \0 \n \x7f \xc4\x80 \xef\xbf\xbb ");
  EXPECT_EQ(Str(R"(' \u0000 \u000A \u007F \u0100 \uFFFB ')"), want);
  EXPECT_EQ(Str(R"(""" \u0000 \u000A \u007F \u0100 \uFFFB """)"), want);
  EXPECT_EQ(Str(R"(" \U00010000 \U0001F62C ")"),
            " \xf0\x90\x80\x80 \xf0\x9f\x98\xac ");
  EXPECT_EQ(Str(R"(' \u01aB \U000001aB ')"), " \xc6\xab \xc6\xab ");
  // Unassigned, but a scalar value: allowed, escaped or written out.
  EXPECT_EQ(Str(R"(' \U00088888 ')"), " \xf2\x88\xa2\x88 ");
  EXPECT_EQ(Str("' \xf2\x88\xa2\x88 '"), " \xf2\x88\xa2\x88 ");
}

TEST(LexerTest, HexAndOctalAreCodePointsInStringsAndBytesInBytes) {
  EXPECT_EQ(Str(R"(' \x4a \X4c \000 \012 \177 \377 \xFF ')"),
            S(" J L \0 \n \x7f \xc3\xbf \xc3\xbf "));
  EXPECT_EQ(Bytes(R"(b' \x4a \X4c \000 \012 \177 \377 \xFF ')"),
            S(" J L \0 \n \x7f \xff \xff "));
  // Characters written out in a bytes literal are their UTF-8 bytes.
  EXPECT_EQ(Bytes("b'\xc3\xa9'"), "\xc3\xa9");
}

TEST(LexerTest, UnescapedPunctuationInTripleQuotes) {
  EXPECT_EQ(Str(R"(''' ? " ' ` ''')"), " ? \" ' ` ");
  EXPECT_EQ(Bytes(R"(b""" ? " ' ` """)"), " ? \" ' ` ");
  EXPECT_EQ(Str("''' \r\n '''"), " \r\n ");
  // An escaped quote does not end the literal.
  EXPECT_EQ(Str(R"('''a\'''')"), "a'");
  EXPECT_EQ(Str(R"('it\'s')"), "it's");
}

TEST(LexerTest, RawLiteralsKeepBackslashes) {
  EXPECT_EQ(Str(R"(r' \\ \n \u0000 \q ')"), R"( \\ \n \u0000 \q )");
  EXPECT_EQ(Str(R"(R""" \x00 """)"), R"( \x00 )");
  EXPECT_EQ(Bytes(R"(rb' \n ')"), R"( \n )");
  EXPECT_EQ(Bytes(R"(BR' \n ')"), R"( \n )");
  // In a raw literal a backslash does not hide the quote after it.
  EXPECT_EQ(Str(R"(r'\')"), "\\");
}

TEST(LexerTest, InvalidEscapesAreErrors) {
  for (const char* src :
       {R"('\q')", R"('\8')", R"('\400')", R"('\01')", R"('\x4')", R"('\xg0')",
        R"('\u12')", R"('\U0010FFF')", R"(b'\z')", R"('\')", "'\\\n'"}) {
    LexError(src);
  }
  // A \u escape takes exactly four digits; a fifth is a plain character.
  EXPECT_EQ(Str(R"('\u00415')"), "A5");
}

TEST(LexerTest, SurrogatesAndValuesPastU10FFFFAreErrors) {
  for (const char* src : {R"('\uD800')", R"('\uDFFF')", R"('\U0000DC00')",
                          R"('\U00110000')", R"('\UFFFFFFFF')"}) {
    Token t = LexError(src);
    EXPECT_NE(t.text.find("Unicode"), std::string::npos) << src << t.text;
  }
  EXPECT_EQ(Str(R"('\uD7FF\uE000\U0010FFFF')"),
            "\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf");
}

TEST(LexerTest, UnicodeEscapesAreNotBytes) {
  EXPECT_NE(LexError(R"(b'\u0041')").text.find("bytes"), std::string::npos);
  EXPECT_NE(LexError(R"(b'\U00000041')").text.find("bytes"), std::string::npos);
}

TEST(LexerTest, ErrorsPointAtTheOffendingText) {
  EXPECT_EQ(LexError(R"(x + 'ab\qc')").offset, 7);
  EXPECT_EQ(LexError("'ab\ncd'").offset, 3);
  EXPECT_EQ(LexError("'abc").offset, 0);
  EXPECT_EQ(LexError("'''abc''").offset, 0);
  // Source text is UTF-8: a stray byte in a literal is an error, in a
  // string and in bytes alike.
  Token bad = LexError("'ab\xff'");
  EXPECT_EQ(bad.offset, 3);
  EXPECT_NE(bad.text.find("UTF-8"), std::string::npos);
  EXPECT_EQ(LexError("b'\xc3'").offset, 2);
  EXPECT_EQ(LexError("r'\xed\xa0\x80'").offset, 2);  // an encoded surrogate
}

TEST(LexerTest, AnUnexpectedCharacterIsNamedWholeAsValidUtf8) {
  // 客 is E5 AE A2 (U+5BA2): the message names all three bytes, never the
  // lone lead byte (which made the message, and its JSON, invalid text).
  Token t = LexError("x + \xe5\xae\xa2\xe6\x88\xb7");
  EXPECT_EQ(t.offset, 4);
  EXPECT_EQ(t.text, "unexpected character '\xe5\xae\xa2' (U+5BA2)");
  EXPECT_EQ(LexError("1 \xf0\x9f\x98\xac").text,
            "unexpected character '\xf0\x9f\x98\xac' (U+1F62C)");
  // A byte that starts no UTF-8 sequence (or a cut one) is shown as its
  // value; a control character by its code point.
  EXPECT_EQ(LexError("1 \xff").text, "unexpected byte 0xFF (not UTF-8)");
  EXPECT_EQ(LexError("1 \xe5\xae").text, "unexpected byte 0xE5 (not UTF-8)");
  EXPECT_EQ(LexError("1 \x80").text, "unexpected byte 0x80 (not UTF-8)");
  EXPECT_EQ(LexError(std::string("1 \x01", 3)).text,
            "unexpected character U+0001");
  EXPECT_EQ(LexError("1 #").text, "unexpected character '#'");
}

// An independent UTF-8 decoder: the code point of a string holding exactly
// one encoded character, or -1.
long DecodeOne(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  if (n == 1 && p[0] < 0x80) return p[0];
  if (n == 2 && (p[0] & 0xE0) == 0xC0)
    return ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  if (n == 3 && (p[0] & 0xF0) == 0xE0)
    return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  if (n == 4 && (p[0] & 0xF8) == 0xF0)
    return ((p[0] & 0x07L) << 18) | ((p[1] & 0x3F) << 12) |
           ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
  return -1;
}

// Every way of writing one code point gives the same string, holding that
// code point; written out unescaped, it reads back unchanged.
TEST(LexerTest, GeneratedCodePointsAgreeAcrossEscapeForms) {
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<long> any(0, 0x10FFFF);
  char buf[32];
  for (int n = 0; n < 3000; ++n) {
    long cp = n < 256 ? n : any(rng);  // all of Latin-1, then anywhere
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::snprintf(buf, sizeof buf, "'\\U%08lX'", cp);
    std::string via_big_u = Str(buf);
    ASSERT_EQ(DecodeOne(via_big_u), cp) << buf;
    if (cp <= 0xFFFF) {
      std::snprintf(buf, sizeof buf, "\"\\u%04lx\"", cp);
      EXPECT_EQ(Str(buf), via_big_u) << buf;
    }
    if (cp <= 0xFF) {
      std::snprintf(buf, sizeof buf, "'''\\x%02lX'''", cp);
      EXPECT_EQ(Str(buf), via_big_u) << buf;
      std::snprintf(buf, sizeof buf, "'\\%03lo'", cp);
      EXPECT_EQ(Str(buf), via_big_u) << buf;
      std::snprintf(buf, sizeof buf, "b'\\%03lo'", cp);
      EXPECT_EQ(Bytes(buf), std::string(1, static_cast<char>(cp))) << buf;
      std::snprintf(buf, sizeof buf, "b'\\X%02lx'", cp);
      EXPECT_EQ(Bytes(buf), std::string(1, static_cast<char>(cp))) << buf;
    }
    bool special = cp == '\'' || cp == '\\' || cp == '\n' || cp == '\r';
    if (!special) {
      EXPECT_EQ(Str("'" + via_big_u + "'"), via_big_u) << cp;
      EXPECT_EQ(Bytes("b'" + via_big_u + "'"), via_big_u) << cp;
    }
  }
}

TEST(LexerTest, DecodeLiteralBodyReportsOffsetsInTheBody) {
  std::string out;
  LiteralError error;
  EXPECT_TRUE(DecodeLiteralBody(R"(a\tb)", false, false, &out, &error));
  EXPECT_EQ(out, "a\tb");
  EXPECT_FALSE(DecodeLiteralBody(R"(ab\u00)", false, false, &out, &error));
  EXPECT_EQ(error.offset, 2u);
  EXPECT_TRUE(DecodeLiteralBody(R"(ab\u00)", true, false, &out, &error));
  EXPECT_EQ(out, R"(ab\u00)");
}

// IsName() against the tokenizer on generated words: a name is exactly a
// text that tokenizes to one identifier token of the same text, and is not
// a reserved word (those tokenize as identifiers; the parser refuses them).
TEST(LexerTest, IsNameAgreesWithTheTokenizer) {
  std::mt19937 rng(7);
  const std::string alphabet = "aZ_9-. 0\xc3";
  std::vector<std::string> words = {"in",    "if", "true", "null",
                                    "false", "x",  "_",    "as_of",
                                    "9a",    "a9", "",     "while"};
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    const int len = static_cast<int>(rng() % 4);
    for (int k = 0; k < len; ++k) w += alphabet[rng() % alphabet.size()];
    words.push_back(w);
  }
  for (const std::string& w : words) {
    std::vector<Token> toks = Tokenize(w);
    const bool one_ident = toks.size() == 2 && toks[0].kind == Tok::kIdent &&
                           !toks[0].quoted && toks[0].text == w &&
                           toks[1].kind == Tok::kEnd;
    EXPECT_EQ(IsName(w), one_ident && !IsReservedWord(w)) << "'" << w << "'";
  }
  EXPECT_TRUE(IsName("as_of"));
  EXPECT_FALSE(IsName("in"));
  EXPECT_FALSE(IsName("true"));
  EXPECT_FALSE(IsName("a-b"));
}

}  // namespace
}  // namespace verdict::ast
