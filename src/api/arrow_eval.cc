// verdict/arrow.h: record batches in through the Arrow C stream interface,
// read cell by cell into the frame; results out as Arrow columns.
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "src/api/arrow_columnar.h"
#include "src/api/arrow_columnar_plan.h"
#include "src/api/pack_access.h"
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

void AppendTrace(const std::vector<TraceEntry>& trace, const Zone& zone,
                 std::string* out) {
  *out += '[';
  for (size_t i = 0; i < trace.size(); ++i) {
    const TraceEntry& t = trace[i];
    if (i) *out += ',';
    *out += "{\"decision\":";
    AppendJsonString(t.decision, out);
    *out += ",\"rule\":";
    AppendJsonString(t.rule, out);
    *out += ",\"values\":{";
    for (size_t j = 0; j < t.values.size(); ++j) {
      if (j) *out += ',';
      AppendJsonString(t.values[j].first, out);
      *out += ':';
      AppendJson(t.values[j].second, zone, out);
    }
    *out += "}}";
  }
  *out += ']';
}

// Reads a batch's cells into the frame's record slots.
class RowLoader {
 public:
  RowLoader(const CompiledPolicy& p, const ArrowSchema& schema, bool strict,
            const Zone& zone)
      : formats_(p.fields.size()),
        p_(p),
        readers_(p.fields.size()),
        column_(p.fields.size(), -1) {
    if (std::string_view(schema.format) != "+s") {
      throw std::invalid_argument(
          "the Arrow stream's batches are not structs (record batches)");
    }
    for (int64_t c = 0; c < schema.n_children; ++c) {
      const ArrowSchema& child = *schema.children[c];
      std::string name = child.name ? child.name : "";
      size_t k = 0;
      while (k < p.fields.size() && p.fields[k].name != name) ++k;
      if (k == p.fields.size()) {
        if (strict) {
          throw std::invalid_argument("column '" + name +
                                      "' is not declared by policy '" +
                                      p.info.name + "'");
        }
        continue;
      }
      std::string error;
      readers_[k] =
          ArrowReader::Make(child, &p.fields[k].type, name, zone, &error);
      if (!readers_[k]) throw std::invalid_argument(error);
      column_[k] = static_cast<int>(c);
      formats_[k] = child.format;
    }
  }
  // Decides, for one batch, which fields need not be read at all: those
  // nothing reads after validation whose cells are valid by construction
  // (a string column without nulls for a plain string field, ...), as
  // bound C++ members are skipped.
  void BeginBatch(const ArrowArray& batch) {
    loaded_.clear();
    for (size_t k = 0; k < readers_.size(); ++k) {
      if (!Skipped(batch, k)) loaded_.push_back(static_cast<uint32_t>(k));
    }
  }
  std::optional<RecordError> Load(const ArrowArray& batch, int64_t i,
                                  Frame& f) const {
    for (uint32_t k : loaded_) {
      f.slot(static_cast<int>(k)) =
          readers_[k]
              ? readers_[k]->Read(*batch.children[column_[k]], batch.offset + i)
              : Value();
    }
    return ValidateRecord(p_, f, &loaded_);
  }

 private:
  // Whether field `k` need not be read for `batch` (see BeginBatch). A null
  // cell is valid for an optional field (it only gets the unread default).
  bool Skipped(const ArrowArray& batch, size_t k) const {
    const CompiledField& cf = p_.fields[k];
    if (p_.field_read[k] || cf.pattern || cf.has_check) return false;
    if (!readers_[k]) return !cf.required;
    const ArrowArray& col = *batch.children[column_[k]];
    if ((col.null_count != 0 && cf.required) || col.dictionary) return false;
    return SkippableFormat(cf, formats_[k]);
  }

  std::vector<uint32_t> loaded_;  // the fields read and validated, ascending
  std::vector<std::string> formats_;
  const CompiledPolicy& p_;
  std::vector<std::unique_ptr<ArrowReader>> readers_;
  std::vector<int> column_;
};

}  // namespace

