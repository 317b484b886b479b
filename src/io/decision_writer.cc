#include "src/io/decision_writer.h"

#include <algorithm>
#include <charconv>
#include <functional>

#include "src/io/json_records.h"
#include "src/io/json_window.h"
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

namespace {

// `s`, which needs no escape, quoted between `before` and `after` (each
// written unless '\0'): AppendQuoted()'s bytes (src/value/text.cc).
[[gnu::always_inline]] inline void PutQuoted(char before, std::string_view s,
                                             char after, JsonWindow& w) {
  char* at = w.Room(s.size() + 4);
  char* p = at;
  if (before) *p++ = before;
  *p++ = '"';
  CopyBytes(p, s.data(), s.size());
  p += s.size();
  *p++ = '"';
  if (after) *p++ = after;
  w.Advance(static_cast<size_t>(p - at));
}

}  // namespace

void DecisionJsonWriter::Put(const Value& v, JsonWindow& w) const {
  // A constant list or map: its ready bytes.
  const bool collection = v.kind() == Kind::kList || v.kind() == Kind::kMap;
  if (const std::string* json = collection ? FindEncoded(v) : nullptr) {
    w.Put(*json);
    return;
  }
  switch (v.kind()) {
    case Kind::kNull:
      w.Put("null");
      return;
    case Kind::kBool:
      w.Put(v.as_bool() ? std::string_view("true") : std::string_view("false"));
      return;
    case Kind::kInt: {
      char* at = w.Room(24);
      w.Advance(
          static_cast<size_t>(std::to_chars(at, at + 24, v.as_int()).ptr - at));
      return;
    }
    case Kind::kDate: {
      char buf[12];
      if (!FormatDateJson(v.as_date(), buf)) break;
      w.Put(std::string_view(buf, sizeof buf));
      return;
    }
    case Kind::kDecimal: {
      char buf[Decimal::kFormatBuffer];
      w.Put(v.as_decimal().Format(buf));
      return;
    }
    case Kind::kString: {
      const std::string& s = v.as_string();
      if (NeedsJsonEscape(s)) break;
      PutQuoted('\0', s, '\0', w);
      return;
    }
    case Kind::kList: {
      char before = '[';
      for (const Value& x : v.as_list()) {
        w.Put(before);
        before = ',';
        Put(x, w);
      }
      if (before == '[') w.Put('[');
      w.Put(']');
      return;
    }
    case Kind::kMap: {
      char before = '{';
      for (const auto& [k, x] : v.as_map()) {
        if (k.kind() != Kind::kString || NeedsJsonEscape(k.as_string())) {
          // AppendJson()'s wording of the key, then this writer again.
          std::string* out = w.Release();
          AppendJsonMemberName(
              before,
              k.kind() == Kind::kString ? k.as_string() : k.DebugString(), out);
          w.Reopen();
        } else {
          PutQuoted(before, k.as_string(), ':', w);
        }
        before = ',';
        Put(x, w);
      }
      if (before == '{') w.Put('{');
      w.Put('}');
      return;
    }
    default:
      break;
  }
  // Every other kind, and texts with escapes: the reference's own writer.
  AppendJson(v, *zone_, w.Release());
  w.Reopen();
}

void DecisionJsonWriter::Append(const Decision& d, std::string* out) const {
  bool plain = !d.error && !d.audit && !d.traced && d.trace.empty() &&
               d.outputs.size() == names_.size() && !names_.empty();
  for (size_t i = 0; plain && i < names_.size(); ++i)
    plain = SameText(d.outputs[i].first, names_[i]);
  if (!plain) {
    AppendDecisionJson(d, *zone_, out);
    return;
  }
  JsonWindow w(out);
  for (size_t i = 0; i < names_.size(); ++i) {
    w.Put(keys_[i]);
    Put(d.outputs[i].second, w);
  }
  w.Put('}');
}

void DecisionJsonWriter::AppendOutputs(
    std::span<const Value* const> values,
    std::span<const std::string* const> ready, std::string* out) const {
  JsonWindow w(out);
  for (size_t i = 0; i < names_.size(); ++i) {
    w.Put(keys_[i]);
    if (ready[i]) {
      w.Put(*ready[i]);
    } else {
      Put(*values[i], w);
    }
  }
  w.Put('}');
}

void DecisionJsonWriter::Encode(const Value& v, std::string* out) const {
  JsonWindow w(out);
  Put(v, w);
}

}  // namespace verdict
