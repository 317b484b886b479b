// VRun's kernels (arrow_vector_run.h): expressions and decisions over a
// chunk of rows. Each mirrors the interpreter's rule for the same node
// (src/evaluate/interpreter.cc, decision_eval.cc) on the values it can
// hold; anything else was left to kMemo (the interpreter itself) at plan
// time.
#include <algorithm>
#include <cstring>

#include "src/api/arrow_vector_run.h"
#include "src/evaluate/interpreter.h"

namespace verdict {

namespace {

constexpr uint8_t kF = static_cast<uint8_t>(Truth::kFalse);
constexpr uint8_t kT = static_cast<uint8_t>(Truth::kTrue);
constexpr uint8_t kO = static_cast<uint8_t>(Truth::kOther);

__int128 Pow10(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Decimals held by kDec columns stay below this (sums of cells below
// 10^18): then a mantissa scaled by up to 10^18 fits 128 bits.
const __int128 kDecLimit = Pow10(20);

bool Satisfy(CompareOp op, int c) { return Satisfies(op, c); }

}  // namespace

void VDict::Truths() {
  for (size_t i = truth.size(); i < values.size(); ++i) {
    const Value& v = values[i];
    truth.push_back(v.kind() == Kind::kBool ? (v.as_bool() ? kT : kF) : kO);
  }
}

void CodeMap::Insert(uint64_t key, uint32_t code) {
  if (2 * (size_ + 1) > keys_.size()) {
    std::vector<uint64_t> keys(keys_.size() * 2, kEmpty);
    std::vector<uint32_t> vals(keys.size());
    keys.swap(keys_);
    vals.swap(vals_);
    size_ = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != kEmpty) Insert(keys[i], vals[i]);
    }
  }
  size_t i = Slot(key);
  while (keys_[i] != kEmpty && keys_[i] != key)
    i = (i + 1) & (keys_.size() - 1);
  if (keys_[i] == kEmpty) ++size_;
  keys_[i] = key;
  vals_[i] = code;
}

VRun::VRun(const VectorPlan::Impl& plan) : plan_(plan), ctx_(plan.ctx) {
  bools.values = {Value::Bool(false), Value::Bool(true),
                  Value::Error("condition is neither true nor false")};
  bools.Truths();
  // Working-day builtins a memo runs count here; any count sends the batch
  // to the per-row path, which counts each record's own computations.
  ctx_.outside_calendar = &outside_;
  ctx_.pack_outside_calendar = nullptr;
  memos_.resize(plan.memo_frames.size());
}

VDict* VRun::DictFor(const void* key) {
  VDict*& d = dict_of_[key];
  if (!d) d = &dicts_.emplace_back();
  return d;
}

void VRun::Null(Col* c) {
  VDict* d = DictFor(&bools);  // a dictionary of one null
  if (d->values.empty()) d->Add(Value());
  c->kind = VKind::kDict;
  c->dict = d;
  c->codes.assign(static_cast<size_t>(n), 0);
}

const Col& VRun::Eval(const VExpr& e, Cols& cols, Col& out) {
  using Op = VExpr::Op;
  switch (e.op) {
    case Op::kSlot:
      return cols[e.slot];
    case Op::kConst:
      out.kind = e.kind;
      out.scale = e.scale;
      if (e.kind == VKind::kDec) {
        out.m.assign(n, e.literal);
        out.state.assign(n, 0);
      } else if (e.kind == VKind::kStr) {
        out.text.assign(n, std::string_view(e.value.as_string()));
        out.state.assign(n, 0);
      } else {
        out.dict = DictFor(&e);
        if (out.dict->values.empty()) out.dict->Add(e.value);
        out.codes.assign(n, 0);
      }
      return out;
    case Op::kMemo:
      RunMemo(e, cols, out);
      return out;
    case Op::kCall:
      RunCall(e, cols, out);
      return out;
    case Op::kAddDec:
    case Op::kSubDec:
      AddDec(e, cols, out);
      return out;
    default: {  // a truth as a value
      std::vector<uint8_t> t;
      Truths(e, cols, &t);
      out.kind = VKind::kDict;
      out.dict = &bools;
      out.codes.assign(t.begin(), t.end());
      return out;
    }
  }
}

void VRun::Truths(const VExpr& e, Cols& cols, std::vector<uint8_t>* out) {
  using Op = VExpr::Op;
  out->resize(n);
  uint8_t* t = out->data();
  switch (e.op) {
    case Op::kHas: {
      const Col& c = cols[e.slot];
      if (c.kind == VKind::kDict) {
        for (int64_t i = 0; i < n; ++i)
          t[i] = c.dict->values[c.codes[i]].is_null() ? kF : kT;
      } else {
        for (int64_t i = 0; i < n; ++i) t[i] = c.state[i] == 1 ? kF : kT;
      }
      return;
    }
    case Op::kNot:
      Truths(e.kids[0], cols, out);
      for (int64_t i = 0; i < n; ++i) t[i] = t[i] == kO ? kO : (t[i] ^ 1);
      return;
    case Op::kAnd:
    case Op::kOr: {
      // CEL's commutative form: a side that decides wins over an error.
      const uint8_t decides = e.op == Op::kAnd ? kF : kT;
      std::vector<uint8_t> b;
      Truths(e.kids[0], cols, out);
      Truths(e.kids[1], cols, &b);
      for (int64_t i = 0; i < n; ++i) {
        const uint8_t a = t[i];
        t[i] = a == decides || b[i] == decides ? decides
               : (a == kO || b[i] == kO)       ? kO
                                               : b[i];
      }
      return;
    }
    case Op::kCmpDec:
    case Op::kCmpStr:
      Compare(e, cols, out);
      return;
    default: {
      Col scratch;
      const Col& c = Eval(e, cols, scratch);
      if (c.kind != VKind::kDict) {
        std::fill(t, t + n, kO);  // a decimal or a text is not a bool
        return;
      }
      c.dict->Truths();
      const uint8_t* truth = c.dict->truth.data();
      for (int64_t i = 0; i < n; ++i) t[i] = truth[c.codes[i]];
      return;
    }
  }
}

// `kid <op> literal` per row, as CompareValues() decides it: an error is
// neither true nor false, null equals nothing but null and has no order.
void VRun::Compare(const VExpr& e, Cols& cols, std::vector<uint8_t>* out) {
  Col scratch;
  const Col& c = Eval(e.kids[0], cols, scratch);
  uint8_t* t = out->data();
  const uint8_t on_null = e.cmp == kEq ? kF : (e.cmp == kNe ? kT : kO);
  if (e.op == VExpr::Op::kCmpStr) {
    const std::string_view lit = e.value.as_string();
    for (int64_t i = 0; i < n; ++i) {
      if (c.state[i] != 0) {
        t[i] = c.state[i] == 1 ? on_null : kO;
        continue;
      }
      const int r = c.text[i].compare(lit);
      t[i] = Satisfy(e.cmp, r < 0 ? -1 : (r > 0)) ? kT : kF;
    }
    return;
  }
  // Both sides at the larger scale.
  const int common = std::max(c.scale, e.literal_scale);
  const __int128 lit = e.literal * Pow10(common - e.literal_scale);
  const __int128 up = Pow10(common - c.scale);
  for (int64_t i = 0; i < n; ++i) {
    if (c.state[i] != 0) {
      t[i] = c.state[i] == 1 ? on_null : kO;
      continue;
    }
    const __int128 v = c.m[i] * up;
    t[i] = Satisfy(e.cmp, v < lit ? -1 : (v > lit)) ? kT : kF;
  }
}

// A sum or difference of decimals: exact at the larger scale, as
// Decimal::Add gives it (its scale is not observable: Add drops trailing
// zeros, and every reader compares or writes the number). A null operand
// has no overload and an error propagates: both are errors.
void VRun::AddDec(const VExpr& e, Cols& cols, Col& out) {
  Col sa, sb;
  const Col& a = Eval(e.kids[0], cols, sa);
  const Col& b = Eval(e.kids[1], cols, sb);
  out.kind = VKind::kDec;
  out.scale = e.scale;
  out.m.resize(n);
  out.state.resize(n);
  const __int128 ua = Pow10(e.scale - a.scale), ub = Pow10(e.scale - b.scale);
  const bool sub = e.op == VExpr::Op::kSubDec;
  for (int64_t i = 0; i < n; ++i) {
    const __int128 x = a.m[i] * ua, y = b.m[i] * ub;
    const __int128 r = sub ? x - y : x + y;
    out.m[i] = r;
    out.state[i] =
        (a.state[i] | b.state[i]) != 0 || r >= kDecLimit || r <= -kDecLimit ? 2
                                                                            : 0;
  }
}

void VRun::RunMemo(const VExpr& e, Cols& cols, Col& out) {
  Memo& memo = memos_[e.memo];
  if (!memo.frame) {
    memo.frame = std::make_unique<Frame>(
        &ctx_, static_cast<size_t>(plan_.memo_frames[e.memo]));
  }
  // The inputs: the slots read, then the kids computed here.
  std::vector<Col> kid_cols(e.kids.size());
  std::vector<std::pair<const Col*, int>> in;
  for (int s : e.reads) in.emplace_back(&cols[s], s);
  for (size_t k = 0; k < e.kids.size(); ++k) {
    const Col& c = Eval(e.kids[k], cols, kid_cols[k]);
    in.emplace_back(&c, e.kid_slots[k]);
  }
  VDict* d = DictFor(&e);
  out.kind = VKind::kDict;
  out.dict = d;
  out.codes.resize(n);
  bool text = false, narrow = in.size() <= 4;
  for (const auto& [c, slot] : in) {
    text |= c->kind == VKind::kStr;
    narrow &= c->kind != VKind::kDict || c->dict->values.size() < 65535;
  }
  // The key of row i: the input codes packed, or (for text, and many
  // inputs) a hash of the codes and texts, checked against the entry's own
  // key bytes.
  std::string bytes;
  auto key_of = [&](int64_t i) -> uint64_t {
    if (!text && narrow) {
      uint64_t k = 0;
      for (const auto& [c, slot] : in) k = (k << 16) | c->codes[i];
      return k;
    }
    bytes.clear();
    for (const auto& [c, slot] : in) {
      if (c->kind == VKind::kDict) {
        bytes.append(reinterpret_cast<const char*>(&c->codes[i]), 4);
      } else {
        bytes.push_back(static_cast<char>(c->state[i]));
        const uint32_t len = static_cast<uint32_t>(c->text[i].size());
        bytes.append(reinterpret_cast<const char*>(&len), 4);
        if (c->state[i] == 0) bytes.append(c->text[i]);
      }
    }
    return std::hash<std::string>{}(bytes) & (~uint64_t{0} >> 1);
  };
  Frame& f = *memo.frame;
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t key = key_of(i);
    const int64_t code = memo.fast.Find(key);
    if (code >= 0 && (bytes.empty() || memo.keys[code] == bytes)) {
      out.codes[i] = static_cast<uint32_t>(code);
      continue;
    }
    for (const auto& [c, slot] : in) {
      Value& v = f.slot(slot);
      if (c->kind == VKind::kDict) {
        v = c->dict->values[c->codes[i]];
      } else {
        v = c->state[i] == 0   ? Value::StringOf(c->text[i])
            : c->state[i] == 1 ? Value()
                               : bools.values[2];
      }
    }
    f.iterations = 0;
    const uint32_t added = d->Add(::verdict::Eval(*e.node, f));
    if (outside_.load(std::memory_order_relaxed) != 0 ||
        d->values.size() > kMaxDictEntries) {
      failed = true;
    }
    if (code < 0) {
      memo.fast.Insert(key, added);
      if (!bytes.empty()) {
        memo.keys.resize(added + 1);
        memo.keys[added] = bytes;
      }
    }
    out.codes[i] = added;
  }
}

