#include "src/compile/expressions.h"

#include <algorithm>

#include "src/parse/ast.h"
#include "src/value/text.h"

namespace verdict {

using types::Type;
using types::TypeKind;

bool CompileExprAt(CompileContext& ctx, const syntax::Scalar& s,
                   const std::string& text, int skip, const CompileEnv& env,
                   CompiledExpr* out) {
  if (ctx.budget && !ctx.budget->AllowExpression(s.pos, text.size())) {
    ctx.MarkFailed();
    return false;
  }
  ast::ParseOptions opt;
  opt.max_depth = ctx.limits().max_depth;
  opt.max_length = ctx.limits().max_expression_length;
  ast::ParseError perr;
  // `text` is s.text from `skip` on, so its offsets are the scalar's from
  // there; the scalar's map places them in the file.
  auto report = [&](int offset, const std::string& msg) {
    ctx.Error(s.PosAt(static_cast<size_t>(skip + std::max(offset, 0))), msg);
  };
  ast::ExprPtr e = ast::ParseExpression(text, opt, &perr);
  if (!e) {
    report(perr.offset, "syntax error: " + perr.message);
    return false;
  }
  bool enums_ok = true;
  if (ctx.enum_scope) {
    CheckEnumLiterals(*e, *ctx.enum_scope, ctx.call_enums,
                      [&](int offset, std::string msg) {
                        report(offset, std::move(msg));
                        enums_ok = false;
                      });
  }
  std::vector<ExprDiagnostic> diags;
  if (!CompileExpression(*e, env, out, &diags)) {
    for (const auto& d : diags) report(d.offset, d.message);
    return false;
  }
  return enums_ok;
}

bool CompileCondition(CompileContext& ctx, const syntax::Scalar& s,
                      const CompileEnv& env, Node* out,
                      std::vector<std::string>* reads, size_t skip) {
  const syntax::Pos at = skip == 0 ? s.pos : s.PosAt(skip);
  std::string tail;  // a copy only for a text after a skip
  const std::string& text = skip == 0 ? s.text : (tail = s.text.substr(skip));
  if (s.is_null || s.is_list || TrimView(text).empty()) {
    ctx.Error(at, "a condition is an expression, e.g. customer.arpu >= 60");
    return false;
  }
  CompiledExpr ce;
  if (!CompileExprAt(ctx, s, text, static_cast<int>(skip), env, &ce))
    return false;
  if (!ce.type.is_dyn() && ce.type.kind != TypeKind::kBool) {
    ctx.Error(at, "a condition must be bool, but this is " + ce.type.Name());
    return false;
  }
  *out = std::move(ce.node);
  for (auto& r : ce.reads) reads->push_back(r);
  return true;
}

Node ConstNode(Value v) {
  Node n;
  n.op = Op::kConst;
  n.constant = std::move(v);
  return n;
}

namespace {

// "=expr": an expression whose type must fit the output's.
// Whether every value of static type `have` is a value of `type` as it
// is, with no conversion: false for an enum (any string type-checks), for
// anything dyn, and for an int where money or a double is declared.
bool ProvenFits(const FieldType& type, const Type& have) {
  using B = FieldType::Base;
  if (have.kind == TypeKind::kNull) return true;
  switch (type.base) {
    case B::kDyn:
      return true;
    case B::kEnum:
      return false;
    case B::kList:
      if (have.kind != TypeKind::kList) return false;
      if (!type.elem) return true;
      return have.elem && ProvenFits(*type.elem, *have.elem);
    case B::kMap:
      return have.kind == TypeKind::kMap;
    default:
      return !have.is_dyn() && have.kind == type.CheckType().kind;
  }
}

bool ThenExpression(CompileContext& ctx, const syntax::Scalar& s,
                    const FieldType* type, const CompileEnv& env, Node* out,
                    std::vector<std::string>* reads, bool* unproven) {
  size_t eq = s.text.find('=');
  CompiledExpr ce;
  if (!CompileExprAt(ctx, s, s.text.substr(eq + 1), static_cast<int>(eq + 1),
                     env, &ce))
    return false;
  if (type) {
    std::map<std::string, Type> b;
    Type want = type->CheckType();
    bool numeric =
        (want.kind == TypeKind::kDecimal || want.kind == TypeKind::kDouble) &&
        (ce.type.kind == TypeKind::kInt || ce.type.kind == TypeKind::kDecimal);
    if (!numeric && ce.type.kind != TypeKind::kNull &&
        !types::Assignable(want, ce.type, &b)) {
      ctx.Error(s.pos, "this expression is " + ce.type.Name() +
                           ", but the output is " + type->text);
      return false;
    }
    if (unproven && !ProvenFits(*type, ce.type)) *unproven = true;
    const bool money =
        type->IsMoney() || (type->base == FieldType::Base::kList &&
                            type->elem && type->elem->IsMoney());
    if (money && ctx.places) {
      std::optional<int> places = ctx.places->Of(ce.node);
      if (places && *places > FieldType::kMoneyPlaces) {
        const std::string expr(TrimView(s.text.substr(eq + 1)));
        ctx.Warn(
            s.pos,
            "money has at most " + std::to_string(FieldType::kMoneyPlaces) +
                " decimal places, but this expression can have " +
                std::to_string(*places) +
                ": a record that needs more fails with "
                "evaluation_error; " +
                (type->IsMoney() ? "round it, e.g. =math.round(" + expr + ", 4)"
                                 : "round its items, e.g. math.round(x, 4)"));
      }
    }
  }
  for (auto& r : ce.reads) reads->push_back(r);
  *out = std::move(ce.node);
  return true;
}

// A YAML list literal, items of the list type's element type.
bool ThenList(CompileContext& ctx, const syntax::Scalar& s,
              const FieldType* type, Value* out) {
  List items;
  std::string why;
  for (const auto& item : s.items) {
    Value iv;
    if (type && type->elem) {
      if (!type->elem->FromText(item.text, item.quoted, ctx.zone(), &iv,
                                &why)) {
        ctx.Error(item.pos, why);
        return false;
      }
    } else {
      iv = InferLiteral(item.text, item.quoted);
    }
    items.push_back(std::move(iv));
  }
  if (type && type->base != FieldType::Base::kList &&
      type->base != FieldType::Base::kDyn) {
    ctx.Error(s.pos, "a list is not a " + type->text);
    return false;
  }
  *out = Value::ListOf(std::move(items));
  return true;
}

}  // namespace

bool CompileThenValue(CompileContext& ctx, const syntax::Scalar& s,
                      const FieldType* type, bool nullable,
                      const CompileEnv& env, Node* out,
                      std::vector<std::string>* reads, bool* unproven) {
  // "=expr" is an expression whether or not YAML needed quotes around it.
  if (!s.is_list && !s.is_null && TrimView(s.text).starts_with("=")) {
    return ThenExpression(ctx, s, type, env, out, reads, unproven);
  }
  if (s.is_null ||
      (!s.quoted && !s.is_list && (s.text == "null" || s.text == "~"))) {
    if (type && !nullable) {
      ctx.Error(s.pos, "null is not allowed here: the output's type '" +
                           type->text + "' is not optional (write '" +
                           type->text + "?')");
      return false;
    }
    *out = ConstNode(Value::Null());
    return true;
  }
  Value v;
  std::string why;
  if (s.is_list) {
    if (!ThenList(ctx, s, type, &v)) return false;
  } else if (type) {
    if (!type->FromText(s.text, s.quoted, ctx.zone(), &v, &why)) {
      ctx.Error(s.pos, why + " (for an output of type " + type->text + ")");
      return false;
    }
  } else {
    v = InferLiteral(s.text, s.quoted);
  }
  if (type) {
    // A literal money output beyond 4 places (or a list of them) is a
    // pack error here rather than every decision's error later.
    std::string money = type->MoneyPlacesError(v);
    if (!money.empty()) {
      ctx.Error(s.pos, money + " (for an output of type " + type->text + ")");
      return false;
    }
  }
  *out = ConstNode(std::move(v));
  return true;
}

}  // namespace verdict
