// One decision (a rule list or a decision table) run on a frame: the part
// of evaluation that policies (policy_eval.cc) and policy functions share.
#ifndef VERDICT_SRC_EVALUATE_DECISION_EVAL_H_
#define VERDICT_SRC_EVALUATE_DECISION_EVAL_H_

#include <optional>
#include <vector>

#include "src/compile/policy.h"
#include "src/program/program.h"
#include "verdict/engine.h"

namespace verdict {

// Runs `d` on `f`: evaluates its columns, tests its rules by its hit policy
// and writes the winner's outputs (or the collected list) to their slots.
// Returns the record's error (a condition that is neither true nor false,
// an output that failed, conflicting rules, no match where an output may
// not be null), or nullopt. Appends the matched rules to `trace` when it is
// not null. When `first_hit` is not null, sets it to the index (in d.rules)
// of the rule whose outputs a first-hit decision wrote, else -1 (no match,
// an error, another hit policy): the winner without a trace's copies.
// Reads `d` only: thread-safe across frames.
std::optional<RecordError> RunDecision(const CompiledDecision& d, Frame& f,
                                       std::vector<TraceEntry>* trace,
                                       int* first_hit = nullptr);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_DECISION_EVAL_H_