// A policy function over columns: its arguments in its parameters' slots
// of a frame of its own (each kDict value one the parameter takes as it
// is), its decision run there; a row the function fails for holds an error,
// as the interpreter's call gives one.
void VRun::RunCall(const VExpr& e, Cols& cols, Col& out) {
  const FunctionDecision& fd = *e.function;
  const VFunction& vf = *plan_.functions[e.memo];
  // Only the slots the plan found set are read (arrow_vector_plan.cc).
  Cols inner(static_cast<size_t>(fd.frame_size));
  for (size_t i = 0; i < e.kids.size(); ++i) {
    Col scratch;
    const Col& arg = Eval(e.kids[i], cols, scratch);
    Col& slot = inner[fd.params[i].second];
    slot = arg;
    if (arg.kind != VKind::kDict) continue;
    for (size_t k = 0; k < arg.dict->values.size(); ++k) {
      const Value& v = arg.dict->values[k];
      if (!v.is_null() && !fd.param_types[i].AcceptsAsIs(v)) failed = true;
    }
  }
  Col& as_of = inner[fd.as_of_slot];
  as_of.codes.assign(n, 0);
  as_of.dict = DictFor(&vf);
  if (as_of.dict->values.empty()) as_of.dict->Add(Value::DateOf(ctx_.as_of));
  std::vector<uint8_t> fails(n, 0);
  Decide(vf.decision, inner, fails);
  out = std::move(inner[fd.return_slots[0]]);
  for (int64_t i = 0; i < n; ++i) {
    if (!fails[i]) continue;
    if (out.kind == VKind::kDict) {
      // One error entry in the result's dictionary for the batch.
      std::vector<int64_t>& error = remaps_[&vf.decision];
      if (error.empty()) {
        error.push_back(out.dict->Add(
            Value::Error("function '" + fd.decision.id + "' failed")));
      }
      out.codes[i] = static_cast<uint32_t>(error[0]);
    } else {
      out.state[i] = 2;
    }
  }
}

