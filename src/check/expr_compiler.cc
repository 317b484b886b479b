// Type checking and lowering of one expression (see expr_compiler.h): the
// Compiler's literals, names, selects and comprehensions; its calls are in
// expr_calls.cc.
#include "src/check/expr_compiler.h"

#include <algorithm>
#include <optional>

#include "src/check/compiler.h"
#include "src/check/expr_typing.h"

namespace verdict {

using check::HasArity;
using check::IsNumeric;
using check::PrettyOperator;
using check::QualifiedName;
using check::TypeIdents;
using check::TypeOfValue;
using types::Type;
using types::TypeKind;

namespace check {

Node Compiler::Compile(const ast::Expr& e, Type* type) {
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
      std::vector<Type> ts;
      for (const auto& a : e.args) {
        ts.emplace_back();
        n.kids.push_back(Compile(*a, &ts.back()));
      }
      DecimalItems(e, &n, &ts);
      Type elem = ts.empty() ? Type::Unconstrained() : ts[0];
      for (const Type& t : ts) elem = types::Join(elem, t);
      *type = Type::List(elem);
      FoldConstantList(&n);
      return n;
    }
    case ast::ExprKind::kMap: {
      Node n;
      n.op = Op::kMap;
      n.offset = e.offset;
      Type kt = Type::Unconstrained(), vt = Type::Unconstrained();
      for (size_t i = 0; i < e.args.size(); ++i) {
        Type t;
        n.kids.push_back(Compile(*e.args[i], &t));
        Type& slot = (i % 2 == 0) ? kt : vt;
        slot = i < 2 ? t : types::Join(slot, t);
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

// Resolves a (possibly qualified) name to a node; false if unknown.
bool Compiler::ResolveName(const std::string& name, int offset, Node* out,
                           Type* type) {
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
    r->whole_used = true;
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

// A dotted name declared as one variable (directly or via the container).
bool Compiler::ResolveQualified(const std::string& q, int offset, Node* out,
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

Node Compiler::Ident(const ast::Expr& e, Type* type) {
  Node n;
  if (ResolveName(e.name, e.offset, &n, type)) return n;
  if (!env_.check_types) {
    return RuntimeError(e.offset, "undeclared reference to '" + e.name + "'",
                        type);
  }
  if (auto later = env_.later_lets.find(e.name);
      later != env_.later_lets.end()) {
    Error(e.offset, "'" + e.name + "' is a let defined at line " +
                        std::to_string(later->second) +
                        ", not above this use: lets are read in order, each "
                        "seeing only the lets above it (move '" +
                        e.name + "' up; a let cannot read itself)");
    *type = Type::Dyn();
    return Node{};
  }
  std::vector<std::string> names = env_.Names();
  for (const auto& l : locals_) names.push_back(l.first);
  std::string hint = NearestName(e.name, names);
  Error(e.offset, "undeclared reference to '" + e.name + "'" +
                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  *type = Type::Dyn();
  return Node{};
}

Node Compiler::Select(const ast::Expr& e, Type* type) {
  const ast::Expr& operand = *e.args[0];
  // A record field read compiles to its slot.
  if (operand.kind == ast::ExprKind::kIdent && !FindLocal(operand.name)) {
    const RecordBinding* r = env_.FindRecord(operand.name);
    if (r && r->shadowed_by_vars && env_.FindVar(operand.name)) r = nullptr;
    if (r) {
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
  n.set_field(e.name);
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
    } else if (env_.check_types && !ot.is_dyn() && ot.kind != TypeKind::kMap) {
      Error(e.offset, "type '" + ot.Name() + "' has no fields (selecting '" +
                          e.name + "')");
    }
  }
  return n;
}

Node Compiler::Comprehension(const ast::Expr& e, Type* type) {
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

}  // namespace check

bool CompileExpression(const ast::Expr& expr, const CompileEnv& env,
                       CompiledExpr* out, std::vector<ExprDiagnostic>* diags) {
  check::Compiler c(env, diags, &out->reads);
  out->node = c.Compile(expr, &out->type);
  return c.ok();
}

}  // namespace verdict
