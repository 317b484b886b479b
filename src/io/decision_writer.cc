#include "src/io/decision_writer.h"

#include <algorithm>
#include <functional>

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
  // Sorted by identity for FindEncoded(); the same collection seen twice
  // (a shared cell) is kept and encoded once.
  std::vector<Value> values = Constants(policy);
  auto before = [this](const Value& a, const Value& b) {
    return std::less<const void*>()(Identity(a), Identity(b));
  };
  std::sort(values.begin(), values.end(), before);
  auto same = [this](const Value& a, const Value& b) {
    return Identity(a) == Identity(b);
  };
  values.erase(std::unique(values.begin(), values.end(), same), values.end());
  for (Value& v : values) {
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
  // A collection no other Value holds is no constant: constants_ holds
  // every constant (a list built for this record, such as `a + [b]`, is not).
  if (id == nullptr || !v.SharesCollection()) return nullptr;
  auto it = std::lower_bound(constants_.begin(), constants_.end(), id,
                             [this](const Encoded& e, const void* want) {
                               return std::less<const void*>()(
                                   Identity(e.value), want);
                             });
  if (it == constants_.end() || Identity(it->value) != id) return nullptr;
  return &it->json;
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
    // Only a list or map can be a constant: the lookup is skipped for the
    // scalars, most outputs.
    const bool collection = v.kind() == Kind::kList || v.kind() == Kind::kMap;
    if (const std::string* json = collection ? FindEncoded(v) : nullptr) {
      *out += *json;
    } else {
      AppendJson(v, *zone_, out);
    }
  }
  *out += '}';
}

}  // namespace verdict
