// src/serve/workbench_json.h: hand-written JSON (the service's own writer,
// AppendJsonString), so the text of policies passes through unchanged.
#include "src/serve/workbench_json.h"

#include <filesystem>

#include "src/io/json_records.h"
#include "verdict/analysis.h"

namespace verdict::serve {
namespace {

void Str(std::string_view s, std::string* out) { AppendJsonString(s, out); }

void Key(std::string_view k, std::string* out) {
  Str(k, out);
  *out += ':';
}

void Strings(const std::vector<std::string>& v, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) *out += ',';
    Str(v[i], out);
  }
  *out += ']';
}

// [{"name": ..., "<second>": ...}]
void Pairs(const std::vector<NamedText>& v, std::string_view second,
           std::string* out) {
  *out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) *out += ',';
    *out += "{\"name\":";
    Str(v[i].first, out);
    *out += ',';
    Key(second, out);
    Str(v[i].second, out);
    *out += '}';
  }
  *out += ']';
}

void Rule(const DescribedRule& r, std::string* out) {
  *out += "{\"id\":";
  Str(r.id, out);
  *out += ",\"description\":";
  Str(r.description, out);
  *out += ",\"line\":" + std::to_string(r.line) + ",\"when\":";
  Strings(r.when, out);
  *out += ",\"then\":";
  Pairs(r.then, "value", out);
  *out += ",\"then_value\":";
  Str(r.then_value, out);
  *out += ",\"cells\":";
  Strings(r.cells, out);
  *out += '}';
}

void Decision(const DescribedDecision& d, std::string* out) {
  *out += "{\"id\":";
  Str(d.id, out);
  *out += ",\"description\":";
  Str(d.description, out);
  *out += ",\"hit\":";
  Str(d.hit, out);
  *out += ",\"into\":";
  Str(d.into, out);
  *out += d.table ? ",\"table\":true" : ",\"table\":false";
  *out += ",\"columns\":";
  Strings(d.columns, out);
  *out += ",\"outputs\":";
  Strings(d.outputs, out);
  *out += ",\"rules\":[";
  for (size_t i = 0; i < d.rules.size(); ++i) {
    if (i) *out += ',';
    Rule(d.rules[i], out);
  }
  *out += "]}";
}

// The table-analysis findings of one policy (verdict/analysis.h), as
// `verdict check` prints them: kind, place, message, allowed reason.
void Analysis(const Pack& pack, const std::string& policy, std::string* out) {
  *out += '[';
  bool first = true;
  for (const TableFinding& f : AnalyzeTables(pack)) {
    if (f.policy != policy) continue;
    if (!first) *out += ',';
    first = false;
    *out += "{\"kind\":";
    Str(f.kind_name(), out);
    *out += f.warning() ? ",\"warning\":true" : ",\"warning\":false";
    *out += ",\"line\":" + std::to_string(f.line) +
            ",\"column\":" + std::to_string(f.column) + ",\"table\":";
    Str(f.table, out);
    *out += ",\"row\":";
    Str(f.row, out);
    *out += ",\"example\":";
    Str(f.example, out);
    *out += ",\"message\":";
    Str(f.message, out);
    *out += ",\"allowed\":";
    Str(f.allowed, out);
    *out += '}';
  }
  *out += ']';
}

std::string Relative(const std::string& file, const std::string& root) {
  namespace fs = std::filesystem;
  fs::path rel = fs::path(file).lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return fs::path(file).filename();
  return rel.generic_string();
}

// The load warnings (Pack::Warnings()) in the policy's file `file`
// (relative to the pack folder): line, column and message of each.
void Warnings(const Pack& pack, const std::string& file, std::string* out) {
  *out += '[';
  bool first = true;
  for (const Diagnostic& d : pack.Warnings()) {
    if (Relative(d.file, pack.path()) != file) continue;
    if (!first) *out += ',';
    first = false;
    *out += "{\"line\":" + std::to_string(d.line) +
            ",\"column\":" + std::to_string(d.column) + ",\"message\":";
    Str(d.message, out);
    *out += '}';
  }
  *out += ']';
}

}  // namespace

std::string PackIdentityJson(const Pack& pack) {
  std::string out = "{\"name\":";
  Str(pack.name(), &out);
  out += ",\"version\":";
  Str(pack.version(), &out);
  out += ",\"content_hash\":";
  Str(pack.content_hash(), &out);
  return out + "}";
}

std::string PackSummaryJson(const Pack& pack) {
  std::string out = "{\"pack\":" + PackIdentityJson(pack) + ",\"policies\":[";
  bool first = true;
  for (const auto& name : pack.PolicyNames()) {
    const PolicyInfo& p = pack.Policy(name);
    if (!first) out += ',';
    first = false;
    out += "{\"name\":";
    Str(p.name, &out);
    out += ",\"description\":";
    Str(p.description, &out);
    out += p.batch ? ",\"batch\":true}" : ",\"batch\":false}";
  }
  return out + "]}";
}

