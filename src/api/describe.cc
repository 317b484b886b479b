// verdict/describe.h: the structure of a policy, read from the parse-stage
// syntax tree the pack keeps (so every text is the author's source text).
#include "verdict/describe.h"

#include <filesystem>
#include <stdexcept>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"

namespace verdict {
namespace {

// A scalar as written: lists as "[a, b]" (nested as written), null as
// "null". Quotes are YAML's, not the author's text, so they are dropped.
std::string Text(const syntax::Scalar& s) {
  if (s.is_list) {
    std::string out = "[";
    for (size_t i = 0; i < s.items.size(); ++i) {
      if (i) out += ", ";
      out += Text(s.items[i]);
    }
    return out + "]";
  }
  if (s.is_null) return s.text.empty() || s.text == "~" ? "null" : s.text;
  return s.text;
}

std::vector<NamedText> Named(const std::vector<syntax::Named>& in) {
  std::vector<NamedText> out;
  out.reserve(in.size());
  for (const auto& n : in) out.emplace_back(n.name, Text(n.value));
  return out;
}

DescribedDecision DescribeDecision(const syntax::Decision& d) {
  DescribedDecision out;
  out.id = d.id;
  out.description = d.description;
  out.hit = d.hit.text.empty() ? "first" : d.hit.text;
  if (d.into) out.into = Text(*d.into);
  for (const auto& c : d.columns) out.columns.push_back(Text(c));
  for (const auto& c : d.outputs) out.outputs.push_back(Text(c));
  for (const auto& r : d.rules) {
    DescribedRule rule;
    rule.id = r.id;
    rule.description = r.description;
    rule.line = r.pos.line;
    if (r.from_table) out.table = true;
    for (const auto& w : r.when) rule.when.push_back(Text(w));
    rule.then = Named(r.then);
    if (r.then_value) rule.then_value = Text(*r.then_value);
    for (const auto& c : r.cells) rule.cells.push_back(Text(c));
    out.rules.push_back(std::move(rule));
  }
  // A table without rows is still a table.
  if (!d.columns.empty() || !d.outputs.empty()) out.table = true;
  return out;
}

std::string RelativeFile(const std::string& file, const std::string& root) {
  namespace fs = std::filesystem;
  fs::path rel = fs::path(file).lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return fs::path(file).filename();
  return rel.generic_string();
}

}  // namespace

PolicyStructure DescribePolicy(const Pack& pack, std::string_view policy) {
  const syntax::Pack& syntax = PackAccess::Impl(pack).syntax;
  const syntax::Policy* kept = nullptr;
  for (const auto& candidate : syntax.policies) {
    if (candidate.name == policy) kept = &candidate;
  }
  if (!kept) {
    throw std::invalid_argument("pack '" + pack.name() + "' has no policy '" +
                                std::string(policy) + "'");
  }
  const syntax::Policy whole = PackAccess::PolicySyntax(pack, *kept);
  const syntax::Policy* p = &whole;
  PolicyStructure out;
  out.name = p->name;
  out.description = p->description;
  out.file = RelativeFile(p->file, syntax.path);
  out.record = p->record;
  out.batch = !p->batch.empty();
  for (const auto& f : p->fields) {
    DescribedField field;
    field.name = f.name;
    field.type = Text(f.type);
    field.required = f.required;
    if (f.default_value) field.default_value = Text(*f.default_value);
    if (f.check) field.check = Text(*f.check);
    if (f.pattern) field.pattern = Text(*f.pattern);
    field.description = f.description;
    out.fields.push_back(std::move(field));
  }
  out.outputs = Named(p->outputs);
  out.locals = Named(p->locals);
  out.params = Named(p->params);
  for (const auto& u : p->uses) out.uses.push_back(u.name);
  out.batch_aggregates = Named(p->batch);
  out.lets = Named(p->lets);
  for (const auto& d : p->decisions)
    out.decisions.push_back(DescribeDecision(d));
  for (const auto& f : p->functions) {
    DescribedFunction fn;
    fn.name = f.name;
    fn.description = f.description;
    fn.params = Named(f.params);
    fn.returns = Named(f.returns);
    fn.decision = DescribeDecision(f.decision);
    out.functions.push_back(std::move(fn));
  }
  return out;
}

}  // namespace verdict
