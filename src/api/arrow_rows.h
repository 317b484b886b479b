// Arrow record batches decided row by row (src/api/arrow_eval.cc): cells
// read into a frame, decisions written to output column builders, one lane
// per thread. Internal to src/api.
#ifndef VERDICT_SRC_API_ARROW_ROWS_H_
#define VERDICT_SRC_API_ARROW_ROWS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/api/arrow_columnar_plan.h"
#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "src/evaluate/policy_eval.h"
#include "src/io/arrow_read.h"
#include "src/io/arrow_write.h"
#include "verdict/arrow.h"

namespace verdict {

// Appends `trace` as the JSON array `verdict eval --trace` writes.
void AppendTrace(const std::vector<TraceEntry>& trace, const Zone& zone,
                 std::string* out);

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
  // cell is valid for an optional field (it only gets the unread default);
  // text that is not UTF-8 or a date out of range is not (ArrowCellsValid).
  bool Skipped(const ArrowArray& batch, size_t k) const {
    const CompiledField& cf = p_.fields[k];
    if (p_.field_read[k] || cf.pattern || cf.has_check) return false;
    if (!readers_[k]) return !cf.required;
    const ArrowArray& col = *batch.children[column_[k]];
    if ((col.null_count != 0 && cf.required) || col.dictionary) return false;
    return SkippableFormat(cf, formats_[k]) &&
           ArrowCellsValid(col, formats_[k], batch.offset, batch.length);
  }

  std::vector<uint32_t> loaded_;  // the fields read and validated, ascending
  std::vector<std::string> formats_;
  const CompiledPolicy& p_;
  std::vector<std::unique_ptr<ArrowReader>> readers_;
  std::vector<int> column_;
};

// The output columns of `p`: its outputs, then error (then trace).
std::vector<std::unique_ptr<ArrowBuilder>> OutputBuilders(
    const CompiledPolicy& p, const Zone& zone, bool trace);

// One thread's rows: its own frame, decision and output builders. Not
// movable: the frame points at the context.
struct RowLane {
  RowLane(const PackImpl& impl, const CompiledPolicy& p, const EvalOptions& o)
      : ctx(impl.Context(o)),
        f(&ctx, p.frame_size),
        builders(OutputBuilders(p, impl.zone, o.trace)) {}
  ~RowLane() {
    if (share.release) share.release(&share);  // not handed on: a failure
  }
  RowLane(const RowLane&) = delete;
  RowLane& operator=(const RowLane&) = delete;
  EvalContext ctx;
  Frame f;
  Decision d;
  std::string trace_text;
  std::vector<std::unique_ptr<ArrowBuilder>> builders;
  ArrowArray share{};  // the rows of its last share, finished
};

// Decides rows into a lane's builders.
class RowDecider {
 public:
  RowDecider(const CompiledPolicy& p, const EvalOptions& options,
             const Zone& zone, const RowLoader& loader)
      : p_(p), options_(options), zone_(zone), loader_(loader) {}

  // Rows [from, to) of `batch` (BeginBatch done), finished into
  // lane.share. `state`: a batch policy's finished aggregates (else null).
  // Built here, they come with `excluded` (indexed by row: the rows whose
  // aggregate expression failed in pass one, which get that error again);
  // given from elsewhere (`excluded` null), each record is checked against
  // them.
  void Rows(RowLane& lane, const ArrowArray& batch, int64_t from, int64_t to,
            const BatchState* state, const std::vector<bool>* excluded) const {
    for (int64_t i = from; i < to; ++i) {
      auto err = loader_.Load(batch, i, lane.f);
      if (!err && state && !excluded) {
        err = state->Check(lane.f);
      } else if (!err && excluded && (*excluded)[static_cast<size_t>(i)]) {
        BatchState probe(p_);  // the same error again, for its text
        err = probe.Add(lane.f);
      }
      Emit(lane, err, state);
    }
    Finish(lane, to - from);
  }
  // Appends the decided outputs of lane.d; an output its column cannot
  // hold (money beyond decimal128(38, 4)) is the record's error, never a
  // null or wrapped value beside no error: every output of the row is then
  // null and the error is returned.
  std::optional<RecordError> AppendOutputs(RowLane& lane) const {
    auto& b = lane.builders;
    const size_t n_out = p_.outputs.size();
    for (size_t k = 0; k < n_out; ++k) {
      const Value& v = lane.d.outputs[k].second;
      if (b[k]->Append(v)) continue;
      for (size_t j = 0; j < k; ++j) b[j]->NullLast();
      for (size_t j = k + 1; j < n_out; ++j) b[j]->AppendNull();
      return RecordError{"evaluation_error",
                         "output '" + p_.outputs[k].first +
                             "': " + v.DebugString() +
                             " does not fit its Arrow column (" +
                             p_.output_types[k].text + ")",
                         ""};
    }
    return std::nullopt;
  }
  // One record already loaded into lane.f with verdict `err`.
  void Emit(RowLane& lane, const std::optional<RecordError>& err,
            const BatchState* batch) const {
    auto& b = lane.builders;
    const size_t n_out = p_.outputs.size();
    const RecordError* failed = err ? &*err : nullptr;
    if (!failed) {
      DecideInto(p_, lane.f, batch, options_.trace, &lane.d);
      if (!lane.d.ok()) failed = &*lane.d.error;
    }
    std::optional<RecordError> unfit;
    if (!failed) unfit = AppendOutputs(lane);
    if (unfit) failed = &*unfit;
    if (failed) {
      if (!unfit) {
        for (size_t k = 0; k < n_out; ++k) b[k]->AppendNull();
      }
      b[n_out]->AppendError(failed->code, failed->message, failed->field);
      if (options_.trace) b[n_out + 1]->AppendNull();
      return;
    }
    b[n_out]->AppendNull();
    if (options_.trace) {
      lane.trace_text.clear();
      AppendTrace(lane.d.trace, zone_, &lane.trace_text);
      b[n_out + 1]->Append(Value::String(lane.trace_text));
    }
  }
  // The lane's rows since the last Finish() as one struct array.
  void Finish(RowLane& lane, int64_t length) const {
    std::vector<ArrowArray> arrays(lane.builders.size());
    for (size_t k = 0; k < arrays.size(); ++k)
      lane.builders[k]->Finish(&arrays[k]);
    ExportStruct(arrays, length, &lane.share);
  }

 private:
  const CompiledPolicy& p_;
  const EvalOptions& options_;
  const Zone& zone_;
  const RowLoader& loader_;
};

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_ROWS_H_