void VRun::Decide(const VDecision& d, Cols& cols, std::vector<uint8_t>& fails) {
  for (const auto& [slot, e] : d.columns) {
    Col scratch;
    const Col& c = Eval(e, cols, scratch);
    if (&c != &cols[slot]) cols[slot] = c;
  }
  if (d.d->hit == HitPolicy::kCollect) return Collect(d, cols, fails);
  std::vector<int8_t> winner(n, -1);
  std::vector<std::vector<uint8_t>> truths;
  for (size_t r = 0; r < d.rules.size(); ++r) {
    const VDecision::Rule& rule = d.rules[r];
    truths.resize(rule.conditions.size());
    for (size_t c = 0; c < rule.conditions.size(); ++c)
      Truths(rule.conditions[c], cols, &truths[c]);
    for (int64_t i = 0; i < n; ++i) {
      if (winner[i] >= 0 || fails[i]) continue;
      // A false condition anywhere rules the rule out; else one that is
      // neither true nor false fails the row (decision_eval.cc).
      bool f = false, o = false;
      for (const auto& t : truths) {
        f |= t[i] == kF;
        o |= t[i] == kO;
      }
      if (f) continue;
      if (o) {
        fails[i] = 1;
      } else {
        winner[i] = static_cast<int8_t>(r);
      }
    }
  }
  if (d.no_match_fails) {
    for (int64_t i = 0; i < n; ++i) fails[i] |= winner[i] < 0;
  }
  for (size_t t = 0; t < d.targets.size(); ++t)
    Target(d, t, winner, cols, fails);
}

