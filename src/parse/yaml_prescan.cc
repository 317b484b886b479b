// See yaml_prescan.h. Covered by tests/unit/hostile_pack_test.cc.
#include "src/parse/yaml_prescan.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "src/parse/yaml_flow.h"

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
       std::vector<Diagnostic>* diags)
      : file_(file), content_(content), budget_(budget), diags_(diags) {}

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
    return content_.substr(m.pos, std::min<size_t>(end - m.pos, 64));
  }

  void OnDocumentStart(const YAML::Mark& m) override {
    if (++documents_ > 1) {
      Refuse(m,
             "a second YAML document starts here; a pack file holds one "
             "(remove the '---' line or split the file)");
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Node(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
    Refuse(m, "YAML alias '" + AliasAt(m) + "': " + kNoAnchors);
  }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Node(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Node(m);
    ++open_;
  }
  void OnSequenceEnd() override { --open_; }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Node(m);
    ++open_;
  }
  void OnMapEnd() override { --open_; }
  // Called before the anchored node's own event: nothing anchored is seen.
  void OnAnchor(const YAML::Mark& m, const std::string& name) override {
    Refuse(m, "YAML anchor '&" + name.substr(0, 64) + "': " + kNoAnchors);
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
    if (!budget_.AllowNode(Pos{file_, m.line + 1, m.column + 1}, nodes_))
      throw Stop{};
  }

  const std::string& file_;
  const std::string& content_;
  LoadBudget& budget_;
  std::vector<Diagnostic>* diags_;
  size_t nodes_ = 0;
  int open_ = 0;
  int documents_ = 0;
};

}  // namespace

bool PrescanYaml(const std::string& file, const std::string& content,
                 LoadBudget& budget, std::vector<Diagnostic>* diags) {
  Scan scan(file, content, budget, diags);
  bool ok = true;
  try {
    std::istringstream in(content);
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
  return ok;
}

}  // namespace verdict::syntax
