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
// batches, one per input batch, rows in the same order: one column per
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
// error. Thread-safe as Pack's const methods are.
void DecideArrow(const Pack& pack, std::string_view policy,
                 ArrowArrayStream* input, const EvalOptions& options,
                 ArrowArrayStream* output);

}  // namespace verdict

#endif  // VERDICT_ARROW_H_
