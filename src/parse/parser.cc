// Recursive-descent parser for CEL (grammar of cel-spec's langdef.md); the
// macros it recognises are expanded by macros.cc. Entry point:
// ParseExpression() in ast.h.
#include <algorithm>
#include <set>

#include "src/parse/ast.h"
#include "src/parse/lexer.h"
#include "src/parse/macros.h"

namespace verdict::ast {
namespace {

const std::set<std::string>& Reserved() {
  static const std::set<std::string> kReserved = {
      "as",        "break",  "const",  "continue", "else",  "for",
      "function",  "if",     "import", "let",      "loop",  "package",
      "namespace", "return", "var",    "void",     "while", "in"};
  return kReserved;
}

class Parser {
 public:
  Parser(std::string_view src, const ParseOptions& opt)
      : opt_(opt), toks_(Tokenize(src)) {}

  ExprPtr Run(ParseError* err) {
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

  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) { ++p->depth_; }
    ~DepthGuard() { --p->depth_; }
  };

  ExprPtr ParseExpr() {
    DepthGuard g(this);
    if (depth_ > opt_.max_depth) {
      return Fail(Peek().offset, "expression nested too deeply (limit " +
                                     std::to_string(opt_.max_depth) + ")");
    }
    ExprPtr cond = ParseOr();
    if (!cond) return nullptr;
    if (IsPunct("?")) {
      int off = Peek().offset;
      ++pos_;
      ExprPtr a = ParseOr();
      if (!a || !Expect(":")) return nullptr;
      ExprPtr b = ParseExpr();
      if (!b) return nullptr;
      return Call("_?_:_", off,
                  Args(std::move(cond), std::move(a), std::move(b)));
    }
    return cond;
  }

  ExprPtr ParseOr() {
    ExprPtr l = ParseAnd();
    while (l && IsPunct("||")) {
      int off = Peek().offset;
      ++pos_;
      ExprPtr r = ParseAnd();
      if (!r) return nullptr;
      l = Call("_||_", off, Args(std::move(l), std::move(r)));
    }
    return l;
  }

  ExprPtr ParseAnd() {
    ExprPtr l = ParseRelation();
    while (l && IsPunct("&&")) {
      int off = Peek().offset;
      ++pos_;
      ExprPtr r = ParseRelation();
      if (!r) return nullptr;
      l = Call("_&&_", off, Args(std::move(l), std::move(r)));
    }
    return l;
  }

  ExprPtr ParseRelation() {
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
      l = Call(fn, off, Args(std::move(l), std::move(r)));
    }
    return l;
  }

  ExprPtr ParseAddition() {
    ExprPtr l = ParseMultiplication();
    while (l && (IsPunct("+") || IsPunct("-"))) {
      std::string fn = Peek().text == "+" ? "_+_" : "_-_";
      int off = Peek().offset;
      ++pos_;
      ExprPtr r = ParseMultiplication();
      if (!r) return nullptr;
      l = Call(fn, off, Args(std::move(l), std::move(r)));
    }
    return l;
  }

  ExprPtr ParseMultiplication() {
    ExprPtr l = ParseUnary();
    while (l && (IsPunct("*") || IsPunct("/") || IsPunct("%"))) {
      std::string fn = "_" + Peek().text + "_";
      int off = Peek().offset;
      ++pos_;
      ExprPtr r = ParseUnary();
      if (!r) return nullptr;
      l = Call(fn, off, Args(std::move(l), std::move(r)));
    }
    return l;
  }

  ExprPtr ParseUnary() {
    DepthGuard g(this);
    if (depth_ > opt_.max_depth) {
      return Fail(Peek().offset, "expression nested too deeply (limit " +
                                     std::to_string(opt_.max_depth) + ")");
    }
    if (IsPunct("!")) {
      int off = Peek().offset;
      ++pos_;
      ExprPtr e = ParseUnary();
      if (!e) return nullptr;
      return Call("!_", off, Args(std::move(e)));
    }
    if (IsPunct("-")) {
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
      return Call("-_", off, Args(std::move(e)));
    }
    return ParseMember();
  }

