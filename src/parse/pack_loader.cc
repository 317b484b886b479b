// Reads a pack folder into the syntax tree of pack_syntax.h. yaml-cpp's
// exceptions stay inside this file and come out as positioned diagnostics.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "src/parse/content_hash.h"
#include "src/parse/load_budget.h"
#include "src/parse/pack_files.h"
#include "src/parse/pack_syntax.h"
#include "src/parse/yaml_flow.h"
#include "src/parse/yaml_prescan.h"
#include "src/parse/yaml_tree.h"
#include "src/value/text.h"
#include "src/value/utf8.h"

namespace verdict::syntax {
namespace {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(std::vector<Diagnostic>* diags, LoadBudget& budget)
      : diags_(diags), budget_(budget) {}

  Pos At(const YAML::Node& n) const { return PosOf(n, file_); }

  void Error(const Pos& p, std::string msg) {
    diags_->push_back({p.file, p.line, p.column, Diagnostic::Severity::kError,
                       std::move(msg)});
  }
  void Error(const YAML::Node& n, std::string msg) {
    Error(At(n), std::move(msg));
  }

  // Loads one YAML file; false (and a diagnostic) on failure. The file's
  // size, nodes and anchors are checked before YAML::Load builds a tree.
  bool Read(const fs::path& path, std::string* content, YAML::Node* out) {
    file_ = path.string();
    std::error_code ec;
    uintmax_t size = fs::file_size(path, ec);
    if (!budget_.AllowFile(file_, ec ? 0 : size)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      Error(Pos{file_, 0, 0},
            std::string("cannot read the file: ") + std::strerror(errno));
      return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    *content = ss.str();
    if (content->empty() ||
        content->find_first_not_of(" \t\r\n") == std::string::npos) {
      Error(Pos{file_, 1, 1}, "the file is empty");
      return false;
    }
    if (size_t bad = FirstInvalidUtf8(*content); bad != std::string::npos) {
      int line = 1, col = 1;
      for (size_t i = 0; i < bad; ++i) {
        if ((*content)[i] == '\n') {
          ++line;
          col = 1;
        } else if (((*content)[i] & 0xC0) != 0x80) {
          ++col;
        }
      }
      Error(Pos{file_, line, col},
            "invalid UTF-8 (policy files are UTF-8 text)");
      return false;
    }
    if (!PrescanYaml(file_, *content, budget_, diags_)) return false;
    try {
      *out = YAML::Load(*content);
      return true;
    } catch (const YAML::Exception& e) {
      YamlError(*content, e);
      return false;
    }
  }

  // A syntax error, placed for the author (see PlaceYamlError).
  void YamlError(const std::string& content, const YAML::Exception& e) {
    PlacedYamlError p =
        PlaceYamlError(content, TextPoint{e.mark.line, e.mark.column}, e.msg);
    Error(Pos{file_, p.at.line + 1, p.at.column + 1}, p.message);
  }

  Scalar ScalarOf(const YAML::Node& n) {
    Scalar s;
    s.pos = At(n);
    if (!n || n.IsNull()) {
      s.is_null = true;
      return s;
    }
    if (n.IsSequence()) {
      s.is_list = true;
      for (const auto& item : n) s.items.push_back(ScalarOf(item));
      return s;
    }
    if (!n.IsScalar()) {
      Error(n, "expected a value here, found a mapping");
      s.is_null = true;
      return s;
    }
    s.text = n.Scalar();
    s.quoted = n.Tag() == "!";
    return s;
  }

  std::string Str(const YAML::Node& n, const char* what) {
    if (!n.IsScalar()) {
      Error(n, std::string("expected ") + what);
      return "";
    }
    return n.Scalar();
  }

  // Iterates a map in file order, rejecting duplicate keys.
  template <typename F>
  void EachEntry(const YAML::Node& map, const char* what, F f) {
    if (!map.IsMap()) {
      Error(map, std::string("expected a mapping for ") + what);
      return;
    }
    std::set<std::string> seen;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) {
        Error(kv.first, "keys must be plain names");
        continue;
      }
      std::string key = kv.first.Scalar();
      if (!seen.insert(key).second) {
        Error(kv.first, "duplicate key '" + key + "' in " + what);
        continue;
      }
      f(key, kv.first, kv.second);
    }
  }

