// verdict/arrow.h: record batches in through the Arrow C stream interface,
// read cell by cell into the frame; results out as Arrow columns.
#include <algorithm>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "src/api/arrow_columnar.h"
#include "src/api/arrow_columnar_plan.h"
#include "src/api/arrow_rows.h"
#include "src/api/arrow_vector.h"
#include "src/api/pack_access.h"
#include "src/api/share_pool.h"
#include "src/compile/policy.h"
#include "src/evaluate/policy_eval.h"
#include "src/io/arrow_read.h"
#include "src/io/arrow_write.h"
#include "src/io/json_records.h"
#include "verdict/arrow.h"

namespace verdict {

namespace {

// Releases what the producer owns on every path out.
struct InputGuard {
  ArrowArrayStream* stream = nullptr;
  ArrowSchema schema{};
  std::vector<ArrowArray> batches;
  ~InputGuard() {
    for (ArrowArray& b : batches) {
      if (b.release) b.release(&b);
    }
    if (schema.release) schema.release(&schema);
    if (stream && stream->release) stream->release(stream);
  }
  [[noreturn]] void Fail(const std::string& what) {
    const char* why =
        stream->get_last_error ? stream->get_last_error(stream) : nullptr;
    throw std::invalid_argument(what + (why ? std::string(": ") + why : ""));
  }
};

struct Columns {
  std::vector<std::unique_ptr<ArrowBuilder>>
      builders;  // outputs, error[, trace]
  std::vector<std::string> names;
};

struct OutStream {
  Columns columns;
  std::deque<ArrowArray> batches;
};

int OutGetSchema(ArrowArrayStream* s, ArrowSchema* out) {
  auto* o = static_cast<OutStream*>(s->private_data);
  std::vector<ArrowSchema> kids(o->columns.builders.size());
  for (size_t k = 0; k < kids.size(); ++k)
    o->columns.builders[k]->Schema(o->columns.names[k], &kids[k]);
  ExportStructSchema(kids, out);
  return 0;
}

int OutGetNext(ArrowArrayStream* s, ArrowArray* out) {
  auto* o = static_cast<OutStream*>(s->private_data);
  if (o->batches.empty()) {
    out->release = nullptr;  // the end of the stream
    return 0;
  }
  *out = o->batches.front();
  o->batches.pop_front();
  return 0;
}

const char* OutLastError(ArrowArrayStream*) { return nullptr; }

void OutRelease(ArrowArrayStream* s) {
  auto* o = static_cast<OutStream*>(s->private_data);
  for (ArrowArray& b : o->batches) {
    if (b.release) b.release(&b);
  }
  delete o;
  s->release = nullptr;
}

// At least this many rows per thread: fewer are not worth one.
constexpr int64_t kMinShareRows = 1024;

// `given`: pass one done elsewhere, finished (null: done here, for batch
// policies). `columnar`: whether batches may take the columnar path.
// `threads`: at most this many threads decide a batch's rows.
void Decide(const Pack& pack, std::string_view policy, ArrowArrayStream* input,
            const EvalOptions& options, const BatchState* given, bool columnar,
            int threads, ArrowArrayStream* output) {
  InputGuard in;
  in.stream = input;
  const PackImpl& impl = PackAccess::Impl(pack);
  pack.Policy(policy);  // throws for an unknown policy, naming the others
  const CompiledPolicy& p = *impl.Find(policy);
  const Zone& zone = impl.zone;
  if (threads < 1) throw std::invalid_argument("threads must be at least 1");
  if (input->get_schema(input, &in.schema) != 0)
    in.Fail("cannot read the Arrow stream's schema");
  RowLoader loader(p, in.schema, impl.strict_fields, zone);

  auto out = std::make_unique<OutStream>();
  out->columns.builders = OutputBuilders(p, zone, options.trace);
  for (size_t k = 0; k < p.outputs.size(); ++k)
    out->columns.names.push_back(p.outputs[k].first);
  out->columns.names.push_back("error");
  if (options.trace) out->columns.names.push_back("trace");

  RowDecider decider(p, options, zone, loader);
  std::vector<std::unique_ptr<RowLane>> lanes;
  lanes.push_back(std::make_unique<RowLane>(impl, p, options));
  SharePool pool(threads);  // after the lanes: joined before they go
  auto next = [&](ArrowArray* batch) {
    if (input->get_next(input, batch) != 0)
      in.Fail("cannot read the next Arrow batch");
    return batch->release != nullptr;
  };

  // The rows of `batch` in contiguous shares, one per thread, each share an
  // output batch, in order (see RowDecider::Rows for the rest). With
  // `vector`, each share is decided by it where it can be.
  auto decide_rows = [&](const ArrowArray& batch, const BatchState* state,
                         const std::vector<bool>* excluded,
                         const VectorPlan* vector) {
    loader.BeginBatch(batch);
    const size_t wanted = static_cast<size_t>(batch.length / kMinShareRows);
    const size_t shares = std::clamp<size_t>(wanted, 1, pool.Lanes(wanted));
    while (lanes.size() < shares)
      lanes.push_back(std::make_unique<RowLane>(impl, p, options));
    const int64_t each = (batch.length + static_cast<int64_t>(shares) - 1) /
                         static_cast<int64_t>(shares);
    pool.Run(shares, [&](size_t k) {
      const int64_t from =
          std::min(batch.length, static_cast<int64_t>(k) * each);
      const int64_t to = std::min(batch.length, from + each);
      if (vector && to > from) {
        // The share as a batch of its own: a view, owning nothing.
        ArrowArray view = batch;
        view.offset += from;
        view.length = to - from;
        view.release = nullptr;
        std::vector<ArrowArray> decided;
        if (vector->Decide(view, &decided)) {
          ExportStruct(decided, view.length, &lanes[k]->share);
          return;
        }
      }
      decider.Rows(*lanes[k], batch, from, to, state, excluded);
    });
    for (size_t k = 0; k < shares; ++k) {
      out->batches.push_back(lanes[k]->share);
      lanes[k]->share = ArrowArray{};
    }
  };

  if (given && !p.info.batch) given = nullptr;
  std::unique_ptr<ColumnarTable> table;
  if (columnar && !given && !options.trace)
    table = ColumnarTable::Make(p, in.schema, zone);
  std::unique_ptr<VectorPlan> vector;
  if (columnar && !given && !table)
    vector = VectorPlan::Make(impl, p, in.schema, options);
  if (!p.info.batch || given) {
    ArrowArray batch;
    std::vector<ArrowArray> decided;
    while (next(&batch)) {
      in.batches.push_back(batch);
      if (table && table->Decide(batch, &decided)) {
        out->batches.emplace_back();
        ExportStruct(decided, batch.length, &out->batches.back());
      } else {
        decide_rows(batch, given, nullptr, vector.get());
      }
      in.batches.back().release(&in.batches.back());
      in.batches.pop_back();
    }
  } else {
    // Pass one over every batch (kept until pass two), on this thread: the
    // aggregates. Pass two decides each batch as above.
    RowLane& lane = *lanes[0];
    BatchState state(p);
    std::vector<std::vector<bool>> excluded;
    ArrowArray batch;
    while (next(&batch)) {
      in.batches.push_back(batch);
      excluded.emplace_back(batch.length, false);
      loader.BeginBatch(batch);
      for (int64_t i = 0; i < batch.length; ++i) {
        if (!loader.Load(batch, i, lane.f) && state.Add(lane.f))
          excluded.back()[i] = true;
      }
    }
    state.Finish();
    for (size_t b = 0; b < in.batches.size(); ++b)
      decide_rows(in.batches[b], &state, &excluded[b], nullptr);
  }
  *output = ArrowArrayStream{&OutGetSchema, &OutGetNext, &OutLastError,
                             &OutRelease, out.release()};
}

}  // namespace

void DecideArrow(const Pack& pack, std::string_view policy,
                 ArrowArrayStream* input, const EvalOptions& options,
                 ArrowArrayStream* output, int threads) {
  Decide(pack, policy, input, options, nullptr, true, threads, output);
}

void DecideArrowRowByRow(const Pack& pack, std::string_view policy,
                         ArrowArrayStream* input, const EvalOptions& options,
                         ArrowArrayStream* output, int threads) {
  Decide(pack, policy, input, options, nullptr, false, threads, output);
}

namespace {

// How many batches of `input` (consumed) `decide` (made for the policy and
// the stream's schema) decides: ColumnarBatches() and VectorBatches().
template <typename Make>
int64_t CountDecided(const Pack& pack, std::string_view policy,
                     ArrowArrayStream* input, Make make) {
  InputGuard in;
  in.stream = input;
  const PackImpl& impl = PackAccess::Impl(pack);
  pack.Policy(policy);  // throws for an unknown policy
  const CompiledPolicy& p = *impl.Find(policy);
  if (input->get_schema(input, &in.schema) != 0)
    in.Fail("cannot read the Arrow stream's schema");
  auto plan = make(impl, p, in.schema);
  int64_t count = 0;
  ArrowArray batch;
  std::vector<ArrowArray> decided;
  while (true) {
    if (input->get_next(input, &batch) != 0)
      in.Fail("cannot read the next Arrow batch");
    if (!batch.release) break;
    in.batches.push_back(batch);
    if (plan && plan->Decide(batch, &decided)) {
      ++count;
      for (ArrowArray& a : decided) a.release(&a);
    }
    in.batches.back().release(&in.batches.back());
    in.batches.pop_back();
  }
  return count;
}

}  // namespace

int64_t ColumnarBatches(const Pack& pack, std::string_view policy,
                        ArrowArrayStream* input) {
  return CountDecided(pack, policy, input,
                      [](const PackImpl& impl, const CompiledPolicy& p,
                         const ArrowSchema& schema) {
                        return ColumnarTable::Make(p, schema, impl.zone);
                      });
}

int64_t VectorBatches(const Pack& pack, std::string_view policy,
                      ArrowArrayStream* input, const EvalOptions& options) {
  return CountDecided(pack, policy, input,
                      [&](const PackImpl& impl, const CompiledPolicy& p,
                          const ArrowSchema& schema) {
                        return VectorPlan::Make(impl, p, schema, options);
                      });
}

struct FinishedAggregates::Impl {
  std::string policy;
  BatchState state;
};

FinishedAggregates::FinishedAggregates(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
FinishedAggregates::~FinishedAggregates() = default;

std::shared_ptr<const FinishedAggregates> FinishBatchAggregates(
    const Pack& pack, std::string_view policy, std::string_view aggregates) {
  pack.Policy(policy);
  const CompiledPolicy& p = *PackAccess::Impl(pack).Find(policy);
  auto impl = std::make_unique<FinishedAggregates::Impl>(
      FinishedAggregates::Impl{p.info.name, BatchState(p)});
  impl->state.MergeSerialized(aggregates);
  impl->state.Finish();
  return std::make_shared<const FinishedAggregates>(std::move(impl));
}

void DecideArrowWithAggregates(const Pack& pack, std::string_view policy,
                               ArrowArrayStream* input,
                               const EvalOptions& options,
                               const FinishedAggregates& aggregates,
                               ArrowArrayStream* output) {
  if (aggregates.impl().policy != policy) {
    if (input->release) input->release(input);
    throw std::invalid_argument(
        "aggregates of policy '" + aggregates.impl().policy +
        "' do not fit policy '" + std::string(policy) + "'");
  }
  Decide(pack, policy, input, options, &aggregates.impl().state, true, 1,
         output);
}

void DecideArrowWithAggregates(const Pack& pack, std::string_view policy,
                               ArrowArrayStream* input,
                               const EvalOptions& options,
                               std::string_view aggregates,
                               ArrowArrayStream* output) {
  std::shared_ptr<const FinishedAggregates> finished;
  try {
    finished = FinishBatchAggregates(pack, policy, aggregates);
  } catch (...) {
    if (input->release) input->release(input);
    throw;
  }
  DecideArrowWithAggregates(pack, policy, input, options, *finished, output);
}

std::string ArrowBatchAggregates(const Pack& pack, std::string_view policy,
                                 ArrowArrayStream* input,
                                 const EvalOptions& options) {
  InputGuard in;
  in.stream = input;
  const PackImpl& impl = PackAccess::Impl(pack);
  pack.Policy(policy);
  const CompiledPolicy& p = *impl.Find(policy);
  if (input->get_schema(input, &in.schema) != 0)
    in.Fail("cannot read the Arrow stream's schema");
  RowLoader loader(p, in.schema, impl.strict_fields, impl.zone);
  EvalContext ctx = impl.Context(options);
  Frame f(&ctx, p.frame_size);
  BatchState state(p);
  ArrowArray batch;
  while (true) {
    if (input->get_next(input, &batch) != 0)
      in.Fail("cannot read the next Arrow batch");
    if (!batch.release) break;
    in.batches.push_back(batch);
    loader.BeginBatch(batch);
    for (int64_t i = 0; i < batch.length; ++i) {
      if (!loader.Load(batch, i, f)) (void)state.Add(f);
    }
    in.batches.back().release(&in.batches.back());
    in.batches.pop_back();
  }
  return state.Serialize();
}

std::string MergeBatchAggregates(const Pack& pack, std::string_view policy,
                                 std::span<const std::string_view> parts) {
  pack.Policy(policy);
  BatchState state(*PackAccess::Impl(pack).Find(policy));
  for (std::string_view part : parts) state.MergeSerialized(part);
  return state.Serialize();
}

}  // namespace verdict
