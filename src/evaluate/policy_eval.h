// Running compiled policies: validating a record into frame slots, batch
// aggregates (pass one), and deciding (pass two).
#ifndef VERDICT_SRC_EVALUATE_POLICY_EVAL_H_
#define VERDICT_SRC_EVALUATE_POLICY_EVAL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/compile/policy.h"

namespace verdict {

// Checks the values already placed in the record slots (0..n-1) of `frame`:
// required fields, types (converting where allowed), enum members, field
// checks and patterns; fills defaults. Returns the first problem. Given
// `checked` (field indices, ascending), only those fields are checked and
// filled: the caller vouches for the others (see CompiledPolicy::field_read)
// and leaves their slots as they were. A list rather than a flag per field,
// so a record of which only a few fields matter costs only those few.
// Only fields before index `before` are checked (all by default).
// Texts (and lists' texts) are checked to be UTF-8 unless `utf8` says the
// reader that loaded them has checked them already.
enum class Utf8Check {
  kScan,          // values a C++ caller gives (FieldMap, structs, columns)
  kDoneByReader,  // JSON Lines: both readers refuse a line not UTF-8
};
std::optional<RecordError> ValidateRecord(
    const CompiledPolicy& policy, Frame& frame,
    const std::vector<uint32_t>* checked = nullptr, size_t before = SIZE_MAX,
    Utf8Check utf8 = Utf8Check::kScan);

// The record's error given the load's own verdict `load_error`: a record
// with several faults is refused for the first faulty field in the
// policy's field order, whichever step found it. A load error that names a
// declared field for its value (wrong_type, invalid_value: found while the
// value was read) gives way to a fault ValidateRecord() finds in an earlier
// field; any other load error (invalid_json, unknown_field) is the record's
// error as it is. No load error: ValidateRecord().
std::optional<RecordError> ValidateLoaded(const CompiledPolicy& policy,
                                          Frame& frame,
                                          const std::vector<uint32_t>* checked,
                                          std::optional<RecordError> load_error,
                                          Utf8Check utf8 = Utf8Check::kScan);

// Places a FieldMap's values into the record slots (not validated yet: see
// ValidateRecord). With `strict`, a key the policy does not declare is an
// "unknown_field" error.
std::optional<RecordError> PlaceFieldMap(const CompiledPolicy& policy,
                                         const FieldMap& record, Frame& frame,
                                         bool strict);

// Pass one of a batch policy: accumulates the aggregates over valid
// records. Order-independent and mergeable, so the result does not depend
// on record order or on how the input is split into chunks.
class BatchState {
 public:
  explicit BatchState(const CompiledPolicy& policy);
  // Adds the record in `frame` (already validated). Returns an error when an
  // aggregate's expression fails for this record.
  std::optional<RecordError> Add(Frame& frame);
  void Merge(BatchState&& other);
  // Writes the finished aggregates into `frame`'s batch slots.
  void Apply(Frame& frame) const;
  void Finish();

  // The state of pass one as bytes (before Finish), so that states built on
  // different machines can be merged (batch_state_wire.cc). Throws
  // std::invalid_argument for a value kind the wire form does not carry.
  std::string Serialize() const;
  // Merges serialized state of the same policy. Throws
  // std::invalid_argument when `bytes` is malformed or of another policy.
  void MergeSerialized(std::string_view bytes);
  // The error Add() would give for the record in `frame`, without adding
  // it (pass two with aggregates built elsewhere).
  std::optional<RecordError> Check(Frame& frame) const;

 private:
  // Aggregate i's argument for the record in `frame` into `out`; the
  // record's error when it fails. Shared by Add() and Check().
  std::optional<RecordError> Argument(size_t i, Frame& frame, Value* out) const;

  const CompiledPolicy* policy_;
  int64_t count_ = 0;
  std::vector<Value> acc_;                  // sum/min/max per aggregate
  std::vector<std::vector<Value>> values_;  // sorted per aggregate
  std::vector<Value> finished_;
};

// Pass two: decides the validated record in `frame`. `batch` must be
// non-null for batch policies.
Decision Decide(const CompiledPolicy& policy, Frame& frame,
                const BatchState* batch, bool trace);
// As Decide(), into `out`, reusing its storage (names of outputs, vectors).
void DecideInto(const CompiledPolicy& policy, Frame& frame,
                const BatchState* batch, bool trace, Decision* out);
// As Decide() without a trace, for a per-record policy, leaving the outputs
// where they are: the record's error, or nullopt with values[k] pointing
// at output k (declared order; values.size() == policy.outputs.size()),
// valid until `frame` decides again or the pack is released.
std::optional<RecordError> DecideInPlace(const CompiledPolicy& policy,
                                         Frame& frame,
                                         std::span<const Value*> values);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_POLICY_EVAL_H_
