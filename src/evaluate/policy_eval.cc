// Deciding one record: the decisions of a policy in order (each one run by
// RunDecision, decision_eval.cc),
// the direct-table shortcut, used policies and function decisions (a
// function's direct table: direct_table_eval.cc). Field
// validation is in record_fields.cc, batch aggregates in batch_state.cc.
#include "src/evaluate/policy_eval.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "src/evaluate/decision_eval.h"
#include "src/evaluate/direct_table_eval.h"
#include "src/evaluate/interpreter.h"
#include "src/value/recycle.h"
#include "src/value/text.h"

namespace verdict {

namespace {

// A frame whose slots come from the thread's recycled lists
// (src/value/recycle.h) and go back there when done, so that a function
// call or a used policy does not allocate its frame on every record.
// Nested calls each take their own buffer. Giving it back empties it: a new
// frame starts as a new Frame would, and the pool keeps no values (or the
// collections they share) alive between calls.
class PooledFrame {
 public:
  PooledFrame(const EvalContext* ctx, size_t slots)
      : frame_(ctx, recycle::TakeList(slots), slots) {}
  ~PooledFrame() { recycle::GiveList(frame_.Release()); }
  PooledFrame(const PooledFrame&) = delete;
  PooledFrame& operator=(const PooledFrame&) = delete;
  Frame& get() { return frame_; }

 private:
  Frame frame_;
};

// A Decision reused per thread for a used policy's decision (its output
// names and vectors stay allocated); nested uses each take their own.
class PooledDecision {
 public:
  PooledDecision() {
    auto& pool = Pool();
    if (!pool.empty()) {
      d_ = std::move(pool.back());
      pool.pop_back();
    }
  }
  ~PooledDecision() { Pool().push_back(std::move(d_)); }
  PooledDecision(const PooledDecision&) = delete;
  PooledDecision& operator=(const PooledDecision&) = delete;
  Decision& get() { return d_; }

