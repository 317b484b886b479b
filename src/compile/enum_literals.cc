// src/compile/enum_literals.h: string literals compared with enum names.
#include "src/compile/enum_literals.h"

#include <algorithm>
#include <set>

namespace verdict {

namespace {

class Checker {
 public:
  Checker(const EnumScope& scope, const CallEnums* calls,
          const std::function<void(int, std::string)>& report)
      : scope_(scope), calls_(calls), report_(report) {}

  void Walk(const ast::Expr& e) {
    if (e.kind == ast::ExprKind::kCall) {
      Compare(e);
      if (calls_) Arguments(e);
    }
    if (e.kind == ast::ExprKind::kComprehension) {
      if (e.iter_range) Walk(*e.iter_range);
      if (e.accu_init) Walk(*e.accu_init);
      std::vector<std::string> bound = {e.iter_var, e.iter_var2, e.accu_var};
      for (const std::string& n : bound) shadowed_.insert(n);
      for (const ast::ExprPtr* p : {&e.loop_cond, &e.loop_step, &e.result})
        if (*p) Walk(**p);
      for (const std::string& n : bound) shadowed_.erase(shadowed_.find(n));
    }
    for (const ast::ExprPtr& a : e.args)
      if (a) Walk(*a);
  }

 private:
  // The enum name `e` reads ("tier", "customer.cause"), or "".
  std::string NameOf(const ast::Expr& e) const {
    std::string name;
    if (e.kind == ast::ExprKind::kIdent) {
      name = e.name;
    } else if (e.kind == ast::ExprKind::kSelect && !e.test_only &&
               e.args.size() == 1 && e.args[0]->kind == ast::ExprKind::kIdent) {
      if (shadowed_.count(e.args[0]->name)) return "";
      name = e.args[0]->name + "." + e.name;
    } else {
      return "";
    }
    if (shadowed_.count(name) || !scope_.count(name)) return "";
    return name;
  }

  void Literal(const std::string& name, const ast::Expr& lit) {
    Literal(name, scope_.at(name), lit);
  }
  void Literal(const std::string& name, const std::vector<std::string>& values,
               const ast::Expr& lit) {
    if (lit.kind != ast::ExprKind::kConst ||
        lit.constant.kind() != Kind::kString) {
      return;
    }
    const std::string& s = lit.constant.as_string();
    if (std::find(values.begin(), values.end(), s) != values.end()) return;
    std::string list;
    for (const std::string& v : values) list += (list.empty() ? "" : ", ") + v;
    report_(lit.offset,
            "'" + s + "' is not one of the values of " + name + ": " + list);
  }

  // A call of a pack function: its literal arguments of enum parameters.
  // `f(a, b)` is named "f"; `p.f(a, b)`, a member call on the name p, is
  // "p.f" with the arguments after the receiver.
  void Arguments(const ast::Expr& e) {
    std::string name = e.name;
    size_t first = 0;
    if (e.member) {
      if (e.args.empty() || e.args[0]->kind != ast::ExprKind::kIdent ||
          shadowed_.count(e.args[0]->name)) {
        return;
      }
      name = e.args[0]->name + "." + e.name;
      first = 1;
    }
    auto it = calls_->find(name);
    if (it == calls_->end() || e.args.size() - first != it->second.size())
      return;
    for (size_t i = 0; i < it->second.size(); ++i) {
      const CallParam& p = it->second[i];
      if (p.enum_values)
        Literal("parameter '" + *p.name + "' of " + name, *p.enum_values,
                *e.args[first + i]);
    }
  }

  void Compare(const ast::Expr& e) {
    if (e.args.size() != 2) return;
    const ast::Expr& a = *e.args[0];
    const ast::Expr& b = *e.args[1];
    if (e.name == "_==_" || e.name == "_!=_") {
      if (std::string n = NameOf(a); !n.empty()) Literal(n, b);
      if (std::string n = NameOf(b); !n.empty()) Literal(n, a);
    } else if (e.name == "@in" && b.kind == ast::ExprKind::kList) {
      if (std::string n = NameOf(a); !n.empty()) {
        for (const ast::ExprPtr& item : b.args) Literal(n, *item);
      }
    }
  }

  const EnumScope& scope_;
  const CallEnums* calls_;
  const std::function<void(int, std::string)>& report_;
  std::multiset<std::string> shadowed_;
};

}  // namespace

void CheckEnumLiterals(const ast::Expr& e, const EnumScope& scope,
                       const CallEnums* calls,
                       const std::function<void(int, std::string)>& report) {
  if (scope.empty() && (!calls || calls->empty())) return;
  Checker(scope, calls, report).Walk(e);
}

}  // namespace verdict
