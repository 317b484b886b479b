// The strings extension (src/evaluate/builtins_strings_ext.cc and
// builtins_strings_format.cc): code point semantics, errors, static types,
// limits. Expected values are worked out by hand from cel-go's definitions.
#include <gtest/gtest.h>

#include <set>
#include <span>
#include <string>

#include "src/check/builtins.h"
#include "tests/unit/expr_test_util.h"
#include "verdict/expression.h"

namespace verdict {
namespace {

using testing_util::CompileError;
using testing_util::Eval;

std::string Str(const std::string& src) {
  Value v = Eval(src);
  if (v.kind() != Kind::kString) {
    ADD_FAILURE() << src << " gave " << v.DebugString();
    return "";
  }
  return v.as_string();
}

int64_t Int(const std::string& src) {
  Value v = Eval(src);
  if (v.kind() != Kind::kInt) {
    ADD_FAILURE() << src << " gave " << v.DebugString();
    return -999;
  }
  return v.as_int();
}

std::string EvalError(const std::string& src) {
  Value v = Eval(src);
  EXPECT_TRUE(v.is_error()) << src << " gave " << v.DebugString();
  return v.is_error() ? v.error_message() : "";
}

TEST(StringsExtTest, IndexesCountCodePoints) {
  // "中文©x": 中 and 文 are 3 bytes, © is 2.
  EXPECT_EQ(Str("'中文©x'.charAt(1)"), "文");
  EXPECT_EQ(Str("'中文©x'.charAt(3)"), "x");
  EXPECT_EQ(Str("'中文©x'.charAt(4)"), "");
  EXPECT_EQ(Int("'中文©x'.indexOf('x')"), 3);
  EXPECT_EQ(Int("'中文©中文'.indexOf('中', 1)"), 3);
  EXPECT_EQ(Int("'中文©中文'.lastIndexOf('中')"), 3);
  EXPECT_EQ(Int("'中文©中文'.lastIndexOf('中', 2)"), 0);
  EXPECT_EQ(Int("'中文'.lastIndexOf('')"), 2);
  EXPECT_EQ(Int("'abc'.indexOf('z')"), -1);
  EXPECT_EQ(Str("'中文©中文'.substring(2)"), "©中文");
  EXPECT_EQ(Str("'中文©中文'.substring(1, 3)"), "文©");
  EXPECT_EQ(Str("'中文©'.reverse()"), "©文中");
}

TEST(StringsExtTest, OutOfRangeIsAnEvaluationError) {
  EXPECT_EQ(EvalError("'中文'.charAt(3)"), "index out of range: 3");
  EXPECT_EQ(EvalError("'中文'.charAt(-1)"), "index out of range: -1");
  EXPECT_EQ(EvalError("'中文'.indexOf('a', 2)"), "index out of range: 2");
  EXPECT_EQ(EvalError("'中文'.substring(3)"), "index out of range: 3");
  EXPECT_EQ(EvalError("'abc'.substring(2, 1)"),
            "invalid substring range. start: 2, end: 1");
}

TEST(StringsExtTest, ReplaceSplitJoin) {
  EXPECT_EQ(Str("'a-b-c'.replace('-', '+')"), "a+b+c");
  EXPECT_EQ(Str("'a-b-c'.replace('-', '+', 1)"), "a+b-c");
  EXPECT_EQ(Str("'a-b-c'.replace('-', '+', 0)"), "a-b-c");
  // An empty pattern matches before every code point and at the end (Go).
  EXPECT_EQ(Str("'中文'.replace('', '.')"), ".中.文.");
  EXPECT_EQ(Str("'中文'.replace('', '.', 2)"), ".中.文");
  EXPECT_EQ(Eval("'a,b,,c'.split(',') == ['a', 'b', '', 'c']").as_bool(), true);
  EXPECT_TRUE(Eval("'a,b,c'.split(',', 2) == ['a', 'b,c']").as_bool());
  EXPECT_TRUE(Eval("'a,b,c'.split(',', 0) == []").as_bool());
  EXPECT_TRUE(Eval("'中文x'.split('') == ['中', '文', 'x']").as_bool());
  EXPECT_TRUE(Eval("'中文x'.split('', 2) == ['中', '文x']").as_bool());
  EXPECT_EQ(Str("['a', 'b', 'c'].join('/')"), "a/b/c");
  EXPECT_EQ(Str("['a', 'b'].join()"), "ab");
  EXPECT_NE(CompileError("[1, 2].join()").find("no matching overload"),
            std::string::npos);
}

TEST(StringsExtTest, TrimIsUnicodeWhiteSpace) {
  // U+3000 (ideographic space) and U+00A0 are white space; U+200B is not.
  EXPECT_EQ(Str("'\\u3000\\u00a0 账单 \\t'.trim()"), "账单");
  EXPECT_EQ(Str("trim('\\u3000x\\u3000')"), "x");
  EXPECT_EQ(Str("'\\u200bx'.trim()"), "\u200bx");
  EXPECT_EQ(Str("' \\u3000 '.trim()"), "");
}

// Every code point, on both sides of a text: trim() strips exactly Go's
// unicode.IsSpace set, listed here by hand (ASCII white space, U+0085,
// U+00A0 and the Unicode Zs, Zl and Zp separators), and nothing else.
TEST(StringsExtTest, TrimStripsExactlyGosSpacesOverEveryCodePoint) {
  const std::set<uint32_t> spaces = {
      0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,   0xA0,   0x1680,
      0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
      0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
  const auto& trim = Registry::Standard().Find("trim")->impl;
  EvalContext ctx;
  auto utf8 = [](uint32_t cp) {
    std::string out;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
  };
  size_t stripped = 0;
  for (uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // not scalar values
    const std::string c = utf8(cp);
    const Value arg = Value::String(c + "a" + c);
    const Value got = trim(std::span<const Value>(&arg, 1), ctx);
    ASSERT_EQ(got.kind(), Kind::kString) << cp;
    const bool space = spaces.count(cp) > 0;
    ASSERT_EQ(got.as_string(), space ? "a" : c + "a" + c) << std::hex << cp;
    stripped += space;
  }
  EXPECT_EQ(stripped, spaces.size());
}

TEST(StringsExtTest, Quote) {
  EXPECT_EQ(Str("strings.quote('a\"b\\\\c\\n')"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(Str("strings.quote('中')"), "\"中\"");
}

// %s of a double is plain base 10, never an exponent, with the fewest
// digits that read back as the same double (cel-go; the strings extension
// spec: "formatted in base 10, insignificant 0s excluded"). It gave
// "1e-05" and "1e+16" (found by a differential run against cel-go).
TEST(StringsExtTest, FormatOfADoubleHasNoExponent) {
  EXPECT_EQ(Str("'%s'.format([1e-5])"), "0.00001");
  EXPECT_EQ(Str("'%s'.format([1e16])"), "10000000000000000");
  EXPECT_EQ(Str("'%s'.format([-2.5e-7])"), "-0.00000025");
  EXPECT_EQ(Str("'%s'.format([1.5e16])"), "15000000000000000");
  EXPECT_EQ(Str("'%s'.format([3e21])"), "3000000000000000000000");
  EXPECT_EQ(Str("'%s'.format([1e-320])"), "0." + std::string(319, '0') + "1");
  EXPECT_EQ(Str("'%s'.format([123456789.0])"), "123456789");
  EXPECT_EQ(Str("'%s %s %s'.format([0.1, 100.0, -0.0])"), "0.1 100 -0");
}

// %s of bytes that are not UTF-8 replaces each invalid byte with U+FFFD
// (the strings extension spec): the result is a string, which holds UTF-8;
// the raw 0xFF made the answer's JSON invalid UTF-8.
TEST(StringsExtTest, FormatOfBytesIsValidUtf8) {
  EXPECT_EQ(Str("'%s'.format([b'\\xffa\\xc3\\xa9'])"), "\uFFFDa\u00e9");
  EXPECT_EQ(Str("'%s'.format([[b'\\xff']])"), "[\uFFFD]");
}

TEST(StringsExtTest, Format) {
  EXPECT_EQ(Str("'%s owes %d, %.2f%%'.format(['A1', 12, 3.14159])"),
            "A1 owes 12, 3.14%");
  EXPECT_EQ(Str("'%b %o %x %X'.format([5, 8, 255, 255])"), "101 10 ff FF");
  EXPECT_EQ(Str("'%x'.format(['hi'])"), "6869");
  EXPECT_EQ(Str("'%e'.format([1234.5])"), "1.234500e+03");
  EXPECT_EQ(Str("'%s'.format([{'b': 1, 'a': [true, null]}])"),
            "{a: [true, null], b: 1}");
  // Money is formatted exactly, half to even.
  EXPECT_EQ(Str("'%.2f'.format([decimal('0.125')])"), "0.12");
  EXPECT_EQ(Str("'%.2f'.format([decimal('0.135')])"), "0.14");
  EXPECT_EQ(Str("'%.3f'.format([decimal('12')])"), "12.000");
  EXPECT_EQ(Str("'%s'.format([decimal('199.90')])"), "199.9");
  EXPECT_EQ(EvalError("'%d %d'.format([1])"), "index 1 out of range");
  EXPECT_NE(EvalError("'%q'.format([1])").find("unrecognized"),
            std::string::npos);
  EXPECT_NE(EvalError("'%d'.format(['x'])").find("decimal clause"),
            std::string::npos);
}

TEST(StringsExtTest, StaticTypes) {
  EXPECT_NE(CompileError("'abc'.charAt('1')").find("no matching overload"),
            std::string::npos);
  EXPECT_NE(CompileError("'abc'.indexOf('a') + 'x'").find("no matching"),
            std::string::npos);
  EXPECT_NE(CompileError("'abc'.split(',') == 'a'").find("no matching"),
            std::string::npos);
  // Unchecked, the same mistakes fail at run time instead.
  ExpressionOptions unchecked;
  unchecked.check = false;
  ExpressionResult r =
      EvaluateExpression("'abc'.substring(1, 2, 3)", {}, {}, unchecked);
  EXPECT_EQ(r.compile_error, "");
  EXPECT_TRUE(r.value.is_error());
}

}  // namespace
}  // namespace verdict
