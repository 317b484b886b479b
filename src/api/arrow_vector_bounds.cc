// LiteralUses() (arrow_vector_plan.h): where a decimal is only ever
// compared with literals, its values fall into few classes (below, on and
// between the literals) that every comparison tells apart the same way:
// the memo then keys on the class, not the value.
#include <algorithm>

#include "src/api/arrow_vector_plan.h"

namespace verdict {

namespace {

bool IsNumber(const Value& v) {
  return v.kind() == Kind::kDecimal || v.kind() == Kind::kInt ||
         v.kind() == Kind::kUint;
}

bool ParamUses(const FunctionDecision& fd, size_t i,
               std::vector<Value>* bounds);

bool Uses(const Node& n, int slot, std::vector<Value>* bounds) {
  using NOp = ::verdict::Op;
  switch (n.op) {
    case NOp::kSlot:
    case NOp::kSlotHas:
      return n.slot != slot;  // a use that is not a comparison
    case NOp::kCompareSlot:
      if (n.slot != slot) return true;
      if (!IsNumber(n.constant)) return false;
      bounds->push_back(n.constant);
      return true;
    case NOp::kCompare:
      for (int k = 0; k < 2; ++k) {
        const Node& side = n.kids[k];
        const Node& other = n.kids[1 - k];
        if (side.op == NOp::kSlot && side.slot == slot) {
          if (other.op != NOp::kConst || !IsNumber(other.constant))
            return false;
          bounds->push_back(other.constant);
          return true;
        }
      }
      break;
    case NOp::kCallable: {
      const auto* fd = dynamic_cast<const FunctionDecision*>(&n.callable());
      for (size_t i = 0; i < n.kids.size(); ++i) {
        const Node& arg = n.kids[i];
        if (arg.op != NOp::kSlot || arg.slot != slot) {
          if (!Uses(arg, slot, bounds)) return false;
          continue;
        }
        if (!fd || i >= fd->params.size() || !ParamUses(*fd, i, bounds))
          return false;
      }
      return true;
    }
    default:
      break;
  }
  for (const Node& k : n.kids) {
    if (!Uses(k, slot, bounds)) return false;
  }
  return true;
}

// Parameter i of `fd` used only in comparisons with number literals.
bool ParamUses(const FunctionDecision& fd, size_t i,
               std::vector<Value>* bounds) {
  const int p = fd.params[i].second;
  const CompiledDecision& d = fd.decision;
  for (const auto& [slot, node] : d.columns) {
    // A column that is the slot itself (a plain read) is read by the rules.
    if (node.op == ::verdict::Op::kSlot && node.slot == slot) continue;
    if (slot == p || !Uses(node, p, bounds)) return false;
  }
  for (const CompiledRule& r : d.rules) {
    if (r.conditions.empty()) {
      for (const auto& c : r.fast) {
        for (int k = 0; k < c->atom_count(); ++k) {
          if (c->atom_slot(k) != p) continue;
          if (c->is_set() || !IsNumber(c->atom_constant(k))) return false;
          bounds->push_back(c->atom_constant(k));
        }
      }
    }
    for (const Node& c : r.conditions) {
      if (!Uses(c, p, bounds)) return false;
    }
    for (const RuleOutput& o : r.sets) {
      if (o.slot == p || (o.expr && !Uses(*o.expr, p, bounds))) return false;
    }
    if (r.value && !Uses(*r.value, p, bounds)) return false;
  }
  return true;
}

}  // namespace

bool LiteralUses(const Node& n, int slot, std::vector<Value>* bounds) {
  if (!Uses(n, slot, bounds)) return false;
  // Sorted, each number once (Order() compares them exactly).
  std::sort(bounds->begin(), bounds->end(), [](const Value& a, const Value& b) {
    return *Order(a, b) == std::partial_ordering::less;
  });
  bounds->erase(
      std::unique(bounds->begin(), bounds->end(),
                  [](const Value& a, const Value& b) { return *Equal(a, b); }),
      bounds->end());
  return true;
}

}  // namespace verdict
