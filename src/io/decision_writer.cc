#include "src/io/decision_writer.h"

#include "src/io/json_records.h"
#include "src/value/text.h"

namespace verdict {

namespace {

// The constant lists and maps a decision of `p` may output as they are:
// literal rule outputs and table cells, params, direct-table cells.
std::vector<Value> Constants(const CompiledPolicy& p) {
  std::vector<Value> out;
  auto keep = [&](const Value& v) {
    if (v.kind() == Kind::kList || v.kind() == Kind::kMap) out.push_back(v);
  };
  for (const CompiledDecision& d : p.decisions) {
    for (const CompiledRule& r : d.rules) {
      for (const RuleOutput& o : r.sets) {
        if (!o.expr) keep(o.constant);
      }
    }
  }
  for (const auto& [slot, v] : p.constants) keep(v);
  if (p.direct) {
    for (const Value& v : p.direct->values) keep(v);
  }
  return out;
}

}  // namespace

DecisionJsonWriter::DecisionJsonWriter(const CompiledPolicy& policy,
                                       const Zone& zone)
    : zone_(&zone) {
  for (const auto& [name, slot] : policy.outputs) {
    std::string key = keys_.empty() ? "{" : ",";
    AppendJsonString(name, &key);
    key += ':';
    names_.push_back(name);
    keys_.push_back(std::move(key));
  }
  for (Value& v : Constants(policy)) {
    if (FindEncoded(v)) continue;  // the same collection seen twice
    std::string json;
    AppendJson(v, zone, &json);
    constants_.push_back({std::move(v), std::move(json)});
  }
}

const void* DecisionJsonWriter::Identity(const Value& v) const {
  if (v.kind() == Kind::kList) return &v.as_list();
  if (v.kind() == Kind::kMap) return &v.as_map();
  return nullptr;
}

const std::string* DecisionJsonWriter::FindEncoded(const Value& v) const {
  const void* id = Identity(v);
  if (id == nullptr) return nullptr;
  for (const Encoded& e : constants_) {
    if (Identity(e.value) == id) return &e.json;
  }
  return nullptr;
}

void DecisionJsonWriter::Append(const Decision& d, std::string* out) const {
  bool plain = !d.error && !d.audit && d.trace.empty() &&
               d.outputs.size() == names_.size() && !names_.empty();
  for (size_t i = 0; plain && i < names_.size(); ++i)
    plain = d.outputs[i].first == names_[i];
  if (!plain) {
    AppendDecisionJson(d, *zone_, out);
    return;
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    *out += keys_[i];
    const Value& v = d.outputs[i].second;
    if (const std::string* json = FindEncoded(v)) {
      *out += *json;
    } else {
      AppendJson(v, *zone_, out);
    }
  }
  *out += '}';
}

}  // namespace verdict