namespace {

// `given`: pass one done elsewhere, finished (null: done here, for batch
// policies). `columnar`: whether batches may take the columnar path.
void Decide(const Pack& pack, std::string_view policy, ArrowArrayStream* input,
            const EvalOptions& options, const BatchState* given,
            bool columnar, ArrowArrayStream* output) {
  InputGuard in;
  in.stream = input;
  const PackImpl& impl = PackAccess::Impl(pack);
  pack.Policy(policy);  // throws for an unknown policy, naming the others
  const CompiledPolicy& p = *impl.Find(policy);
  const Zone& zone = impl.zone;
  if (input->get_schema(input, &in.schema) != 0)
    in.Fail("cannot read the Arrow stream's schema");
  RowLoader loader(p, in.schema, impl.strict_fields, zone);

  auto out = std::make_unique<OutStream>();
  Columns& cols = out->columns;
  for (size_t k = 0; k < p.outputs.size(); ++k) {
    cols.builders.push_back(ArrowBuilder::For(p.output_types[k], zone));
    cols.names.push_back(p.outputs[k].first);
  }
  cols.builders.push_back(ArrowBuilder::ErrorStruct());
  cols.names.push_back("error");
  if (options.trace) {
    cols.builders.push_back(ArrowBuilder::Utf8());
    cols.names.push_back("trace");
  }
  const size_t n_out = p.outputs.size();

  EvalContext ctx = impl.Context(options);
  Frame f(&ctx, p.frame_size);
  Decision d;
  std::string trace_text;
  auto emit = [&](const std::optional<RecordError>& err,
                  const BatchState* batch) {
    if (err) {
      for (size_t k = 0; k < n_out; ++k) cols.builders[k]->AppendNull();
      cols.builders[n_out]->AppendError(err->code, err->message, err->field);
      if (options.trace) cols.builders[n_out + 1]->AppendNull();
      return;
    }
    DecideInto(p, f, batch, options.trace, &d);
    if (!d.ok()) {
      for (size_t k = 0; k < n_out; ++k) cols.builders[k]->AppendNull();
      cols.builders[n_out]->AppendError(d.error->code, d.error->message,
                                        d.error->field);
      if (options.trace) cols.builders[n_out + 1]->AppendNull();
      return;
    }
    for (size_t k = 0; k < n_out; ++k)
      cols.builders[k]->Append(d.outputs[k].second);
    cols.builders[n_out]->AppendNull();
    if (options.trace) {
      trace_text.clear();
      AppendTrace(d.trace, zone, &trace_text);
      cols.builders[n_out + 1]->Append(Value::String(trace_text));
    }
  };
  auto finish_batch = [&](int64_t length) {
    std::vector<ArrowArray> arrays(cols.builders.size());
    for (size_t k = 0; k < arrays.size(); ++k)
      cols.builders[k]->Finish(&arrays[k]);
    out->batches.emplace_back();
    ExportStruct(arrays, length, &out->batches.back());
  };
  auto next = [&](ArrowArray* batch) {
    if (input->get_next(input, batch) != 0)
      in.Fail("cannot read the next Arrow batch");
    return batch->release != nullptr;
  };

  if (given && !p.info.batch) given = nullptr;
  std::unique_ptr<ColumnarTable> table;
  if (columnar && !given && !options.trace)
    table = ColumnarTable::Make(p, in.schema, zone);
  if (!p.info.batch || given) {
    ArrowArray batch;
    std::vector<ArrowArray> decided;
    while (next(&batch)) {
      in.batches.push_back(batch);
      if (table && table->Decide(batch, &decided)) {
        out->batches.emplace_back();
        ExportStruct(decided, batch.length, &out->batches.back());
        in.batches.back().release(&in.batches.back());
        in.batches.pop_back();
        continue;
      }
      loader.BeginBatch(batch);
      for (int64_t i = 0; i < batch.length; ++i) {
        auto err = loader.Load(batch, i, f);
        if (!err && given) err = given->Check(f);
        emit(err, given);
      }
      finish_batch(batch.length);
      in.batches.back().release(&in.batches.back());
      in.batches.pop_back();
    }
  } else {
    // Pass one over every batch (kept until pass two): the aggregates.
    BatchState state(p);
    std::vector<std::vector<bool>> excluded;
    ArrowArray batch;
    while (next(&batch)) {
      in.batches.push_back(batch);
      excluded.emplace_back(batch.length, false);
      loader.BeginBatch(batch);
      for (int64_t i = 0; i < batch.length; ++i) {
        if (!loader.Load(batch, i, f) && state.Add(f))
          excluded.back()[i] = true;
      }
    }
    state.Finish();
    for (size_t b = 0; b < in.batches.size(); ++b) {
      const ArrowArray& a = in.batches[b];
      loader.BeginBatch(a);
      for (int64_t i = 0; i < a.length; ++i) {
        auto err = loader.Load(a, i, f);
        if (!err && excluded[b][i]) {
          BatchState probe(p);  // the same error again, for its text
          err = probe.Add(f);
        }
        emit(err, &state);
      }
      finish_batch(a.length);
    }
  }
  *output = ArrowArrayStream{&OutGetSchema, &OutGetNext, &OutLastError,
                             &OutRelease, out.release()};
}

}  // namespace

void DecideArrow(const Pack& pack, std::string_view policy,
                 ArrowArrayStream* input, const EvalOptions& options,
                 ArrowArrayStream* output) {
  Decide(pack, policy, input, options, nullptr, true, output);
}

void DecideArrowRowByRow(const Pack& pack, std::string_view policy,
                         ArrowArrayStream* input, const EvalOptions& options,
                         ArrowArrayStream* output) {
  Decide(pack, policy, input, options, nullptr, false, output);
}

int64_t ColumnarBatches(const Pack& pack, std::string_view policy,
                        ArrowArrayStream* input) {
  InputGuard in;
  in.stream = input;
  const PackImpl& impl = PackAccess::Impl(pack);
  pack.Policy(policy);
  const CompiledPolicy& p = *impl.Find(policy);
  if (input->get_schema(input, &in.schema) != 0)
    in.Fail("cannot read the Arrow stream's schema");
  auto table = ColumnarTable::Make(p, in.schema, impl.zone);
  int64_t count = 0;
  ArrowArray batch;
  std::vector<ArrowArray> decided;
  while (true) {
    if (input->get_next(input, &batch) != 0)
      in.Fail("cannot read the next Arrow batch");
    if (!batch.release) break;
    in.batches.push_back(batch);
    if (table && table->Decide(batch, &decided)) {
      ++count;
      for (ArrowArray& a : decided) a.release(&a);
    }
    in.batches.back().release(&in.batches.back());
    in.batches.pop_back();
  }
  return count;
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
  Decide(pack, policy, input, options, &aggregates.impl().state, true,
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
