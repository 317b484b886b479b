// Chooses, at compile time, whether a decision gets a TableIndex
// (src/program/table_index.h) and builds it.
//
// A decision is indexed when it has at least kMinIndexedRules rules and
// every condition of every rule is a FastCondition on one slot (a table
// cell that compares its column with literals: "gold", "< 200",
// "[200..500)"; "-" cells have no condition), and all literals compared with
// one slot are of one kind. Below that size the linear scan is as fast. In
// such a decision each slot is indexed:
//  * hashed when every cell on it is one equality with an int or string
//    (enum members are strings): key -> rules;
//  * otherwise as sorted intervals: the distinct literals cut the line into
//    points and the open intervals between them; each gets the rules whose
//    cells hold there. A cell spanning more than 64 of these (a wide
//    comparison such as "< 500" or "!= 3" among many bounds) counts as a
//    wildcard of its column instead, so the index stays within 64 entries
//    per rule; the cell is still tested for each candidate rule.
#ifndef VERDICT_SRC_COMPILE_TABLE_INDEX_BUILDER_H_
#define VERDICT_SRC_COMPILE_TABLE_INDEX_BUILDER_H_

#include <cstddef>
#include <memory>

#include "src/compile/policy.h"
#include "src/program/table_index.h"

namespace verdict {

inline constexpr size_t kMinIndexedRules = 16;

// The index of `d`, or null when `d` does not qualify (see above). Call
// after AddFastConditions(d). The index refers to rules by position, so it
// stays valid when `d` is moved or copied.
std::shared_ptr<const TableIndex> BuildTableIndex(const CompiledDecision& d);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_TABLE_INDEX_BUILDER_H_