  void CheckKeys(const YAML::Node& map,
                 std::initializer_list<const char*> allowed, const char* what) {
    if (!map.IsMap()) return;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) continue;
      std::string k = kv.first.Scalar();
      if (std::none_of(allowed.begin(), allowed.end(),
                       [&](const char* a) { return k == a; })) {
        std::string list;
        for (const char* a : allowed)
          list += (list.empty() ? "" : ", ") + std::string(a);
        Error(kv.first, "unknown key '" + k + "' in " + what +
                            " (expected one of: " + list + ")");
      }
    }
  }

  std::vector<Named> NamedMap(const YAML::Node& n, const char* what) {
    std::vector<Named> out;
    if (!n) return out;
    EachEntry(
        n, what,
        [&](const std::string& k, const YAML::Node& key, const YAML::Node& v) {
          out.push_back({k, At(key), ScalarOf(v)});
        });
    return out;
  }

  Field FieldOf(const std::string& name, const YAML::Node& key,
                const YAML::Node& v) {
    Field f;
    f.name = name;
    f.pos = At(key);
    // Note: assigning to a YAML::Node writes through to the node it refers
    // to, so the type node is chosen once here.
    const YAML::Node type_node = v.IsMap() ? v["type"] : v;
    if (v.IsMap()) {
      CheckKeys(
          v, {"type", "default", "check", "pattern", "description", "required"},
          "a field");
      if (!type_node) {
        Error(v, "field '" + name + "' needs a 'type'");
        return f;
      }
      if (v["default"]) f.default_value = ScalarOf(v["default"]);
      if (v["check"]) f.check = ScalarOf(v["check"]);
      if (v["pattern"]) f.pattern = ScalarOf(v["pattern"]);
      if (v["description"])
        f.description = Str(v["description"], "a description");
      if (v["required"]) f.required = v["required"].Scalar() == "true";
    }
    f.type = ScalarOf(type_node);
    std::string& t = f.type.text;
    // Compact forms: "money?" (optional), "bool = false" (optional, default).
    size_t eq = t.find('=');
    if (eq != std::string::npos) {
      Scalar d;
      d.text = t.substr(eq + 1);
      d.text.erase(0, d.text.find_first_not_of(' '));
      d.pos = f.type.pos;
      d.pos.column +=
          static_cast<int>(eq + 1 + (t.size() - eq - 1 - d.text.size()));
      f.default_value = d;
      t = t.substr(0, eq);
      while (!t.empty() && t.back() == ' ') t.pop_back();
    }
    if (!t.empty() && t.back() == '?') {
      f.required = false;
      t.pop_back();
    }
    if (f.default_value) f.required = false;
    return f;
  }

  std::vector<Scalar> Conditions(const YAML::Node& n) {
    std::vector<Scalar> out;
    if (!n) return out;
    if (n.IsSequence()) {
      for (const auto& c : n) out.push_back(ScalarOf(c));
    } else {
      out.push_back(ScalarOf(n));
    }
    return out;
  }

  Rule RuleOf(const YAML::Node& n, size_t index) {
    Rule r;
    r.pos = At(n);
    if (!n.IsMap()) {
      Error(n, "a rule is a mapping with id, when and then");
      return r;
    }
    CheckKeys(n, {"id", "description", "when", "then"}, "a rule");
    r.id = n["id"] ? Str(n["id"], "a rule id")
                   : "rule" + std::to_string(index + 1);
    if (n["description"])
      r.description = Str(n["description"], "a description");
    r.when = Conditions(n["when"]);
    YAML::Node then = n["then"];
    if (!then) {
      Error(n, "rule '" + r.id + "' has no 'then'");
    } else if (then.IsMap()) {
      r.then = NamedMap(then, "then");
    } else {
      r.then_value = ScalarOf(then);
    }
    return r;
  }

  Decision DecisionOf(const YAML::Node& n, const std::string& default_id) {
    Decision d;
    d.pos = At(n);
    if (!n.IsMap()) {
      Error(n, "a decision is a mapping with hit and rules or table");
      return d;
    }
    CheckKeys(n,
              {"id", "description", "hit", "into", "rules", "table", "params",
               "returns"},
              "a decision");
    d.id = n["id"] ? Str(n["id"], "a decision id") : default_id;
    if (n["description"])
      d.description = Str(n["description"], "a description");
    if (n["hit"]) {
      d.hit = ScalarOf(n["hit"]);
    } else {
      d.hit.text = "first";
      d.hit.pos = d.pos;
    }
    if (n["into"]) d.into = ScalarOf(n["into"]);
    if (n["rules"] && n["table"])
      Error(n, "a decision has either 'rules' or a 'table', not both");
    if (n["rules"]) {
      if (!n["rules"].IsSequence()) {
        Error(n["rules"], "'rules' is a list of rules");
      } else {
        size_t i = 0;
        for (const auto& r : n["rules"]) d.rules.push_back(RuleOf(r, i++));
      }
    } else if (n["table"]) {
      TableOf(n["table"], &d);
    } else {
      Error(n, "decision '" + d.id + "' needs 'rules' or a 'table'");
    }
    return d;
  }

  void TableOf(const YAML::Node& t, Decision* d) {
    if (!t.IsMap()) {
      Error(t, "a table is a mapping with when, then and rows");
      return;
    }
    CheckKeys(t, {"when", "then", "rows"}, "a table");
    if (t["when"]) {
      if (!t["when"].IsSequence()) {
        Error(t["when"],
              "'when' of a table lists the tested expressions: [a, b]");
      } else {
        for (const auto& c : t["when"]) d->columns.push_back(ScalarOf(c));
      }
    }
    if (!t["then"] || !t["then"].IsSequence()) {
      Error(t, "a table needs 'then': the list of outputs its rows set");
      return;
    }
    for (const auto& c : t["then"]) d->outputs.push_back(ScalarOf(c));
    if (!t["rows"]) {
      Error(t, "a table needs 'rows'");
      return;
    }
    size_t width = d->columns.size() + d->outputs.size();
    const YAML::Node& rows = t["rows"];
    // Over the budget: refused, and only the first rows are checked further.
    const size_t room = budget_.AllowTableRows(At(rows), rows.size())
                            ? rows.size()
                            : budget_.limits().max_table_rows;
    auto row = [&](const std::string& id, const Pos& pos,
                   const YAML::Node& cells, const std::string& description) {
      if (d->rules.size() >= room) return;
      Rule r;
      r.id = id;
      r.pos = pos;
      r.description = description;
      r.from_table = true;
      if (!cells.IsSequence()) {
        Error(cells, "a row is a list of " + std::to_string(width) + " cells");
        return;
      }
      if (cells.size() != width) {
        Error(cells, "row '" + id + "' has " + std::to_string(cells.size()) +
                         " cells; the table has " +
                         std::to_string(d->columns.size()) +
                         " tested columns and " +
                         std::to_string(d->outputs.size()) + " outputs");
        return;
      }
      for (const auto& c : cells) r.cells.push_back(ScalarOf(c));
      d->rules.push_back(std::move(r));
    };
    if (rows.IsMap()) {
      EachEntry(rows, "rows",
                [&](const std::string& k, const YAML::Node& key,
                    const YAML::Node& v) { row(k, At(key), v, ""); });
    } else if (rows.IsSequence()) {
      size_t i = 0;
      for (const auto& r : rows) {
        ++i;
        if (r.IsMap()) {
          CheckKeys(r, {"id", "description", "row"}, "a table row");
          row(r["id"] ? Str(r["id"], "a row id") : "row" + std::to_string(i),
              At(r), r["row"],
              r["description"] ? Str(r["description"], "a description") : "");
        } else {
          row("row" + std::to_string(i), At(r), r, "");
        }
      }
    } else {
      Error(rows, "'rows' is a mapping of rule id to cells, or a list of rows");
    }
  }

  void PolicyOf(const YAML::Node& root, Pack* pack) {
    Policy p;
    p.file = file_;
    CheckKeys(root,
              {"policy", "description", "record", "fields", "outputs", "locals",
               "params", "uses", "batch", "let", "decisions", "functions",
               "analysis"},
              "a policy");
    p.pos = At(root["policy"]);
    p.name = Str(root["policy"], "the policy's name");
    if (root["description"])
      p.description = Str(root["description"], "a description");
    if (root["record"]) {
      p.record = Str(root["record"], "the record's name");
      p.record_pos = At(root["record"]);
    }
    if (root["fields"]) {
      EachEntry(
          root["fields"], "fields",
          [&](const std::string& k, const YAML::Node& key,
              const YAML::Node& v) { p.fields.push_back(FieldOf(k, key, v)); });
    }
    p.outputs = NamedMap(root["outputs"], "outputs");
    p.locals = NamedMap(root["locals"], "locals");
    p.params = NamedMap(root["params"], "params");
    p.batch = NamedMap(root["batch"], "batch");
    p.lets = NamedMap(root["let"], "let");
    if (root["uses"]) {
      for (const Scalar& s : Conditions(root["uses"]))
        p.uses.push_back({s.text, s.pos, s});
    }
    if (root["decisions"]) {
      if (!root["decisions"].IsSequence()) {
        Error(root["decisions"], "'decisions' is a list");
      } else {
        size_t i = 0;
        for (const auto& d : root["decisions"]) {
          p.decisions.push_back(
              DecisionOf(d, "decision" + std::to_string(++i)));
        }
      }
    }
    if (root["functions"]) {
      EachEntry(root["functions"], "functions",
                [&](const std::string& k, const YAML::Node& key,
                    const YAML::Node& v) {
                  Function f;
                  f.name = k;
                  f.pos = At(key);
                  if (v.IsMap() && v["description"])
                    f.description = v["description"].Scalar();
                  if (v.IsMap()) {
                    f.params = NamedMap(v["params"], "params");
                    f.returns = NamedMap(v["returns"], "returns");
                    if (f.returns.empty())
                      Error(key, "function '" + k + "' needs 'returns'");
                  }
                  f.decision = DecisionOf(v, k);
                  p.functions.push_back(std::move(f));
                });
    }
    if (root["analysis"]) AnalysisOf(root["analysis"], &p);
    pack->policies.push_back(std::move(p));
  }

  // `analysis: {allow: [{finding, in, rows, reason}]}`.
  void AnalysisOf(const YAML::Node& n, Policy* p) {
    CheckKeys(n, {"allow"}, "'analysis'");
    if (!n.IsMap() || !n["allow"] || !n["allow"].IsSequence()) {
      Error(n, "'analysis' holds 'allow', a list of findings kept on purpose");
      return;
    }
    for (const auto& a : n["allow"]) {
      CheckKeys(a, {"finding", "in", "rows", "reason"},
                "an analysis exception");
      AnalysisAllow allow;
      allow.pos = At(a);
      if (!a.IsMap() || !a["finding"] || !a["in"] || !a["reason"]) {
        Error(a, "an analysis exception needs 'finding', 'in' and 'reason'");
        continue;
      }
      allow.finding = ScalarOf(a["finding"]);
      const std::string& f = allow.finding.text;
      if (f != "gap" && f != "dead_row" && f != "overlap") {
        Error(a["finding"], "unknown finding '" + f +
                                "' (expected gap, dead_row or overlap)");
      }
      allow.table = ScalarOf(a["in"]);
      if (a["rows"]) {
        Scalar rows = ScalarOf(a["rows"]);
        if (rows.is_list) {
          allow.rows = rows.items;
        } else {
          allow.rows.push_back(rows);
        }
      }
      allow.reason = Str(a["reason"], "a reason");
      if (Trim(allow.reason).empty())
        Error(a["reason"], "an analysis exception needs a reason");
      p->analysis_allow.push_back(std::move(allow));
    }
  }

  void TestsOf(const YAML::Node& root, Pack* pack) {
    TestFile t;
    t.file = file_;
    CheckKeys(root, {"policy", "cases", "description", "as_of"}, "a test file");
    if (root["as_of"]) t.as_of = ScalarOf(root["as_of"]);
    if (!root["policy"]) {
      Error(root, "a test file names its 'policy'");
      return;
    }
    t.policy = Str(root["policy"], "a policy name");
    t.policy_pos = At(root["policy"]);
    if (!root["cases"] || !root["cases"].IsSequence()) {
      Error(root, "a test file has a list of 'cases'");
      return;
    }
    for (const auto& c : root["cases"]) {
      TestCase tc;
      tc.pos = At(c);
      if (!c.IsMap()) {
        Error(c, "a test case is a mapping");
        continue;
      }
      CheckKeys(
          c, {"name", "as_of", "record", "records", "expect", "expect_error"},
          "a test case");
      tc.name = c["name"] ? Str(c["name"], "a name")
                          : "case at line " + std::to_string(tc.pos.line);
      if (c["as_of"]) tc.as_of = ScalarOf(c["as_of"]);
      tc.record = TreeOf(c["record"], file_);
      tc.records = TreeOf(c["records"], file_);
      tc.expect = TreeOf(c["expect"], file_);
      tc.expect_error = TreeOf(c["expect_error"], file_);
      if (!c["record"] && !c["records"])
        Error(c, "test case '" + tc.name + "' has no record");
      if (!c["expect"] && !c["expect_error"]) {
        Error(c, "test case '" + tc.name +
                     "' has neither expect nor expect_error");
      }
      t.cases.push_back(std::move(tc));
    }
    pack->tests.push_back(std::move(t));
  }

  void PackFileOf(const YAML::Node& root, Pack* pack) {
    CheckKeys(root, {"pack", "version", "zone", "calendar", "description"},
              "pack.yaml");
    if (root["pack"]) pack->name = Str(root["pack"], "the pack's name");
    if (root["version"]) pack->version = Str(root["version"], "a version");
    if (root["zone"]) {
      pack->zone = Str(root["zone"], "a zone such as +08:00 or Asia/Shanghai");
      pack->zone_pos = At(root["zone"]);
    }
  }

  std::string file_;

 private:
  std::vector<Diagnostic>* diags_;
  LoadBudget& budget_;
};

