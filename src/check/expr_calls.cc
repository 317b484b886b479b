// The expression compiler's calls: builtins with their overloads,
// policy-defined callables, logic operators and constant regexes (see
// compiler.h).
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "src/check/compiler.h"
#include "src/check/expr_typing.h"
#include "src/value/digit_pattern.h"

namespace verdict::check {

namespace {

bool IsDecimalOrDecimalList(const Type& t) {
  return t.kind == TypeKind::kDecimal || (t.kind == TypeKind::kList && t.elem &&
                                          t.elem->kind == TypeKind::kDecimal);
}

// `constant`, the value of literal `e`, as an exact decimal when it is a
// double literal (`0.5`, read from its text, never through a double).
bool DecimalLiteral(const ast::Expr& e, const Value& constant, Value* out) {
  if (constant.kind() != Kind::kDouble || e.text.empty()) return false;
  auto d = Decimal::Parse(e.text);
  if (!d) return false;
  *out = Value::Dec(*d);
  return true;
}

}  // namespace

bool Compiler::ExactLiteral(const ast::Expr& e, Node* kid, Type* t) {
  Value v;
  if (kid->op != Op::kConst) return false;
  if (auto why = TooPreciseLiteral(e.text, kid->constant)) {
    Error(e.offset, *why);
    return false;
  }
  if (!DecimalLiteral(e, kid->constant, &v)) return false;
  kid->constant = std::move(v);
  *t = Type::Of(TypeKind::kDecimal);
  return true;
}

void Compiler::DecimalItems(const ast::Expr& e, Node* n,
                            std::vector<Type>* ts) {
  bool has_decimal = false;
  for (const Type& t : *ts) has_decimal |= t.kind == TypeKind::kDecimal;
  if (!has_decimal) return;
  for (size_t i = 0; i < ts->size(); ++i)
    ExactLiteral(*e.args[i], &n->kids[i], &(*ts)[i]);
}

// Converts double literals to exact decimals when combined with money: a
// literal operand (`amount * 0.05`), and a list literal of them beside a
// decimal or a list of decimals (`amount in [9.9, 19.9]`, `amounts +
// [0.5]`).
void Compiler::DecimalContext(const std::vector<const ast::Expr*>& args,
                              std::vector<Node>& kids, std::vector<Type>& ts) {
  bool has_decimal = false;
  for (const Type& t : ts) has_decimal |= IsDecimalOrDecimalList(t);
  if (!has_decimal) return;
  for (size_t i = 0; i < kids.size(); ++i) {
    if (ExactLiteral(*args[i], &kids[i], &ts[i])) continue;
    if (args[i]->kind != ast::ExprKind::kList || args[i]->args.empty() ||
        kids[i].op != Op::kConst || ts[i].kind != TypeKind::kList ||
        !ts[i].elem || ts[i].elem->kind != TypeKind::kDouble) {
      continue;
    }
    // A folded list literal of double literals: each item from its text.
    const List& items = kids[i].constant.as_list();
    List exact(items.size());
    size_t k = 0;
    while (k < items.size() &&
           DecimalLiteral(*args[i]->args[k], items[k], &exact[k])) {
      ++k;
    }
    if (k < items.size()) {
      if (auto why = TooPreciseLiteral(args[i]->args[k]->text, items[k]))
        Error(args[i]->args[k]->offset, *why);
      continue;
    }
    if (k != items.size()) continue;
    kids[i].constant = Value::ListOf(std::move(exact));
    ts[i] = Type::List(Type::Of(TypeKind::kDecimal));
  }
}

// `math.greatest(x, y)` parses as a member call on the name `math`; when
// no variable or record of that name exists and the registry has the
// qualified function, it is that global function.
const Builtin* Compiler::NamespacedBuiltin(const ast::Expr& e,
                                           std::string* name) {
  if (!e.member || e.args.empty()) return nullptr;
  std::string q = QualifiedName(*e.args[0]);
  if (q.empty() || q[0] == '.') return nullptr;
  std::string head = q.substr(0, q.find('.'));
  if (FindLocal(head) || env_.FindVar(q) || env_.FindRecord(head))
    return nullptr;
  *name = q + "." + e.name;
  return Registry::Standard().Find(*name);
}

// A call of a policy-defined callable (a function decision or a used
// policy's function): arguments `args[first_arg..]`, checked against its
// parameters.
Node Compiler::CallableCall(const ast::Expr& e,
                            const std::vector<const ast::Expr*>& args,
                            const std::string& name, size_t first_arg,
                            const CallableBinding& cb, Type* type) {
  Node n;
  n.op = Op::kCallable;
  n.offset = e.offset;
  n.set_callable(cb.callable);
  size_t argc = args.size() - first_arg;
  if (argc != cb.params.size()) {
    Error(e.offset, "'" + name + "' takes " + std::to_string(cb.params.size()) +
                        " arguments, got " + std::to_string(argc));
  }
  for (size_t i = first_arg; i < args.size(); ++i) {
    Type t;
    n.kids.push_back(Compile(*args[i], &t));
    size_t p = i - first_arg;
    std::map<std::string, Type> b;
    if (env_.check_types && p < cb.params.size() &&
        !types::Assignable(cb.params[p], t, &b) &&
        !(IsNumeric(cb.params[p].kind) && IsNumeric(t.kind))) {
      Error(args[i]->offset, "argument " + std::to_string(p + 1) + " of '" +
                                 name + "' must be " + cb.params[p].Name() +
                                 ", not " + t.Name());
    }
  }
  *type = cb.result;
  return n;
}

// `&&`, `||`, `!`, CEL's @not_strictly_false and `?:`, whose operands are
// checked here; nullopt for any other function (and for `!`, which then
// continues as an ordinary builtin).
std::optional<Node> Compiler::LogicOrCond(
    const ast::Expr& e, const std::vector<const ast::Expr*>& args,
    std::vector<Node>& kids, const std::vector<Type>& ts, Type* type) {
  const std::string& fn = e.name;
  Node n;
  n.offset = e.offset;
  if (fn == "_&&_" || fn == "_||_" || fn == "!_" ||
      fn == "@not_strictly_false") {
    for (size_t i = 0; i < ts.size(); ++i) {
      if (env_.check_types && !ts[i].is_dyn() &&
          ts[i].kind != TypeKind::kBool) {
        Error(args[i]->offset, "'" +
                                   std::string(fn == "_&&_"   ? "&&"
                                               : fn == "_||_" ? "||"
                                                              : "!") +
                                   "' needs bool operands, got " +
                                   ts[i].Name());
      }
    }
    if (fn == "!_") return std::nullopt;
    n.op = fn == "_&&_"   ? Op::kAnd
           : fn == "_||_" ? Op::kOr
                          : Op::kNotStrictlyFalse;
    n.kids = std::move(kids);
    *type = Type::Of(TypeKind::kBool);
    return n;
  }
  if (fn != "_?_:_") return std::nullopt;
  if (env_.check_types && !ts[0].is_dyn() && ts[0].kind != TypeKind::kBool) {
    Error(args[0]->offset,
          "condition of '?:' must be bool, got " + ts[0].Name());
  }
  n.op = Op::kCond;
  n.kids = std::move(kids);
  // Either branch's value: their join (a map of bool keys or one of mixed
  // keys is a map(dyn, dyn)); a null branch gives way to the other.
  *type = ts[1].kind == TypeKind::kNull   ? ts[2]
          : ts[2].kind == TypeKind::kNull ? ts[1]
                                          : types::Join(ts[1], ts[2]);
  return n;
}

// `s.matches(re)` with a constant pattern: the regex compiled once.
// nullopt when the pattern is not a constant string or does not compile
// (then reported, and the call stays an ordinary builtin).
std::optional<Node> Compiler::MatchesConst(
    const ast::Expr& e, const std::vector<const ast::Expr*>& args,
    std::vector<Node>& kids, Type* type) {
  if (e.name != "matches" || kids.size() != 2 || kids[1].op != Op::kConst ||
      kids[1].constant.kind() != Kind::kString) {
    return std::nullopt;
  }
  RE2::Options opt;
  opt.set_log_errors(false);
  if (env_.limits)
    opt.set_max_mem(int64_t{env_.limits->max_regex_program_size} * 1024);
  auto re = std::make_shared<const RE2>(kids[1].constant.as_string(), opt);
  if (!re->ok()) {
    Error(args[1]->offset, "invalid regular expression: " + re->error());
    return std::nullopt;
  }
  Node n;
  n.offset = e.offset;
  n.op = Op::kMatchesConst;
  n.set_regex(re);
  n.kids.push_back(std::move(kids[0]));
  *type = Type::Of(TypeKind::kBool);
  return n;
}

// `first_pattern(x, [...])` with a constant list: each text a digit
// pattern, reported at its item (else every record reaching the call
// failed). A params list is checked where params are compiled.
void Compiler::DigitPatternsConst(const ast::Expr& e,
                                  const std::vector<const ast::Expr*>& args,
                                  const std::vector<Node>& kids) {
  if (e.name != "first_pattern" || e.member || kids.size() != 2 ||
      kids[1].op != Op::kConst || kids[1].constant.kind() != Kind::kList) {
    return;
  }
  const List& items = kids[1].constant.as_list();
  const bool literal = args[1]->kind == ast::ExprKind::kList &&
                       args[1]->args.size() == items.size();
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind() != Kind::kString) continue;  // no overload: typed
    DigitPattern p = DigitPattern::Compile(items[i].as_string());
    if (p.ok()) continue;
    Error(literal ? args[1]->args[i]->offset : args[1]->offset,
          "invalid digit pattern '" + items[i].as_string() + "': " + p.error());
  }
}