 private:
  static std::vector<Decision>& Pool() {
    thread_local std::vector<Decision> pool;
    return pool;
  }
  Decision d_;
};

// The winning row of a DirectTable for the record in `f` (-1: none
// matched). False, with *winner unset, when a cell cannot be decided
// exactly here; the caller then takes the general path.
bool DirectWinner(const DirectTable& t, const Frame& f, int* winner) {
  if (t.grid &&
      t.grid->Winner([&f](int s) -> const Value& { return f.slot(s); },
                     winner)) {
    return true;
  }
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

// DecideInto() for a policy with a DirectTable: the same decision, written
// straight into `out`. Returns false, having changed nothing, when a cell
// cannot be decided exactly here; the caller then takes the general path.
bool DecideDirect(const CompiledPolicy& p, const DirectTable& t, const Frame& f,
                  Decision& out) {
  int winner = -1;
  if (!DirectWinner(t, f, &winner)) return false;
  const bool same_policy = SameText(out.policy, p.info.name);
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

// The general path: every decision of `p` for the record in `f`, the
// outputs left in their slots. The record's error, if any.
std::optional<RecordError> RunPolicy(const CompiledPolicy& p, Frame& f,
                                     const BatchState* batch,
                                     std::vector<TraceEntry>* tr);

}  // namespace

Decision Decide(const CompiledPolicy& p, Frame& f, const BatchState* batch,
                bool trace) {
  Decision out;
  DecideInto(p, f, batch, trace, &out);
  return out;
}

void DecideInto(const CompiledPolicy& p, Frame& f, const BatchState* batch,
                bool trace, Decision* out_ptr) {
  Decision& out = *out_ptr;
  if (p.direct && !trace && !batch && DecideDirect(p, *p.direct, f, out))
    return;
  const bool same_policy = SameText(out.policy, p.info.name);
  if (!same_policy) out.policy = p.info.name;
  out.error.reset();
  out.trace.clear();
  if (auto err = RunPolicy(p, f, batch, trace ? &out.trace : nullptr)) {
    out.error = std::move(err);
    out.outputs.clear();
    out.trace.clear();
    return;
  }
  // Reuse the caller's output names when it last held this policy's
  // decision (no allocation in hot loops). The output slots are moved out,
  // not copied: every decision has run, and the next record resets them.
  if (same_policy && out.outputs.size() == p.outputs.size()) {
    for (size_t i = 0; i < p.outputs.size(); ++i) {
      out.outputs[i].second = std::move(f.slot(p.outputs[i].second));
    }
  } else {
    out.outputs.clear();
    out.outputs.reserve(p.outputs.size());
    for (const auto& [name, slot] : p.outputs)
      out.outputs.emplace_back(name, std::move(f.slot(slot)));
  }
}

namespace {

// A computed money output with more decimal places than money holds (such
// as amount / 3): the record's evaluation_error. Rounding it here would be
// a silent choice of mode and place that the policy must make itself.
std::optional<RecordError> MoneyOutputError(const CompiledPolicy& p,
                                            const Frame& f) {
  for (uint32_t k : p.money_outputs) {
    const Value& v = f.slot(p.outputs[k].second);
    // The usual case, decided here without building the (empty) answer.
    if (v.kind() == Kind::kDecimal &&
        v.as_decimal().scale() <= FieldType::kMoneyPlaces) {
      continue;
    }
    std::string why = p.output_types[k].MoneyPlacesError(v);
    if (!why.empty()) {
      return RecordError{"evaluation_error",
                         "output '" + p.outputs[k].first + "': " + why +
                             "; round it in the policy (math.round(x, 4))",
                         ""};
    }
  }
  for (const auto& local : p.money_locals) {
    std::string why = local.type.MoneyPlacesError(f.slot(local.slot));
    if (!why.empty()) {
      return RecordError{"evaluation_error",
                         "local '" + local.name + "': " + why +
                             "; round it in the policy (math.round(x, 4))",
                         ""};
    }
  }
  return std::nullopt;
}

// An output value that is not of the output's declared type (see
// CompiledPolicy::checked_outputs): the record's evaluation_error. A value
// a record field of that type would take (an int for money) is converted
// in its slot.
std::optional<RecordError> OutputTypeError(const CompiledPolicy& p, Frame& f) {
  for (uint32_t k : p.checked_outputs) {
    Value& v = f.slot(p.outputs[k].second);
    const FieldType& type = p.output_types[k];
    if (v.is_null() || v.is_error() || type.AcceptsAsIs(v)) continue;
    std::string code, why;
    if (!type.Accept(v, *f.ctx().zone, &code, &why)) {
      return RecordError{"evaluation_error",
                         "output '" + p.outputs[k].first + "': " + why, ""};
    }
  }
  return std::nullopt;
}

// A required output (not optional, CompiledPolicy::required_outputs) that
// the record's decisions left null: the record's evaluation_error, as a
// decision that matched no rule for it is a no_rule_matched.
std::optional<RecordError> RequiredOutputError(const CompiledPolicy& p,
                                               const Frame& f) {
  for (uint32_t k : p.required_outputs) {
    if (!f.slot(p.outputs[k].second).is_null()) continue;
    const std::string& name = p.outputs[k].first;
    const std::string& type = p.info.outputs[k].second;
    return RecordError{
        "evaluation_error",
        "output '" + name + "' has no value, and its type '" + type +
            "' is not optional: no rule this record matched set it, or one "
            "set it to null (declare '" +
            type + "?' to allow null)",
        ""};
  }
  return std::nullopt;
}

std::optional<RecordError> RunPolicy(const CompiledPolicy& p, Frame& f,
                                     const BatchState* batch,
                                     std::vector<TraceEntry>* tr) {
  f.iterations = 0;
  Value& as_of = f.slot(p.as_of_slot);
  if (as_of.kind() != Kind::kDate || as_of.as_date() != f.ctx().as_of) {
    as_of = Value::DateOf(f.ctx().as_of);
  }
  for (const auto& [slot, v] : p.constants) f.slot(slot) = v;
  for (const auto& [name, slot] : p.outputs) f.slot(slot).Reset();
  for (int slot : p.local_slots) f.slot(slot).Reset();
  if (p.needs_whole_record) {
    MapEntries m = recycle::TakeEntries(p.fields.size());
    for (size_t i = 0; i < p.fields.size(); ++i)
      m.emplace_back(p.field_keys[i], f.slot(static_cast<int>(i)));
    f.slot(p.whole_record_slot) = Value::MapOf(std::move(m));
  }
  if (batch) batch->Apply(f);
  f.trace = tr;
  for (const UsedPolicy& u : p.uses) {
    PooledFrame pooled(&f.ctx(), u.policy->frame_size);
    Frame& uf = pooled.get();
    for (size_t i = 0; i < u.field_map.size(); ++i) {
      if (u.field_map[i] >= 0)
        uf.slot(static_cast<int>(i)) = f.slot(u.field_map[i]);
    }
    if (auto err = ValidateRecord(*u.policy, uf)) return err;
    PooledDecision pooled_decision;
    Decision& d = pooled_decision.get();
    DecideInto(*u.policy, uf, nullptr, tr != nullptr, &d);
    if (!d.ok()) {
      RecordError err = *d.error;
      err.message = "policy '" + u.policy->info.name + "': " + err.message;
      return err;
    }
    if (u.whole_used) {
      MapEntries m = recycle::TakeEntries(d.outputs.size());
      for (size_t k = 0; k < d.outputs.size(); ++k)
        m.emplace_back(u.policy->output_keys[k], d.outputs[k].second);
      f.slot(u.slot) = Value::MapOf(std::move(m));
    }
    for (size_t k = 0; k < d.outputs.size(); ++k)
      f.slot(u.output_slots[k]) = std::move(d.outputs[k].second);
    if (tr) {
      for (auto& t : d.trace) {
        if (!t.function) t.decision = u.policy->info.name + "." + t.decision;
        tr->push_back(std::move(t));
      }
    }
  }
  // A let that fails holds its error, named, as CEL holds any error value:
  // the record fails only where the error is used and not absorbed
  // (`r.b != 0 && ratio > 2` is false when b is 0), never for a let that
  // this record's decisions do not reach.
  for (size_t i = 0; i < p.lets.size(); ++i) {
    Value v = Eval(p.lets[i].second, f);
    if (v.is_error() && !v.error_message().starts_with("let '")) {
      v = Value::Error("let '" + p.let_names[i] + "': " + v.error_message());
    }
    f.slot(p.lets[i].first) = std::move(v);
  }
  for (const CompiledDecision& d : p.decisions) {
    if (auto err = RunDecision(d, f, tr)) return err;
  }
  if (!p.checked_outputs.empty()) {
    if (auto err = OutputTypeError(p, f)) return err;
  }
  if (auto err = RequiredOutputError(p, f)) return err;
  return MoneyOutputError(p, f);
}

}  // namespace

std::optional<RecordError> DecideInPlace(const CompiledPolicy& p, Frame& f,
                                         std::span<const Value*> values) {
  static const Value kNull;
  int winner = -1;
  if (p.direct && DirectWinner(*p.direct, f, &winner)) {
    if (winner < 0) {
      if (auto err = NoRuleMatched(*p.direct->decision)) return err;
      for (const Value*& v : values) v = &kNull;
      return std::nullopt;
    }
    const Value* row = p.direct->values.data() + winner * p.direct->width;
    for (size_t k = 0; k < values.size(); ++k) values[k] = &row[k];
    return std::nullopt;
  }
  if (auto err = RunPolicy(p, f, nullptr, nullptr)) return err;
  for (size_t k = 0; k < values.size(); ++k)
    values[k] = &f.slot(p.outputs[k].second);
  return std::nullopt;
}

Value FunctionDecision::CallInPlace(std::span<const Value* const> args,
                                    Frame& caller) const {
  // A tracing caller records the matched row: the general path does that.
  if (direct && caller.trace == nullptr) {
    if (std::optional<Value> v = CallDirect(*this, args)) return *std::move(v);
  }
  PooledFrame pooled(&caller.ctx(), frame_size);
  Frame& f = pooled.get();
  if (args.size() != params.size())
    return Value::Error("wrong number of arguments");
  for (size_t i = 0; i < params.size(); ++i) {
    Value& slot = f.slot(params[i].second);
    slot = *args[i];
    if (slot.is_null() || param_types[i].AcceptsAsIs(slot)) continue;
    std::string code, why;
    if (!param_types[i].Accept(slot, *caller.ctx().zone, &code, &why)) {
      return Value::Error("argument '" + params[i].first + "': " + why);
    }
  }
  f.slot(as_of_slot) = Value::DateOf(caller.ctx().as_of);
  for (int s : return_slots) f.slot(s).Reset();
  f.trace = caller.trace;
  if (auto err = RunDecision(decision, f, caller.trace))
    return Value::Error(err->message);
  // Moved out: the pooled frame is cleared when given back.
  if (return_slots.size() == 1) return std::move(f.slot(return_slots[0]));
  MapEntries m = recycle::TakeEntries(return_keys.size());
  for (size_t i = 0; i < return_keys.size(); ++i)
    m.emplace_back(return_keys[i], std::move(f.slot(return_slots[i])));
  return Value::MapOf(std::move(m));
}

}  // namespace verdict
