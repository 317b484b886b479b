// What table analysis (src/check/table_analysis.h, pattern_shadow.h) reads
// from a policy as written: its decision tables with each column's domain
// and each cell's set of points, and its first-match lists of digit
// patterns. Reads the parse-stage syntax tree, typing columns by the
// declared field, parameter, output and local types, so it works on any
// pack that loaded.
#ifndef VERDICT_SRC_COMPILE_ANALYSIS_TABLES_H_
#define VERDICT_SRC_COMPILE_ANALYSIS_TABLES_H_

#include <string>
#include <vector>

#include "src/check/table_analysis.h"
#include "src/parse/pack_syntax.h"

namespace verdict {

struct AnalysisTable {
  std::string name;  // the decision's id, or the function's name
  bool function = false;
  const syntax::Decision* decision = nullptr;  // points into the policy
  analysis::Table table;
  // Columns that are not record fields or function parameters (lets,
  // outputs of earlier decisions): not every value of their type need be
  // reachable, so a gap or overlap there is only possible.
  std::vector<std::string> computed_columns;
  // Cells that are not literal tests, as "row id: cell text".
  std::vector<std::string> unknown_cells;
  // Input columns of a type the analysis does not read (double, timestamp,
  // lists...): it could not give them a value in an example, so such a
  // table is not analyzed.
  std::vector<std::string> unread_columns;
};

struct PatternList {
  std::string param;    // the params entry holding the list
  std::string subject;  // first_pattern's first argument, as written
  const syntax::Named* list = nullptr;  // points into the policy
};

// The tables of `policy` (decisions and functions, in file order) and the
// params lists that `first_pattern(x, NAME)` reads. Never fails: what it
// cannot read becomes unknown cells. Pointers point into `policy`.
std::vector<AnalysisTable> AnalysisTablesOf(const syntax::Policy& policy);
std::vector<PatternList> PatternListsOf(const syntax::Policy& policy);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_ANALYSIS_TABLES_H_
