// Type checking and lowering of one expression; see expr_compiler.h.
#include "src/check/expr_compiler.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace verdict {

using types::Type;
using types::TypeKind;

std::vector<std::string> CompileEnv::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : vars_) out.push_back(k);
  for (const auto& [k, v] : records_) out.push_back(k);
  return out;
}

std::string NearestName(const std::string& name,
                        const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& c : candidates) {
    // Internal names (operators such as "_+_", "@in") are never a hint:
    // a user cannot write them.
    auto ident = [](unsigned char ch) {
      return std::isalnum(ch) || ch == '_' || ch == '.';
    };
    if (c.empty() || std::isdigit(static_cast<unsigned char>(c[0])) ||
        !std::all_of(c.begin(), c.end(), ident)) {
      continue;
    }
    std::vector<size_t> prev(c.size() + 1), cur(c.size() + 1);
    for (size_t j = 0; j <= c.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= name.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= c.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                           prev[j - 1] + (name[i - 1] == c[j - 1] ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    if (prev[c.size()] < best_d) {
      best_d = prev[c.size()];
      best = c;
    }
  }
  return best;
}

namespace {

bool IsNumeric(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kUint ||
         k == TypeKind::kDouble || k == TypeKind::kDecimal;
}

Type TypeOfValue(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return Type::Of(TypeKind::kNull);
    case Kind::kBool:
      return Type::Of(TypeKind::kBool);
    case Kind::kInt:
      return Type::Of(TypeKind::kInt);
    case Kind::kUint:
      return Type::Of(TypeKind::kUint);
    case Kind::kDouble:
      return Type::Of(TypeKind::kDouble);
    case Kind::kDecimal:
      return Type::Of(TypeKind::kDecimal);
    case Kind::kString:
      return Type::Of(TypeKind::kString);
    case Kind::kBytes:
      return Type::Of(TypeKind::kBytes);
    case Kind::kDate:
      return Type::Of(TypeKind::kDate);
    case Kind::kTimestamp:
      return Type::Of(TypeKind::kTimestamp);
    case Kind::kDuration:
      return Type::Of(TypeKind::kDuration);
    case Kind::kType:
      return Type::Of(TypeKind::kType);
    default:
      return Type::Dyn();
  }
}

const std::map<std::string, std::string>& TypeIdents() {
  static const std::map<std::string, std::string> k = {
      {"int", "int"},
      {"uint", "uint"},
      {"double", "double"},
      {"bool", "bool"},
      {"string", "string"},
      {"bytes", "bytes"},
      {"list", "list"},
      {"map", "map"},
      {"null_type", "null_type"},
      {"optional_type", "optional_type"},
      {"net.IP", "net.IP"},
      {"net.CIDR", "net.CIDR"},
      {"type", "type"},
      {"decimal", "decimal"},
      {"date", "date"},
      {"google.protobuf.Timestamp", "google.protobuf.Timestamp"},
      {"google.protobuf.Duration", "google.protobuf.Duration"},
  };
  return k;
}

// Flattens a chain of selects on an identifier ("a.b.c"); "" if not one.
std::string QualifiedName(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kIdent) return e.name;
  if (e.kind == ast::ExprKind::kSelect && !e.test_only) {
    std::string base = QualifiedName(*e.args[0]);
    if (!base.empty()) return base + "." + e.name;
  }
  return "";
}

class Compiler {
 public:
  Compiler(const CompileEnv& env, std::vector<ExprDiagnostic>* diags,
           std::vector<std::string>* reads)
      : env_(env), diags_(diags), reads_(reads) {}

  bool ok() const { return ok_; }

