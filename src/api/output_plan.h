// The output side of a struct binding (verdict/binding.h): which member
// receives which output of a policy, checked once when bound.
#ifndef VERDICT_SRC_API_OUTPUT_PLAN_H_
#define VERDICT_SRC_API_OUTPUT_PLAN_H_

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "src/compile/policy.h"
#include "verdict/binding.h"

namespace verdict {

class OutputPlan {
 public:
  // Checks `writers` against the outputs of `policy` (see
  // BoundRecords::PlanOutputs for what is refused; throws
  // std::invalid_argument).
  OutputPlan(const CompiledPolicy& policy, std::vector<OutputWriter> writers);

  const CompiledPolicy& policy() const { return *policy_; }
  // Writes the bound outputs among `values` (one per output of the policy,
  // in declared order) into the struct at `out`. Every value is checked
  // first: when one does not fit its member (which the policy's types rule
  // out), nothing is written and the error says which.
  std::optional<RecordError> Write(std::span<const Value* const> values,
                                   void* out) const;

 private:
  struct Bound {
    size_t output;  // index in the policy's outputs
    OutputWriter writer;
    // The value kinds the member holds without a check through `writer`
    // (its plain kind, null for a std::optional); a Value member holds all.
    bool holds_any = false;
    bool holds_null = false;
    Kind kind = Kind::kNull;
  };
  const CompiledPolicy* policy_;
  std::vector<Bound> bound_;
};

}  // namespace verdict

#endif  // VERDICT_SRC_API_OUTPUT_PLAN_H_