  ExprPtr Literal(const Token& t, bool negate) {
    switch (t.kind) {
      case Tok::kInt: {
        uint64_t v = t.value.as_uint();
        if (negate) {
          if (v == 9223372036854775808ULL) {
            return WithText(Const(Value::Int(INT64_MIN), t.offset),
                            "-" + t.text);
          }
          return WithText(Const(Value::Int(-static_cast<int64_t>(v)), t.offset),
                          "-" + t.text);
        }
        if (v > static_cast<uint64_t>(INT64_MAX)) {
          return Fail(t.offset, "integer literal out of range");
        }
        return WithText(Const(Value::Int(static_cast<int64_t>(v)), t.offset),
                        t.text);
      }
      case Tok::kDouble:
        return WithText(Const(Value::Double(negate ? -t.value.as_double()
                                                   : t.value.as_double()),
                              t.offset),
                        negate ? "-" + t.text : t.text);
      default:
        return WithText(Const(t.value, t.offset), t.text);
    }
  }

  static ExprPtr WithText(ExprPtr e, std::string text) {
    e->text = std::move(text);
    return e;
  }

  ExprPtr ParseMember() {
    ExprPtr e = ParsePrimary();
    if (!e) return nullptr;
    return ParseMemberSuffix(std::move(e));
  }

  ExprPtr ParseMemberSuffix(ExprPtr e) {
    while (e) {
      if (IsPunct(".") && IsPunct("?", 1)) {
        // Optional selection `e.?field` (CEL optionals).
        int off = Peek().offset;
        pos_ += 2;
        if (Peek().kind != Tok::kIdent) {
          return Fail(Peek().offset, "expected a field name after '.?'");
        }
        ExprPtr field = Const(Value::String(Peek().text), Peek().offset);
        ++pos_;
        e = Call("_?._", off, Args(std::move(e), std::move(field)));
      } else if (IsPunct("[") && IsPunct("?", 1)) {
        // Optional index `e[?key]`.
        int off = Peek().offset;
        pos_ += 2;
        ExprPtr idx = ParseExpr();
        if (!idx || !Expect("]")) return nullptr;
        e = Call("_[?_]", off, Args(std::move(e), std::move(idx)));
      } else if (IsPunct(".")) {
        int off = Peek().offset;
        ++pos_;
        if (Peek().kind != Tok::kIdent && Peek().kind != Tok::kTrue &&
            Peek().kind != Tok::kFalse && Peek().kind != Tok::kNull) {
          return Fail(Peek().offset, "expected a field name after '.'");
        }
        // Reserved words are allowed as field names after '.'.
        std::string name = Peek().text;
        bool quoted = Peek().quoted;
        ++pos_;
        if (IsPunct("(") && !quoted) {
          ++pos_;
          std::vector<ExprPtr> args;
          if (!ParseList(")", &args)) return nullptr;
          e = MemberCall(std::move(e), name, off, std::move(args));
        } else {
          auto s = Make(ExprKind::kSelect, off);
          s->name = name;
          s->args.push_back(std::move(e));
          e = std::move(s);
        }
      } else if (IsPunct("[")) {
        int off = Peek().offset;
        ++pos_;
        ExprPtr idx = ParseExpr();
        if (!idx || !Expect("]")) return nullptr;
        e = Call("_[_]", off, Args(std::move(e), std::move(idx)));
      } else if (IsPunct("{") && e->kind == ExprKind::kIdent) {
        return ParseStruct(std::move(e));
      } else {
        break;
      }
    }
    return e;
  }

  bool ParseList(std::string_view close, std::vector<ExprPtr>* out) {
    if (Accept(close)) return true;
    while (true) {
      ExprPtr a = ParseExpr();
      if (!a) return false;
      out->push_back(std::move(a));
      if (Accept(close)) return true;
      if (!Expect(",")) return false;
      if (Accept(close)) return true;  // trailing comma
    }
  }

  // A list literal's entries; `?x` marks an optional entry (CEL optionals).
  bool ParseListEntries(std::vector<ExprPtr>* out, std::vector<bool>* marks) {
    if (Accept("]")) return true;
    while (true) {
      marks->push_back(Accept("?"));
      ExprPtr a = ParseExpr();
      if (!a) return false;
      out->push_back(std::move(a));
      if (Accept("]")) return true;
      if (!Expect(",")) return false;
      if (Accept("]")) return true;  // trailing comma
    }
  }

  // A literal with optional entries becomes a call of `fn` (see
  // src/evaluate/builtins_optionals_ext.cc) with the marks, then the
  // entries; other literals stay as they are.
  static ExprPtr WithOptionalEntries(const char* fn, ExprPtr literal,
                                     const std::vector<bool>& marks) {
    if (std::find(marks.begin(), marks.end(), true) == marks.end())
      return literal;
    List flags;
    for (bool m : marks) flags.push_back(Value::Bool(m));
    std::vector<ExprPtr> args;
    args.push_back(Const(Value::ListOf(std::move(flags)), literal->offset));
    for (auto& a : literal->args) args.push_back(std::move(a));
    return Call(fn, literal->offset, std::move(args));
  }

