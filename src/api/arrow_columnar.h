// The columnar fast path of DecideArrow(): a policy that is one first-hit
// table of literal cells over simple record columns (a DirectTable, see
// src/compile/policy.h) decided a whole batch at a time, straight from the
// Arrow buffers: decimal128 money compared as scaled 128-bit integers,
// int64 as integers, utf8 strings through their offsets; the winning rule
// of each row chosen rule by rule over the column, and the output columns
// written from the rules' precomputed cells. No Value is built per row.
//
// It decides only what it can decide exactly like the per-row path; a batch
// with anything else (a null cell, a money value beyond 10^18, a row no rule
// matches, a field that would need validating) is refused whole, and the
// caller decides that batch row by row. tests/python/test_arrow_columnar.py
// checks it against the per-row path on generated tables.
#ifndef VERDICT_SRC_API_ARROW_COLUMNAR_H_
#define VERDICT_SRC_API_ARROW_COLUMNAR_H_

#include <memory>
#include <string>
#include <vector>

#include "src/compile/policy.h"
#include "src/io/arrow_write.h"
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {

class ColumnarTable {
 public:
  // The plan for policy `p` over batches of `schema` (a struct schema whose
  // children are the record's columns), writing outputs of the types the
  // per-row path's builders write in the pack's `zone`, or null
  // when the policy or the columns have another shape. Never throws for an
  // unsupported shape.
  static std::unique_ptr<ColumnarTable> Make(const CompiledPolicy& p,
                                             const ArrowSchema& schema,
                                             const Zone& zone);

  ~ColumnarTable();

  // Decides every row of `batch` (of the plan's schema) and fills `columns`
  // with the finished output columns then the `error` column (all null),
  // owned by the caller. Returns false, having filled nothing, when some row
  // must take the per-row path. Thread-safe (const, no shared state).
  bool Decide(const ArrowArray& batch, std::vector<ArrowArray>* columns) const;

  struct Plan;

 private:
  explicit ColumnarTable(std::unique_ptr<Plan> plan);
  std::unique_ptr<Plan> plan_;
};

// DecideArrow() with every batch decided row by row, never by the columnar
// path: the reference the differential test compares the columnar path with
// (tests/python/test_arrow_columnar.py). Same contract as DecideArrow().
void DecideArrowRowByRow(const Pack& pack, std::string_view policy,
                         ArrowArrayStream* input, const EvalOptions& options,
                         ArrowArrayStream* output, int threads = 1);

// How many batches of `input` (consumed) the columnar path decides for
// `policy`: the test's proof that the path it compares is taken. Throws
// std::invalid_argument as DecideArrow() does for an unknown policy.
int64_t ColumnarBatches(const Pack& pack, std::string_view policy,
                        ArrowArrayStream* input);

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_COLUMNAR_H_
