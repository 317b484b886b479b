// See yaml_prescan.h. Covered by tests/unit/hostile_pack_test.cc.
#include "src/parse/yaml_prescan.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <tuple>

#include "src/parse/yaml_flow.h"
#include "src/value/utf8.h"

namespace verdict::syntax {
namespace {

constexpr const char* kNoAnchors =
    "anchors and aliases are not allowed in pack files (write the value out "
    "where it is used)";

// Thrown by the handler to stop the parser at the first problem; the
// diagnostic is already out.
struct Stop {};

class Scan : public YAML::EventHandler {
 public:
  Scan(const std::string& file, const std::string& content, LoadBudget& budget,
       std::vector<Diagnostic>* diags, YamlDocBuilder& builder)
      : file_(file),
        file_name_(file),
        content_(content),
        budget_(budget),
        diags_(diags),
        builder_(builder) {}

  size_t nodes() const { return nodes_; }

  [[noreturn]] void Refuse(const YAML::Mark& m, std::string message) {
    diags_->push_back({file_, m.line + 1, m.column + 1,
                       Diagnostic::Severity::kError, std::move(message)});
    throw Stop{};
  }

  // The alias name written at `m` ("*name"), for messages.
  std::string AliasAt(const YAML::Mark& m) const {
    if (m.pos < 0 || static_cast<size_t>(m.pos) >= content_.size() ||
        content_[m.pos] != '*') {
      return "*";
    }
    size_t end = content_.find_first_of(" \t\r\n,]}", m.pos);
    if (end == std::string::npos) end = content_.size();
    return std::string(
        Utf8Prefix(std::string_view(content_).substr(m.pos, end - m.pos), 64));
  }

  void OnDocumentStart(const YAML::Mark& m) override {
    if (++documents_ > 1) {
      Refuse(m,
             "a second YAML document starts here; a pack file holds one "
             "(remove the '---' line or split the file)");
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override {
    Node(m);
    builder_.OnNull(m, a);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
    Refuse(m, "YAML alias '" + AliasAt(m) + "': " + kNoAnchors);
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    Node(m);
    builder_.OnScalar(m, tag, a, value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag,
                       YAML::anchor_t a,
                       YAML::EmitterStyle::value style) override {
    Node(m);
    ++open_;
    builder_.OnSequenceStart(m, tag, a, style);
  }
  void OnSequenceEnd() override {
    --open_;
    builder_.OnSequenceEnd();
  }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                  YAML::EmitterStyle::value style) override {
    Node(m);
    ++open_;
    builder_.OnMapStart(m, tag, a, style);
  }
  void OnMapEnd() override {
    --open_;
    builder_.OnMapEnd();
  }
  // Called before the anchored node's own event: nothing anchored is seen.
  void OnAnchor(const YAML::Mark& m, const std::string& name) override {
    Refuse(m, "YAML anchor '&" + std::string(Utf8Prefix(name, 64)) +
                  "': " + kNoAnchors);
  }

 private:
  void Node(const YAML::Mark& m) {
    ++nodes_;
    // The node's depth is the number of lists and mappings around it.
    if (open_ > budget_.limits().max_yaml_depth) {
      Refuse(m, "YAML nesting deeper than " +
                    std::to_string(budget_.limits().max_yaml_depth) +
                    " levels (Limits::max_yaml_depth)");
    }
    if (!budget_.AllowNode(Pos{file_name_, m.line + 1, m.column + 1}, nodes_))
      throw Stop{};
  }

  const std::string& file_;
  const FileName file_name_;  // for positions, shared by this file's nodes
  const std::string& content_;
  LoadBudget& budget_;
  std::vector<Diagnostic>* diags_;
  YamlDocBuilder& builder_;  // gets every event that passes the checks
  size_t nodes_ = 0;
  int open_ = 0;
  int documents_ = 0;
};

// True when no mapping of the document repeats a key; otherwise one error
// at each repeated key, in file order, naming the first one's line.
bool NoDuplicateKeys(const std::string& file, const YamlDocBuilder& builder,
                     std::vector<Diagnostic>* diags) {
  std::vector<DuplicateKey> dups = builder.duplicate_keys();
  if (dups.empty()) return true;
  std::sort(dups.begin(), dups.end(), [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  for (const DuplicateKey& d : dups) {
    // As PosOf: a quoted key's column is that of its first character.
    diags->push_back({file, d.line + 1, d.column + 1 + (d.quoted ? 1 : 0),
                      Diagnostic::Severity::kError,
                      "duplicate key '" + d.text + "' (the first is at line " +
                          std::to_string(d.first_line + 1) + ")"});
  }
  return false;
}

}  // namespace

bool PrescanYaml(const std::string& file, const std::string& content,
                 LoadBudget& budget, std::vector<Diagnostic>* diags,
                 YamlDoc* doc) {
  YamlDocBuilder builder(content);
  Scan scan(file, content, budget, diags, builder);
  bool ok = true;
  try {
    TextStream in(content);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(scan)) {
    }
  } catch (const Stop&) {
    ok = false;
  } catch (const YAML::Exception& e) {
    // An alias whose anchor is not defined fails in the parser before the
    // handler sees it; it is still an alias.
    PlacedYamlError p =
        PlaceYamlError(content, TextPoint{e.mark.line, e.mark.column}, e.msg);
    if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) {
      p = {{e.mark.line, e.mark.column},
           "YAML alias '" + scan.AliasAt(e.mark) + "': " + kNoAnchors};
    }
    diags->push_back({file, p.at.line + 1, p.at.column + 1,
                      Diagnostic::Severity::kError, std::move(p.message)});
    ok = false;
  }
  budget.EndFile(scan.nodes());
  if (ok) ok = NoDuplicateKeys(file, builder, diags);
  if (ok) *doc = YamlDoc(builder.Take(), builder.TakeMaps());
  return ok;
}

}  // namespace verdict::syntax
