// `batch:` aggregates over the whole batch. See policy_build.h.
#include "src/compile/expressions.h"
#include "src/compile/policy_build.h"
#include "src/parse/ast.h"
#include "src/value/text.h"

namespace verdict {
namespace {

using types::Type;
using types::TypeKind;

// One aggregate; false (after reporting) when it cannot be compiled.
bool CompileAggregate(CompileContext& ctx, const syntax::Named& b,
                      PolicyBuild& build, BatchAggregate* agg, Type* type) {
  ast::ParseError perr;
  auto e = ast::ParseExpression(b.value.text, {}, &perr);
  static const std::map<std::string, BatchAggregate::Kind> kKinds = {
      {"count", BatchAggregate::Kind::kCount},
      {"sum", BatchAggregate::Kind::kSum},
      {"min", BatchAggregate::Kind::kMin},
      {"max", BatchAggregate::Kind::kMax},
      {"sorted", BatchAggregate::Kind::kSorted}};
  if (!e || e->kind != ast::ExprKind::kCall || e->member ||
      !kKinds.count(e->name) ||
      e->args.size() != (e->name == "count" ? 0u : 1u)) {
    ctx.Error(b.value.pos,
              "a batch aggregate is count(), sum(x), min(x), max(x) or "
              "sorted(x)");
    return false;
  }
  agg->name = b.name;
  agg->kind = kKinds.at(e->name);
  agg->slot = build.next_slot++;
  *type = Type::Of(TypeKind::kInt);
  if (agg->kind == BatchAggregate::Kind::kCount) return true;
  size_t open = b.value.text.find('('), close = b.value.text.rfind(')');
  std::string inner = b.value.text.substr(open + 1, close - open - 1);
  CompiledExpr ce;
  if (!CompileExprAt(ctx, b.value, inner, static_cast<int>(open + 1), build.env,
                     &ce)) {
    return false;
  }
  // sum() adds with '+', which takes numbers only: a date or text summed
  // once loaded, and failed every record of the batch at run time.
  const TypeKind k = ce.type.kind;
  if (agg->kind == BatchAggregate::Kind::kSum && k != TypeKind::kInt &&
      k != TypeKind::kUint && k != TypeKind::kDouble &&
      k != TypeKind::kDecimal && k != TypeKind::kDyn) {
    ctx.Error(b.value.PosAt(open + 1),
              "sum(x) adds numbers, but '" + Trim(inner) + "' is " +
                  ce.type.Name() +
                  ": sum an int, money, decimal or double (min(x), max(x) "
                  "and sorted(x) take other values)");
    return false;
  }
  agg->arg = std::move(ce.node);
  *type = agg->kind == BatchAggregate::Kind::kSorted ? Type::List(ce.type)
                                                     : ce.type;
  return true;
}

}  // namespace

void CompileBatchAggregates(CompileContext& ctx, PolicyBuild& b) {
  for (const auto& named : b.syntax.batch) {
    BatchAggregate agg;
    agg.slot = -1;  // until CompileAggregate gives it one
    Type t;
    if (!CompileAggregate(ctx, named, b, &agg, &t)) {
      b.ok = false;
      // Named still, when it got a slot: its uses are not also reported as
      // "undeclared reference to 'batch'".
      if (agg.slot >= 0)
        b.env.AddVariable("batch." + named.name, agg.slot, Type::Dyn());
      continue;
    }
    b.env.AddVariable("batch." + named.name, agg.slot, t);
    b.compiled->batch.push_back(std::move(agg));
  }
  b.compiled->info.batch = !b.compiled->batch.empty();
}

}  // namespace verdict
