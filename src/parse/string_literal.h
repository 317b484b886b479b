// Decoding the body of a CEL string or bytes literal (the text between the
// quotes), as the CEL language definition's "String and Bytes Values" gives
// it. The lexer finds where a literal ends; this file gives it its value.
#ifndef VERDICT_SRC_PARSE_STRING_LITERAL_H_
#define VERDICT_SRC_PARSE_STRING_LITERAL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace verdict::ast {

struct LiteralError {
  size_t offset = 0;  // byte offset in the body of the offending text
  std::string message;
};

// Decodes `body` into `*out`. `raw` (an r/R prefix): backslashes are plain
// characters. Otherwise the escapes are \a \b \f \n \r \t \v \\ \' \" \` \?,
// octal \ooo (first digit 0-3), \xHH or \XHH, and, in strings only, \uHHHH
// and \UHHHHHHHH naming a Unicode scalar value (no surrogate, at most
// U+10FFFF). In a string, \ooo and \xHH name the code point U+0000..U+00FF
// (stored as UTF-8); in bytes (`bytes`), they name one byte, and other
// characters stand for their UTF-8 bytes.
//
// Returns false and fills `*error` for an unknown or malformed escape, a \u
// or \U in bytes, or a body that is not valid UTF-8 (source text is UTF-8,
// so neither a string nor a bytes literal may contain a stray byte). `*out`
// is then unspecified. Pure function; thread-safe.
bool DecodeLiteralBody(std::string_view body, bool raw, bool bytes,
                       std::string* out, LiteralError* error);

}  // namespace verdict::ast

#endif  // VERDICT_SRC_PARSE_STRING_LITERAL_H_
