// The reader of one pack's YAML files into the syntax tree of
// pack_syntax.h (pack_loader.cc drives it over a folder). Internal to
// src/parse; its methods are spread over loader_*.cc by the part of a pack
// they read. yaml-cpp's exceptions stay inside: every problem comes out as a
// positioned diagnostic in `diags`. Not thread-safe: one Loader per load.
#ifndef VERDICT_SRC_PARSE_LOADER_H_
#define VERDICT_SRC_PARSE_LOADER_H_

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "src/parse/load_budget.h"
#include "src/parse/pack_syntax.h"
#include "src/parse/yaml_doc.h"
#include "src/parse/yaml_tree.h"
#include "verdict/engine.h"

namespace verdict::syntax {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(std::vector<Diagnostic>* diags, LoadBudget& budget)
      : diags_(diags), budget_(budget) {}

  Pos At(YNode n) const { return PosOf(n, file_); }

  void Error(const Pos& p, std::string msg) {
    Report(p, Diagnostic::Severity::kError, std::move(msg));
  }
  void Error(YNode n, std::string msg) { Error(At(n), std::move(msg)); }
  // A warning: the pack still loads.
  void Warn(const Pos& p, std::string msg) {
    Report(p, Diagnostic::Severity::kWarning, std::move(msg));
  }

  // Loads one YAML file into `*doc`; false (and a diagnostic) on failure.
  // The file's size, encoding, nodes and anchors are checked as it is read
  // (PrescanYaml), before anything else looks at it.
  bool Read(const fs::path& path, std::string* content, YamlDoc* doc);

  // A value as written: null (also for an undefined node), a scalar (quoted
  // or not, with its map from doc_ when it has one), or a list of them; a
  // mapping is an error and gives null.
  Scalar ScalarOf(YNode n);

  // The text of a scalar; "" and an error ("expected `what`") otherwise.
  std::string Str(YNode n, const char* what);

  // Iterates a map in file order. Its keys are distinct: the prescan
  // refuses a file that repeats a key in any mapping (yaml_prescan.h).
  template <typename F>
  void EachEntry(YNode map, const char* what, F f) {
    if (!map.IsMap()) {
      Error(map, std::string("expected a mapping for ") + what);
      return;
    }
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) {
        Error(kv.first, "keys must be plain names");
        continue;
      }
      f(kv.first.Scalar(), kv.first, kv.second);
    }
  }

  // One error per key of `map` that is not in `allowed`, listing them.
  void CheckKeys(YNode map, std::initializer_list<const char*> allowed,
                 const char* what);

  // `name: value` entries in file order; none when `n` is undefined.
  std::vector<Named> NamedMap(YNode n, const char* what);

  // A record field, long form ({type, default, ...}) or compact ("money?",
  // "bool = false").
  Field FieldOf(const std::string& name, YNode key, YNode v);

  // One condition or a list of them; none when `n` is undefined.
  std::vector<Scalar> Conditions(YNode n);

  // A rule of a rules decision; its id defaults to "rule<index + 1>".
  Rule RuleOf(YNode n, size_t index);

  // A decision (or a function's body), with rules or a table.
  Decision DecisionOf(YNode n, const std::string& default_id);

  // A decision table's columns, outputs and rows (rows as rules with
  // cells; rows beyond the load budget are refused and not read).
  void TableOf(YNode t, Decision* d);

  // A policy file, appended to pack->policies.
  void PolicyOf(YNode root, Pack* pack);

  // `analysis: {allow: [{finding, in, rows, reason}]}`.
  void AnalysisOf(YNode n, Policy* p);

  // A test file, appended to pack->tests.
  void TestsOf(YNode root, Pack* pack);

  // pack.yaml: the pack's name, version and zone.
  void PackFileOf(YNode root, Pack* pack);
  // pack.yaml's `pack` (`name`) or `version` into *out, reported at `n`
  // when it is not text the service's Verdict-Pack header can carry.
  void PackText(YNode n, bool name, std::string* out);

  FileName file_;  // the file being read, for positions
  // The document being read, for its scalars' maps (Read sets it); null:
  // the scalars get none.
  const YamlDoc* doc_ = nullptr;

 private:
  void Report(const Pos& p, Diagnostic::Severity severity, std::string msg) {
    diags_->push_back({p.file, p.line, p.column, severity, std::move(msg)});
  }
  std::vector<Diagnostic>* diags_;
  LoadBudget& budget_;
};

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_LOADER_H_