  Node Compile(const ast::Expr& e, Type* type) {
    switch (e.kind) {
      case ast::ExprKind::kConst: {
        Node n;
        n.op = Op::kConst;
        n.offset = e.offset;
        n.constant = e.constant;
        *type = TypeOfValue(e.constant);
        return n;
      }
      case ast::ExprKind::kIdent:
        return Ident(e, type);
      case ast::ExprKind::kSelect:
        return Select(e, type);
      case ast::ExprKind::kCall:
        return CallExpr(e, type);
      case ast::ExprKind::kList: {
        Node n;
        n.op = Op::kList;
        n.offset = e.offset;
        Type elem = Type::Dyn();
        bool first = true;
        for (const auto& a : e.args) {
          Type t;
          n.kids.push_back(Compile(*a, &t));
          if (first) {
            elem = t;
            first = false;
          } else if (elem.kind != t.kind) {
            elem = Type::Dyn();
          }
        }
        *type = Type::List(elem);
        FoldConstantList(&n);
        return n;
      }
      case ast::ExprKind::kMap: {
        Node n;
        n.op = Op::kMap;
        n.offset = e.offset;
        Type kt = Type::Dyn(), vt = Type::Dyn();
        for (size_t i = 0; i < e.args.size(); ++i) {
          Type t;
          n.kids.push_back(Compile(*e.args[i], &t));
          Type& slot = (i % 2 == 0) ? kt : vt;
          if (i < 2) {
            slot = t;
          } else if (slot.kind != t.kind) {
            slot = Type::Dyn();
          }
        }
        *type = Type::Map(kt, vt);
        return n;
      }
      case ast::ExprKind::kStruct:
        Error(e.offset,
              "message literals ('" + e.name + "{...}') are not supported");
        *type = Type::Dyn();
        return Node{};
      case ast::ExprKind::kComprehension:
        return Comprehension(e, type);
    }
    return Node{};
  }

 private:
  void Error(int offset, std::string msg) {
    ok_ = false;
    diags_->push_back({offset, std::move(msg)});
  }

  void NoteRead(const std::string& name) {
    if (std::find(reads_->begin(), reads_->end(), name) == reads_->end()) {
      reads_->push_back(name);
    }
  }

  const CompileEnv::Var* FindLocal(const std::string& name) const {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }

  Node SlotNode(int slot, int offset) {
    Node n;
    n.op = Op::kSlot;
    n.slot = slot;
    n.offset = offset;
    return n;
  }

  // Resolves a (possibly qualified) name to a node; false if unknown.
  bool ResolveName(const std::string& name, int offset, Node* out, Type* type) {
    std::string n = name;
    bool rooted = !n.empty() && n[0] == '.';
    if (rooted) n = n.substr(1);
    if (!rooted) {
      if (const auto* local = FindLocal(n)) {
        *out = SlotNode(local->slot, offset);
        *type = local->type;
        return true;
      }
      // Container-relative candidates, longest prefix first.
      std::string prefix = env_.container;
      while (!prefix.empty()) {
        if (const auto* v = env_.FindVar(prefix + "." + n)) {
          *out = SlotNode(v->slot, offset);
          *type = v->type;
          NoteRead(prefix + "." + n);
          return true;
        }
        size_t dot = prefix.rfind('.');
        prefix = dot == std::string::npos ? "" : prefix.substr(0, dot);
      }
    }
    if (const auto* v = env_.FindVar(n)) {
      *out = SlotNode(v->slot, offset);
      *type = v->type;
      NoteRead(n);
      return true;
    }
    if (const auto* r = env_.FindRecord(n)) {
      env_.used_whole_record = true;
      *out = SlotNode(r->whole_slot, offset);
      *type = types::Object(r->type);
      return true;
    }
    if (auto it = TypeIdents().find(n); it != TypeIdents().end()) {
      out->op = Op::kConst;
      out->constant = Value::Type(it->second);
      out->offset = offset;
      *type = Type::Of(TypeKind::kType);
      return true;
    }
    return false;
  }

  // Without checking, an unknown name or function is an error at run time
  // (which `||` and `&&` may absorb), as CEL's unchecked evaluation does.
  Node RuntimeError(int offset, std::string message, Type* type) {
    Node n;
    n.op = Op::kError;
    n.offset = offset;
    n.constant = Value::Error(std::move(message));
    *type = Type::Dyn();
    return n;
  }

  // A dotted name declared as one variable (directly or via the container).
  bool ResolveQualified(const std::string& q, int offset, Node* out,
                        Type* type) {
    std::string bare = q[0] == '.' ? q.substr(1) : q;
    bool known = env_.FindVar(bare) || TypeIdents().count(bare);
    for (std::string prefix = q[0] == '.' ? "" : env_.container;
         !known && !prefix.empty();) {
      known = env_.FindVar(prefix + "." + bare) != nullptr;
      size_t dot = prefix.rfind('.');
      prefix = dot == std::string::npos ? "" : prefix.substr(0, dot);
    }
    return known && ResolveName(q, offset, out, type);
  }

