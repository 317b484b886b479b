#include "src/compile/fast_paths.h"

namespace verdict {
namespace {

// Marks the slots `n` reads.
void MarkReadSlots(const Node& n, std::vector<bool>& read) {
  if ((n.op == Op::kSlot || n.op == Op::kSlotHas) && n.slot >= 0 &&
      static_cast<size_t>(n.slot) < read.size()) {
    read[n.slot] = true;
  }
  for (const Node& k : n.kids) MarkReadSlots(k, read);
}

}  // namespace

void AddFastConditions(CompiledDecision& d) {
  for (CompiledRule& r : d.rules) {
    r.fast.clear();
    r.fast.reserve(r.conditions.size());
    for (const Node& c : r.conditions) r.fast.push_back(FastCondition::From(c));
  }
}

std::optional<DirectTable> DirectTableOf(const CompiledPolicy& p) {
  if (p.decisions.size() != 1 || !p.lets.empty() || !p.uses.empty() ||
      !p.batch.empty() || p.needs_whole_record) {
    return std::nullopt;
  }
  const CompiledDecision& d = p.decisions[0];
  if (d.hit != HitPolicy::kFirst) return std::nullopt;
  for (const auto& [slot, node] : d.columns) {
    if (node.op != Op::kSlot || node.slot != slot) return std::nullopt;
  }
  const int fields = static_cast<int>(p.fields.size());
  auto output_of = [&](int slot) {
    for (size_t k = 0; k < p.outputs.size(); ++k) {
      if (p.outputs[k].second == slot) return static_cast<int>(k);
    }
    return -1;
  };
  DirectTable t;
  t.decision = &d;
  for (int target : d.targets) {
    if (output_of(target) < 0) return std::nullopt;  // not an output
  }
  t.rows.reserve(d.rules.size());  // kept with the policy: sized once
  for (const CompiledRule& r : d.rules) {
    DirectTable::Row row;
    if (r.fast.size() != r.conditions.size()) return std::nullopt;
    row.conditions.reserve(r.fast.size());
    for (const auto& fc : r.fast) {
      if (!fc || !fc->ReadsSlotsBelow(fields)) return std::nullopt;
      row.conditions.push_back(&*fc);
    }
    row.outputs.assign(p.outputs.size(), nullptr);
    for (const auto& [slot, node] : r.sets) {
      int k = output_of(slot);
      if (k < 0 || node.op != Op::kConst) return std::nullopt;
      row.outputs[k] = &node.constant;
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::optional<DirectTable> DirectFunctionOf(const FunctionDecision& fn) {
  const CompiledDecision& d = fn.decision;
  if (d.hit != HitPolicy::kFirst || d.index) return std::nullopt;
  const int params = static_cast<int>(fn.params.size());
  for (int i = 0; i < params; ++i) {
    if (fn.params[i].second != i) return std::nullopt;
  }
  for (const auto& [slot, node] : d.columns) {
    if (node.op != Op::kSlot || node.slot != slot) return std::nullopt;
  }
  auto return_of = [&](int slot) {
    for (size_t k = 0; k < fn.return_slots.size(); ++k) {
      if (fn.return_slots[k] == slot) return static_cast<int>(k);
    }
    return -1;
  };
  DirectTable t;
  t.decision = &d;
  t.rows.reserve(d.rules.size());
  for (const CompiledRule& r : d.rules) {
    DirectTable::Row row;
    if (r.fast.size() != r.conditions.size()) return std::nullopt;
    for (const auto& fc : r.fast) {
      if (!fc || fc->atom_slot(0) < 0 || fc->atom_slot(0) >= params ||
          !fc->ReadsOnlySlot(fc->atom_slot(0))) {
        return std::nullopt;
      }
      row.conditions.push_back(&*fc);
    }
    row.outputs.assign(fn.return_slots.size(), nullptr);
    for (const auto& [slot, node] : r.sets) {
      int k = return_of(slot);
      if (k < 0 || node.op != Op::kConst) return std::nullopt;
      row.outputs[k] = &node.constant;
    }
    t.rows.push_back(std::move(row));
  }
  return t;
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
      for (const auto& set : r.sets) MarkReadSlots(set.second, read);
      if (r.has_value) MarkReadSlots(*r.value, read);
    }
  }
  return read;
}

}  // namespace verdict
