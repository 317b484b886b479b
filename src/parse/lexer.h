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

}  // namespace verdict::ast

#endif  // VERDICT_SRC_PARSE_LEXER_H_
