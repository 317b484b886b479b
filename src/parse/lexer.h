// Tokenizer for CEL source text. Literal tokens carry their decoded value.
#ifndef VERDICT_SRC_PARSE_LEXER_H_
#define VERDICT_SRC_PARSE_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "verdict/value.h"

namespace verdict::ast {

enum class Tok {
  kEnd,
  kIdent,
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kTrue,
  kFalse,
  kNull,
  kPunct,  // text holds the operator or punctuation
  kError,  // text holds the message
};

struct Token {
  Tok kind = Tok::kEnd;
  int offset = 0;
  std::string text;     // identifier, operator, or literal source text
  Value value;          // decoded literal
  bool quoted = false;  // a `backquoted` identifier
};

// Splits `source` into tokens, ending with kEnd or at the first kError.
std::vector<Token> Tokenize(std::string_view source);

// Whether `word` is one of CEL's reserved words (`in`, `if`, `let`, ...),
// which no name may be.
bool IsReservedWord(std::string_view word);

// Whether `text` can be written as a name in an expression: an identifier
// as Tokenize() reads one (letters, digits and '_', not starting with a
// digit) that is neither a literal (`true`, `false`, `null`) nor a reserved
// word. What pack names that expressions refer to (a policy, a let, a
// function and its parameters) must be.
bool IsName(std::string_view text);

// What an error says of a text that is not IsName(), after quoting it.
inline constexpr const char* kNotAName =
    "is not a name: letters, digits and '_', not starting with a digit, "
    "and not a reserved word or literal (in, if, true, null, ...)";

}  // namespace verdict::ast

#endif  // VERDICT_SRC_PARSE_LEXER_H_
