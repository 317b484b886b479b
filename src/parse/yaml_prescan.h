// The one pass over the text of one pack file, through yaml-cpp's event
// parser: it refuses what a pack file must not hold, each at its own
// line:col, and builds the document (yaml_doc.h) as it goes.
//  * Anchors (&a) and aliases (*a). yaml-cpp expands an alias into a shared
//    node, and anything that walks the tree walks the expansion: ten levels
//    of ten aliases in a 1 KB file are 10^10 nodes. Pack files have no use
//    for them, so the first anchor (or an alias) refuses the file.
//  * Nesting deeper than Limits::max_yaml_depth.
//  * More YAML nodes than the load budget allows (per file, per pack), and
//    the wall-clock budget (looked at every few thousand nodes).
//  * A second YAML document in the file (a pack file holds one).
//  * YAML syntax errors, with YAML's own message and position.
// The scan stops at the first of these, so a hostile file costs no more than
// the bytes before its first anchor.
//  * A key repeated in a mapping (any mapping of any pack file): YAML
//    requires unique keys, and readers disagree on which value wins
//    (yaml-cpp's lookups the first, PyYAML the last), so the file would not
//    mean one thing. Found once the document is built; every repeated key
//    is reported, each at its position, naming the first one's line.
#ifndef VERDICT_SRC_PARSE_YAML_PRESCAN_H_
#define VERDICT_SRC_PARSE_YAML_PRESCAN_H_

#include <string>
#include <vector>

#include "src/parse/load_budget.h"
#include "src/parse/yaml_doc.h"
#include "verdict/engine.h"

namespace verdict::syntax {

// Scans `content` (the text of `file`). Returns true when the file may be
// loaded, and then sets `*doc` to its document; otherwise
// appends one error diagnostic (or the budget did; one per repeated key),
// leaves `*doc` alone and returns false. The file's node count is added to
// `budget`'s pack total. Never throws.
bool PrescanYaml(const std::string& file, const std::string& content,
                 LoadBudget& budget, std::vector<Diagnostic>* diags,
                 YamlDoc* doc);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_YAML_PRESCAN_H_
