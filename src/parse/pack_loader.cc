// Reads a pack folder into the syntax tree of pack_syntax.h: the files in
// order (pack.yaml first, then policies and the calendar, then tests),
// through one Loader (loader.h). yaml-cpp's exceptions stay inside src/parse
// and come out as positioned diagnostics.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "src/parse/content_hash.h"
#include "src/parse/loader.h"
#include "src/parse/pack_files.h"
#include "src/parse/pack_syntax.h"
#include "src/parse/yaml_prescan.h"

namespace verdict::syntax {
namespace {

// The calendar file: the one pack.yaml names (an error at its line when the
// name is wrong), else calendar.yaml when the folder has one.
std::optional<fs::path> CalendarPath(const std::string& pack_dir,
                                     YNode pack_root,
                                     const std::vector<fs::path>& files,
                                     Loader& loader,
                                     std::vector<Diagnostic>* diags) {
  if (pack_root.IsMap() && pack_root["calendar"]) {
    YNode c = pack_root["calendar"];
    if (!c.IsScalar() || c.Scalar().empty()) {
      loader.Error(c, "'calendar' names the calendar file, e.g. calendar.yaml");
      return std::nullopt;
    }
    return ResolveNamedFile(pack_dir, c.Scalar(), "calendar", loader.At(c),
                            diags);
  }
  for (const auto& f : files) {
    if (f.filename() == "calendar.yaml") return f;
  }
  return std::nullopt;
}

}  // namespace

// `f`'s path relative to the pack folder, with '/' separators.
std::string RelativePath(const fs::path& f, const std::string& pack) {
  return f.lexically_relative(pack).generic_string();
}

Pack LoadPackSyntax(const std::string& path, const Limits& limits,
                    std::vector<Diagnostic>* diags) {
  Pack pack;
  pack.path = path;
  // Every file's text goes to pack.file_texts; the test files' names are
  // kept apart, as the content hash covers only the files that decide
  // (pack.yaml, policies, calendar: content_hash.h).
  std::set<std::string> test_texts;
  pack.budget = std::make_shared<LoadBudget>(limits, diags);
  Loader loader(diags, *pack.budget);
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    diags->push_back({path, 0, 0, Diagnostic::Severity::kError,
                      "not a policy pack folder (no such directory)"});
    return pack;
  }
  pack.name = fs::path(path).lexically_normal().filename().string();
  if (pack.name.empty())
    pack.name =
        fs::path(path).lexically_normal().parent_path().filename().string();
  std::vector<fs::path> files = ListYamlFiles(path, path, diags), test_files;
  fs::path tests_dir = fs::path(path) / "tests";
  if (fs::is_directory(tests_dir, ec))
    test_files = ListYamlFiles(tests_dir, path, diags);
  // pack.yaml first: it may name the calendar file.
  auto is = [](const fs::path& p, const char* n) { return p.filename() == n; };
  YamlDoc pack_doc;
  for (const auto& f : files) {
    if (!is(f, "pack.yaml")) continue;
    std::string content;
    bool ok = loader.Read(f, &content, &pack_doc);
    const YNode pack_root = pack_doc.root();
    pack.file_texts[f.string()] =
        std::make_shared<const std::string>(std::move(content));
    if (ok && pack_root.IsMap()) loader.PackFileOf(pack_root, &pack);
  }
  std::optional<fs::path> calendar =
      CalendarPath(path, pack_doc.root(), files, loader, diags);
  auto is_calendar = [&](const fs::path& f) {
    return calendar && SameFile(f, *calendar);
  };
  bool calendar_read = false;
  for (const auto& f : files) {
    if (is(f, "pack.yaml")) continue;
    std::string content;
    YamlDoc doc;
    bool ok = loader.Read(f, &content, &doc);
    const YNode root = doc.root();
    pack.file_texts[f.string()] =
        std::make_shared<const std::string>(std::move(content));
    if (is_calendar(f)) {
      calendar_read = true;
      if (ok) pack.calendar = Calendar{f.string(), TreeOf(root, loader.file_)};
      continue;
    }
    if (!ok) continue;
    if (!root.IsMap()) {
      loader.Error(
          root, "a policy file is a mapping that starts with 'policy: NAME'");
      continue;
    }
    if (root["policy"]) {
      loader.PolicyOf(root, &pack);
      pack.policies.back().text = pack.file_texts[f.string()];
    } else if (root["calendar"]) {
      pack.calendar = Calendar{f.string(), TreeOf(root, loader.file_)};
    } else {
      loader.Error(root,
                   "unrecognized file: expected 'policy: NAME' (a policy) or "
                   "'calendar: NAME' (a working-day calendar)");
    }
  }
  if (calendar && !calendar_read) {  // named in a subfolder of the pack
    std::string content;
    YamlDoc doc;
    bool ok = loader.Read(*calendar, &content, &doc);
    const YNode root = doc.root();
    pack.file_texts[calendar->string()] =
        std::make_shared<const std::string>(std::move(content));
    if (ok)
      pack.calendar = Calendar{calendar->string(), TreeOf(root, loader.file_)};
  }
  for (const auto& f : test_files) {
    std::string content;
    YamlDoc doc;
    if (is_calendar(f)) continue;
    const bool ok = loader.Read(f, &content, &doc);
    pack.file_texts[f.string()] =
        std::make_shared<const std::string>(std::move(content));
    test_texts.insert(f.string());
    if (!ok) continue;
    const YNode root = doc.root();
    if (!root.IsMap()) {
      loader.Error(root, "a test file is a mapping with policy and cases");
      continue;
    }
    loader.TestsOf(root, &pack);
  }
  // A folder with no YAML file at all (empty, or the wrong folder) is not
  // a pack: loading it must not pass as "0 policies".
  if (files.empty()) {
    diags->push_back({path, 0, 0, Diagnostic::Severity::kError,
                      "not a policy pack: no pack.yaml and no policy files"});
  }
  std::map<std::string, std::string_view> hashed;
  for (const auto& [file, text] : pack.file_texts) {
    if (!test_texts.count(file)) hashed[RelativePath(file, path)] = *text;
  }
  pack.content_hash = ContentHash(hashed);
  return pack;
}

std::optional<Policy> ReparsePolicy(const Policy& policy,
                                    const Limits& limits) {
  if (!policy.text) return std::nullopt;
  std::vector<Diagnostic> diags;
  LoadBudget budget(limits, &diags);
  Loader loader(&diags, budget);
  loader.file_ = FileName(policy.file);
  YamlDoc doc;
  if (!PrescanYaml(loader.file_, *policy.text, budget, &diags, &doc))
    return std::nullopt;
  Pack pack;
  loader.doc_ = &doc;
  loader.PolicyOf(doc.root(), &pack);
  for (const Diagnostic& d : diags) {
    if (d.severity == Diagnostic::Severity::kError) return std::nullopt;
  }
  if (pack.policies.size() != 1) return std::nullopt;
  pack.policies[0].text = policy.text;
  return std::move(pack.policies[0]);
}

}  // namespace verdict::syntax
