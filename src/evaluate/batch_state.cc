// A batch policy's aggregates over the valid records of a batch (see
// policy_eval.h, BatchState).
#include <algorithm>
#include <iterator>

#include "src/evaluate/builtins.h"
#include "src/evaluate/interpreter.h"
#include "src/evaluate/policy_eval.h"

namespace verdict {

BatchState::BatchState(const CompiledPolicy& policy)
    : policy_(&policy),
      acc_(policy.batch.size()),
      values_(policy.batch.size()) {}

std::optional<RecordError> BatchState::Argument(size_t i, Frame& f,
                                                Value* out) const {
  const BatchAggregate& a = policy_->batch[i];
  *out = Eval(a.arg, f);
  if (!out->is_error()) return std::nullopt;
  return RecordError{
      "evaluation_error",
      "batch aggregate '" + a.name + "': " + out->error_message(), ""};
}

std::optional<RecordError> BatchState::Add(Frame& f) {
  ++count_;
  for (size_t i = 0; i < policy_->batch.size(); ++i) {
    if (policy_->batch[i].kind == BatchAggregate::Kind::kCount) continue;
    Value v;
    if (auto err = Argument(i, f, &v)) return err;
    if (v.is_null()) continue;
    values_[i].push_back(std::move(v));
  }
  return std::nullopt;
}

void BatchState::Merge(BatchState&& other) {
  count_ += other.count_;
  for (size_t i = 0; i < values_.size(); ++i) {
    auto& src = other.values_[i];
    values_[i].insert(values_[i].end(), std::make_move_iterator(src.begin()),
                      std::make_move_iterator(src.end()));
  }
}

void BatchState::Finish() {
  finished_.assign(policy_->batch.size(), Value());
  auto less = [](const Value& x, const Value& y) {
    auto o = Order(x, y);
    return o && *o == std::partial_ordering::less;
  };
  for (size_t i = 0; i < policy_->batch.size(); ++i) {
    const BatchAggregate& a = policy_->batch[i];
    auto& vals = values_[i];
    switch (a.kind) {
      case BatchAggregate::Kind::kCount:
        finished_[i] = Value::Int(count_);
        break;
      case BatchAggregate::Kind::kSorted:
        std::stable_sort(vals.begin(), vals.end(), less);
        // Moved, not copied: the sorted values are the biggest thing a
        // streaming run holds.
        finished_[i] = Value::ListOf(std::move(vals));
        break;
      case BatchAggregate::Kind::kMin:
        if (!vals.empty())
          finished_[i] = *std::min_element(vals.begin(), vals.end(), less);
        break;
      case BatchAggregate::Kind::kMax:
        if (!vals.empty())
          finished_[i] = *std::max_element(vals.begin(), vals.end(), less);
        break;
      case BatchAggregate::Kind::kSum: {
        // Summed in sorted order so the result is independent of input order
        // even for doubles.
        std::stable_sort(vals.begin(), vals.end(), less);
        Value sum = Value::Int(0);
        const Builtin* add = Registry::Standard().Find("_+_");
        for (const Value& v : vals) {
          Value args[2] = {sum, v};
          sum = add->impl(std::span<const Value>(args, 2), EvalContext{});
          // The first failure, not "(error, T)" of the values after it.
          if (sum.is_error()) break;
        }
        finished_[i] = sum;
        break;
      }
    }
  }
}

void BatchState::Apply(Frame& f) const {
  for (size_t i = 0; i < policy_->batch.size(); ++i)
    f.slot(policy_->batch[i].slot) = finished_[i];
}

}  // namespace verdict
