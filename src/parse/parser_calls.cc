// Calls, and the macros CEL expands at parse time (has, all, exists, map,
// filter, cel.bind, cel.block, optMap). See parser.h.
#include "src/parse/parser.h"

namespace verdict::ast {

ExprPtr Parser::GlobalCall(const std::string& name, int off,
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

ExprPtr Parser::MemberCall(ExprPtr target, const std::string& name, int off,
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
    return Call(
        "_?_:_", off,
        Args(std::move(has), std::move(body), Call("optional.none", off, {})));
  }
  if (opt_.enable_macros) {
    bool two = args.size() == 2, three = args.size() == 3;
    // Two-variable forms: (index or key, value, ...).
    bool two_vars = args.size() >= 3 && args[0]->kind == ExprKind::kIdent &&
                    args[1]->kind == ExprKind::kIdent;
    if (two_vars &&
        ((three && (name == "all" || name == "exists" || name == "existsOne" ||
                    name == "exists_one" || name == "transformList" ||
                    name == "transformMap" || name == "transformMapEntry")) ||
         (args.size() == 4 &&
          (name == "transformList" || name == "transformMap" ||
           name == "transformMapEntry")))) {
      return TwoVarComprehension(std::move(target), name, off, std::move(args));
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

ExprPtr Parser::CelMacro(const std::string& name, int off,
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
    return Bind((*args)[0]->name, std::move((*args)[1]), std::move((*args)[2]),
                off);
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

}  // namespace verdict::ast
