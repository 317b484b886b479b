// src/evaluate/direct_table_eval.h: deciding a direct table without the
// interpreter.
#include "src/evaluate/direct_table_eval.h"

#include <utility>

#include "src/program/fast_condition.h"
#include "src/program/table_index.h"
#include "src/value/recycle.h"

namespace verdict {

std::optional<RecordError> NoRuleMatched(const CompiledDecision& d) {
  for (size_t i = 0; i < d.targets.size(); ++i) {
    if (!d.target_nullable[i]) {
      return RecordError{"no_rule_matched",
                         "no rule of decision '" + d.id + "' matched, so '" +
                             d.target_names[i] + "' has no value",
                         ""};
    }
  }
  return std::nullopt;
}

bool DirectWinner(const DirectTable& t, const Frame& f, int* winner) {
  RowCursor rows = CandidateRules(t.decision->index.get(), t.rows.size(), f);
  for (int k = rows.Next(); k >= 0; k = rows.Next()) {
    bool match = true;
    if (!rows.exact()) {  // else the index has decided the row's cells
      for (const FastCondition* c : t.rows[k].conditions) {
        Truth truth = c->Test(f);
        if (truth == Truth::kOther) return false;
        if (truth == Truth::kFalse) {
          match = false;
          break;
        }
      }
    }
    if (match) {
      *winner = k;
      return true;
    }
  }
  *winner = -1;
  return true;
}

bool DecideDirect(const CompiledPolicy& p, const DirectTable& t, const Frame& f,
                  Decision& out) {
  int winner = -1;
  if (!DirectWinner(t, f, &winner)) return false;
  const bool same_policy = out.policy == p.info.name;
  if (!same_policy) out.policy = p.info.name;
  out.error.reset();
  out.trace.clear();
  if (winner < 0) {
    if (auto err = NoRuleMatched(*t.decision)) {
      out.outputs.clear();
      out.error = std::move(err);
      return true;
    }
  }
  const size_t n = p.outputs.size();
  if (!same_policy || out.outputs.size() != n) {
    out.outputs.clear();
    out.outputs.reserve(n);
    for (const auto& [name, slot] : p.outputs)
      out.outputs.emplace_back(name, Value());
  }
  // Plain pointers: a store into an output may alias anything as far as
  // the compiler knows, which would reload every size and base per output.
  auto* dst = out.outputs.data();
  if (winner < 0) {
    for (size_t k = 0; k < n; ++k) dst[k].second.Reset();
    return true;
  }
  const Value* row = t.values.data() + winner * t.width;
  for (size_t k = 0; k < n; ++k) dst[k].second = row[k];
  return true;
}

std::optional<Value> CallDirect(const FunctionDecision& fn,
                                std::span<const Value> args) {
  const DirectTable& t = *fn.direct;
  if (args.size() != fn.params.size()) return std::nullopt;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!fn.param_types[i].AcceptsAsIs(args[i])) return std::nullopt;
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    bool match = true;
    for (const FastCondition* c : t.rows[r].conditions) {
      Truth truth = c->TestValue(args[c->atom_slot(0)]);
      if (truth == Truth::kOther) return std::nullopt;
      if (truth == Truth::kFalse) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    if (t.width == 1) return t.output(r, 0);
    MapEntries m = recycle::TakeEntries(fn.return_keys.size());
    for (size_t i = 0; i < fn.return_keys.size(); ++i)
      m.emplace_back(fn.return_keys[i], t.output(r, i));
    return Value::MapOf(std::move(m));
  }
  return std::nullopt;
}

}  // namespace verdict
