// Primary expressions: literals, names, lists, maps, structs and member access.
// See parser.h.
#include "src/parse/lexer.h"
#include "src/parse/parser.h"

namespace verdict::ast {

ExprPtr Parser::Literal(const Token& t, bool negate) {
  switch (t.kind) {
    case Tok::kInt: {
      uint64_t v = t.value.as_uint();
      if (negate) {
        if (v == 9223372036854775808ULL) {
          return WithText(Const(Value::Int(INT64_MIN), t.offset), "-" + t.text);
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

ExprPtr Parser::ParseMember() {
  ExprPtr e = ParsePrimary();
  if (!e) return nullptr;
  return ParseMemberSuffix(std::move(e));
}

ExprPtr Parser::ParseMemberSuffix(ExprPtr e) {
  while (e) {
    // Each suffix is one more level: `x.a.a...` is as tall as it is long.
    // (The offset is read before `e` is moved: argument order is unspecified.)
    const int at = e->offset;
    e = Bounded(std::move(e), at);
    if (!e) return nullptr;
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

bool Parser::ParseList(std::string_view close, std::vector<ExprPtr>* out) {
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

bool Parser::ParseListEntries(std::vector<ExprPtr>* out,
                              std::vector<bool>* marks) {
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

ExprPtr Parser::WithOptionalEntries(const char* fn, ExprPtr literal,
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

ExprPtr Parser::ParseStruct(ExprPtr type_name) {
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

ExprPtr Parser::ParsePrimary() {
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
    case Tok::kIdent:
      return ParseName(t);
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
      if (t.text == "{") return ParseMapLiteral(t);
      if (t.text == ".") return ParseRootName(t);
      return Fail(t.offset, "unexpected '" + t.text + "'");
    case Tok::kEnd:
      return Fail(t.offset, "unexpected end of expression");
    case Tok::kError:
      return Fail(t.offset, t.text);
  }
  return Fail(t.offset, "unexpected token");
}

ExprPtr Parser::ParseName(const Token& t) {
  if (t.quoted)
    return Fail(t.offset, "a quoted name is only allowed after '.'");
  if (IsReservedWord(t.text)) {
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

ExprPtr Parser::ParseMapLiteral(const Token& t) {
  ++pos_;
  auto m = Make(ExprKind::kMap, t.offset);
  std::vector<bool> marks;
  while (!Accept("}")) {
    marks.push_back(Accept("?"));
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

ExprPtr Parser::ParseRootName(const Token& t) {
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

}  // namespace verdict::ast
