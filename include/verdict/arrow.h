// Deciding Arrow record batches column by column, through the Arrow C data
// and C stream interfaces
// (https://arrow.apache.org/docs/format/CDataInterface.html): pyarrow, polars,
// Spark and DuckDB all speak them, and no Arrow library is linked. The structs
// below are the interface's own ABI, declared here per the specification
// (guarded, so another declaration of them coexists).
//
// Types in and out are those of ../shared/spec/scale.md: money as
// decimal128(38, 4), other decimals as decimal128(38, 18), int64, bool,
// utf8 strings and enums, date32, timestamp[us] without zone (wall time in
// the pack's zone), list<T>; an output without a single type as the JSON
// text `verdict eval` writes; then `error` struct<code, message, field>.
#ifndef VERDICT_ARROW_H_
#define VERDICT_ARROW_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "verdict/engine.h"

extern "C" {
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
#endif  // ARROW_C_STREAM_INTERFACE
}

namespace verdict {

// Decides every row of `input`, a stream of record batches (struct arrays
// whose children are the record's fields, by name; columns the policy does
// not declare are ignored), and fills `output` with a stream of result
// batches, rows in the same order: one or more per input batch (with
// `threads` > 1, a batch decided row by row, and a batch policy's pass two,
// is split into contiguous shares of at least 1,024 rows, decided at once on
// up to `threads` threads, each share an output batch; the rows and their
// decisions are the same for any `threads`). One column per
// output in the policy's order, then `error` (null where the record was
// decided; every output is null where it is set). With `options.trace`, a
// `trace` utf8 column follows: the matched rules as the JSON array that
// `verdict eval --trace` writes.
//
// Consumes `input` (it is released before returning, also on failure);
// `output` belongs to the caller, who releases it. A batch policy holds the
// input batches until both passes are done; a per-record policy decides
// each batch as it arrives. Throws std::invalid_argument for an unknown
// policy, a column whose Arrow type cannot hold its field (a money column
// of floating point type: not exact), an unsupported type, or a stream
// error, and `threads` below 1. Throws std::length_error, naming the column,
// when one output batch of a utf8 column (in practice `trace`) would hold
// more than 2^31 - 1 bytes of text, the most utf8's 32-bit offsets address
// (the column stays utf8 whatever the data's size): decide smaller input
// batches. Thread-safe as Pack's const methods are.
void DecideArrow(const Pack& pack, std::string_view policy,
                 ArrowArrayStream* input, const EvalOptions& options,
                 ArrowArrayStream* output, int threads = 1);

// A batch policy over data split across machines (Spark partitions), in
// two stages. Pass one: ArrowBatchAggregates() of every part (consumes
// `input`) returns that part's aggregates as bytes; MergeBatchAggregates()
// merges such bytes in any order and grouping. Pass two:
// DecideArrowWithAggregates() decides any part with the merged bytes of all
// of them; the decisions equal DecideArrow() over the parts as one stream.
// Records that are invalid, or whose aggregate expression fails, are left
// out of the aggregates (and decided with that error) as in DecideArrow().
// For a per-record policy the aggregates are empty and ignored. Throws
// std::invalid_argument for an unknown policy, bytes that are malformed or
// of another policy, and what DecideArrow() refuses.
std::string ArrowBatchAggregates(const Pack& pack, std::string_view policy,
                                 ArrowArrayStream* input,
                                 const EvalOptions& options);
std::string MergeBatchAggregates(const Pack& pack, std::string_view policy,
                                 std::span<const std::string_view> parts);
void DecideArrowWithAggregates(const Pack& pack, std::string_view policy,
                               ArrowArrayStream* input,
                               const EvalOptions& options,
                               std::string_view aggregates,
                               ArrowArrayStream* output);

// Merged aggregates made ready (sorted) once, for deciding many parts: a
// Spark worker finishes the broadcast bytes once, not once per batch.
// Immutable and thread-safe; refers to the pack's compiled policy, so the
// pack must outlive it.
class FinishedAggregates {
 public:
  struct Impl;  // internal
  explicit FinishedAggregates(std::unique_ptr<Impl> impl);
  ~FinishedAggregates();
  FinishedAggregates(const FinishedAggregates&) = delete;
  FinishedAggregates& operator=(const FinishedAggregates&) = delete;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};
// Throws as MergeBatchAggregates() does.
std::shared_ptr<const FinishedAggregates> FinishBatchAggregates(
    const Pack& pack, std::string_view policy, std::string_view aggregates);
// As above with aggregates already finished; throws std::invalid_argument
// when they belong to another policy.
void DecideArrowWithAggregates(const Pack& pack, std::string_view policy,
                               ArrowArrayStream* input,
                               const EvalOptions& options,
                               const FinishedAggregates& aggregates,
                               ArrowArrayStream* output);

}  // namespace verdict

#endif  // VERDICT_ARROW_H_
