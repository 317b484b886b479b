// Where the bytes of a YAML scalar's text are in its file. A scalar's text
// is what YAML decodes from the source (line folding, '' and backslash
// escapes, block indentation and chomping), so an offset into the text is
// not, in general, the scalar's start plus that offset. For the common
// scalar, whose text is a verbatim copy of the source from its first
// character on one line, nothing is recorded; for the others, a short list
// of anchors. Internal to src/parse (the Scalar of pack_syntax.h carries
// one; PosInScalar reads it).
#ifndef VERDICT_SRC_PARSE_SCALAR_MAP_H_
#define VERDICT_SRC_PARSE_SCALAR_MAP_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "src/parse/tree.h"

namespace verdict::syntax {

// Text byte `offset` and those after it, up to the next anchor, are on
// `line` from `column` on, one column a byte (1-based, as Pos; columns
// count bytes, as the rest of the positions do).
struct TextAnchor {
  uint32_t offset = 0;
  int32_t line = 0;
  int32_t column = 0;
};

// Anchors by increasing offset, the first at offset 0. Empty: the scalar's
// text could not be traced back to its source (positions in it are its
// start).
using ScalarMap = std::vector<TextAnchor>;

// The map of the scalar that yaml-cpp decoded as `value` from the node
// starting at byte `pos` of `source` (its mark: 0-based `line` and
// `column`; for a quoted scalar the quote, for a block scalar its `|` or
// `>`). nullopt when none is needed: the text is the source's bytes from
// the scalar's first character (after the quote) on, on one line.
// Otherwise the anchors, or an empty map when the text is not what the
// source decodes to as this reads it (then no position is guessed).
std::optional<ScalarMap> MapScalar(std::string_view source, size_t pos,
                                   int line, int column,
                                   std::string_view value);

// The position of byte `offset` of `text`, a scalar's text starting at
// `start` with the map `map`. Without a map (a scalar not read from a file
// by the loader), the text is taken as written from `start` on (a line
// break in it starts the next line at column 1). With an empty map,
// `start`. An offset past the text continues its last anchor.
Pos PosInScalar(const Pos& start, std::string_view text, const ScalarMap* map,
                size_t offset);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_SCALAR_MAP_H_