// `trim(s) == ''` (either side; `!=` as its negation), the usual test
// for a blank text, as one call that reads `s` in place and builds no
// trimmed copy: "@trim_is_empty" answers what the comparison would, and
// trim's own error for anything but a string. nullopt for other shapes.
namespace {
std::optional<Node> TrimIsEmpty(CompareOp op, std::vector<Node>& kids) {
  if (op != kEq && op != kNe) return std::nullopt;
  const Registry& r = Registry::Standard();
  auto is_trim = [&](const Node& k) {
    return k.op == Op::kCall && k.kids.size() == 1 &&
           k.fn == r.Find("trim")->impl;
  };
  auto is_empty_text = [](const Node& k) {
    return k.op == Op::kConst && k.constant.kind() == Kind::kString &&
           k.constant.as_string().empty();
  };
  int call = -1;
  if (is_trim(kids[0]) && is_empty_text(kids[1])) call = 0;
  if (is_trim(kids[1]) && is_empty_text(kids[0])) call = 1;
  if (call < 0) return std::nullopt;
  Node n = std::move(kids[call]);
  n.fn = r.Find("@trim_is_empty")->impl;
  if (op == kEq) return n;
  Node negated;
  negated.op = Op::kNot;
  negated.fn = r.Find("!_")->impl;
  negated.kids.push_back(std::move(n));
  return negated;
}
}  // namespace

