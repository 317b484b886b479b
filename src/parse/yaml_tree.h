// Document nodes (yaml_doc.h) to syntax::Tree and positions. Internal to
// src/parse.
#ifndef VERDICT_SRC_PARSE_YAML_TREE_H_
#define VERDICT_SRC_PARSE_YAML_TREE_H_

#include <string>

#include "src/parse/tree.h"
#include "src/parse/yaml_doc.h"

namespace verdict::syntax {

// The position of `n` in `file`: 1-based, and for a quoted scalar the column
// of its first character after the quote.
Pos PosOf(YNode n, const FileName& file);

// A deep copy of `n` as data; an undefined node gives an absent Tree.
Tree TreeOf(YNode n, const FileName& file);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_YAML_TREE_H_
