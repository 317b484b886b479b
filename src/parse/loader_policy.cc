// Whole files: a policy, its analysis exceptions, a test file, pack.yaml. See
// loader.h.
#include "src/parse/lexer.h"
#include "src/parse/loader.h"
#include "src/value/text.h"

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

void Loader::TestsOf(YNode root, Pack* pack) {
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
    CheckKeys(c,
              {"name", "as_of", "record", "records", "expect", "expect_error"},
              "a test case");
    tc.name = c["name"] ? Str(c["name"], "a name")
                        : "case at line " + std::to_string(tc.pos.line);
    if (c["as_of"]) tc.as_of = ScalarOf(c["as_of"]);
    tc.record = TreeOf(c["record"], file_);
    tc.records = TreeOf(c["records"], file_);
    tc.expect = TreeOf(c["expect"], file_);
    if (c["expect_error"] && c["expect_error"].IsMap()) {
      // A misspelt key (`cod:`) would check nothing and pass any error.
      CheckKeys(c["expect_error"], {"code", "field"}, "expect_error");
      if (c["expect_error"].size() == 0)
        Error(c["expect_error"], "expect_error names a code, a field or both");
    }
    tc.expect_error = TreeOf(c["expect_error"], file_);
    if (!c["record"] && !c["records"])
      Error(c, "test case '" + tc.name + "' has no record");
    if (c["record"] && c["records"]) {
      Error(c["records"], "test case '" + tc.name +
                              "' has both record and records: give one "
                              "record, or the records of a batch");
    }
    if (!c["expect"] && !c["expect_error"]) {
      Error(c,
            "test case '" + tc.name + "' has neither expect nor expect_error");
    }
    t.cases.push_back(std::move(tc));
  }
  pack->tests.push_back(std::move(t));
}

void Loader::PackFileOf(YNode root, Pack* pack) {
  CheckKeys(root, {"pack", "version", "zone", "calendar", "description"},
            "pack.yaml");
  if (root["pack"]) pack->name = Str(root["pack"], "the pack's name");
  if (root["version"]) pack->version = Str(root["version"], "a version");
  if (root["zone"]) {
    pack->zone = Str(root["zone"], "a zone such as +08:00 or Asia/Shanghai");
    pack->zone_pos = At(root["zone"]);
  }
}

}  // namespace verdict::syntax
