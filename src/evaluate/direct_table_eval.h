// The direct-table shortcut of a function (a policy's own, DecideDirect,
// stays beside DecideInto in policy_eval.cc, where it is inlined into the
// per-record path): a function whose one first-hit table returns literals
// (DirectTable, src/compile/policy.h) is called by testing cells with
// FastConditions, without a frame. And the no-match error both paths word.
#ifndef VERDICT_SRC_EVALUATE_DIRECT_TABLE_EVAL_H_
#define VERDICT_SRC_EVALUATE_DIRECT_TABLE_EVAL_H_

#include <optional>
#include <span>

#include "src/compile/policy.h"
#include "verdict/engine.h"

namespace verdict {

// The error for a decision no rule of which matched: names the first target
// (in the decision's order) that may not be null; nullopt when all may.
// Shared with the general path, which words the same error.
std::optional<RecordError> NoRuleMatched(const CompiledDecision& d);

// FunctionDecision::Call() of a function with a DirectTable: the winning
// row's literals, with no frame, or nullopt (having done nothing) when the
// general path must decide: an argument it would convert or refuse, a cell
// no FastCondition decides, no row matching (the general path words the
// error). The arguments are read in place: `args[i]` points at argument i.
std::optional<Value> CallDirect(const FunctionDecision& fn,
                                std::span<const Value* const> args);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_DIRECT_TABLE_EVAL_H_
