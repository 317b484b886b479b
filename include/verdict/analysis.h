// Table analysis: what `verdict check` and the workbench report about a
// pack's decision tables beyond errors (Drools' DMN verifier and Cedar's
// analyzer do the like):
//   gap       an input of the declared types that no row of a first, unique
//             or any table matches, where no_rule_matched would follow;
//   dead_row  a row of a first-hit table that earlier rows always shadow,
//             and an entry of a first_pattern() list of digit patterns that
//             earlier entries always match first;
//   overlap   two rows of a unique table that can match the same input.
// Each finding names its place (file:line:col) and an example input.
// Cells that are not literal tests (`=expr`) make the analysis
// conservative: it then reports less, never something false, and says so
// in a note; a table with an input column of a type it does not read
// (double, timestamp, lists) gets only that note. Null in a comparison or
// range cell is an evaluation_error, which is neither a gap nor a match.
// A finding the author keeps on purpose is listed in the policy's
// `analysis: {allow: [{finding, in, rows, reason}]}`; it is then
// reported with `allowed` set, and an exception that matches no finding is
// itself a warning. How each question is decided: src/check/
// table_analysis.h and src/check/pattern_shadow.h.
#ifndef VERDICT_ANALYSIS_H_
#define VERDICT_ANALYSIS_H_

#include <string>
#include <vector>

#include "verdict/engine.h"

namespace verdict {

struct TableFinding {
  enum class Kind {
    kGap,
    kDeadRow,
    kOverlap,
    kUnusedException,  // an analysis.allow entry that matches no finding
    kNote,             // not a finding: what the analysis could not decide
  };
  Kind kind = Kind::kNote;
  std::string file;  // as in Diagnostic
  int line = 0;
  int column = 0;
  std::string policy;
  std::string table;              // decision id, function or params list
  std::string row;                // dead row; overlap: the later row
  std::vector<std::string> by;    // dead row: the rows matching first;
                                  // overlap: the earlier row
  std::string example;            // "{customer.arpu: -1}"; "" when none
  std::string message;            // the text after "warning: "
  std::string allowed;            // the exception's reason; "" when none

  // A warning: a finding that no exception allows.
  bool warning() const { return kind != Kind::kNote && allowed.empty(); }
  // "gap", "dead_row", "overlap", "unused_exception", "note".
  const char* kind_name() const;
  // "file:line:col: warning: message", or "note: ..." for notes and
  // allowed findings ("note: allowed by an analysis exception: message";
  // the reason is in `allowed`).
  std::string ToString() const;
};

// Analyzes every policy of `pack`, in file order. Never throws for a pack
// that loaded. Thread-safe (reads the immutable pack).
std::vector<TableFinding> AnalyzeTables(const Pack& pack);

}  // namespace verdict

#endif  // VERDICT_ANALYSIS_H_
