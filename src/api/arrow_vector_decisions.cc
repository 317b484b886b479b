// The decisions of VectorPlan::Make() (arrow_vector_compiler.h): a
// decision whose outcome is a function of coded columns (run by a memo),
// else its rules compiled; and the runs of such decisions as steps.
#include <algorithm>

#include "src/api/arrow_vector_compiler.h"
#include "src/evaluate/direct_table_eval.h"

namespace verdict {

// Whether `n` reads any of `slots` (directly or in its kids).
bool ReadsAny(const Node& n, const std::vector<int>& slots) {
  using NOp = ::verdict::Op;
  if ((n.op == NOp::kSlot || n.op == NOp::kSlotHas ||
       n.op == NOp::kCompareSlot) &&
      std::find(slots.begin(), slots.end(), n.slot) != slots.end()) {
    return true;
  }
  for (const Node& k : n.kids) {
    if (ReadsAny(k, slots)) return true;
  }
  return false;
}

VExpr Const(const Value& v) {
  VExpr e;
  e.op = VExpr::Op::kConst;
  e.value = v;
  return e;
}

// Target `t`'s value in rule `r`: one kind across the rules.
bool Compiler::Unify(VDecision::Rule& r, size_t t, VDecision* out) {
  std::unique_ptr<VExpr>& e = r.sets[t];
  if (!e) return true;
  if (e->op == VExpr::Op::kConst && e->value.is_null()) {
    e.reset();  // null whatever the target's kind
    return true;
  }
  VKind& kind = out->target_kinds[t];
  if (e->op == VExpr::Op::kConst) {
    if (kind == VKind::kDec && e->value.kind() == Kind::kDecimal) {
      e->kind = VKind::kDec;
      e->literal = e->value.as_decimal().mantissa();
      e->scale = e->value.as_decimal().scale();
    } else if (kind == VKind::kStr && e->value.kind() == Kind::kString) {
      e->kind = VKind::kStr;
    }
  }
  // Texts in a kDict target are coded as they come (VRun::Target).
  if (e->kind != kind && !(kind == VKind::kDict && e->kind == VKind::kStr))
    return false;
  if (e->scale > 4) return false;  // see kLiteralLimit
  out->target_scales[t] = std::max(out->target_scales[t], e->scale);
  return true;
}

// Whether `d`'s outcome is a function of kDict slots (collected into
// out->reads): every node reads only such slots, but for a first hit's
// outputs that copy a kDec slot as it is (`amount: =total`), recorded in
// out->pass. Such a target is kDec; its other rules set it to a decimal
// literal or null, or leave it.
bool Compiler::Finite(const CompiledDecision& d, const Scope& s,
                      VDecision* out) {
  std::vector<int>* reads = &out->reads;
  // Texts too: a row's key is then a hash of its bytes (VRun::Lookup).
  bool text = false;
  auto reads_finite = [&](const Node& n) {
    return MemoReads(n, s, reads, &text);
  };
  for (const auto& [slot, node] : d.columns) {
    if (!reads_finite(node)) return false;
  }
  const bool first = d.hit == HitPolicy::kFirst;
  out->pass.assign(first ? d.targets.size() : 0,
                   std::vector<int>(d.rules.size(), -1));
  for (size_t r = 0; r < d.rules.size(); ++r) {
    const CompiledRule& rule = d.rules[r];
    for (size_t i = 0; i < rule.condition_count(); ++i) {
      if (rule.conditions.empty()) {
        const FastCondition& c = *rule.fast[i];
        if (!c.ReadsSlotsBelow(s.frame_size)) return false;
        for (int k = 0; k < c.atom_count(); ++k) {
          const int slot = c.atom_slot(k);
          if (!s.assigned[slot]) continue;
          if (s.kinds[slot] != VKind::kDict) return false;
          if (std::find(reads->begin(), reads->end(), slot) == reads->end())
            reads->push_back(slot);
        }
      } else if (!reads_finite(rule.conditions[i])) {
        return false;
      }
    }
    for (const RuleOutput& o : rule.sets) {
      if (!o.expr || reads_finite(*o.expr)) continue;
      const auto t = std::find(d.targets.begin(), d.targets.end(), o.slot);
      const int from = o.expr->slot;
      if (!first || t == d.targets.end() ||
          o.expr->op != ::verdict::Op::kSlot || from < 0 ||
          from >= s.frame_size || !s.assigned[from] ||
          s.kinds[from] != VKind::kDec) {
        return false;
      }
      out->pass[t - d.targets.begin()][r] = from;
    }
    if (rule.value && !reads_finite(*rule.value)) return false;
  }
  // A target some rule copies a decimal into: the others' values must be
  // decimal literals or null.
  out->target_kinds.assign(d.targets.size(), VKind::kDict);
  out->target_scales.assign(d.targets.size(), 0);
  for (size_t t = 0; t < out->pass.size(); ++t) {
    const auto& from = out->pass[t];
    if (std::all_of(from.begin(), from.end(), [](int f) { return f < 0; }))
      continue;
    out->target_kinds[t] = VKind::kDec;
    for (size_t r = 0; r < d.rules.size(); ++r) {
      int scale = from[r] >= 0 ? s.scales[from[r]] : 0;
      for (const RuleOutput& o : d.rules[r].sets) {
        if (o.slot != d.targets[t] || from[r] >= 0) continue;
        const Value& v = o.constant;
        if (o.expr || !(v.is_null() || v.kind() == Kind::kDecimal))
          return false;
        if (!v.is_null()) scale = v.as_decimal().scale();
      }
      if (scale > 4) return false;
      out->target_scales[t] = std::max(out->target_scales[t], scale);
    }
  }
  return true;
}

bool Compiler::Decision(const CompiledDecision& d, Scope& s, VDecision* out) {
  out->d = &d;
  if (Finite(d, s, out)) {
    out->memo_targets = d.hit == HitPolicy::kCollect
                            ? std::vector<int>{d.into_slot}
                            : d.targets;
    for (size_t k = 0; k < out->memo_targets.size(); ++k) {
      const int t = out->memo_targets[k];
      if (t < 0 || t >= s.frame_size || s.assigned[t]) return false;
      s.assigned[t] = true;
      const bool dec =
          k < out->target_kinds.size() && out->target_kinds[k] == VKind::kDec;
      s.kinds[t] = dec ? VKind::kDec : VKind::kDict;
      s.scales[t] = dec ? out->target_scales[k] : 0;
    }
    // Table columns the decision computes are written in the memo's frame.
    for (const auto& [slot, node] : d.columns) s.assigned[slot] = true;
    out->memo = static_cast<int>(plan.memo_frames.size());
    plan.memo_frames.push_back(s.frame_size);
    return true;
  }
  out->pass.clear();
  out->reads.clear();
  if (d.index || d.rules.size() > 64) return false;
  if (d.hit != HitPolicy::kFirst && d.hit != HitPolicy::kCollect) return false;
  for (const auto& [slot, node] : d.columns) {
    if (node.op == ::verdict::Op::kSlot && node.slot == slot) continue;
    auto e = Compile(node, s);
    if (!e) return false;
    s.kinds[slot] = e->kind;
    s.scales[slot] = e->scale;
    s.assigned[slot] = true;
    out->columns.emplace_back(slot, std::move(*e));
  }
  if (d.hit == HitPolicy::kCollect && d.rules.size() > 12) return false;
  out->targets = d.targets;
  out->target_kinds.assign(d.targets.size(), VKind::kDict);
  out->target_scales.assign(d.targets.size(), 0);
  for (const CompiledRule& r : d.rules) {
    VDecision::Rule rule;
    for (size_t i = 0; i < r.condition_count(); ++i) {
      const Node* c =
          &(r.conditions.empty() ? plan.nodes.emplace_back(r.fast[i]->ToNode())
                                 : r.conditions[i]);
      auto e = Compile(*c, s);
      if (!e) return false;
      rule.conditions.push_back(std::move(*e));
    }
    if (d.hit == HitPolicy::kCollect) {
      if (r.has_value) {
        if (r.value->op != ::verdict::Op::kConst) return false;
        out->collected.push_back(r.value->constant);
      } else {
        MapEntries m;
        for (size_t i = 0; i < r.sets.size(); ++i) {
          if (r.sets[i].expr) return false;
          m.emplace_back((*r.set_keys)[i], r.sets[i].constant);
        }
        out->collected.push_back(Value::MapOf(std::move(m)));
      }
    } else {
      rule.sets.resize(d.targets.size());
      for (const RuleOutput& o : r.sets) {
        auto t = std::find(d.targets.begin(), d.targets.end(), o.slot);
        // A value that reads what the rule sets before it (written in
        // order) is left to the per-row path.
        if (t == d.targets.end() || (o.expr && ReadsAny(*o.expr, d.targets)))
          return false;
        auto e = o.expr ? Compile(*o.expr, s) : Const(o.constant);
        if (!e) return false;
        rule.sets[t - d.targets.begin()] =
            std::make_unique<VExpr>(std::move(*e));
      }
    }
    out->rules.push_back(std::move(rule));
  }
  for (int t : d.hit == HitPolicy::kCollect ? std::vector<int>{d.into_slot}
                                            : d.targets) {
    if (t < 0 || t >= s.frame_size || s.assigned[t]) return false;
    s.assigned[t] = true;
  }
  if (d.hit == HitPolicy::kCollect) {
    s.kinds[d.into_slot] = VKind::kDict;
    s.scales[d.into_slot] = 0;
    return true;
  }
  // A target's kind: kDec if a value is, else kDict if a value is (texts
  // then coded too), else kStr if a value is, else kDict (constants).
  for (size_t t = 0; t < d.targets.size(); ++t) {
    bool dec = false, dict = false, str = false;
    for (const VDecision::Rule& r : out->rules) {
      const VExpr* e = r.sets[t].get();
      if (!e || e->op == VExpr::Op::kConst) continue;
      dec |= e->kind == VKind::kDec;
      dict |= e->kind == VKind::kDict;
      str |= e->kind == VKind::kStr;
    }
    out->target_kinds[t] = dec    ? VKind::kDec
                           : dict ? VKind::kDict
                           : str  ? VKind::kStr
                                  : VKind::kDict;
    for (VDecision::Rule& r : out->rules) {
      if (!Unify(r, t, out)) return false;
    }
    s.kinds[d.targets[t]] = out->target_kinds[t];
    s.scales[d.targets[t]] = out->target_scales[t];
  }
  out->no_match_fails = NoRuleMatched(d).has_value();
  return true;
}

// The decisions as steps: each run of consecutive finite decisions one
// step, keyed by what its decisions read from outside it.
std::vector<VChain> Steps(const std::vector<VDecision>& decisions) {
  std::vector<VChain> steps;
  for (size_t k = 0; k < decisions.size();) {
    VChain step;
    step.first = k;
    step.memo = decisions[k].memo;
    size_t j = k + 1;
    if (step.memo >= 0) {
      std::vector<int> set;
      for (j = k; j < decisions.size() && decisions[j].memo >= 0; ++j) {
        for (int r : decisions[j].reads) {
          if (std::find(set.begin(), set.end(), r) == set.end() &&
              std::find(step.reads.begin(), step.reads.end(), r) ==
                  step.reads.end()) {
            step.reads.push_back(r);
          }
        }
        const VDecision& d = decisions[j];
        set.insert(set.end(), d.memo_targets.begin(), d.memo_targets.end());
        for (const auto& [slot, node] : d.d->columns) {
          // A computed column (a plain one is the slot it reads).
          if (node.op != ::verdict::Op::kSlot || node.slot != slot)
            set.push_back(slot);
        }
      }
    }
    step.count = j - k;
    steps.push_back(std::move(step));
    k = j;
  }
  return steps;
}

}  // namespace verdict
