// See macros.h.
#include "src/parse/macros.h"

namespace verdict::ast {
namespace {

// Fills the loop of all / exists / exists_one over `predicate`, as
// cel-spec expands them; false for other macros.
bool Quantifier(const std::string& macro, int off, ExprPtr predicate, Expr* c) {
  auto accu = [&] { return Ident(kAccu, off); };
  if (macro == "all" || macro == "exists") {
    bool all = macro == "all";
    c->accu_init = Const(Value::Bool(all), off);
    c->loop_cond = Call("@not_strictly_false", off,
                        Args(all ? accu() : Call("!_", off, Args(accu()))));
    c->loop_step =
        Call(all ? "_&&_" : "_||_", off, Args(accu(), std::move(predicate)));
    c->result = accu();
    return true;
  }
  if (macro == "exists_one" || macro == "existsOne") {
    c->accu_init = Const(Value::Int(0), off);
    c->loop_cond = Const(Value::Bool(true), off);
    c->loop_step =
        Call("_?_:_", off,
             Args(std::move(predicate),
                  Call("_+_", off, Args(accu(), Const(Value::Int(1), off))),
                  accu()));
    c->result = Call("_==_", off, Args(accu(), Const(Value::Int(1), off)));
    return true;
  }
  return false;
}

}  // namespace

ExprPtr Bind(const std::string& var, ExprPtr init, ExprPtr body, int off) {
  auto c = Make(ExprKind::kComprehension, off);
  c->iter_var = "@unused";
  c->accu_var = var;
  c->iter_range = Make(ExprKind::kList, off);
  c->accu_init = std::move(init);
  c->loop_cond = Const(Value::Bool(false), off);
  c->loop_step = Ident(var, off);
  c->result = std::move(body);
  return c;
}

bool IsQuantifier(const std::string& macro) {
  return macro == "all" || macro == "exists" || macro == "exists_one" ||
         macro == "existsOne";
}

ExprPtr TwoVarComprehension(ExprPtr range, const std::string& macro, int off,
                            std::vector<ExprPtr> args) {
  auto c = Make(ExprKind::kComprehension, off);
  c->iter_var = args[0]->name;
  c->iter_var2 = args[1]->name;
  c->accu_var = kAccu;
  c->iter_range = std::move(range);
  auto accu = [&] { return Ident(kAccu, off); };
  if (IsQuantifier(macro)) {
    Quantifier(macro, off, std::move(args[2]), c.get());
  } else {
    bool has_filter = args.size() == 4;
    ExprPtr value = std::move(args[has_filter ? 3 : 2]);
    ExprPtr step;
    c->loop_cond = Const(Value::Bool(true), off);
    if (macro == "transformList") {
      c->accu_init = Make(ExprKind::kList, off);
      auto single = Make(ExprKind::kList, off);
      single->args.push_back(std::move(value));
      step = Call("_+_", off, Args(accu(), std::move(single)));
    } else if (macro == "transformMap") {
      c->accu_init = Make(ExprKind::kMap, off);
      step = Call("@map_insert", off,
                  Args(accu(), Ident(c->iter_var, off), std::move(value)));
    } else {
      c->accu_init = Make(ExprKind::kMap, off);
      step = Call("@map_merge", off, Args(accu(), std::move(value)));
    }
    if (has_filter) {
      step =
          Call("_?_:_", off, Args(std::move(args[2]), std::move(step), accu()));
    }
    c->loop_step = std::move(step);
    c->result = accu();
  }
  return c;
}

ExprPtr Comprehension(ExprPtr range, const std::string& macro, int off,
                      std::vector<ExprPtr> args) {
  auto c = Make(ExprKind::kComprehension, off);
  c->iter_var = args[0]->name;
  c->accu_var = kAccu;
  c->iter_range = std::move(range);
  auto accu = [&] { return Ident(kAccu, off); };
  if (IsQuantifier(macro)) {
    Quantifier(macro, off, std::move(args[1]), c.get());
  } else {
    c->accu_init = Make(ExprKind::kList, off);
    c->loop_cond = Const(Value::Bool(true), off);
    ExprPtr elem;
    ExprPtr pred;
    if (macro == "filter") {
      elem = Ident(c->iter_var, off);
      pred = std::move(args[1]);
    } else if (args.size() == 3) {
      pred = std::move(args[1]);
      elem = std::move(args[2]);
    } else {
      elem = std::move(args[1]);
    }
    auto single = Make(ExprKind::kList, off);
    single->args.push_back(std::move(elem));
    ExprPtr step = Call("_+_", off, Args(accu(), std::move(single)));
    if (pred)
      step = Call("_?_:_", off, Args(std::move(pred), std::move(step), accu()));
    c->loop_step = std::move(step);
    c->result = accu();
  }
  return c;
}

}  // namespace verdict::ast
