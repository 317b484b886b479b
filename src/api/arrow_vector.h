// The column-at-a-time path of DecideArrow() for general per-record
// policies (the columnar path of arrow_columnar.h takes single tables):
// lets, rule lists, tables, collect decisions and policy functions decided
// over a whole chunk of rows at once, straight from the Arrow buffers.
//
// Exactness rests on one rule: whatever is not a simple operation on
// decimals, texts or literals is computed by the interpreter itself, once
// per distinct combination of its inputs (enum members, bools, the values
// earlier decisions chose), never by a second implementation. A batch with
// anything this path does not decide exactly as the per-row path would (a
// record that fails, a value the column kinds cannot hold, a dictionary
// that keeps growing) is refused whole, and the caller decides it row by
// row. tests/python/test_arrow_vector.py compares it with the per-row path
// on generated batches and policies.
#ifndef VERDICT_SRC_API_ARROW_VECTOR_H_
#define VERDICT_SRC_API_ARROW_VECTOR_H_

#include <memory>
#include <vector>

#include "src/compile/policy.h"
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {

class VectorPlan {
 public:
  // The plan for policy `p` of `pack` over batches of `schema` (a struct
  // schema), deciding with `options` (as_of; never a trace), or null when
  // the policy, its functions or the columns have a shape this path does
  // not take. Never throws for an unsupported shape.
  static std::unique_ptr<VectorPlan> Make(const PackImpl& pack,
                                          const CompiledPolicy& p,
                                          const ArrowSchema& schema,
                                          const EvalOptions& options);
  ~VectorPlan();

  // Decides every row of `batch` (of the plan's schema) and fills `columns`
  // with the finished output columns then the `error` column (all null),
  // owned by the caller. Returns false, having filled nothing, when some row
  // must take the per-row path. Thread-safe (const; its state is the
  // call's own).
  bool Decide(const ArrowArray& batch, std::vector<ArrowArray>* columns) const;

  struct Impl;

 private:
  explicit VectorPlan(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// How many batches of `input` (consumed) the column-at-a-time path decides
// for `policy` with `options`: the test's proof that the path it compares
// is taken. Throws std::invalid_argument as DecideArrow() does for an
// unknown policy.
int64_t VectorBatches(const Pack& pack, std::string_view policy,
                      ArrowArrayStream* input, const EvalOptions& options);

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_VECTOR_H_
