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
#include <span>
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
  // The plan for records already validated into frames (JSON Lines, see
  // RecordColumns), or null as Make() is. Fields of a type this path does
  // not hold (int, date, lists) make no plan.
  static std::unique_ptr<VectorPlan> MakeForRecords(const PackImpl& pack,
                                                    const CompiledPolicy& p,
                                                    const EvalOptions& options);
  ~VectorPlan();

  // Decides every row of `batch` (of the plan's schema) and fills `columns`
  // with the finished output columns then the `error` column (all null),
  // owned by the caller. Returns false, having filled nothing, when some row
  // must take the per-row path. Thread-safe (const; its state is the
  // call's own).
  bool Decide(const ArrowArray& batch, std::vector<ArrowArray>* columns) const;

  // Decides the records of `in` (of a plan made by MakeForRecords()) into
  // `out`; a record that fails is left to the per-row path
  // (RecordOutputs::Failed). Returns false, `out` then unusable, when the
  // whole chunk must take the per-row path. Thread-safe as Decide() is.
  class RecordColumns;
  class RecordOutputs;
  bool DecideRecords(const RecordColumns& in, RecordOutputs* out) const;

  struct Impl;

 private:
  explicit VectorPlan(std::unique_ptr<Impl> impl);
  // Make() over `schema`, or MakeForRecords() when it is null.
  static std::unique_ptr<VectorPlan> MakeFor(const PackImpl& pack,
                                             const CompiledPolicy& p,
                                             const ArrowSchema* schema,
                                             const EvalOptions& options);
  std::unique_ptr<Impl> impl_;
};

// How many batches of `input` (consumed) the column-at-a-time path decides
// for `policy` with `options`: the test's proof that the path it compares
// is taken. Throws std::invalid_argument as DecideArrow() does for an
// unknown policy.
// Validated records gathered field by field, for DecideRecords(). Reused
// chunk after chunk: Clear() keeps the storage. Not thread-safe.
class VectorPlan::RecordColumns {
 public:
  explicit RecordColumns(const VectorPlan& plan);
  ~RecordColumns();
  // Appends the record validated in the record slots of `f` (see
  // ValidateRecord). Returns false, appending nothing, for a value the
  // plan's columns do not hold (money beyond four places or 10^14).
  bool Add(const Frame& f);
  int64_t size() const;
  void Clear();

  struct Store;

 private:
  friend class VectorPlan;
  std::unique_ptr<Store> s_;
};

// The outputs DecideRecords() gave, row by row. Not thread-safe.
class VectorPlan::RecordOutputs {
 public:
  RecordOutputs();
  ~RecordOutputs();
  // Whether record `i` failed (an error, a value an output cannot take):
  // the per-row path decides it, and says how.
  bool Failed(int64_t i) const;
  // Points values[k] at output k of record `i`, not Failed() (declared order;
  // values.size() is the policy's output count): valid until the next
  // Row() or DecideRecords() with this object. codes[k] (same size) is the
  // value's code in output k's dictionary, or -1 when it has none: equal
  // codes are equal values for as long as generation() stays the same.
  void Row(int64_t i, std::span<const Value*> values, std::span<int64_t> codes);
  // Changes whenever the dictionaries behind the codes are new.
  uint64_t generation() const;

  struct Store;

 private:
  friend class VectorPlan;
  std::unique_ptr<Store> s_;
};

int64_t VectorBatches(const Pack& pack, std::string_view policy,
                      ArrowArrayStream* input, const EvalOptions& options);

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_VECTOR_H_