// The calendar file: the one pack.yaml names (an error at its line when the
// name is wrong), else calendar.yaml when the folder has one.
std::optional<fs::path> CalendarPath(const std::string& pack_dir,
                                     const YAML::Node& pack_root,
                                     const std::vector<fs::path>& files,
                                     Loader& loader,
                                     std::vector<Diagnostic>* diags) {
  if (pack_root.IsMap() && pack_root["calendar"]) {
    const YAML::Node& c = pack_root["calendar"];
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
  YAML::Node pack_root;
  for (const auto& f : files) {
    if (!is(f, "pack.yaml")) continue;
    std::string content;
    bool ok = loader.Read(f, &content, &pack_root);
    pack.hashed_files[RelativePath(f, path)] = content;
    if (ok && pack_root.IsMap()) loader.PackFileOf(pack_root, &pack);
  }
  std::optional<fs::path> calendar =
      CalendarPath(path, pack_root, files, loader, diags);
  auto is_calendar = [&](const fs::path& f) {
    return calendar && SameFile(f, *calendar);
  };
  bool calendar_read = false;
  for (const auto& f : files) {
    if (is(f, "pack.yaml")) continue;
    std::string content;
    YAML::Node root;
    bool ok = loader.Read(f, &content, &root);
    pack.hashed_files[RelativePath(f, path)] = content;
    if (is_calendar(f)) {
      calendar_read = true;
      if (ok) pack.calendar = Calendar{f.string(), TreeOf(root, f.string())};
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
    } else if (root["calendar"]) {
      pack.calendar = Calendar{f.string(), TreeOf(root, f.string())};
    } else {
      loader.Error(root,
                   "unrecognized file: expected 'policy: NAME' (a policy) or "
                   "'calendar: NAME' (a working-day calendar)");
    }
  }
  if (calendar && !calendar_read) {  // named in a subfolder of the pack
    std::string content;
    YAML::Node root;
    bool ok = loader.Read(*calendar, &content, &root);
    pack.hashed_files[RelativePath(*calendar, path)] = content;
    if (ok)
      pack.calendar =
          Calendar{calendar->string(), TreeOf(root, calendar->string())};
  }
  for (const auto& f : test_files) {
    std::string content;
    YAML::Node root;
    if (is_calendar(f) || !loader.Read(f, &content, &root)) continue;
    if (!root.IsMap()) {
      loader.Error(root, "a test file is a mapping with policy and cases");
      continue;
    }
    loader.TestsOf(root, &pack);
  }
  pack.content_hash = ContentHash(pack.hashed_files);
  return pack;
}

}  // namespace verdict::syntax
