// verdict/testing.h: runs the YAML test cases of a pack.
#include <fmt/format.h>

#include <map>
#include <set>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "src/io/json_records.h"
#include "verdict/testing.h"

namespace verdict {
namespace {

// Canonical JSON of an expected YAML value (literals inferred).
Value FromYamlLoose(const syntax::Tree& n) {
  if (n.is_list()) {
    List items;
    for (const auto& x : n.items) items.push_back(FromYamlLoose(x));
    return Value::ListOf(std::move(items));
  }
  if (n.is_map()) {
    MapEntries m;
    for (size_t i = 0; i < n.items.size(); ++i)
      m.emplace_back(Value::String(n.keys[i].text), FromYamlLoose(n.items[i]));
    return Value::MapOf(std::move(m));
  }
  if (!n.is_scalar()) return Value();
  return InferLiteral(n.text, n.quoted);
}

std::string Json(const Value& v, const Zone& zone) {
  std::string out;
  AppendJson(v, zone, &out);
  return out;
}

FieldMap RecordFromYaml(const CompiledPolicy& p, const syntax::Tree& n,
                        const Zone& zone) {
  FieldMap m;
  if (!n.is_map()) return m;
  for (size_t i = 0; i < n.items.size(); ++i) {
    const std::string& key = n.keys[i].text;
    const syntax::Tree& value = n.items[i];
    const CompiledField* cf = nullptr;
    for (const auto& f : p.fields) {
      if (f.name == key) cf = &f;
    }
    Value v;
    std::string why;
    if (cf && cf->type.FromTree(value, zone, &v, &why)) {
      m[key] = v;
    } else {
      // Leave the raw value so that validation reports it like any record.
      m[key] = FromYamlLoose(value);
    }
  }
  return m;
}

void Compare(const Decision& d, const syntax::Tree& expect,
             const syntax::Tree& expect_error, const Zone& zone,
             const std::string& prefix, std::vector<std::string>* failures) {
  if (expect_error.is_map()) {
    if (d.ok()) {
      failures->push_back(prefix + "expected an error, got " +
                          DecisionToJson(d, zone));
      return;
    }
    for (const char* key : {"field", "code"}) {
      const syntax::Tree& want_tree = expect_error.Get(key);
      if (!want_tree.present()) continue;
      const std::string& want = want_tree.text;
      std::string got =
          std::string(key) == "field" ? d.error->field : d.error->code;
      if (want != got) {
        failures->push_back(prefix + "error " + key + ": expected '" + want +
                            "', got '" + got + "' (" + d.error->message + ")");
      }
    }
    return;
  }
  if (!d.ok()) {
    failures->push_back(prefix + "unexpected error: " + d.error->code + ": " +
                        d.error->message);
    return;
  }
  if (!expect.is_map()) {
    failures->push_back(prefix + "'expect' must be a mapping of outputs");
    return;
  }
  for (size_t i = 0; i < expect.items.size(); ++i) {
    const std::string& name = expect.keys[i].text;
    const Value* got = d.Get(name);
    if (!got) {
      failures->push_back(prefix + "no output named '" + name + "'");
      continue;
    }
    std::string want_json = Json(FromYamlLoose(expect.items[i]), zone);
    std::string got_json = Json(*got, zone);
    if (want_json != got_json) {
      failures->push_back(prefix + name + ": expected " + want_json + ", got " +
                          got_json);
    }
  }
}

// Every decision and function of the pack, as "policy/decision" (a
// function as "policy/function"): the names coverage counts rules under.
std::set<std::string> DecisionKeys(const PackImpl& impl) {
  std::set<std::string> keys;
  auto add = [&](const std::string& policy, const CompiledDecision& d) {
    std::string id = d.id;
    if (id.starts_with(policy + ".")) id = id.substr(policy.size() + 1);
    keys.insert(policy + "/" + id);
  };
  for (const auto& p : impl.policies)
    for (const auto& d : p->decisions) add(p->info.name, d);
  for (const auto& f : impl.functions) add(f->decision.policy, f->decision);
  return keys;
}

// The "policy/decision" a trace entry of `policy_name`'s decision names.
// A rule reached through `uses` is traced as "used.decision", through a
// chain as "a.b.used.decision", and a function's as "policy.function"
// wherever it is called from; a decision id may itself hold dots
// ("step.one"). So the name is split after the fewest leading segments
// that leave a decision or function of the segment before them (none: the
// case's own policy).
std::string TracedDecision(const std::set<std::string>& known,
                           const std::string& policy_name,
                           const std::string& traced) {
  std::string policy = policy_name;
  size_t from = 0;
  while (true) {
    std::string key = policy + "/" + traced.substr(from);
    if (known.contains(key)) return key;
    const size_t dot = traced.find('.', from);
    if (dot == std::string::npos) return policy_name + "/" + traced;
    policy = traced.substr(from, dot - from);
    from = dot + 1;
  }
}

// The rules `decisions` went through, as "policy/decision/rule" keys.
void AddReached(const std::vector<Decision>& decisions,
                const std::set<std::string>& known,
                const std::string& policy_name, std::set<std::string>* keys) {
  for (const auto& d : decisions) {
    for (const auto& t : d.trace)
      keys->insert(TracedDecision(known, policy_name, t.decision) + "/" +
                   t.rule);
  }
}

// Decides one case (a record, or a batch of records with one expect entry
// each) and compares; failures go to `r`, reached rules to `reached`.
void RunCase(const Pack& pack, const CompiledPolicy& p,
             const syntax::TestCase& tc, const EvalOptions& opt,
             const Zone& zone, const std::set<std::string>& known,
             TestCaseResult* r, std::set<std::string>* reached) {
  const std::string& policy = p.info.name;
  std::vector<Decision> decisions;
  if (tc.records.is_list()) {
    std::vector<FieldMap> records;
    for (const auto& rec : tc.records.items)
      records.push_back(RecordFromYaml(p, rec, zone));
    decisions = pack.EvaluateMany(policy, records, opt);
    if (!tc.expect.is_list() || tc.expect.items.size() != decisions.size()) {
      r->failures.push_back("a batch case needs one expect entry per record");
    } else {
      for (size_t i = 0; i < decisions.size(); ++i) {
        const syntax::Tree& e = tc.expect.items[i];
        std::string prefix = fmt::format("record {}: ", i + 1);
        if (e.Get("error").present()) {
          Compare(decisions[i], syntax::Tree(), e.Get("error"), zone, prefix,
                  &r->failures);
        } else {
          Compare(decisions[i], e, syntax::Tree(), zone, prefix, &r->failures);
        }
      }
    }
  } else {
    FieldMap rec = RecordFromYaml(p, tc.record, zone);
    decisions = p.info.batch
                    ? pack.EvaluateMany(policy, std::span(&rec, 1), opt)
                    : std::vector<Decision>{pack.Evaluate(policy, rec, opt)};
    Compare(decisions[0], tc.expect, tc.expect_error, zone, "", &r->failures);
  }
  AddReached(decisions, known, policy, reached);
}

// Rule coverage: every rule of every decision and function, with the number
// of cases that reached it.
void AddCoverage(const PackImpl& impl,
                 const std::map<std::string, int>& reached,
                 TestReport* report) {
  auto check_rules = [&](const std::string& policy, const CompiledDecision& d) {
    std::string id = d.id;
    if (id.starts_with(policy + ".")) id = id.substr(policy.size() + 1);
    for (const auto& rule : d.rules) {
      ++report->total_rules;
      std::string key = policy + "/" + id + "/" + rule.id;
      auto hit = reached.find(key);
      report->rules.push_back({policy, id, rule.id, rule.pos.file,
                               rule.pos.line,
                               hit == reached.end() ? 0 : hit->second});
      if (hit == reached.end()) {
        report->unreached_rules.push_back(
            fmt::format("{} ({}:{})", key, rule.pos.file.str(), rule.pos.line));
      }
    }
  };
  for (const auto& p : impl.policies) {
    for (const auto& d : p->decisions) check_rules(p->info.name, d);
  }
  for (const auto& f : impl.functions)
    check_rules(f->decision.policy, f->decision);
}

}  // namespace

TestReport RunPackTests(const Pack& pack) {
  const PackImpl& impl = PackAccess::Impl(pack);
  TestReport report;
  std::map<std::string, int> reached;  // rule key -> cases that reached it
  const Zone& zone = impl.zone;
  const std::set<std::string> known = DecisionKeys(impl);
  for (const auto& file : impl.syntax.tests) {
    const CompiledPolicy* p = impl.Find(file.policy);
    for (const auto& tc : file.cases) {
      TestCaseResult r;
      r.file = file.file;
      r.line = tc.pos.line;
      r.policy = file.policy;
      r.name = tc.name;
      const syntax::Scalar* as_of_text =
          tc.as_of ? &*tc.as_of : (file.as_of ? &*file.as_of : nullptr);
      std::optional<Date> as_of =
          as_of_text ? Date::Parse(as_of_text->text) : std::nullopt;
      if (!p) {
        r.failures.push_back("unknown policy '" + file.policy + "'");
      } else if (!as_of) {
        r.failures.push_back(
            as_of_text ? "as_of '" + as_of_text->text + "' is not a date"
                       : "no as_of (give one per case or per file)");
      } else {
        EvalOptions opt;
        opt.as_of = *as_of;
        opt.trace = true;
        std::set<std::string> case_reached;
        try {
          RunCase(pack, *p, tc, opt, zone, known, &r, &case_reached);
        } catch (const std::exception& e) {
          r.failures.push_back(e.what());
        }
        for (const auto& key : case_reached) ++reached[key];
      }
      r.passed = r.failures.empty();
      (r.passed ? report.passed : report.failed)++;
      report.cases.push_back(std::move(r));
    }
  }
  AddCoverage(impl, reached, &report);
  return report;
}

}  // namespace verdict
