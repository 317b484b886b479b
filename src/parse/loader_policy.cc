// Whole files: a policy, its analysis exceptions, pack.yaml (test files:
// loader_tests.cc). See loader.h.
#include "src/parse/lexer.h"
#include "src/parse/loader.h"
#include "src/value/text.h"
#include "src/value/utf8.h"

namespace verdict::syntax {

void Loader::PolicyOf(YNode root, Pack* pack) {
  Policy p;
  p.file = file_;
  CheckKeys(
      root,
      {"policy", "description", "record", "fields", "outputs", "locals",
       "params", "uses", "batch", "let", "decisions", "functions", "analysis"},
      "a policy");
  p.pos = At(root["policy"]);
  p.name = Str(root["policy"], "the policy's name");
  // The name is written in expressions (`uses`, `name.output`) and in the
  // service's paths (/v1/policies/NAME/...): a name.
  if (root["policy"] && !ast::IsName(p.name)) {
    Error(root["policy"], "the policy's name '" + p.name + "' " +
                              ast::kNotAName +
                              " (it is written in expressions and in the "
                              "service's paths)");
  }
  if (root["description"])
    p.description = Str(root["description"], "a description");
  if (root["record"]) {
    p.record = Str(root["record"], "the record's name");
    p.record_pos = At(root["record"]);
  }
  if (root["fields"]) {
    EachEntry(root["fields"], "fields",
              [&](const std::string& k, YNode key, YNode v) {
                p.fields.push_back(FieldOf(k, key, v));
              });
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
        p.decisions.push_back(DecisionOf(d, "decision" + std::to_string(++i)));
      }
    }
  }
  if (root["functions"]) {
    EachEntry(root["functions"], "functions",
              [&](const std::string& k, YNode key, YNode v) {
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

void Loader::AnalysisOf(YNode n, Policy* p) {
  CheckKeys(n, {"allow"}, "'analysis'");
  if (!n.IsMap() || !n["allow"] || !n["allow"].IsSequence()) {
    Error(n, "'analysis' holds 'allow', a list of findings kept on purpose");
    return;
  }
  for (const auto& a : n["allow"]) {
    CheckKeys(a, {"finding", "in", "rows", "reason"}, "an analysis exception");
    AnalysisAllow allow;
    allow.pos = At(a);
    if (!a.IsMap() || !a["finding"] || !a["in"] || !a["reason"]) {
      Error(a, "an analysis exception needs 'finding', 'in' and 'reason'");
      continue;
    }
    allow.finding = ScalarOf(a["finding"]);
    const std::string& f = allow.finding.text;
    if (f != "gap" && f != "dead_row" && f != "overlap") {
      Error(a["finding"],
            "unknown finding '" + f + "' (expected gap, dead_row or overlap)");
    }
    allow.table = ScalarOf(a["in"]);
    if (a["rows"]) {
      Scalar rows = ScalarOf(a["rows"]);
      if (rows.is_list) {
        allow.rows.assign(rows.items.begin(), rows.items.end());
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

namespace {

// Where `text`, a pack's name (`name`) or version, first holds a character
// it may not, or npos when it holds none; "" is refused at 0. Both are
// written into the service's `Verdict-Pack: NAME/VERSION/HASH` header, its
// metrics and the decision log: visible ASCII without '/' (which separates
// the header's parts), so never a space, CR or LF that would end or split
// the header line. A name is a word besides: letters, digits, '_', '-' and
// '.', starting with a letter or digit.
size_t BadPackTextAt(std::string_view text, bool name) {
  if (text.empty()) return 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                      (c >= 'A' && c <= 'Z') ||
                      (i > 0 && (c == '_' || c == '-' || c == '.'));
    if (name ? !word : (c < 0x21 || c > 0x7E || c == '/')) return i;
  }
  return std::string_view::npos;
}

}  // namespace

void Loader::PackText(YNode n, bool name, std::string* out) {
  *out = Str(n, name ? "the pack's name" : "a version");
  const size_t bad = BadPackTextAt(*out, name);
  if (bad == std::string_view::npos) return;
  const std::string what = name ? "the pack's name" : "the pack's version";
  const std::string fault = out->empty()
                                ? what + " is empty"
                                : what + " holds " + DescribeCharAt(*out, bad);
  Error(n, fault +
               (name ? ": write letters, digits, '_', '-' and '.', "
                       "starting with a letter or digit (such as bss)"
                     : ": write visible ASCII without spaces or '/' "
                       "(such as 2026.11.0)") +
               " (it is written in the service's Verdict-Pack header, "
               "NAME/VERSION/HASH)");
}

void Loader::PackFileOf(YNode root, Pack* pack) {
  CheckKeys(root, {"pack", "version", "zone", "calendar", "description"},
            "pack.yaml");
  if (root["pack"]) PackText(root["pack"], true, &pack->name);
  if (root["version"]) PackText(root["version"], false, &pack->version);
  if (root["zone"]) {
    pack->zone = Str(root["zone"], "a zone such as +08:00 or Asia/Shanghai");
    pack->zone_pos = At(root["zone"]);
  } else {
    // The default zone is China's, which a pack written for elsewhere would
    // otherwise get without a word: every datetime an hour or more off.
    Warn(At(root),
         "pack.yaml sets no zone: datetimes are read and written in "
         "+08:00 (China Standard Time); write 'zone: +08:00' (or "
         "the pack's own zone, such as America/New_York) to say so");
  }
}

}  // namespace verdict::syntax
