// See pack_files.h. Covered by tests/unit/hostile_pack_test.cc.
#include "src/parse/pack_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace verdict::syntax {
namespace {

namespace fs = std::filesystem;

void Error(std::vector<Diagnostic>* diags, const Pos& at, std::string msg) {
  diags->push_back({at.file, at.line, at.column, Diagnostic::Severity::kError,
                    std::move(msg)});
}

// Whether canonical path `p` lies inside canonical folder `root`.
bool Inside(const fs::path& root, const fs::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end() && q != p.end();
}

bool IsYaml(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

}  // namespace

bool SameFile(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

std::vector<fs::path> ListYamlFiles(const fs::path& dir,
                                    const fs::path& pack_root,
                                    std::vector<Diagnostic>* diags) {
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path root = fs::canonical(pack_root, ec);
  if (ec) return out;  // the caller reported the missing folder
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (!IsYaml(p)) continue;
    Pos at{FileName(p.string()), 0, 0};
    std::error_code st;
    fs::file_status status = fs::status(p, st);  // follows links
    if (!fs::exists(status)) {
      Error(diags, at, "cannot read: a link to a file that does not exist");
      continue;
    }
    if (!fs::is_regular_file(status)) {
      Error(diags, at,
            "cannot read: not a plain file (a pack's YAML files are files)");
      continue;
    }
    fs::path real = fs::canonical(p, st);
    if (st || !Inside(root, real)) {
      Error(diags, at,
            "a link to '" + real.string() +
                "', outside the pack folder (a pack is the files in its "
                "folder)");
      continue;
    }
    out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<fs::path> ResolveNamedFile(const fs::path& pack_root,
                                         const std::string& name,
                                         const std::string& what, const Pos& at,
                                         std::vector<Diagnostic>* diags) {
  const std::string quoted = what + " '" + name + "'";
  fs::path rel(name);
  if (name.empty()) {
    Error(diags, at, what + " names no file");
    return std::nullopt;
  }
  if (rel.is_absolute() || rel.has_root_name() || rel.has_root_directory()) {
    Error(diags, at,
          quoted +
              " is an absolute path; name a file inside the pack "
              "folder, relative to it");
    return std::nullopt;
  }
  fs::path norm = rel.lexically_normal();
  if (norm.empty() || *norm.begin() == "..") {
    Error(diags, at,
          quoted + " is outside the pack folder; name a file inside it");
    return std::nullopt;
  }
  fs::path full = pack_root / norm;
  std::error_code ec;
  fs::file_status status = fs::status(full, ec);  // follows links
  if (!fs::exists(status)) {
    bool link = fs::is_symlink(fs::symlink_status(full, ec));
    Error(diags, at,
          quoted + (link ? " is a link to a file that does not exist"
                         : " does not exist in the pack folder"));
    return std::nullopt;
  }
  fs::path root = fs::canonical(pack_root, ec);
  fs::path real = fs::canonical(full, ec);
  if (ec || !Inside(root, real)) {
    Error(diags, at,
          quoted + " is a link to '" + real.string() +
              "', outside the pack folder; name a file inside it");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    Error(diags, at, quoted + " is not a file");
    return std::nullopt;
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) {
    Error(diags, at, quoted + " cannot be read: " + std::strerror(errno));
    return std::nullopt;
  }
  return full;
}

}  // namespace verdict::syntax
