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

// The plan for `n` records of `p` with `options`, or null: record by
// record.
std::unique_ptr<VectorPlan> ColumnarPlan(const PackImpl& pack,
                                         const CompiledPolicy& p,
                                         const EvalOptions& options, size_t n);

// `d` made the decision of a plain success with output k = *values[k]
// (as DecideInto() would leave it), then stamped by `run`.
void FillDecided(const CompiledPolicy& p, const RecordPipeline& run,
                 std::span<const Value*> values, Decision* d);

// As run.Run(n, load, sink) (see RecordPipeline::Run), for a per-record
// policy: `load(i)` may be called more than once for a record (each call
// loads it afresh).
template <typename Load, typename Sink>
void RunColumnar(const VectorPlan* plan, RecordPipeline& run, size_t n,
                 Load&& load, Sink&& sink) {
  if (!plan) {
    run.Run(n, load, sink);
    return;
  }
  constexpr size_t kChunk = 2048;
  VectorPlan::RecordColumns columns(*plan);
  VectorPlan::RecordOutputs decided;
  std::vector<uint8_t> taken;
  std::vector<const Value*> values(run.policy().outputs.size());
  std::vector<int64_t> codes(values.size());
  Decision d;
  for (size_t from = 0; from < n; from += kChunk) {
    const size_t to = std::min(n, from + kChunk);
    columns.Clear();
    taken.assign(to - from, 0);
    for (size_t i = from; i < to; ++i) {
      taken[i - from] =
          !run.Validate(load(i)) && columns.Add(run.frame()) ? 1 : 0;
    }
    const bool ok =
        columns.size() == 0 || plan->DecideRecords(columns, &decided);
    int64_t row = 0;
    for (size_t i = from; i < to; ++i) {
      if (taken[i - from] && ok && !decided.Failed(row)) {
        decided.Row(row, values, codes);
        FillDecided(run.policy(), run, values, &d);
      } else {
        run.DecideLoaded(load(i), &d);
      }
      row += taken[i - from];
      sink(i, d);
    }
  }
}

}  // namespace verdict

#endif  // VERDICT_SRC_API_COLUMNAR_RUN_H_
