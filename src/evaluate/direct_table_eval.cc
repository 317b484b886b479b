// src/evaluate/direct_table_eval.h: deciding a direct table without the
// interpreter.
#include "src/evaluate/direct_table_eval.h"

#include <utility>

#include "src/program/fast_condition.h"
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

std::optional<Value> CallDirect(const FunctionDecision& fn,
                                std::span<const Value* const> args) {
  const DirectTable& t = *fn.direct;
  if (args.size() != fn.params.size()) return std::nullopt;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!fn.param_types[i].AcceptsAsIs(*args[i])) return std::nullopt;
  }
  auto answer = [&](size_t r) -> Value {
    if (t.width == 1) return t.output(r, 0);
    MapEntries m = recycle::TakeEntries(fn.return_keys.size());
    for (size_t i = 0; i < fn.return_keys.size(); ++i)
      m.emplace_back(fn.return_keys[i], t.output(r, i));
    return Value::MapOf(std::move(m));
  };
  int winner = -1;
  if (t.grid && t.grid->Winner([&](int s) -> const Value& { return *args[s]; },
                               &winner)) {
    if (winner < 0) return std::nullopt;  // the general path words it
    return answer(winner);
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    bool match = true;
    for (const FastCondition* c : t.rows[r].conditions) {
      Truth truth = c->TestValue(*args[c->atom_slot(0)]);
      if (truth == Truth::kOther) return std::nullopt;
      if (truth == Truth::kFalse) {
        match = false;
        break;
      }
    }
    if (match) return answer(r);
  }
  return std::nullopt;
}

}  // namespace verdict
