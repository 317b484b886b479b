// RecordPipeline::Run() column at a time: the batch entry points of the
// API (EvaluateMany, EvaluateEach, EvaluateColumns, EvaluateJsonLines)
// decide their records in chunks through
// a VectorPlan where the policy allows (EvalOptions::columnar), each
// record that is invalid, that the columns do not hold, or that the
// columns fail decided by the pipeline itself. The decisions are the
// pipeline's own, in order.
#ifndef VERDICT_SRC_API_COLUMNAR_RUN_H_
#define VERDICT_SRC_API_COLUMNAR_RUN_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "src/api/arrow_vector.h"
#include "src/evaluate/record_pipeline.h"

namespace verdict {

// Fewer records than this are decided record by record: making the plan
// costs more than the columns would save.
inline constexpr size_t kColumnarMinRecords = 512;

// Whether records of `p` decided with `options` may take the columns:
// EvalOptions::columnar, a per-record policy with outputs that is not a
// direct table (one lookup a record already), no trace, no audit. The
// plan may still refuse the policy's shape (VectorPlan::MakeForRecords).
bool TakesColumns(const CompiledPolicy& p, const EvalOptions& options);

// The plan for `n` records of `p` with `options`, or null: record by
// record.
std::unique_ptr<VectorPlan> ColumnarPlan(const PackImpl& pack,
                                         const CompiledPolicy& p,
                                         const EvalOptions& options, size_t n);

// `d` made the decision of a plain success with output k = *values[k]
// (as DecideInto() would leave it), then stamped by `run`.
void FillDecided(const CompiledPolicy& p, const RecordPipeline& run,
                 std::span<const Value*> values, Decision* d);

// The vector path's chunk: its dictionaries and memos grow per chunk.
inline constexpr size_t kColumnarChunk = 2048;

// What a caller keeps from chunk to chunk: the columns, and the decided
// outputs (with the run, whose memos then serve the next chunk).
struct ColumnarChunks {
  explicit ColumnarChunks(const VectorPlan& p) : plan(p), columns(p) {}
  const VectorPlan& plan;
  VectorPlan::RecordColumns columns;
  VectorPlan::RecordOutputs decided;
  std::vector<uint8_t> taken;  // per record of the chunk: in the columns
};

// Records [from, to) (at most kColumnarChunk) of `run`'s per-record
// policy, in order: `row(i, r)` for a record the columns decided (row r of
// c.decided), `decision(i, d)` for one the pipeline decided into `d`: an
// invalid record, one the columns do not hold or fail, or every record of
// a chunk they refuse. `load(i)` may be called twice for a record (each
// call loads it afresh).
template <typename Load, typename OnDecision, typename OnRow>
void DecideColumnarChunk(ColumnarChunks& c, RecordPipeline& run, size_t from,
                         size_t to, Load&& load, Decision& d,
                         OnDecision&& decision, OnRow&& row) {
  c.columns.Clear();
  c.taken.assign(to - from, 0);
  for (size_t i = from; i < to; ++i) {
    c.taken[i - from] =
        !run.Validate(load(i)) && c.columns.Add(run.frame()) ? 1 : 0;
  }
  const bool ok =
      c.columns.size() == 0 || c.plan.DecideRecords(c.columns, &c.decided);
  int64_t r = 0;
  for (size_t i = from; i < to; ++i) {
    if (c.taken[i - from] && ok && !c.decided.Failed(r)) {
      row(i, r);
    } else {
      run.DecideLoaded(load(i), &d);
      decision(i, d);
    }
    r += c.taken[i - from];
  }
}

// As run.Run(n, load, sink) (see RecordPipeline::Run), column at a time
// with `plan` (null: run.Run itself). `load(i)` may be called more than
// once for a record (each call loads it afresh).
template <typename Load, typename Sink>
void RunColumnar(const VectorPlan* plan, RecordPipeline& run, size_t n,
                 Load&& load, Sink&& sink) {
  if (!plan) {
    run.Run(n, load, sink);
    return;
  }
  ColumnarChunks c(*plan);
  std::vector<const Value*> values(run.policy().outputs.size());
  std::vector<int64_t> codes(values.size());
  Decision d;
  for (size_t from = 0; from < n; from += kColumnarChunk) {
    DecideColumnarChunk(c, run, from, std::min(n, from + kColumnarChunk), load,
                        d, sink, [&](size_t i, int64_t r) {
                          c.decided.Row(r, values, codes);
                          FillDecided(run.policy(), run, values, &d);
                          sink(i, d);
                        });
  }
}

}  // namespace verdict

#endif  // VERDICT_SRC_API_COLUMNAR_RUN_H_
