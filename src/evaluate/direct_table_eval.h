// The direct-table shortcut: a policy or function whose one first-hit
// table sets outputs to literals (DirectTable, src/compile/policy.h) is
// decided by testing cells with FastConditions and copying the winning
// row, without the interpreter. Each function returns "not decided here"
// when a cell needs the general path (policy_eval.cc), which then decides.
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

// The winning row of `t` for the record in `f` (-1: none matched). False,
// with *winner unset, when a cell cannot be decided exactly here.
bool DirectWinner(const DirectTable& t, const Frame& f, int* winner);

// DecideInto() for a policy with a DirectTable: the same decision, written
// straight into `out`. False, having changed nothing, when a cell cannot be
// decided exactly here.
bool DecideDirect(const CompiledPolicy& p, const DirectTable& t, const Frame& f,
                  Decision& out);

// FunctionDecision::Call() of a function with a DirectTable: the winning
// row's literals, with no frame, or nullopt (having done nothing) when the
// general path must decide: an argument it would convert or refuse, a cell
// no FastCondition decides, no row matching (the general path words the
// error).
std::optional<Value> CallDirect(const FunctionDecision& fn,
                                std::span<const Value> args);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_DIRECT_TABLE_EVAL_H_
