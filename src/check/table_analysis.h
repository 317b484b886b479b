// Table analysis (`verdict check`, verdict/analysis.h): gaps, dead rows and
// overlaps of decision tables whose cells are literal tests, decided
// exactly over the columns' value domains (src/check/point_set.h).
//
// How: every column's domain is cut at each boundary any cell mentions,
// into segments that every cell holds wholly or not at all. The table is
// then a finite grid of segment boxes, and each question is a question
// about boxes, decided by visiting them: a gap is a box no row holds, a
// dead row a row whose every box an earlier row holds, an overlap a box
// two rows hold. Exact for literal cells, whatever the domain's size.
// A cell may also fail with an error on some points (null in a
// comparison): a row no cell of which is false there then fails the
// record, so that box is no gap, and an earlier row failing first also
// keeps a row from being reached (named apart in Finding::failing).
//
// Cells that are not literal tests (`=expr`) are "unknown" and handled so
// that nothing false is reported: for gaps an unknown cell counts as
// matching everything (a box it might not hold is not called a gap); a row
// with an unknown cell never shadows another row nor overlaps one (but is
// named among a dead row's shadowers where it may match first); a dead
// row's own unknown cells count as matching everything. Findings stay
// true; some may be missed.
#ifndef VERDICT_SRC_CHECK_TABLE_ANALYSIS_H_
#define VERDICT_SRC_CHECK_TABLE_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/check/point_set.h"

namespace verdict::analysis {

struct Cell {
  bool known = true;  // false: not a literal test (treated as above)
  PointSet set;       // the points the cell matches, when known
  // The points where the cell's test fails with an error (null in a
  // comparison), when known: a row that no other cell rules out then
  // fails the record (evaluation_error), which is neither a match nor a
  // gap.
  PointSet error;
};

struct Table {
  enum class Hit { kFirst, kUnique, kAny, kCollect };
  Hit hit = Hit::kFirst;
  std::vector<ColumnDomain> columns;
  std::vector<std::vector<Cell>> rows;  // rows[r][c], one cell per column
  // Whether a record that no row matches is an error (no_rule_matched):
  // some output the table sets may not be null.
  bool no_match_is_error = true;
};

struct Finding {
  enum class Kind { kGap, kDeadRow, kOverlap };
  Kind kind;
  int row = -1;  // dead row; overlap: the later row
  // Dead row: the earlier rows that match its inputs first, or may (rows
  // with unknown cells before the known row that surely matches); empty
  // when the row matches no input at all. Overlap: the earlier row.
  std::vector<int> others;
  // Dead row: the earlier rows that fail with an error first on some of
  // its inputs (the record is an evaluation_error there, so the row is
  // not reached either).
  std::vector<int> failing;
  std::vector<Point> example;  // one point per column; empty: none exists
};

struct Result {
  std::vector<Finding> findings;
  // A question left undecided because it needed more than `max_steps`
  // steps: named here ("gaps", "dead rows", "overlaps") so callers can say
  // so (findings made before the budget ran out are kept).
  std::vector<std::string> skipped;
};

// Analyzes `table`. Gaps only when table.no_match_is_error and the hit is
// first, unique or any; dead rows only for first; overlaps only for unique.
// Each question takes at most `max_steps` steps (a row tested against a
// box, or a pair of rows compared), so a huge table costs bounded time.
// Pure; thread-safe.
Result AnalyzeTable(const Table& table, uint64_t max_steps = 20'000'000);

}  // namespace verdict::analysis

#endif  // VERDICT_SRC_CHECK_TABLE_ANALYSIS_H_