  ExprPtr ParseStruct(ExprPtr type_name) {
    auto s = Make(ExprKind::kStruct, type_name->offset);
    s->name = type_name->name;
    ++pos_;  // {
    while (!Accept("}")) {
      if (Peek().kind != Tok::kIdent) {
        return Fail(Peek().offset, "expected a field name in message literal");
      }
      s->fields.push_back(Peek().text);
      ++pos_;
      if (!Expect(":")) return nullptr;
      ExprPtr v = ParseExpr();
      if (!v) return nullptr;
      s->args.push_back(std::move(v));
      if (Accept("}")) break;
      if (!Expect(",")) return nullptr;
    }
    return s;
  }

  ExprPtr ParsePrimary() {
    const Token t = Peek();
    switch (t.kind) {
      case Tok::kInt:
      case Tok::kUint:
      case Tok::kDouble:
      case Tok::kString:
      case Tok::kBytes:
        ++pos_;
        return Literal(t, false);
      case Tok::kTrue:
        ++pos_;
        return Const(Value::Bool(true), t.offset);
      case Tok::kFalse:
        ++pos_;
        return Const(Value::Bool(false), t.offset);
      case Tok::kNull:
        ++pos_;
        return Const(Value::Null(), t.offset);
      case Tok::kIdent: {
        if (t.quoted)
          return Fail(t.offset, "a quoted name is only allowed after '.'");
        if (Reserved().count(t.text)) {
          return Fail(t.offset, "reserved word '" + t.text + "'");
        }
        ++pos_;
        if (IsPunct("(")) {
          ++pos_;
          std::vector<ExprPtr> args;
          if (!ParseList(")", &args)) return nullptr;
          return GlobalCall(t.text, t.offset, std::move(args));
        }
        return Ident(t.text, t.offset);
      }
      case Tok::kPunct:
        if (t.text == "(") {
          ++pos_;
          ExprPtr e = ParseExpr();
          if (!e || !Expect(")")) return nullptr;
          return e;
        }
        if (t.text == "[") {
          ++pos_;
          auto l = Make(ExprKind::kList, t.offset);
          std::vector<bool> marks;
          if (!ParseListEntries(&l->args, &marks)) return nullptr;
          return WithOptionalEntries("@optional_list", std::move(l), marks);
        }
        if (t.text == "{") {
          ++pos_;
          auto m = Make(ExprKind::kMap, t.offset);
          std::vector<bool> marks;
          while (!Accept("}")) {
            marks.push_back(Accept("?"));  // `{?key: optional}`
            ExprPtr k = ParseExpr();
            if (!k || !Expect(":")) return nullptr;
            ExprPtr v = ParseExpr();
            if (!v) return nullptr;
            m->args.push_back(std::move(k));
            m->args.push_back(std::move(v));
            if (Accept("}")) break;
            if (!Expect(",")) return nullptr;
          }
          return WithOptionalEntries("@optional_map", std::move(m), marks);
        }
        if (t.text == ".") {
          // Leading dot: root-scoped identifier.
          ++pos_;
          if (Peek().kind != Tok::kIdent) {
            return Fail(Peek().offset, "expected an identifier after '.'");
          }
          std::string name = "." + Peek().text;
          int off = t.offset;
          ++pos_;
          if (IsPunct("(")) {
            ++pos_;
            std::vector<ExprPtr> args;
            if (!ParseList(")", &args)) return nullptr;
            return Call(name.substr(1), off, std::move(args));
          }
          return Ident(name, off);
        }
        return Fail(t.offset, "unexpected '" + t.text + "'");
      case Tok::kEnd:
        return Fail(t.offset, "unexpected end of expression");
      case Tok::kError:
        return Fail(t.offset, t.text);
    }
    return Fail(t.offset, "unexpected token");
  }

  ExprPtr GlobalCall(const std::string& name, int off,
                     std::vector<ExprPtr> args) {
    if (opt_.enable_macros && name == "has" && args.size() == 1) {
      if (args[0]->kind != ExprKind::kSelect) {
        return Fail(args[0]->offset,
                    "has() takes a field selection such as has(a.b)");
      }
      args[0]->test_only = true;
      return std::move(args[0]);
    }
    return Call(name, off, std::move(args));
  }

