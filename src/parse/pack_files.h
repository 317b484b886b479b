// Which files make up a pack folder, and the files that pack.yaml names.
// A pack is exactly the YAML files inside its folder: a file named by
// pack.yaml that is missing, unreadable or outside the folder is an error at
// the line that names it, and a YAML entry of the folder that cannot be read
// (a dangling link, a folder, a link out of the pack) is an error too, never
// a file silently left out.
#ifndef VERDICT_SRC_PARSE_PACK_FILES_H_
#define VERDICT_SRC_PARSE_PACK_FILES_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "src/parse/pack_syntax.h"
#include "verdict/engine.h"

namespace verdict::syntax {

// The YAML files (*.yaml, *.yml) directly in `dir`, sorted by name. Entries
// that are not regular files, or that resolve (through links) to a file
// outside `pack_root`, get an error diagnostic and are left out.
std::vector<std::filesystem::path> ListYamlFiles(
    const std::filesystem::path& dir, const std::filesystem::path& pack_root,
    std::vector<Diagnostic>* diags);

// Resolves `name`, which pack.yaml gives at `at` for `what` (e.g.
// "calendar"), to a readable regular file inside `pack_root` (relative to
// it; links are followed and must stay inside). Returns the path as
// pack_root / name, or nullopt after an error diagnostic at `at`.
std::optional<std::filesystem::path> ResolveNamedFile(
    const std::filesystem::path& pack_root, const std::string& name,
    const std::string& what, const Pos& at, std::vector<Diagnostic>* diags);

// Whether `a` and `b` are the same file (both must exist).
bool SameFile(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_PACK_FILES_H_
