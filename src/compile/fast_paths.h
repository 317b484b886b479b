// What the compiler precomputes so that common shapes skip the general
// evaluator: fast conditions (decision-table cells), direct tables (a whole
// policy that is one first-hit table of literals), and which record fields
// are read at all. Each agrees exactly with the general path; see
// tests/unit/fast_condition_test.cc and direct_table_test.cc.
#ifndef VERDICT_SRC_COMPILE_FAST_PATHS_H_
#define VERDICT_SRC_COMPILE_FAST_PATHS_H_

#include <optional>
#include <vector>

#include "src/compile/policy.h"

namespace verdict {

// Recognises the conditions of `d` that have a fast form, filling each
// rule's `fast` (parallel to its conditions); rules whose Nodes were
// elided already have theirs.
void AddFastConditions(CompiledDecision& d);

// For a row of a big table, as soon as it is compiled: fills `r.fast` and
// drops `r.conditions` (see CompiledRule) when every condition has a fast
// form that rebuilds it exactly; true then. Else leaves `r` as it is for
// AddFastConditions(). Small tables keep their Nodes, so that a record
// their fast forms cannot decide (a null) costs no rebuild.
bool ElideConditionNodes(CompiledRule& r);

// Whether no record can match two rules of `d`: some condition position
// holds, in every rule, `x == "literal"` on the same slot x with string
// literals that all differ (a table column of enum or string cells). Only
// strings (and bools): two different ones are never equal to one value,
// where numbers of different kinds might be. A unique or any decision with
// such rules decides exactly as a first-hit one (the one rule that can
// match is the first that does; every other rule has a false condition,
// which rules it out even where another of its conditions fails), so
// MakeExclusiveFirstHit() runs it as one. Call after AddFastConditions().
bool RulesExcludeEachOther(const CompiledDecision& d);
void MakeExclusiveFirstHit(CompiledDecision& d);

// The policy as a DirectTable (see policy.h), or nullopt when it has any
// other shape. Call after AddFastConditions().
std::optional<DirectTable> DirectTableOf(const CompiledPolicy& p);

// The function as a DirectTable (FunctionDecision::direct), or nullopt
// when it has any other shape: a first-hit decision with no index (a big
// table's index needs a frame; its general path is fast already) whose
// columns are its parameters, whose cells are FastConditions that each
// read one parameter, and whose rules return literals. Call after
// AddFastConditions().
std::optional<DirectTable> DirectFunctionOf(const FunctionDecision& fn);

// Marks in `read` the slots `n` reads (those below read.size()).
void MarkReadSlots(const Node& n, std::vector<bool>& read);

// Which record fields anything in the policy reads: expressions (lets,
// decision columns, conditions, outputs, batch aggregates), used policies and
// the record as a whole. Field checks read their own value slot, not this.
std::vector<bool> FieldsRead(const CompiledPolicy& p);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_FAST_PATHS_H_
