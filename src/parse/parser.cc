// Recursive-descent parser for CEL (grammar of cel-spec's langdef.md): the
// operators by precedence, and the entry points of ast.h. The macros it
// recognises are expanded by macros.cc. See parser.h.
#include "src/parse/parser.h"

#include <algorithm>
#include <string_view>

#include "src/value/utf8.h"

namespace verdict::ast {

ExprPtr Parser::Run(ParseError* err) {
  if (!toks_.empty() && toks_.back().kind == Tok::kError) {
    err->offset = toks_.back().offset;
    err->message = toks_.back().text;
    return nullptr;
  }
  ExprPtr e = ParseExpr();
  if (e && Peek().kind != Tok::kEnd) {
    Fail(Peek().offset, "unexpected '" + Describe(Peek()) + "'");
    e = nullptr;
  }
  if (!e) {
    *err = error_;
    return nullptr;
  }
  return e;
}

ExprPtr Parser::ParseExpr() {
  DepthGuard g(this);
  if (depth_ > opt_.max_depth) return TooDeep(Peek().offset);
  ExprPtr cond = ParseOr();
  if (!cond) return nullptr;
  if (IsPunct("?")) {
    int off = Peek().offset;
    ++pos_;
    ExprPtr a = ParseOr();
    if (!a || !Expect(":")) return nullptr;
    ExprPtr b = ParseExpr();
    if (!b) return nullptr;
    return Bounded(
        Call("_?_:_", off, Args(std::move(cond), std::move(a), std::move(b))),
        off);
  }
  return cond;
}

ExprPtr Parser::ParseOr() { return ParseBinary({"||"}, &Parser::ParseAnd); }

ExprPtr Parser::ParseAnd() {
  return ParseBinary({"&&"}, &Parser::ParseRelation);
}

ExprPtr Parser::ParseBinary(std::initializer_list<std::string_view> ops,
                            ExprPtr (Parser::*operand)()) {
  ExprPtr l = (this->*operand)();
  while (l) {
    auto op = std::find_if(ops.begin(), ops.end(),
                           [&](std::string_view o) { return IsPunct(o); });
    if (op == ops.end()) break;
    int off = Peek().offset;
    ++pos_;
    ExprPtr r = (this->*operand)();
    if (!r) return nullptr;
    // CEL's operator functions are named _op_: _||_, _+_, _%_, ...
    l = Bounded(Call("_" + std::string(*op) + "_", off,
                     Args(std::move(l), std::move(r))),
                off);
  }
  return l;
}

ExprPtr Parser::ParseRelation() {
  ExprPtr l = ParseAddition();
  while (l) {
    const Token& t = Peek();
    std::string fn;
    if (t.kind == Tok::kPunct) {
      if (t.text == "<")
        fn = "_<_";
      else if (t.text == "<=")
        fn = "_<=_";
      else if (t.text == ">")
        fn = "_>_";
      else if (t.text == ">=")
        fn = "_>=_";
      else if (t.text == "==")
        fn = "_==_";
      else if (t.text == "!=")
        fn = "_!=_";
    } else if (t.kind == Tok::kIdent && t.text == "in") {
      fn = "@in";
    }
    if (fn.empty()) break;
    int off = t.offset;
    ++pos_;
    ExprPtr r = ParseAddition();
    if (!r) return nullptr;
    l = Bounded(Call(fn, off, Args(std::move(l), std::move(r))), off);
  }
  return l;
}

ExprPtr Parser::ParseAddition() {
  return ParseBinary({"+", "-"}, &Parser::ParseMultiplication);
}

ExprPtr Parser::ParseMultiplication() {
  return ParseBinary({"*", "/", "%"}, &Parser::ParseUnary);
}

// A prefix operator is one level (its operand is parsed a level deeper);
// an operand without one is not a level of its own, so that a parenthesis
// is one level (ParseExpr's), as ParseOptions::max_depth counts them.
ExprPtr Parser::ParseUnary() {
  if (IsPunct("!")) {
    DepthGuard g(this);
    if (depth_ > opt_.max_depth) return TooDeep(Peek().offset);
    int off = Peek().offset;
    ++pos_;
    ExprPtr e = ParseUnary();
    if (!e) return nullptr;
    return Bounded(Call("!_", off, Args(std::move(e))), off);
  }
  if (IsPunct("-")) {
    DepthGuard g(this);
    if (depth_ > opt_.max_depth) return TooDeep(Peek().offset);
    int off = Peek().offset;
    ++pos_;
    // A negated number literal is one literal (so -9223372036854775808 fits).
    if ((Peek().kind == Tok::kInt || Peek().kind == Tok::kDouble) &&
        !IsPunct(".", 1) && !IsPunct("[", 1)) {
      Token t = Peek();
      ++pos_;
      ExprPtr lit = Literal(t, true);
      if (!lit) return nullptr;
      lit->offset = off;
      return ParseMemberSuffix(std::move(lit));
    }
    ExprPtr e = ParseUnary();
    if (!e) return nullptr;
    return Bounded(Call("-_", off, Args(std::move(e))), off);
  }
  return ParseMember();
}

ExprPtr Expr::Clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->offset = offset;
  e->constant = constant;
  e->text = text;
  e->name = name;
  e->test_only = test_only;
  e->member = member;
  for (const auto& a : args) e->args.push_back(a->Clone());
  e->fields = fields;
  e->iter_var = iter_var;
  e->iter_var2 = iter_var2;
  e->accu_var = accu_var;
  auto c = [](const ExprPtr& p) { return p ? p->Clone() : nullptr; };
  e->iter_range = c(iter_range);
  e->accu_init = c(accu_init);
  e->loop_cond = c(loop_cond);
  e->loop_step = c(loop_step);
  e->result = c(result);
  e->height = height;
  return e;
}

void Expr::SetHeight() {
  int below = 0;
  for (const auto& a : args) below = std::max(below, a->height);
  for (const ExprPtr* p :
       {&iter_range, &accu_init, &loop_cond, &loop_step, &result}) {
    if (*p) below = std::max(below, (*p)->height);
  }
  height = below + 1;
}

ExprPtr ParseExpression(std::string_view source, const ParseOptions& options,
                        ParseError* error) {
  if (source.size() > options.max_length) {
    error->offset = 0;
    error->message = "expression is " + std::to_string(source.size()) +
                     " bytes long (limit " +
                     std::to_string(options.max_length) + ")";
    return nullptr;
  }
  return Parser(source, options).Run(error);
}

void OffsetToLineCol(std::string_view source, int offset, int* line, int* col) {
  const std::string_view before =
      source.substr(0, static_cast<size_t>(std::clamp(
                           offset, 0, static_cast<int>(source.size()))));
  *line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  const size_t nl = before.rfind('\n');
  // In characters, as every column in a message (src/parse/columns.h).
  *col =
      1 + static_cast<int>(Utf8Length(
              nl == std::string_view::npos ? before : before.substr(nl + 1)));
}

}  // namespace verdict::ast