std::string PackPoliciesJson(const Pack& pack) {
  std::string out = "{";
  for (const auto& name : pack.PolicyNames()) {
    if (out.size() > 1) out += ',';
    Str(name, &out);
    out += ':';
    const PolicyStructure s = DescribePolicy(pack, name);
    std::vector<std::string> ids;
    for (const auto& d : s.decisions) ids.push_back(d.id);
    for (const auto& f : s.functions) ids.push_back(f.name);
    Strings(ids, &out);
  }
  return out + "}";
}

std::string StructureJson(const Pack& pack, const PolicyStructure& s) {
  std::string out = "{\"pack\":" + PackIdentityJson(pack) + ",\"policy\":{";
  Key("name", &out);
  Str(s.name, &out);
  out += ",\"description\":";
  Str(s.description, &out);
  out += ",\"file\":";
  Str(s.file, &out);
  out += ",\"record\":";
  Str(s.record, &out);
  out += s.batch ? ",\"batch\":true" : ",\"batch\":false";
  out += ",\"fields\":[";
  for (size_t i = 0; i < s.fields.size(); ++i) {
    const DescribedField& f = s.fields[i];
    if (i) out += ',';
    out += "{\"name\":";
    Str(f.name, &out);
    out += ",\"type\":";
    Str(f.type, &out);
    out += f.required ? ",\"required\":true" : ",\"required\":false";
    out += ",\"default\":";
    Str(f.default_value, &out);
    out += ",\"check\":";
    Str(f.check, &out);
    out += ",\"pattern\":";
    Str(f.pattern, &out);
    out += ",\"description\":";
    Str(f.description, &out);
    out += '}';
  }
  out += "],\"outputs\":";
  Pairs(s.outputs, "type", &out);
  out += ",\"locals\":";
  Pairs(s.locals, "type", &out);
  out += ",\"params\":";
  Pairs(s.params, "value", &out);
  out += ",\"lets\":";
  Pairs(s.lets, "expression", &out);
  out += ",\"batch_aggregates\":";
  Pairs(s.batch_aggregates, "expression", &out);
  out += ",\"uses\":";
  Strings(s.uses, &out);
  out += ",\"decisions\":[";
  for (size_t i = 0; i < s.decisions.size(); ++i) {
    if (i) out += ',';
    Decision(s.decisions[i], &out);
  }
  out += "],\"functions\":[";
  for (size_t i = 0; i < s.functions.size(); ++i) {
    const DescribedFunction& f = s.functions[i];
    if (i) out += ',';
    out += "{\"name\":";
    Str(f.name, &out);
    out += ",\"description\":";
    Str(f.description, &out);
    out += ",\"params\":";
    Pairs(f.params, "type", &out);
    out += ",\"returns\":";
    Pairs(f.returns, "type", &out);
    out += ",\"decision\":";
    Decision(f.decision, &out);
    out += '}';
  }
  out += "]},\"warnings\":";
  Warnings(pack, s.file, &out);
  out += ",\"analysis\":";
  Analysis(pack, s.name, &out);
  return out + "}";
}

std::string TestReportJson(const Pack& pack, const TestReport& r) {
  const std::string& root = pack.path();
  int reached = 0;
  for (const auto& rule : r.rules) reached += rule.cases > 0;
  std::string out = "{\"pack\":" + PackIdentityJson(pack);
  out += ",\"passed\":" + std::to_string(r.passed);
  out += ",\"failed\":" + std::to_string(r.failed);
  out += ",\"total_rules\":" + std::to_string(r.total_rules);
  out += ",\"reached_rules\":" + std::to_string(reached);
  out += ",\"cases\":[";
  for (size_t i = 0; i < r.cases.size(); ++i) {
    const TestCaseResult& c = r.cases[i];
    if (i) out += ',';
    out += "{\"file\":";
    Str(Relative(c.file, root), &out);
    out += ",\"line\":" + std::to_string(c.line) + ",\"policy\":";
    Str(c.policy, &out);
    out += ",\"name\":";
    Str(c.name, &out);
    out += c.passed ? ",\"passed\":true" : ",\"passed\":false";
    out += ",\"failures\":";
    Strings(c.failures, &out);
    out += '}';
  }
  out += "],\"rules\":[";
  for (size_t i = 0; i < r.rules.size(); ++i) {
    const RuleCoverage& c = r.rules[i];
    if (i) out += ',';
    out += "{\"policy\":";
    Str(c.policy, &out);
    out += ",\"decision\":";
    Str(c.decision, &out);
    out += ",\"rule\":";
    Str(c.rule, &out);
    out += ",\"file\":";
    Str(Relative(c.file, root), &out);
    out += ",\"line\":" + std::to_string(c.line);
    out += ",\"cases\":" + std::to_string(c.cases) + '}';
  }
  return out + "]}";
}

}  // namespace verdict::serve
