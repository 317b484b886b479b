// VRun's decisions decided by their rules (arrow_vector_run.h): each
// rule's match over the chunk, the first hit's winner or a collect's set of
// matches, and the targets' columns, as decision_eval.cc decides one
// record.
#include <algorithm>

#include "src/api/arrow_vector_run.h"

namespace verdict {

// Each row's match of `rule`: kF when a condition is false (the rule is
// ruled out), else kO when one is neither true nor false (the row fails
// if it reaches the rule), else kT.
void VRun::Match(const VDecision::Rule& rule, Cols& cols,
                 std::vector<uint8_t>* match) {
  match->assign(n, kT);
  uint8_t* m = match->data();
  auto lent = Lend<std::vector<uint8_t>>();
  std::vector<uint8_t>& t = *lent;
  for (const VExpr& c : rule.conditions) {
    Truths(c, cols, &t);
    // kF (0) wins over kO (2), which wins over kT (1).
    for (int64_t i = 0; i < n; ++i) {
      const uint8_t a = m[i], b = t[i];
      m[i] = (a == kF || b == kF) ? kF : (a == kO || b == kO) ? kO : kT;
    }
  }
}

void VRun::Decide(const VDecision& d, Cols& cols, std::vector<uint8_t>& fails) {
  for (const auto& [slot, e] : d.columns) {
    auto scratch = Lend<Col>();
    SetSlot(cols, slot, Eval(e, cols, *scratch), *scratch);
  }
  if (d.d->hit == HitPolicy::kCollect) return Collect(d, cols, fails);
  auto lent_winner = Lend<std::vector<int8_t>>();
  std::vector<int8_t>& winner = *lent_winner;
  winner.assign(n, -1);
  uint64_t won = 0;  // the rules that won a row
  int64_t open = n;  // rows no rule decided yet
  auto lent_match = Lend<std::vector<uint8_t>>();
  std::vector<uint8_t>& match = *lent_match;
  for (size_t r = 0; r < d.rules.size() && open > 0; ++r) {
    Match(d.rules[r], cols, &match);
    for (int64_t i = 0; i < n; ++i) {
      if (winner[i] >= 0 || fails[i] || match[i] == kF) continue;
      --open;
      if (match[i] == kO) {
        fails[i] = 1;
      } else {
        winner[i] = static_cast<int8_t>(r);
        won |= uint64_t{1} << r;
      }
    }
  }
  if (d.no_match_fails) {
    for (int64_t i = 0; i < n; ++i) fails[i] |= winner[i] < 0;
  }
  for (size_t t = 0; t < d.targets.size(); ++t)
    Target(d, t, winner, won, cols, fails);
}

// Target `t` of a first hit: each row's value from the rule it matched
// (null for none, or a rule that does not set it). Constants by the
// winner's index in one pass; each expression that won a row after.
void VRun::Target(const VDecision& d, size_t t,
                  const std::vector<int8_t>& winner, uint64_t won, Cols& cols,
                  std::vector<uint8_t>& fails) {
  auto lent_out = Lend<Col>();
  Col& out = *lent_out;
  out.kind = d.target_kinds[t];
  out.scale = d.target_scales[t];
  const size_t rules = d.rules.size();
  if (out.kind == VKind::kDict) {
    out.dict = DictFor(&d.targets[t]);
    // Per winner + 1: the constant's code (0: null), -1 for expressions.
    std::vector<int64_t>& code = remaps_[&d.targets[t]];
    if (code.empty()) {
      out.dict->Add(Value());
      code.push_back(0);
      for (const VDecision::Rule& r : d.rules) {
        const VExpr* e = r.sets[t].get();
        code.push_back(!e                           ? 0
                       : e->op == VExpr::Op::kConst ? out.dict->Add(e->value)
                                                    : -1);
      }
    }
    out.codes.resize(n);
    for (int64_t i = 0; i < n; ++i)
      out.codes[i] = static_cast<uint32_t>(code[winner[i] + 1]);
  } else {
    auto lent_m = Lend<std::vector<__int128>>();
    auto lent_state = Lend<std::vector<uint8_t>>();
    auto lent_text = Lend<std::vector<std::string_view>>();
    std::vector<__int128>& m = *lent_m;
    std::vector<uint8_t>& state = *lent_state;
    std::vector<std::string_view>& text = *lent_text;
    m.assign(rules + 1, 0);
    state.assign(rules + 1, 1);
    text.assign(rules + 1, std::string_view());
    for (size_t r = 0; r < rules; ++r) {
      const VExpr* e = d.rules[r].sets[t].get();
      if (!e || e->op != VExpr::Op::kConst) continue;
      state[r + 1] = 0;
      if (out.kind == VKind::kDec) {
        m[r + 1] = e->literal * Pow10(out.scale - e->scale);
      } else {
        text[r + 1] = e->value.as_string();
      }
    }
    out.state.resize(n);
    for (int64_t i = 0; i < n; ++i) out.state[i] = state[winner[i] + 1];
    if (out.kind == VKind::kDec) {
      out.m.resize(n);
      for (int64_t i = 0; i < n; ++i) out.m[i] = m[winner[i] + 1];
    } else {
      out.text.resize(n);
      for (int64_t i = 0; i < n; ++i) out.text[i] = text[winner[i] + 1];
    }
  }
  for (size_t r = 0; r < rules; ++r) {
    const VExpr* e = d.rules[r].sets[t].get();
    if (!e || e->op == VExpr::Op::kConst || !(won >> r & 1)) continue;
    auto scratch = Lend<Col>();
    const Col& c = Eval(*e, cols, *scratch);
    Fill(out, c, static_cast<int8_t>(r), winner, e, fails);
  }
  // The slot's old column goes back to the spares.
  std::swap(cols[d.targets[t]], out);
}

// The rows rule `r` won, from its value `c` (of expression `e`).
void VRun::Fill(Col& out, const Col& c, int8_t r,
                const std::vector<int8_t>& winner, const VExpr* e,
                std::vector<uint8_t>& fails) {
  if (out.kind == VKind::kDict && c.kind == VKind::kStr) {
    // Texts coded by their bytes, once each.
    auto& codes = texts_[e];
    for (int64_t i = 0; i < n; ++i) {
      if (winner[i] != r) continue;
      fails[i] |= c.state[i] == 2;
      if (c.state[i] != 0) {
        out.codes[i] = 0;  // the target's null
        continue;
      }
      // (Debian's Abseil looks up by its own string_view.)
      const absl::string_view key(c.text[i].data(), c.text[i].size());
      auto it = codes.find(key);
      if (it == codes.end()) {
        it =
            codes.emplace(key, out.dict->Add(Value::StringOf(c.text[i]))).first;
      }
      out.codes[i] = it->second;
    }
    failed |= out.dict->values.size() > kMaxDictEntries;
    return;
  }
  if (out.kind == VKind::kDict) {
    // Source codes mapped into the target's dictionary, once each.
    std::vector<int64_t>& remap = remaps_[e];
    for (int64_t i = 0; i < n; ++i) {
      if (winner[i] != r) continue;
      const uint32_t code = c.codes[i];
      if (code >= remap.size()) remap.resize(code + 1, -1);
      if (remap[code] < 0) remap[code] = out.dict->Add(c.dict->values[code]);
      out.codes[i] = static_cast<uint32_t>(remap[code]);
      fails[i] |= c.dict->values[code].is_error();
    }
    return;
  }
  const __int128 up = Pow10(out.scale - c.scale);
  for (int64_t i = 0; i < n; ++i) {
    if (winner[i] != r) continue;
    out.state[i] = c.state[i];
    fails[i] |= c.state[i] == 2;
    if (out.kind == VKind::kDec) {
      out.m[i] = c.m[i] * up;
    } else {
      out.text[i] = c.text[i];
    }
  }
}

// A collect of constants: each row's list by the set of rules it matched.
void VRun::Collect(const VDecision& d, Cols& cols,
                   std::vector<uint8_t>& fails) {
  auto lent_mask = Lend<std::vector<uint32_t>>();
  auto lent_match = Lend<std::vector<uint8_t>>();
  std::vector<uint32_t>& mask = *lent_mask;
  std::vector<uint8_t>& match = *lent_match;
  mask.assign(n, 0);
  for (size_t r = 0; r < d.rules.size(); ++r) {
    Match(d.rules[r], cols, &match);
    for (int64_t i = 0; i < n; ++i) {
      fails[i] |= match[i] == kO;
      mask[i] |= static_cast<uint32_t>(match[i] != kF) << r;
    }
  }
  auto lent_out = Lend<Col>();
  Col& out = *lent_out;
  out.dict = DictFor(&d);
  std::vector<int64_t>& code_of = remaps_[&d];
  code_of.resize(size_t{1} << d.rules.size(), -1);
  out.codes.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t& code = code_of[mask[i]];
    if (code < 0) {
      List items;
      for (size_t r = 0; r < d.rules.size(); ++r) {
        if (mask[i] >> r & 1) items.push_back(d.collected[r]);
      }
      code = out.dict->Add(Value::ListOf(std::move(items)));
    }
    out.codes[i] = static_cast<uint32_t>(code);
  }
  std::swap(cols[d.d->into_slot], out);
}

}  // namespace verdict
