#include "src/compile/fast_paths.h"

#include <algorithm>

namespace verdict {

void MarkReadSlots(const Node& n, std::vector<bool>& read) {
  if ((n.op == Op::kSlot || n.op == Op::kSlotHas || n.op == Op::kCompareSlot) &&
      n.slot >= 0 && static_cast<size_t>(n.slot) < read.size()) {
    read[n.slot] = true;
  }
  for (const Node& k : n.kids) MarkReadSlots(k, read);
}

void AddFastConditions(CompiledDecision& d) {
  for (CompiledRule& r : d.rules) {
    if (r.conditions.empty()) continue;  // none, or elided: fast already
    r.fast.clear();
    r.fast.reserve(r.conditions.size());
    for (const Node& c : r.conditions) r.fast.push_back(FastCondition::From(c));
  }
}

namespace {

// The literal of rule `r`'s condition `i` when it is `slot == literal` with
// a string or bool literal on slot `*slot` (-1: take the first one seen);
// null otherwise.
const Value* EqualityLiteral(const CompiledRule& r, size_t i, int* slot) {
  if (i >= r.fast.size() || !r.fast[i]) return nullptr;
  const FastCondition& c = *r.fast[i];
  if (c.is_set() || c.atom_count() != 1 || c.atom_op(0) != kEq) return nullptr;
  const Value& v = c.atom_constant(0);
  if (v.kind() != Kind::kString && v.kind() != Kind::kBool) return nullptr;
  if (*slot >= 0 && c.atom_slot(0) != *slot) return nullptr;
  *slot = c.atom_slot(0);
  return &v;
}

}  // namespace

bool RulesExcludeEachOther(const CompiledDecision& d) {
  if (d.rules.size() < 2) return !d.rules.empty();
  const size_t width = d.rules[0].condition_count();
  for (size_t i = 0; i < width; ++i) {
    int slot = -1;
    std::vector<const Value*> literals;
    for (const CompiledRule& r : d.rules) {
      const Value* v = EqualityLiteral(r, i, &slot);
      if (v == nullptr) break;
      literals.push_back(v);
    }
    if (literals.size() != d.rules.size()) continue;
    std::sort(
        literals.begin(), literals.end(), [](const Value* a, const Value* b) {
          if (a->kind() != b->kind()) return a->kind() < b->kind();
          return a->kind() == Kind::kBool ? a->as_bool() < b->as_bool()
                                          : a->as_string() < b->as_string();
        });
    bool distinct = true;
    for (size_t k = 1; distinct && k < literals.size(); ++k) {
      std::optional<bool> e = Equal(*literals[k - 1], *literals[k]);
      distinct = e && !*e;
    }
    if (distinct) return true;
  }
  return false;
}

void MakeExclusiveFirstHit(CompiledDecision& d) {
  if ((d.hit == HitPolicy::kUnique || d.hit == HitPolicy::kAny) &&
      RulesExcludeEachOther(d)) {
    d.hit = HitPolicy::kFirst;
  }
}

bool ElideConditionNodes(CompiledRule& r) {
  if (r.conditions.empty()) return false;
  std::vector<std::optional<FastCondition>> fast;
  fast.reserve(r.conditions.size());
  for (const Node& c : r.conditions) {
    std::optional<FastCondition> fc = FastCondition::From(c);
    if (!fc || !fc->Rebuilds(c)) return false;
    fast.push_back(std::move(fc));
  }
  r.fast = std::move(fast);
  std::vector<Node>().swap(r.conditions);  // its buffer too
  return true;
}

namespace {

// First-hit decision `d` as a DirectTable whose row outputs follow
// `output_slots` (output k is slot output_slots[k]), or nullopt unless its
// columns are plain slot reads, every cell is a FastCondition `usable`
// accepts, and every rule sets literals to those slots only.
template <typename Usable>
std::optional<DirectTable> DirectRowsOf(const CompiledDecision& d,
                                        const std::vector<int>& output_slots,
                                        Usable usable) {
  if (d.hit != HitPolicy::kFirst) return std::nullopt;
  for (const auto& [slot, node] : d.columns) {
    if (node.op != Op::kSlot || node.slot != slot) return std::nullopt;
  }
  auto output_of = [&](int slot) {
    auto it = std::find(output_slots.begin(), output_slots.end(), slot);
    return it == output_slots.end()
               ? -1
               : static_cast<int>(it - output_slots.begin());
  };
  for (int target : d.targets) {
    if (output_of(target) < 0) return std::nullopt;  // not an output
  }
  DirectTable t;
  t.decision = &d;
  t.width = output_slots.size();
  // Kept with the policy: sized once.
  t.rows.reserve(d.rules.size());
  t.values.resize(d.rules.size() * t.width);
  for (size_t i = 0; i < d.rules.size(); ++i) {
    const CompiledRule& r = d.rules[i];
    DirectTable::Row row;
    if (r.fast.size() != r.condition_count()) return std::nullopt;
    row.conditions.reserve(r.fast.size());
    for (const auto& fc : r.fast) {
      if (!fc || !usable(*fc)) return std::nullopt;
      row.conditions.push_back(&*fc);
    }
    for (const RuleOutput& o : r.sets) {
      int k = output_of(o.slot);
      if (k < 0 || o.expr) return std::nullopt;
      t.values[i * t.width + k] = o.constant;
    }
    t.rows.push_back(std::move(row));
  }
  if (!d.index) {
    std::vector<std::vector<const FastCondition*>> conditions;
    conditions.reserve(t.rows.size());
    for (const DirectTable::Row& row : t.rows)
      conditions.push_back(row.conditions);
    t.grid = RowGrid::Build(conditions);
  }
  return t;
}

}  // namespace

std::optional<DirectTable> DirectTableOf(const CompiledPolicy& p) {
  if (p.decisions.size() != 1 || !p.lets.empty() || !p.uses.empty() ||
      !p.batch.empty() || p.needs_whole_record) {
    return std::nullopt;
  }
  std::vector<int> output_slots;
  for (const auto& [name, slot] : p.outputs) output_slots.push_back(slot);
  const int fields = static_cast<int>(p.fields.size());
  std::optional<DirectTable> t = DirectRowsOf(
      p.decisions[0], output_slots,
      [&](const FastCondition& c) { return c.ReadsSlotsBelow(fields); });
  // A row that leaves a required output null (it does not set it) is the
  // general path's evaluation_error; so is no row matching, where the
  // required output is not one the decision sets (NoRuleMatched words only
  // the decision's own targets).
  if (!t) return t;
  for (uint32_t k : p.required_outputs) {
    if (t->rows.empty()) return std::nullopt;
    for (size_t r = 0; r < t->rows.size(); ++r) {
      if (t->output(r, k).is_null()) return std::nullopt;
    }
    if (std::find(p.decisions[0].targets.begin(), p.decisions[0].targets.end(),
                  p.outputs[k].second) == p.decisions[0].targets.end())
      return std::nullopt;
  }
  return t;
}

std::optional<DirectTable> DirectFunctionOf(const FunctionDecision& fn) {
  if (fn.decision.index) return std::nullopt;
  const int params = static_cast<int>(fn.params.size());
  for (int i = 0; i < params; ++i) {
    if (fn.params[i].second != i) return std::nullopt;
  }
  // Each condition reads one parameter: CallDirect tests it on that
  // argument alone.
  return DirectRowsOf(fn.decision, fn.return_slots,
                      [&](const FastCondition& c) {
                        const int s = c.atom_slot(0);
                        return s >= 0 && s < params && c.ReadsOnlySlot(s);
                      });
}

std::vector<bool> FieldsRead(const CompiledPolicy& p) {
  std::vector<bool> read(p.fields.size(), p.needs_whole_record);
  for (const UsedPolicy& u : p.uses) {
    for (int slot : u.field_map) {
      if (slot >= 0 && static_cast<size_t>(slot) < read.size())
        read[slot] = true;
    }
  }
  for (const BatchAggregate& a : p.batch) MarkReadSlots(a.arg, read);
  for (const auto& let : p.lets) MarkReadSlots(let.second, read);
  for (const CompiledDecision& d : p.decisions) {
    for (const auto& column : d.columns) MarkReadSlots(column.second, read);
    for (const CompiledRule& r : d.rules) {
      for (const Node& c : r.conditions) MarkReadSlots(c, read);
      if (r.conditions.empty()) {  // elided: the nodes the fast forms rebuild
        for (const auto& fc : r.fast) MarkReadSlots(fc->ToNode(), read);
      }
      for (const RuleOutput& o : r.sets) {
        if (o.expr) MarkReadSlots(*o.expr, read);
      }
      if (r.has_value) MarkReadSlots(*r.value, read);
    }
  }
  return read;
}

}  // namespace verdict