Node Compiler::CallExpr(const ast::Expr& e, Type* type) {
  if (std::string q; NamespacedBuiltin(e, &q)) {
    ast::Expr global;
    global.kind = ast::ExprKind::kCall;
    global.offset = e.offset;
    global.name = q;
    for (size_t i = 1; i < e.args.size(); ++i)
      global.args.push_back(e.args[i]->Clone());
    return CallExpr(global, type);
  }
  const std::string& fn = e.name;
  std::vector<const ast::Expr*> args;
  for (const auto& a : e.args) args.push_back(a.get());

  // Policy-defined callables: `policy.fn(...)` or `fn(...)`.
  std::string callable_name = fn;
  size_t first_arg = 0;
  if (e.member) {
    std::string q = QualifiedName(*e.args[0]);
    if (!q.empty() && !FindLocal(q) && env_.FindCallable(q + "." + fn)) {
      callable_name = q + "." + fn;
      first_arg = 1;
    } else {
      callable_name.clear();
    }
  }
  if (!callable_name.empty()) {
    if (const CallableBinding* cb = env_.FindCallable(callable_name))
      return CallableCall(e, args, callable_name, first_arg, *cb, type);
  }

  std::vector<Node> kids;
  std::vector<Type> ts;
  for (const ast::Expr* a : args) {
    Type t;
    kids.push_back(Compile(*a, &t));
    ts.push_back(t);
  }
  if (auto logic = LogicOrCond(e, args, kids, ts, type)) return *logic;
  Node n;
  n.offset = e.offset;
  static const std::set<std::string> kDecimalOps = {
      "_+_",  "_-_",  "_*_",  "_/_", "_<_",           "_<=_",      "_>_",
      "_>=_", "_==_", "_!=_", "@in", "math.greatest", "math.least"};
  if (kDecimalOps.count(fn)) DecimalContext(args, kids, ts);

  const Builtin* b = Registry::Standard().Find(fn);
  if (b == nullptr && !env_.check_types) {
    return RuntimeError(e.offset, "unknown function '" + fn + "'", type);
  }
  if (b == nullptr) {
    std::string hint = NearestName(fn, Registry::Standard().Names());
    Error(e.offset,
          "unknown function '" + fn + "'" +
              (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    *type = Type::Dyn();
    return n;
  }
  if (!env_.has_calendar && (fn == "add_workdays" || fn == "is_workday")) {
    Error(e.offset, "'" + fn +
                        "' counts working days, but the pack has no "
                        "calendar (add calendar.yaml, or name one in "
                        "pack.yaml with 'calendar: FILE')");
  }
  if (auto m = MatchesConst(e, args, kids, type)) return *m;
  DigitPatternsConst(e, args, kids);
  if (b->check) {
    // Functions whose typing no fixed signature list expresses
    // (variadic ones such as math.greatest) check themselves.
    std::string why;
    *type = b->check(ts, &why);
    if (!why.empty() && env_.check_types) Error(e.offset, why);
    if (!why.empty() && !env_.check_types)
      return RuntimeError(e.offset, why, type);
  } else if (!env_.check_types && !HasArity(*b, ts.size())) {
    // Unchecked, a call with no overload of its arity fails when run.
    return RuntimeError(e.offset,
                        "no matching overload for '" + PrettyOperator(fn) + "'",
                        type);
  } else {
    *type = ResolveOverload(*b, e, ts);
  }
  if (int cmp = CompareOpOf(fn); cmp >= 0 && kids.size() == 2) {
    // An int literal compared with a decimal (`spend > 0`) compares by
    // value, as the same decimal: held as one, the comparison is a fast
    // decimal one (FastCondition, the table index) instead of a mixed-kind
    // compare through the interpreter.
    for (int i : {0, 1}) {
      if (kids[i].op == Op::kConst && kids[i].constant.kind() == Kind::kInt &&
          ts[1 - i].kind == TypeKind::kDecimal) {
        kids[i].constant =
            Value::Dec(Decimal::FromInt(kids[i].constant.as_int()));
      }
    }
    if (auto blank = TrimIsEmpty(static_cast<CompareOp>(cmp), kids)) {
      blank->offset = e.offset;
      return *std::move(blank);
    }
    Node c = MakeCompare(static_cast<CompareOp>(cmp), std::move(kids[0]),
                         std::move(kids[1]));
    c.offset = e.offset;
    return c;
  }
  // `!x` and `x in c` are typed and checked as the builtins they are, and
  // run as Op::kNot and Op::kIn.
  n.op = CallOpOf(fn, kids.size());
  n.fn = b->impl;
  n.kids = std::move(kids);
  if (fn == "_+_" && n.kids.size() == 2 && n.kids[1].op == Op::kList &&
      ts[0].kind == TypeKind::kList) {
    // `list + [a, b]`: one call that appends the items (their list was
    // only ever the sum's operand).
    Node literal = std::move(n.kids[1]);
    n.kids.pop_back();
    for (Node& item : literal.kids) n.kids.push_back(std::move(item));
    n.fn = Registry::Standard().Find("@list_append")->impl;
  }
  return n;
}

Type Compiler::ResolveOverload(const Builtin& b, const ast::Expr& e,
                               const std::vector<Type>& ts) {
  // Equality and ordering accept any mix of numeric kinds.
  if ((b.name == "_==_" || b.name == "_!=_") && ts.size() == 2) {
    if (IsNumeric(ts[0].kind) && IsNumeric(ts[1].kind))
      return Type::Of(TypeKind::kBool);
    if (ts[0].kind == TypeKind::kNull || ts[1].kind == TypeKind::kNull)
      return Type::Of(TypeKind::kBool);
  }
  std::vector<const Overload*> matches;
  for (const Overload& o : b.overloads) {
    if (o.params.size() != ts.size()) continue;
    std::map<std::string, Type> bind;
    bool ok = true;
    for (size_t i = 0; i < ts.size() && ok; ++i)
      ok = types::Assignable(o.params[i], ts[i], &bind);
    if (ok) matches.push_back(&o);
  }
  if (matches.empty()) {
    bool arity = std::any_of(
        b.overloads.begin(), b.overloads.end(),
        [&](const Overload& o) { return o.params.size() == ts.size(); });
    if (!arity) {
      Error(e.offset, "'" + PrettyOperator(b.name) + "' does not take " +
                          std::to_string(ts.size()) + " argument(s)");
    } else if (env_.check_types) {
      std::string got;
      for (size_t i = 0; i < ts.size(); ++i)
        got += (i ? ", " : "") + ts[i].Name();
      Error(e.offset, "no matching overload for '" + PrettyOperator(b.name) +
                          "' applied to (" + got + ")");
    }
    return Type::Dyn();
  }
  std::map<std::string, Type> bind;
  for (size_t i = 0; i < ts.size(); ++i)
    types::Assignable(matches[0]->params[i], ts[i], &bind);
  Type r = types::Substitute(matches[0]->result, bind);
  for (const Overload* o : matches) {
    std::map<std::string, Type> b2;
    for (size_t i = 0; i < ts.size(); ++i)
      types::Assignable(o->params[i], ts[i], &b2);
    if (types::Substitute(o->result, b2).kind != r.kind) return Type::Dyn();
  }
  return r;
}
}  // namespace verdict::check
