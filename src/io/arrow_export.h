// Exporting Arrow arrays and schemas (C data interface) whose memory they
// own, freed by their release callbacks: the plumbing under the column
// builders (arrow_write.h) and the writers that fill whole columns at once.
#ifndef VERDICT_SRC_IO_ARROW_EXPORT_H_
#define VERDICT_SRC_IO_ARROW_EXPORT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "verdict/arrow.h"

namespace verdict {

// A buffer of `size` bytes for ExportBuffers(), its contents unspecified
// (not zeroed: the caller writes every byte it exports): a large one is
// reused from arrays released earlier when one fits. Thread-safe.
std::vector<uint8_t> ExportBuffer(size_t size);
// Gives a buffer no longer needed (one ExportBuffer() made and the caller
// did not export) to the pool ExportBuffer() takes from.
void RecycleBuffer(std::vector<uint8_t>&& buffer);

// Exports a column from ready buffers (moved in; `buffers[0]` is the
// validity bitmap, empty for none) and finished `children` (moved in), as
// the builders do. For writers that fill whole columns at once.
void ExportBuffers(int64_t length, int64_t null_count,
                   std::vector<std::vector<uint8_t>> buffers,
                   std::vector<ArrowArray> children, ArrowArray* out);

// Exports an all-null utf8 column of `length` rows whose validity bitmap,
// offsets and characters are all `zeros` (at least (length + 1) * 4 zero
// bytes), shared with other such columns and kept alive by each of them.
void ExportNullUtf8(int64_t length,
                    std::shared_ptr<const std::vector<uint8_t>> zeros,
                    ArrowArray* out);

// Exports `columns` (already finished, equal lengths) as one struct array
// (a record batch) and moves them into it.
void ExportStruct(std::vector<ArrowArray>& columns, int64_t length,
                  ArrowArray* out);
// Exports a struct schema with `fields` as children (moved in).
void ExportStructSchema(std::vector<ArrowSchema>& fields, ArrowSchema* out);

// Exports a column type of Arrow `format` named `name`, with `children`
// (moved in), nullable.
void ExportSchema(std::string format, const std::string& name,
                  std::vector<ArrowSchema> children, ArrowSchema* out);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_ARROW_EXPORT_H_
