// The one path every record takes, whatever it came from (a FieldMap, a
// JSON line, a column of a DataFrame, a bound C++ struct):
//
//   load      the caller puts the record's values into the record slots of
//             frame() (or reports a load error: bad JSON, unknown field)
//   validate  ValidateRecord(): required fields, types, checks, defaults
//   decide    per record; for a batch policy, pass one accumulates the
//             aggregates over every valid record, then pass two decides
//   stamp     the policy's name, and the audit record when asked for
//
// Every entry point of src/api (Pack::Evaluate*, BatchSession, bound
// structs) runs its records through a RecordPipeline, so they cannot drift
// apart. Not thread-safe: one pipeline per call (it owns the frame).
#ifndef VERDICT_SRC_EVALUATE_RECORD_PIPELINE_H_
#define VERDICT_SRC_EVALUATE_RECORD_PIPELINE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "src/compile/policy.h"
#include "src/evaluate/policy_eval.h"

namespace verdict {

class RecordPipeline {
 public:
  // `pack`, `policy`, `options` and `checked` (the only fields to validate:
  // the caller vouches for the rest, see ValidateRecord; null: all) must
  // outlive the pipeline. `storage` is an optional frame buffer to reuse
  // (see ReleaseStorage()).
  RecordPipeline(const PackImpl& pack, const CompiledPolicy& policy,
                 const EvalOptions& options,
                 const std::vector<uint32_t>* checked = nullptr,
                 std::vector<Value>&& storage = {})
      : pack_(pack),
        policy_(policy),
        options_(options),
        checked_(checked),
        ctx_(pack.Context(options)),
        frame_(&ctx_, std::move(storage), policy.frame_size) {}

  RecordPipeline(const RecordPipeline&) = delete;  // frame_ points at ctx_
  RecordPipeline& operator=(const RecordPipeline&) = delete;

  // Where the caller loads a record: its field i goes to slot i.
  Frame& frame() { return frame_; }
  const CompiledPolicy& policy() const { return policy_; }
  // Hands the frame's buffer back for reuse by a later pipeline.
  std::vector<Value> ReleaseStorage() { return frame_.Release(); }

  // Says that the caller's reader checks every text it loads to be UTF-8
  // (ReadJsonRecord: simdjson and the flat reader refuse a line that is
  // not), so validation does not scan texts again.
  void ReaderChecksUtf8() { utf8_ = Utf8Check::kDoneByReader; }

  // Validation of the record in frame(), after the load's own verdict.
  // See ValidateLoaded(): the first faulty field in the policy's order.
  std::optional<RecordError> Validate(std::optional<RecordError> load_error) {
    return ValidateLoaded(policy_, frame_, checked_, std::move(load_error),
                          utf8_);
  }

  // Validates and decides the record loaded in frame() into `out`, then
  // stamps it. Every field of `out` is rewritten (policy, outputs or error,
  // trace, audit), so one Decision may be reused record after record.
  // `batch`: the finished aggregates, for batch policies (else null).
  void DecideLoaded(std::optional<RecordError> load_error, Decision* out,
                    const BatchState* batch = nullptr) {
    DecideValidated(Validate(std::move(load_error)), out, batch);
  }

  // As DecideLoaded(), for a record already validated with verdict `err`.
  void DecideValidated(std::optional<RecordError> err, Decision* out,
                       const BatchState* batch = nullptr) {
    if (err) {
      Reject(std::move(*err), out);
    } else {
      DecideInto(policy_, frame_, batch, options_.trace, out);
    }
    Stamp(out);
  }

  // An invalid record's decision: the error and nothing else.
  void Reject(RecordError err, Decision* out) const {
    out->outputs.clear();
    out->trace.clear();  // nothing matched for an invalid record
    out->error = std::move(err);
    if (out->policy != policy_.info.name) out->policy = policy_.info.name;
  }

  // The audit record when asked for (none otherwise). The policy's name is
  // already set: by Reject() or by DecideInto().
  void Stamp(Decision* out) const {
    out->traced = options_.trace;
    if (options_.audit) {
      out->audit = Audit{pack_.name, pack_.version, pack_.content_hash,
                         policy_.info.name, options_.as_of};
    } else if (out->audit) {
      out->audit.reset();
    }
  }

  // Decides `n` records; `load(i)` puts record i into frame() and returns a
  // load error or nullopt; `sink(i, decision)` receives each decision in
  // order (the Decision is reused: copy what you keep). A per-record policy
  // loads and decides one record at a time; a batch policy loads every
  // record once, keeps their values, accumulates the aggregates over the
  // valid ones (pass one), then decides each (pass two).
  template <typename Load, typename Sink>
  void Run(size_t n, Load&& load, Sink&& sink) {
    Decision d;
    if (!policy_.info.batch) {
      for (size_t i = 0; i < n; ++i) {
        DecideLoaded(load(i), &d);
        sink(i, d);
      }
      return;
    }
    // Every record's field values, record after record in one vector.
    const size_t width = policy_.fields.size();
    std::vector<Value> records(n * width);
    std::vector<std::optional<RecordError>> errors(n);
    for (size_t i = 0; i < n; ++i) {
      errors[i] = Validate(load(i));
      for (size_t k = 0; k < width; ++k)
        records[i * width + k] = frame_.slot(static_cast<int>(k));
    }
    DecideBatch(records, errors, [&](size_t i, Decision& d) { sink(i, d); });
  }

  // As Run(), into a vector of decisions (reusing its elements' storage).
  template <typename Load>
  void RunInto(size_t n, Load&& load, std::vector<Decision>* out) {
    out->resize(n);
    if (!policy_.info.batch) {
      for (size_t i = 0; i < n; ++i) DecideLoaded(load(i), &(*out)[i]);
      return;
    }
    // Swapped, not moved: the sink's Decision takes over the storage that
    // (*out)[i] held (from an earlier call) for the next record.
    Run(n, load, [&](size_t i, Decision& d) { std::swap((*out)[i], d); });
  }

 private:
  // Pass one over the kept records, then pass two.
  template <typename Sink>
  void DecideBatch(std::vector<Value>& records,
                   std::vector<std::optional<RecordError>>& errors,
                   Sink&& sink) {
    const size_t width = policy_.fields.size();
    // Pass one copies a record's values into the frame; pass two, their
    // last use, moves them.
    auto place = [&](size_t i, bool last) {
      for (size_t k = 0; k < width; ++k) {
        Value& v = records[i * width + k];
        if (last) {
          frame_.slot(static_cast<int>(k)) = std::move(v);
        } else {
          frame_.slot(static_cast<int>(k)) = v;
        }
      }
    };
    BatchState batch(policy_);
    for (size_t i = 0; i < errors.size(); ++i) {
      if (errors[i]) continue;
      place(i, false);
      if (auto err = batch.Add(frame_)) errors[i] = err;
    }
    batch.Finish();
    Decision d;  // reused record after record, as in the per-record path
    for (size_t i = 0; i < errors.size(); ++i) {
      if (!errors[i]) place(i, true);
      DecideValidated(std::move(errors[i]), &d, &batch);
      sink(i, d);
    }
  }

  const PackImpl& pack_;
  const CompiledPolicy& policy_;
  const EvalOptions& options_;
  const std::vector<uint32_t>* checked_;
  Utf8Check utf8_ = Utf8Check::kScan;
  EvalContext ctx_;
  Frame frame_;
};

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_RECORD_PIPELINE_H_
