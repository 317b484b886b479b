// Gathering rows of an Arrow array by index (Arrow's "take"), over the C
// data interface, for the column types the output builders write
// (src/io/arrow_write.h): booleans, fixed-width cells, utf8, lists and
// structs of these. The column-at-a-time evaluator (src/api/arrow_vector.h)
// builds each output's distinct values once, as a small array through the
// output's own builder, and gathers every row's cell from it: the bytes
// are the builder's, never re-encoded.
#ifndef VERDICT_SRC_IO_ARROW_TAKE_H_
#define VERDICT_SRC_IO_ARROW_TAKE_H_

#include <cstdint>
#include <span>

#include "verdict/arrow.h"

namespace verdict {

// Whether Take() handles arrays of `schema`'s type (recursively).
bool TakeSupports(const ArrowSchema& schema);

// Fills `out` (owned by the caller, released by its callback) with row
// `indices[i]` of `from` as row i, for arrays of a type TakeSupports().
// Every index must be below from.length (not checked). Returns false,
// having filled nothing, when a utf8 column or a list would need offsets
// beyond 2^31 - 1 (the caller then builds the column another way).
// `from` is only read, and may be released afterwards.
bool Take(const ArrowSchema& schema, const ArrowArray& from,
          std::span<const uint32_t> indices, ArrowArray* out);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_ARROW_TAKE_H_