  Node Ident(const ast::Expr& e, Type* type) {
    Node n;
    if (ResolveName(e.name, e.offset, &n, type)) return n;
    if (!env_.check_types) {
      return RuntimeError(e.offset, "undeclared reference to '" + e.name + "'",
                          type);
    }
    std::vector<std::string> names = env_.Names();
    for (const auto& l : locals_) names.push_back(l.first);
    std::string hint = NearestName(e.name, names);
    Error(e.offset,
          "undeclared reference to '" + e.name + "'" +
              (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    *type = Type::Dyn();
    return Node{};
  }

  Node Select(const ast::Expr& e, Type* type) {
    const ast::Expr& operand = *e.args[0];
    // A record field read compiles to its slot.
    if (operand.kind == ast::ExprKind::kIdent && !FindLocal(operand.name)) {
      if (const RecordBinding* r = env_.FindRecord(operand.name)) {
        for (size_t i = 0; i < r->type->fields.size(); ++i) {
          if (r->type->fields[i].first == e.name) {
            Node n = SlotNode(r->field_slots[i], e.offset);
            if (e.test_only) n.op = Op::kSlotHas;
            *type = e.test_only ? Type::Of(TypeKind::kBool)
                                : r->type->fields[i].second;
            NoteRead(operand.name + "." + e.name);
            return n;
          }
        }
        std::vector<std::string> names;
        for (const auto& f : r->type->fields) names.push_back(f.first);
        std::string hint = NearestName(e.name, names);
        Error(e.offset + 1,
              "record '" + operand.name + "' has no field '" + e.name + "'" +
                  (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        *type = Type::Dyn();
        return Node{};
      }
    }
    // A qualified name such as a.b.c declared as one variable.
    if (!e.test_only) {
      std::string q = QualifiedName(e);
      Node n;
      if (!q.empty() && !FindLocal(q.substr(0, q.find('.'))) &&
          ResolveQualified(q, e.offset, &n, type)) {
        return n;
      }
    }
    Type ot;
    Node n;
    n.op = e.test_only ? Op::kHas : Op::kSelect;
    n.offset = e.offset;
    n.field = e.name;
    n.kids.push_back(Compile(operand, &ot));
    *type = e.test_only ? Type::Of(TypeKind::kBool) : Type::Dyn();
    if (!e.test_only) {
      if (ot.kind == TypeKind::kObject && ot.object) {
        if (const Type* ft = ot.object->Find(e.name)) {
          *type = *ft;
        } else if (env_.check_types) {
          std::vector<std::string> names;
          for (const auto& f : ot.object->fields) names.push_back(f.first);
          std::string hint = NearestName(e.name, names);
          Error(e.offset + 1,
                "'" + ot.object->name + "' has no field '" + e.name + "'" +
                    (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
      } else if (ot.kind == TypeKind::kMap && ot.elem) {
        *type = *ot.elem;
      } else if (env_.check_types && !ot.is_dyn() &&
                 ot.kind != TypeKind::kMap) {
        Error(e.offset, "type '" + ot.Name() + "' has no fields (selecting '" +
                            e.name + "')");
      }
    }
    return n;
  }

  Node Comprehension(const ast::Expr& e, Type* type) {
    Node n;
    n.op = Op::kComprehension;
    n.offset = e.offset;
    Type range_t, init_t, cond_t, step_t;
    n.kids.push_back(Compile(*e.iter_range, &range_t));
    n.kids.push_back(Compile(*e.accu_init, &init_t));
    n.slot = env_.NewSlot();
    n.accu_slot = env_.NewSlot();
    bool two = !e.iter_var2.empty();
    if (two) n.value_slot = env_.NewSlot();
    Type iter_t = Type::Dyn(), value_t = Type::Dyn();
    if (range_t.kind == TypeKind::kList && range_t.elem) {
      iter_t = two ? Type::Of(TypeKind::kInt) : *range_t.elem;
      value_t = *range_t.elem;
    }
    if (range_t.kind == TypeKind::kMap && range_t.key) {
      iter_t = *range_t.key;
      if (range_t.elem) value_t = *range_t.elem;
    }
    if (env_.check_types && !range_t.is_dyn() &&
        range_t.kind != TypeKind::kList && range_t.kind != TypeKind::kMap) {
      Error(e.iter_range->offset,
            "expression of type '" + range_t.Name() + "' cannot be iterated");
    }
    locals_.push_back(
        {e.accu_var,
         {n.accu_slot, init_t.kind == TypeKind::kList ? Type::Dyn() : init_t}});
    locals_.push_back({e.iter_var, {n.slot, iter_t}});
    if (two) locals_.push_back({e.iter_var2, {n.value_slot, value_t}});
    n.kids.push_back(Compile(*e.loop_cond, &cond_t));
    n.kids.push_back(Compile(*e.loop_step, &step_t));
    locals_.pop_back();  // iteration variables are out of scope in the result
    if (two) locals_.pop_back();
    Type result_t;
    n.kids.push_back(Compile(*e.result, &result_t));
    locals_.pop_back();
    *type = result_t;
    // Macros that build a list or map return their accumulator; other
    // comprehensions (cel.bind) return their own result expression.
    bool returns_accu =
        e.result->kind == ast::ExprKind::kIdent && e.result->name == e.accu_var;
    if (init_t.kind == TypeKind::kList && returns_accu)
      *type = step_t.kind == TypeKind::kList ? step_t : Type::List(Type::Dyn());
    if (init_t.kind == TypeKind::kMap && returns_accu)
      *type = Type::Map(Type::Dyn(), Type::Dyn());
    return n;
  }

  // Converts a double literal to an exact decimal when combined with money.
  void DecimalContext(const std::vector<const ast::Expr*>& args,
                      std::vector<Node>& kids, std::vector<Type>& ts) {
    bool has_decimal = false;
    for (const Type& t : ts) has_decimal |= t.kind == TypeKind::kDecimal;
    if (!has_decimal) return;
    for (size_t i = 0; i < kids.size(); ++i) {
      if (kids[i].op == Op::kConst &&
          kids[i].constant.kind() == Kind::kDouble && !args[i]->text.empty()) {
        if (auto d = Decimal::Parse(args[i]->text)) {
          kids[i].constant = Value::Dec(*d);
          ts[i] = Type::Of(TypeKind::kDecimal);
        }
      }
    }
  }

  // `math.greatest(x, y)` parses as a member call on the name `math`; when
  // no variable or record of that name exists and the registry has the
  // qualified function, it is that global function.
  const Builtin* NamespacedBuiltin(const ast::Expr& e, std::string* name) {
    if (!e.member || e.args.empty()) return nullptr;
    std::string q = QualifiedName(*e.args[0]);
    if (q.empty() || q[0] == '.') return nullptr;
    std::string head = q.substr(0, q.find('.'));
    if (FindLocal(head) || env_.FindVar(q) || env_.FindRecord(head))
      return nullptr;
    *name = q + "." + e.name;
    return Registry::Standard().Find(*name);
  }

  Node CallExpr(const ast::Expr& e, Type* type) {
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
      if (const CallableBinding* cb = env_.FindCallable(callable_name)) {
        Node n;
        n.op = Op::kCallable;
        n.offset = e.offset;
        n.callable = cb->callable;
        size_t argc = args.size() - first_arg;
        if (argc != cb->params.size()) {
          Error(e.offset, "'" + callable_name + "' takes " +
                              std::to_string(cb->params.size()) +
                              " arguments, got " + std::to_string(argc));
        }
        for (size_t i = first_arg; i < args.size(); ++i) {
          Type t;
          n.kids.push_back(Compile(*args[i], &t));
          size_t p = i - first_arg;
          std::map<std::string, Type> b;
          if (env_.check_types && p < cb->params.size() &&
              !types::Assignable(cb->params[p], t, &b) &&
              !(IsNumeric(cb->params[p].kind) && IsNumeric(t.kind))) {
            Error(args[i]->offset, "argument " + std::to_string(p + 1) +
                                       " of '" + callable_name + "' must be " +
                                       cb->params[p].Name() + ", not " +
                                       t.Name());
          }
        }
        *type = cb->result;
        return n;
      }
    }

    std::vector<Node> kids;
    std::vector<Type> ts;
    for (const ast::Expr* a : args) {
      Type t;
      kids.push_back(Compile(*a, &t));
      ts.push_back(t);
    }
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
      if (fn != "!_") {
        n.op = fn == "_&&_"   ? Op::kAnd
               : fn == "_||_" ? Op::kOr
                              : Op::kNotStrictlyFalse;
        n.kids = std::move(kids);
        *type = Type::Of(TypeKind::kBool);
        return n;
      }
    }
    if (fn == "_?_:_") {
      if (env_.check_types && !ts[0].is_dyn() &&
          ts[0].kind != TypeKind::kBool) {
        Error(args[0]->offset,
              "condition of '?:' must be bool, got " + ts[0].Name());
      }
      n.op = Op::kCond;
      n.kids = std::move(kids);
      *type = (ts[1].kind == ts[2].kind)
                  ? ts[1]
                  : (ts[1].kind == TypeKind::kNull   ? ts[2]
                     : ts[2].kind == TypeKind::kNull ? ts[1]
                                                     : Type::Dyn());
      return n;
    }
    static const std::set<std::string> kDecimalOps = {
        "_+_", "_-_",  "_*_",  "_/_",  "_<_",           "_<=_",
        "_>_", "_>=_", "_==_", "_!=_", "math.greatest", "math.least"};
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
    if (fn == "matches" && kids.size() == 2 && kids[1].op == Op::kConst &&
        kids[1].constant.kind() == Kind::kString) {
      RE2::Options opt;
      opt.set_log_errors(false);
      if (env_.limits)
        opt.set_max_mem(int64_t{env_.limits->max_regex_program_size} * 1024);
      auto re = std::make_shared<const RE2>(kids[1].constant.as_string(), opt);
      if (!re->ok()) {
        Error(args[1]->offset, "invalid regular expression: " + re->error());
      } else {
        n.op = Op::kMatchesConst;
        n.regex = re;
        n.kids.push_back(std::move(kids[0]));
        *type = Type::Of(TypeKind::kBool);
        return n;
      }
    }
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
      return RuntimeError(
          e.offset, "no matching overload for '" + Pretty(fn) + "'", type);
    } else {
      *type = ResolveOverload(*b, e, ts);
    }
    if (int cmp = CompareOpOf(fn); cmp >= 0 && kids.size() == 2) {
      Node c = MakeCompare(static_cast<CompareOp>(cmp), std::move(kids[0]),
                           std::move(kids[1]));
      c.offset = e.offset;
      return c;
    }
    n.op = Op::kCall;
    n.fn = b->impl;
    n.kids = std::move(kids);
    return n;
  }

  static bool HasArity(const Builtin& b, size_t n) {
    return std::any_of(b.overloads.begin(), b.overloads.end(),
                       [&](const Overload& o) { return o.params.size() == n; });
  }

  Type ResolveOverload(const Builtin& b, const ast::Expr& e,
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
        Error(e.offset, "'" + Pretty(b.name) + "' does not take " +
                            std::to_string(ts.size()) + " argument(s)");
      } else if (env_.check_types) {
        std::string got;
        for (size_t i = 0; i < ts.size(); ++i)
          got += (i ? ", " : "") + ts[i].Name();
        Error(e.offset, "no matching overload for '" + Pretty(b.name) +
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

  static std::string Pretty(const std::string& fn) {
    static const std::map<std::string, std::string> k = {
        {"_+_", "+"},   {"_-_", "-"},   {"_*_", "*"},   {"_/_", "/"},
        {"_%_", "%"},   {"_<_", "<"},   {"_<=_", "<="}, {"_>_", ">"},
        {"_>=_", ">="}, {"_==_", "=="}, {"_!=_", "!="}, {"-_", "unary -"},
        {"@in", "in"},  {"_[_]", "[]"}};
    auto it = k.find(fn);
    return it == k.end() ? fn : it->second;
  }

  const CompileEnv& env_;
  std::vector<ExprDiagnostic>* diags_;
  std::vector<std::string>* reads_;
  std::vector<std::pair<std::string, CompileEnv::Var>> locals_;
  bool ok_ = true;
};

}  // namespace

bool CompileExpression(const ast::Expr& expr, const CompileEnv& env,
                       CompiledExpr* out, std::vector<ExprDiagnostic>* diags) {
  Compiler c(env, diags, &out->reads);
  out->node = c.Compile(expr, &out->type);
  return c.ok();
}

}  // namespace verdict
