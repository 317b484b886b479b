// Reads of outputs and locals that come before anything can have set
// them. A policy's lets are computed before its first decision, and its
// decisions run in order, so a let that reads an output or local, or a
// decision that reads one only it or a later decision sets, always reads
// null there: `tier == 'high'` is then false for every record (and
// `tier > 1` an evaluation error), which is never what the author meant.
#ifndef VERDICT_SRC_COMPILE_READ_ORDER_H_
#define VERDICT_SRC_COMPILE_READ_ORDER_H_

#include "src/compile/policy_build.h"

namespace verdict {

// Warns, through `ctx`, at each let that reads an output or local, and at
// the first rule (or table column) of each decision that reads an output
// or local no earlier decision sets: one warning per decision and name.
// Call once the policy compiled without errors (b.ok): the let and
// decision positions are matched to their compiled forms by order.
void WarnReadsBeforeWrites(CompileContext& ctx, const PolicyBuild& b);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_READ_ORDER_H_