// Target `t` of a first hit: each row's value from the rule it matched
// (null for none, or a rule that does not set it).
void VRun::Target(const VDecision& d, size_t t,
                  const std::vector<int8_t>& winner, Cols& cols,
                  std::vector<uint8_t>& fails) {
  Col out;
  out.kind = d.target_kinds[t];
  out.scale = d.target_scales[t];
  if (out.kind == VKind::kDict) {
    out.dict = DictFor(&d.targets[t]);
    if (out.dict->values.empty()) out.dict->Add(Value());  // code 0: null
    out.codes.assign(n, 0);
  } else {
    out.state.assign(n, 1);
    out.m.assign(out.kind == VKind::kDec ? n : 0, 0);
    out.text.assign(out.kind == VKind::kStr ? n : 0, std::string_view());
  }
  for (size_t r = 0; r < d.rules.size(); ++r) {
    const VExpr* e = d.rules[r].sets[t].get();
    bool won = false;
    for (int64_t i = 0; i < n && !won; ++i) won = winner[i] == (int8_t)r;
    if (!e || !won) continue;
    Col scratch;
    const Col& c = Eval(*e, cols, scratch);
    if (out.kind == VKind::kDict && c.kind == VKind::kStr) {
      // Texts coded by their bytes, once each.
      auto& codes = texts_[e];
      for (int64_t i = 0; i < n; ++i) {
        if (winner[i] != (int8_t)r) continue;
        fails[i] |= c.state[i] == 2;
        if (c.state[i] != 0) continue;  // null: code 0
        auto [it, added] = codes.try_emplace(std::string(c.text[i]), 0);
        if (added) it->second = out.dict->Add(Value::StringOf(c.text[i]));
        out.codes[i] = it->second;
      }
      failed |= out.dict->values.size() > kMaxDictEntries;
      continue;
    }
    if (out.kind == VKind::kDict) {
      // Source codes mapped into the target's dictionary, once each.
      std::vector<int64_t>& remap = remaps_[e];
      for (int64_t i = 0; i < n; ++i) {
        if (winner[i] != (int8_t)r) continue;
        const uint32_t code = c.codes[i];
        if (code >= remap.size()) remap.resize(code + 1, -1);
        if (remap[code] < 0) remap[code] = out.dict->Add(c.dict->values[code]);
        out.codes[i] = static_cast<uint32_t>(remap[code]);
        fails[i] |= c.dict->values[code].is_error();
      }
      continue;
    }
    const __int128 up = Pow10(out.scale - c.scale);
    for (int64_t i = 0; i < n; ++i) {
      if (winner[i] != (int8_t)r) continue;
      out.state[i] = c.state[i];
      fails[i] |= c.state[i] == 2;
      if (out.kind == VKind::kDec) {
        out.m[i] = c.m[i] * up;
      } else {
        out.text[i] = c.text[i];
      }
    }
  }
  cols[d.targets[t]] = std::move(out);
}

// A collect of constants: each row's list by the set of rules it matched.
void VRun::Collect(const VDecision& d, Cols& cols,
                   std::vector<uint8_t>& fails) {
  std::vector<uint32_t> mask(n, 0);
  std::vector<std::vector<uint8_t>> truths;
  for (size_t r = 0; r < d.rules.size(); ++r) {
    const VDecision::Rule& rule = d.rules[r];
    truths.resize(rule.conditions.size());
    for (size_t c = 0; c < rule.conditions.size(); ++c)
      Truths(rule.conditions[c], cols, &truths[c]);
    for (int64_t i = 0; i < n; ++i) {
      bool f = false, o = false;
      for (const auto& t : truths) {
        f |= t[i] == kF;
        o |= t[i] == kO;
      }
      if (f) continue;
      if (o) fails[i] = 1;
      mask[i] |= 1u << r;
    }
  }
  Col out;
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
  cols[d.d->into_slot] = std::move(out);
}

}  // namespace verdict
