#include "src/api/columnar_run.h"

#include "src/value/text.h"

namespace verdict {

bool TakesColumns(const CompiledPolicy& p, const EvalOptions& options) {
  return options.columnar && !options.trace && !options.audit &&
         !p.info.batch && !p.direct && !p.outputs.empty();
}

std::unique_ptr<VectorPlan> ColumnarPlan(const PackImpl& pack,
                                         const CompiledPolicy& p,
                                         const EvalOptions& options, size_t n) {
  if (!TakesColumns(p, options) || n < kColumnarMinRecords) return nullptr;
  return VectorPlan::MakeForRecords(pack, p, options);
}

void FillDecided(const CompiledPolicy& p, const RecordPipeline& run,
                 std::span<const Value*> values, Decision* d) {
  const bool same_policy = SameText(d->policy, p.info.name);
  if (!same_policy) d->policy = p.info.name;
  d->error.reset();
  d->trace.clear();
  if (same_policy && d->outputs.size() == values.size()) {
    for (size_t k = 0; k < values.size(); ++k)
      d->outputs[k].second = *values[k];
  } else {
    d->outputs.clear();
    d->outputs.reserve(values.size());
    for (size_t k = 0; k < values.size(); ++k)
      d->outputs.emplace_back(p.outputs[k].first, *values[k]);
  }
  run.Stamp(d);
}

}  // namespace verdict
