#include "src/io/decision_writer.h"

#include <algorithm>

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
    by_identity_.emplace_back(Identity(v), constants_.size());
    constants_.push_back({std::move(v), ""});
  }
  std::sort(by_identity_.begin(), by_identity_.end());
  // The same collection seen twice (a shared cell) is encoded once.
  auto same = [](const auto& a, const auto& b) { return a.first == b.first; };
  by_identity_.erase(
      std::unique(by_identity_.begin(), by_identity_.end(), same),
      by_identity_.end());
  for (const auto& [id, i] : by_identity_)
    AppendJson(constants_[i].value, zone, &constants_[i].json);
}

const void* DecisionJsonWriter::Identity(const Value& v) const {
  if (v.kind() == Kind::kList) return &v.as_list();
  if (v.kind() == Kind::kMap) return &v.as_map();
  return nullptr;
}

const std::string* DecisionJsonWriter::FindEncoded(const Value& v) const {
  const void* id = Identity(v);
  // A collection no other Value holds is no constant: constants_ holds
  // every constant (a list built for this record, such as `a + [b]`, is not).
  if (id == nullptr || !v.SharesCollection()) return nullptr;
  auto it = std::lower_bound(by_identity_.begin(), by_identity_.end(),
                             std::pair<const void*, size_t>(id, 0));
  if (it == by_identity_.end() || it->first != id) return nullptr;
  return &constants_[it->second].json;
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
