// The text of a decision table's cells: a range cell, "[lo..hi)" and its
// three siblings, split into its bounds, and one operand's literal text.
// Shared by the cell compiler
// (table_cells.cc) and the table analysis (analysis_tables.cc).
#ifndef VERDICT_SRC_COMPILE_RANGE_CELL_H_
#define VERDICT_SRC_COMPILE_RANGE_CELL_H_

#include <optional>
#include <string>
#include <string_view>

namespace verdict {

struct RangeCell {
  bool closed_low = false;   // '[' (else '(')
  bool closed_high = false;  // ']' (else ')')
  std::string_view lo, hi;   // views into the text
};

// `t` as a range: an opening '[' or '(', the lower bound, "..", the upper
// bound and a closing ']' or ')', with optional whitespace around the
// bounds. The lower bound ends at the first ".." after it that leaves a
// non-empty upper bound; neither bound may hold a line break. Exactly the
// matches (and groups) of the regular expression
//   ^([\[(])\s*(.+?)\s*\.\.\s*(.+?)\s*([\])])$
// in RE2, which it replaces (it was 8% of loading a 10,000-row table):
// tests/unit/range_cell_test.cc compares the two on generated texts.
// nullopt when `t` is not a range.
std::optional<RangeCell> SplitRangeCell(std::string_view t);

// One operand of a cell, trimmed, as the engine reads it: a string written
// quoted inside a plain YAML scalar (`'gold'`, `"a b"`) loses its quotes
// and sets `*quoted` (a YAML-quoted scalar arrives with `*quoted` set).
std::string CellOperandText(std::string_view text, bool* quoted);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_RANGE_CELL_H_
