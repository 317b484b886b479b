// The recursive-descent parser for CEL behind ParseExpression() (ast.h).
// Internal to src/parse. Its methods are spread over parser.cc (the
// operators, by precedence), parser_primary.cc (literals, names, member
// access) and parser_calls.cc (calls and the macros expanded at parse time,
// see macros.h). A Parser reads one expression once; not thread-safe.
#ifndef VERDICT_SRC_PARSE_PARSER_H_
#define VERDICT_SRC_PARSE_PARSER_H_

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "src/parse/ast.h"
#include "src/parse/lexer.h"
#include "src/parse/macros.h"

namespace verdict::ast {

class Parser {
 public:
  Parser(std::string_view src, const ParseOptions& opt)
      : opt_(opt), toks_(Tokenize(src)) {}

  // The whole source as one expression; nullptr and `*err` (the first
  // problem's offset and message) when it is not one.
  ExprPtr Run(ParseError* err);

 private:
  const Token& Peek(int k = 0) const {
    size_t j = std::min(pos_ + k, toks_.size() - 1);
    return toks_[j];
  }
  bool IsPunct(std::string_view p, int k = 0) const {
    return Peek(k).kind == Tok::kPunct && Peek(k).text == p;
  }
  bool Accept(std::string_view p) {
    if (IsPunct(p)) {
      ++pos_;
      return true;
    }
    return false;
  }
  static std::string Describe(const Token& t) {
    return t.kind == Tok::kEnd ? "end of expression" : t.text;
  }
  ExprPtr Fail(int offset, std::string msg) {
    if (!failed_) {
      failed_ = true;
      error_.offset = offset;
      error_.message = std::move(msg);
    }
    return nullptr;
  }
  bool Expect(std::string_view p) {
    if (Accept(p)) return true;
    Fail(Peek().offset, "expected '" + std::string(p) + "' but found '" +
                            Describe(Peek()) + "'");
    return false;
  }

  // `e` with its height set (Expr::SetHeight); nullptr after Fail() at
  // `offset` when the tree is taller than ParseOptions::max_depth, as a
  // long flat chain (`a && b && ...`, `x.a.a...`) is without any nesting.
  ExprPtr Bounded(ExprPtr e, int offset) {
    if (!e) return e;
    e->SetHeight();
    if (e->height > opt_.max_depth) return TooDeep(offset);
    return e;
  }
  ExprPtr TooDeep(int offset) {
    return Fail(offset, "expression nested too deeply (limit " +
                            std::to_string(opt_.max_depth) + ")");
  }

  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) { ++p->depth_; }
    ~DepthGuard() { --p->depth_; }
  };

  // One level of CEL's grammar each, from the conditional down to unary
  // operators; nullptr after Fail(). ParseExpr refuses nesting deeper than
  // ParseOptions::max_depth.
  ExprPtr ParseExpr();
  ExprPtr ParseOr();
  ExprPtr ParseAnd();
  ExprPtr ParseRelation();
  ExprPtr ParseAddition();
  ExprPtr ParseMultiplication();
  ExprPtr ParseUnary();
  // `a op b op c ...`, left-associative, for any of `ops`, over `operand`:
  // calls of CEL's operator functions (_op_).
  ExprPtr ParseBinary(std::initializer_list<std::string_view> ops,
                      ExprPtr (Parser::*operand)());

  // A number, string or bytes literal (`negate`: after a unary minus, so
  // that the most negative int parses).
  ExprPtr Literal(const Token& t, bool negate);

  static ExprPtr WithText(ExprPtr e, std::string text) {
    e->text = std::move(text);
    return e;
  }

  // A primary expression and its `.field`, `.call()`, `[index]` and
  // `{struct}` suffixes.
  ExprPtr ParseMember();
  ExprPtr ParseMemberSuffix(ExprPtr e);

  // Comma-separated expressions up to `close` (a trailing comma allowed).
  bool ParseList(std::string_view close, std::vector<ExprPtr>* out);

  // A list literal's entries; `?x` marks an optional entry (CEL optionals).
  bool ParseListEntries(std::vector<ExprPtr>* out, std::vector<bool>* marks);

  // A literal with optional entries becomes a call of `fn` (see
  // src/evaluate/builtins_optionals_ext.cc) with the marks, then the
  // entries; other literals stay as they are.
  static ExprPtr WithOptionalEntries(const char* fn, ExprPtr literal,
                                     const std::vector<bool>& marks);

  // `Type{field: value, ...}` after `type_name`.
  ExprPtr ParseStruct(ExprPtr type_name);

  // A literal, name, call, parenthesised expression, list or map.
  ExprPtr ParsePrimary();

  // `t`, the current token, is a name: a variable or a global call.
  ExprPtr ParseName(const Token& t);

  // `t`, the current token, is '{': a map literal, `{?key: optional}`
  // entries included.
  ExprPtr ParseMapLiteral(const Token& t);

  // `t`, the current token, is a leading '.': a root-scoped name or call.
  ExprPtr ParseRootName(const Token& t);

  // A call `name(args)`, or the has() macro.
  ExprPtr GlobalCall(const std::string& name, int off,
                     std::vector<ExprPtr> args);

  // A call `target.name(args)`, or a macro on `target` (all, exists,
  // exists_one, map, filter, their two-variable forms, optMap, optFlatMap).
  ExprPtr MemberCall(ExprPtr target, const std::string& name, int off,
                     std::vector<ExprPtr> args);

  // cel-go's bindings and block extensions, expanded as cel-go does:
  // cel.bind(x, init, body) is a comprehension over no elements whose
  // accumulator x holds init while body is the result; cel.block([e0, e1,
  // ...], body) binds e0, e1, ... in order to the names cel.index(0),
  // cel.index(1), ... (each may use the earlier ones), and cel.iterVar(i, j)
  // is a name usable as a macro's iteration variable. Returns nullptr (and
  // leaves `args` alone) for other calls on `cel`.
  ExprPtr CelMacro(const std::string& name, int off,
                   std::vector<ExprPtr>* args);

  const ParseOptions& opt_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  ParseError error_;
};

}  // namespace verdict::ast

#endif  // VERDICT_SRC_PARSE_PARSER_H_
