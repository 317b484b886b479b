// The load budget of one Pack::Load() (Limits in verdict/engine.h): files,
// bytes, YAML nodes, table rows, expression bytes and wall-clock time, summed
// over the whole pack. Created by LoadPackSyntax() and carried to the pack
// compiler in syntax::Pack::budget, so both stages spend from one budget.
//
// Each Allow*() returns false when its budget is exceeded; the first time one
// is, it appends one error diagnostic at the position given, so a pack that
// runs out reports it once, where it happened, and every later check fails
// fast. Not thread-safe: one load, one thread.
#ifndef VERDICT_SRC_PARSE_LOAD_BUDGET_H_
#define VERDICT_SRC_PARSE_LOAD_BUDGET_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "src/parse/pack_syntax.h"
#include "verdict/engine.h"

namespace verdict::syntax {

class LoadBudget {
 public:
  // Starts the wall clock. `diags` must outlive the budget's use.
  LoadBudget(const Limits& limits, std::vector<Diagnostic>* diags);

  const Limits& limits() const { return limits_; }
  // True once any budget was exceeded (its diagnostic is already out).
  bool spent() const { return spent_; }

  // Another YAML file of `bytes` bytes (checked before it is read).
  bool AllowFile(const std::string& file, uintmax_t bytes);
  // The YAML node at `at` is the `in_file`-th of its file (counted from 1).
  bool AllowNode(const Pos& at, size_t in_file);
  // A file's YAML was read: its `nodes` count towards the pack's total.
  void EndFile(size_t nodes) { pack_nodes_ += nodes; }
  // A table of `rows` rows, the table's rows at `at`.
  bool AllowTableRows(const Pos& at, size_t rows);
  // `bytes` more bytes of expression text, the expression at `at`.
  bool AllowExpression(const Pos& at, size_t bytes);
  // Whether the wall clock still allows work at `at`.
  bool AllowTime(const Pos& at);

 private:
  bool Refuse(const Pos& at, std::string message);

  Limits limits_;
  std::vector<Diagnostic>* diags_;
  std::chrono::steady_clock::time_point start_;
  size_t files_ = 0;
  size_t pack_nodes_ = 0;  // nodes of the files finished so far
  size_t expression_bytes_ = 0;
  bool spent_ = false;
};

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_LOAD_BUDGET_H_
