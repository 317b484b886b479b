// Running one decision on a frame (decision_eval.h): its columns, then its
// rules in order (or the candidates its table index gives), by hit policy.
#include "src/evaluate/decision_eval.h"

#include <string>
#include <utility>

#include "src/evaluate/direct_table_eval.h"
#include "src/evaluate/interpreter.h"
#include "src/value/recycle.h"

namespace verdict {
namespace {

RecordError EvalError(const CompiledDecision& d, const std::string& rule,
                      const std::string& message) {
  return {"evaluation_error",
          "decision '" + d.id + "'" +
              (rule.empty() ? "" : ", rule '" + rule + "'") + ": " + message,
          ""};
}

constexpr size_t kNoCondition = static_cast<size_t>(-1);

// The error of rule `r` whose condition `i` gave `c`: neither true nor false.
RecordError ConditionError(const CompiledDecision& d, const CompiledRule& r,
                           size_t i, const Value& c) {
  return EvalError(
      d, r.id,
      (c.is_error()
           ? c.error_message()
           : "condition is " + std::string(KindName(c.kind())) + ", not bool") +
          " (in: " + r.condition_texts[i] + ")");
}

// The value a rule's output `o` gives on `f` (an error value on failure).
Value ValueOf(const RuleOutput& o, Frame& f) {
  return o.expr ? Eval(*o.expr, f) : o.constant;
}

// The trace of a matched rule: the values its condition read.
TraceEntry TraceOf(const CompiledDecision& d, const CompiledRule& r, Frame& f) {
  TraceEntry t;
  t.decision = d.id;
  t.rule = r.id;
  t.function = d.is_function;
  for (const auto& read : *r.reads)
    t.values.emplace_back(read.name, f.slot(read.slot));
  return t;
}

// A matched rule of a collect decision: appends its value, or the object of
// its outputs (keys shared from the compiled rule), to `collected`.
std::optional<RecordError> Collect(const CompiledDecision& d,
                                   const CompiledRule& r, Frame& f,
                                   List* collected) {
  // One buffer for the list (recycled), not one per growth step.
  if (collected->capacity() == 0)
    *collected = recycle::TakeList(d.rules.size());
  if (r.has_value) {
    Value v = Eval(*r.value, f);
    if (v.is_error()) return EvalError(d, r.id, v.error_message());
    collected->push_back(std::move(v));
    return std::nullopt;
  }
  MapEntries obj = recycle::TakeEntries(r.sets.size());
  for (size_t i = 0; i < r.sets.size(); ++i) {
    Value v = ValueOf(r.sets[i], f);
    if (v.is_error()) return EvalError(d, r.id, v.error_message());
    obj.emplace_back((*r.set_keys)[i], std::move(v));
  }
  collected->push_back(Value::MapOf(std::move(obj)));
  return std::nullopt;
}

// The outputs of matched rule `r` written straight to their slots, in
// order (the first failure is the record's error).
[[gnu::always_inline]] inline std::optional<RecordError> WriteOutputs(
    const CompiledDecision& d, const CompiledRule& r, Frame& f) {
  for (const RuleOutput& o : r.sets) {
    if (!o.expr) {  // most table cells
      f.slot(o.slot) = o.constant;
      continue;
    }
    Value v = Eval(*o.expr, f);
    if (v.is_error()) return EvalError(d, r.id, v.error_message());
    f.slot(o.slot) = std::move(v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<RecordError> RunDecision(const CompiledDecision& d, Frame& f,
                                       std::vector<TraceEntry>* trace,
                                       int* first_hit) {
  if (first_hit) *first_hit = -1;
  // One rule that always matches (no condition, no column), outside a
  // collect: it wins whatever the hit policy, and its outputs are written
  // as a first hit writes them (a unique or any decision would stop at the
  // same first failing output). Untraced: a trace records the match below.
  if (!trace && d.rules.size() == 1 && d.columns.empty() &&
      d.hit != HitPolicy::kCollect && d.rules[0].condition_count() == 0) {
    auto err = WriteOutputs(d, d.rules[0], f);
    if (first_hit && !err && d.hit == HitPolicy::kFirst) *first_hit = 0;
    return err;
  }
  for (const auto& [slot, node] : d.columns) {
    // A column that is a plain field or variable read is that slot itself.
    // A computed one that fails holds its error, as a condition's value:
    // only a row that tests it and that no other cell rules out fails the
    // record (docs/errors.md); a row with "-" there never reads it. (The
    // index sends a value of the error kind to the full scan.)
    if (node.op == Op::kSlot && node.slot == slot) continue;
    f.slot(slot) = Eval(node, f);
  }
  List collected;
  const CompiledRule* winner = nullptr;
  // The outputs of the winning rule and of the rule being tried (hit
  // policies unique and any); buffers from the pool, given back at the end.
  recycle::ScratchList winner_values;
  recycle::ScratchList values;
  RowCursor rules = CandidateRules(d.index.get(), d.rules.size(), f);
  // What a condition that is neither true nor false gave (EvalTruth() sets
  // it whenever it answers kOther, and it is read only then), and the
  // failure a rule keeps: built once, not per condition and rule.
  Value c;
  Value failed_value;
  for (int k = rules.Next(); k >= 0; k = rules.Next()) {
    const CompiledRule& r = d.rules[k];
    bool match = true;
    // A rule's conditions are a conjunction with CEL's commutative `&&`: a
    // false condition anywhere means no match, even after a condition that
    // failed; only a rule no condition rules out reports the first failure.
    // Only where it failed and its value are kept until then: building the
    // error costs strings, and most rules never need one.
    size_t failed = kNoCondition;
    const size_t tested = rules.exact() ? 0 : r.condition_count();
    for (size_t i = 0; i < tested; ++i) {
      Truth t =
          i < r.fast.size() && r.fast[i] ? r.fast[i]->Test(f) : Truth::kOther;
      if (t == Truth::kOther) {
        t = r.conditions.empty() ? EvalTruth(r.fast[i]->ToNode(), f, &c)
                                 : EvalTruth(r.conditions[i], f, &c);
      }
      if (t == Truth::kFalse) {
        match = false;
        break;
      }
      if (t == Truth::kTrue || failed != kNoCondition) continue;
      failed = i;
      failed_value = std::move(c);
    }
    if (!match) continue;
    if (failed != kNoCondition)
      return ConditionError(d, r, failed, failed_value);
    if (d.hit == HitPolicy::kFirst) {
      // The first match wins outright: write its outputs straight to slots.
      // The trace reads what the condition saw first (a rule may set a slot
      // its condition reads: `tier == 'high'`, then `tier: mid`), and lists
      // the rule after the rows of functions its outputs call, as for the
      // other hit policies.
      TraceEntry seen;
      if (trace) seen = TraceOf(d, r, f);
      if (auto err = WriteOutputs(d, r, f)) return err;
      if (trace) trace->push_back(std::move(seen));
      if (first_hit) *first_hit = k;
      return std::nullopt;
    }
    if (d.hit == HitPolicy::kCollect) {
      if (auto err = Collect(d, r, f, &collected)) return err;
      if (trace) trace->push_back(TraceOf(d, r, f));
      continue;
    }
    values->clear();
    for (const RuleOutput& o : r.sets) {
      values->push_back(ValueOf(o, f));
      if (values->back().is_error())
        return EvalError(d, r.id, values->back().error_message());
    }
    if (trace) trace->push_back(TraceOf(d, r, f));
    if (winner == nullptr) {
      winner = &r;
      values->swap(*winner_values);
      if (d.hit == HitPolicy::kFirst) break;
      continue;
    }
    if (d.hit == HitPolicy::kUnique) {
      return RecordError{"conflicting_rules",
                         "decision '" + d.id +
                             "' has hit policy unique, but rules '" +
                             winner->id + "' and '" + r.id + "' both match",
                         ""};
    }
    // kAny: every match must agree on the outputs.
    bool same = r.sets.size() == winner->sets.size();
    for (size_t i = 0; same && i < values->size(); ++i) {
      auto e = Equal((*values)[i], (*winner_values)[i]);
      same = r.sets[i].slot == winner->sets[i].slot && e && *e;
    }
    if (!same) {
      return RecordError{
          "conflicting_rules",
          "decision '" + d.id + "' has hit policy any, but rules '" +
              winner->id + "' and '" + r.id + "' match with different outputs",
          ""};
    }
  }
  if (d.hit == HitPolicy::kCollect) {
    // Nothing collected: the one shared empty list, no allocation.
    static const Value kEmpty = Value::ListOf({});
    f.slot(d.into_slot) =
        collected.empty() ? kEmpty : Value::ListOf(std::move(collected));
    return std::nullopt;
  }
  if (winner == nullptr) return NoRuleMatched(d);
  for (size_t i = 0; i < winner->sets.size(); ++i) {
    f.slot(winner->sets[i].slot) = std::move((*winner_values)[i]);
  }
  return std::nullopt;
}

}  // namespace verdict