  ExprPtr MemberCall(ExprPtr target, const std::string& name, int off,
                     std::vector<ExprPtr> args) {
    if (opt_.enable_macros && target->kind == ExprKind::kIdent &&
        target->name == "cel") {
      if (ExprPtr e = CelMacro(name, off, &args)) return e;
      if (failed_) return nullptr;
    }
    if (opt_.enable_macros && (name == "optMap" || name == "optFlatMap") &&
        args.size() == 2 && args[0]->kind == ExprKind::kIdent) {
      // cel-go's expansion: t.hasValue() ? [optional.of](cel.bind(v,
      // t.value(), body)) : optional.none().
      ExprPtr again = target->Clone();
      ExprPtr has = Call("hasValue", off, Args(std::move(target)), true);
      ExprPtr value = Call("value", off, Args(std::move(again)), true);
      ExprPtr body =
          Bind(args[0]->name, std::move(value), std::move(args[1]), off);
      if (name == "optMap")
        body = Call("optional.of", off, Args(std::move(body)));
      return Call("_?_:_", off,
                  Args(std::move(has), std::move(body),
                       Call("optional.none", off, {})));
    }
    if (opt_.enable_macros) {
      bool two = args.size() == 2, three = args.size() == 3;
      // Two-variable forms: (index or key, value, ...).
      bool two_vars = args.size() >= 3 && args[0]->kind == ExprKind::kIdent &&
                      args[1]->kind == ExprKind::kIdent;
      if (two_vars &&
          ((three &&
            (name == "all" || name == "exists" || name == "existsOne" ||
             name == "exists_one" || name == "transformList" ||
             name == "transformMap" || name == "transformMapEntry")) ||
           (args.size() == 4 &&
            (name == "transformList" || name == "transformMap" ||
             name == "transformMapEntry")))) {
        return TwoVarComprehension(std::move(target), name, off,
                                   std::move(args));
      }
      if ((name == "all" || name == "exists" || name == "exists_one" ||
           name == "filter" || name == "map") &&
          (two || (three && name == "map"))) {
        if (args[0]->kind != ExprKind::kIdent) {
          return Fail(args[0]->offset, "argument must be a simple name");
        }
        return Comprehension(std::move(target), name, off, std::move(args));
      }
    }
    std::vector<ExprPtr> all;
    all.push_back(std::move(target));
    for (auto& a : args) all.push_back(std::move(a));
    return Call(name, off, std::move(all), /*member=*/true);
  }

  // cel-go's bindings and block extensions, expanded as cel-go does:
  // cel.bind(x, init, body) is a comprehension over no elements whose
  // accumulator x holds init while body is the result; cel.block([e0, e1,
  // ...], body) binds e0, e1, ... in order to the names cel.index(0),
  // cel.index(1), ... (each may use the earlier ones), and cel.iterVar(i, j)
  // is a name usable as a macro's iteration variable. Returns nullptr (and
  // leaves `args` alone) for other calls on `cel`.
  ExprPtr CelMacro(const std::string& name, int off,
                   std::vector<ExprPtr>* args) {
    auto int_arg = [&](size_t i) {
      const Expr& a = *(*args)[i];
      return a.kind == ExprKind::kConst && a.constant.kind() == Kind::kInt;
    };
    if ((name == "index" && args->size() == 1 && int_arg(0)) ||
        (name == "iterVar" && args->size() == 2 && int_arg(0) && int_arg(1))) {
      std::string id = "@" + name;
      for (const auto& a : *args) {
        id += ":" + std::to_string(a->constant.as_int());
      }
      return Ident(id, off);
    }
    if (name == "bind" && args->size() == 3) {
      if ((*args)[0]->kind != ExprKind::kIdent) {
        return Fail((*args)[0]->offset,
                    "cel.bind() variable must be a simple name");
      }
      return Bind((*args)[0]->name, std::move((*args)[1]),
                  std::move((*args)[2]), off);
    }
    if (name == "block" && args->size() == 2) {
      if ((*args)[0]->kind != ExprKind::kList) {
        return Fail((*args)[0]->offset,
                    "cel.block() takes a list of expressions");
      }
      std::vector<ExprPtr>& items = (*args)[0]->args;
      ExprPtr body = std::move((*args)[1]);
      for (size_t i = items.size(); i-- > 0;) {
        body = Bind("@index:" + std::to_string(i), std::move(items[i]),
                    std::move(body), off);
      }
      return body;
    }
    return nullptr;
  }

  const ParseOptions& opt_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  ParseError error_;
};

}  // namespace

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
  return e;
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
  *line = 1;
  *col = 1;
  for (int i = 0; i < offset && i < static_cast<int>(source.size()); ++i) {
    if (source[i] == '\n') {
      ++*line;
      *col = 1;
    } else {
      ++*col;
    }
  }
}

}  // namespace verdict::ast
