#include "src/compile/table_cells.h"

#include <cstring>
#include <string_view>

#include "src/check/builtins.h"
#include "src/check/expr_typing.h"
#include "src/compile/expressions.h"
#include "src/compile/range_cell.h"
#include "src/value/text.h"

namespace verdict {
namespace {

using types::TypeKind;

BuiltinImpl Fn(const char* name) {
  return Registry::Standard().Find(name)->impl;
}

Node SlotNode(int slot) {
  Node col;
  col.op = Op::kSlot;
  col.slot = slot;
  return col;
}

// `fn(a, b)`, with comparisons as MakeCompare() nodes.
Node CallNode(const char* fn, Node a, Node b) {
  if (int cmp = CompareOpOf(fn); cmp >= 0) {
    return MakeCompare(static_cast<CompareOp>(cmp), std::move(a), std::move(b));
  }
  Node n;
  n.op = CallOpOf(fn, 2);
  n.fn = Fn(fn);
  n.kids.reserve(2);
  n.kids.push_back(std::move(a));
  n.kids.push_back(std::move(b));
  return n;
}

// A literal typed by the column, read from a cell's operand. nullopt: not a
// literal of an untyped column (the caller compiles an expression).
std::optional<Value> UntypedLiteral(const std::string& t, bool quoted,
                                    const types::Type& col_type) {
  Value v = InferLiteral(t, quoted);
  if (col_type.kind == TypeKind::kDecimal && (v.kind() == Kind::kInt)) {
    v = Value::Dec(Decimal::FromInt(v.as_int()));
  }
  if (col_type.kind == TypeKind::kDate && v.kind() == Kind::kString) {
    if (auto d = Date::Parse(t)) v = Value::DateOf(*d);
  }
  bool plain_word = v.kind() == Kind::kString && !quoted &&
                    t.find_first_of(" .()[]+-*/<>=!&|") == std::string::npos;
  if (v.kind() != Kind::kString || quoted ||
      col_type.kind == TypeKind::kString || plain_word) {
    return v;
  }
  return std::nullopt;
}

// Whether CEL's `fn` takes (a, b): the check a `when:` comparison gets.
bool Applies(const char* fn, const types::Type& a, const types::Type& b) {
  for (const Overload& o : Registry::Standard().Find(fn)->overloads) {
    std::map<std::string, types::Type> bind;
    if (o.params.size() == 2 && types::Assignable(o.params[0], a, &bind) &&
        types::Assignable(o.params[1], b, &bind))
      return true;
  }
  return false;
}

// One operand of a cell: a literal of the column's type, or else an
// expression ("< customer.limit") that `fn` (the cell's comparison of the
// column with it) must take, as in a `when:` condition. A date written in
// a datetime column is such an expression (2026 - 11 - 20, an int): the
// error says so instead of a test that never holds.
bool Operand(CompileContext& ctx, const syntax::Scalar& cell,
             const CellColumn& column, const CompileEnv& env,
             const std::string& text, bool quoted, const syntax::Pos& pos,
             const char* fn, Node* lit, std::vector<std::string>* reads) {
  std::string t = CellOperandText(text, &quoted);
  if (column.field) {
    Value v;
    std::string why;
    if (column.field->FromText(t, quoted, ctx.zone(), &v, &why)) {
      *lit = ConstNode(std::move(v));
      return true;
    }
    if (column.field->base == FieldType::Base::kEnum) {
      ctx.Error(pos, why);
      return false;
    }
  } else if (auto v = UntypedLiteral(t, quoted, *column.type)) {
    *lit = ConstNode(std::move(*v));
    return true;
  }
  // Not a literal: an expression operand, e.g. "< customer.limit". Placed
  // from `pos` on as written (a scalar of its own, without the cell's map,
  // which is for the cell's whole text).
  syntax::Scalar sub;
  sub.pos = pos;
  CompiledExpr ce;
  if (!CompileExprAt(ctx, sub, t, 0, env, &ce)) return false;
  // A number the column's decimal cannot hold, as in a `when:` beside
  // money (ExactLiteral): an error, not a double read as another decimal.
  if (column.type->kind == TypeKind::kDecimal && ce.node.op == Op::kConst) {
    if (auto why = check::TooPreciseLiteral(t, ce.node.constant)) {
      ctx.Error(pos, *why + " (in the cell '" + t + "')");
      return false;
    }
  }
  if (env.check_types && !Applies(fn, *column.type, ce.type)) {
    ctx.Error(pos, "no matching overload for '" + check::PrettyOperator(fn) +
                       "' applied to (" + column.type->Name() + ", " +
                       ce.type.Name() + ") in the cell '" + t + "'" +
                       (Date::Parse(t) ? " (a datetime is written "
                                         "YYYY-MM-DDTHH:MM:SS)"
                                       : ""));
    return false;
  }
  for (auto& r : ce.reads) reads->push_back(r);
  *lit = std::move(ce.node);
  return true;
}

// "[a..b)" and friends, or "<op> value". nullopt: the cell has neither shape.
std::optional<bool> RangeOrComparison(CompileContext& ctx,
                                      const syntax::Scalar& cell,
                                      const CellColumn& column,
                                      const CompileEnv& env,
                                      const std::string& t, Node* out,
                                      std::vector<std::string>* reads) {
  if (std::optional<RangeCell> range = SplitRangeCell(t)) {
    Node a, b;
    if (!Operand(ctx, cell, column, env, std::string(range->lo), false,
                 cell.pos, range->closed_low ? "_>=_" : "_>_", &a, reads) ||
        !Operand(ctx, cell, column, env, std::string(range->hi), false,
                 cell.pos, range->closed_high ? "_<=_" : "_<_", &b, reads))
      return false;
    Node n;
    n.op = Op::kAnd;
    n.kids.reserve(2);
    n.kids.push_back(CallNode(range->closed_low ? "_>=_" : "_>_",
                              SlotNode(column.slot), std::move(a)));
    n.kids.push_back(CallNode(range->closed_high ? "_<=_" : "_<_",
                              SlotNode(column.slot), std::move(b)));
    *out = std::move(n);
    return true;
  }
  static const std::pair<const char*, const char*> kOps[] = {
      {"<=", "_<=_"}, {">=", "_>=_"}, {"!=", "_!=_"},
      {"==", "_==_"}, {"<", "_<_"},   {">", "_>_"}};
  for (auto [op, fn] : kOps) {
    if (!t.starts_with(op)) continue;
    std::string rest = Trim(t.substr(strlen(op)));
    syntax::Pos p = cell.pos;
    p.column += static_cast<int>(t.size() - rest.size());
    if (rest.empty()) {
      ctx.Error(cell.pos, std::string("'") + op + "' needs a value after it");
      return false;
    }
    Node lit;
    if (!Operand(ctx, cell, column, env, rest, false, p, fn, &lit, reads))
      return false;
    *out = CallNode(fn, SlotNode(column.slot), std::move(lit));
    return true;
  }
  return std::nullopt;
}

}  // namespace

bool CompileCellTest(CompileContext& ctx, const syntax::Scalar& cell,
                     const CellColumn& column, const CompileEnv& env, Node* out,
                     bool* any, std::vector<std::string>* reads) {
  *any = false;
  if (cell.is_null) {
    // A YAML null (an empty item, `~`, `null`) is a blank cell: "any" to
    // one reader, "is null" to another (README: a blank cell is refused).
    ctx.Error(cell.pos,
              "a blank cell (YAML null): write \"-\" to match any value, "
              "or an expression cell (\"=!has(COLUMN)\" or \"=COLUMN == "
              "null\") to match a missing value");
    return false;
  }
  if (cell.is_list) {
    Node list;
    list.op = Op::kList;
    for (const auto& item : cell.items) {
      Node lit;
      if (!Operand(ctx, cell, column, env, item.text, item.quoted, item.pos,
                   "_==_", &lit, reads))
        return false;
      list.kids.push_back(std::move(lit));
    }
    FoldConstantList(&list);
    *out = CallNode("@in", SlotNode(column.slot), std::move(list));
    return true;
  }
  // Quotes only satisfy YAML (">= 60" must be quoted there); they do not
  // make a cell a plain string.
  std::string t = Trim(cell.text);
  if (t == "-") {
    *any = true;
    return true;
  }
  if (t.empty()) {
    // Neither "any" nor "the empty text" goes without saying: ask.
    ctx.Error(cell.pos,
              "an empty cell: write \"-\" to match any value, or an "
              "expression cell (\"=COLUMN == ''\") to match the empty text");
    return false;
  }
  if (t.starts_with("=")) {
    // The text after the '=' (the first byte that is not blank).
    const size_t skip = cell.text.find('=') + 1;
    return CompileCondition(ctx, cell, env, out, reads, skip);
  }
  if (auto done = RangeOrComparison(ctx, cell, column, env, t, out, reads))
    return *done;
  Node lit;
  if (!Operand(ctx, cell, column, env, t, false, cell.pos, "_==_", &lit, reads))
    return false;
  *out = CallNode("_==_", SlotNode(column.slot), std::move(lit));
  return true;
}

}  // namespace verdict
