// VRun's kernels (arrow_vector_run.h): expressions and decisions over a
// chunk of rows. Each mirrors the interpreter's rule for the same node
// (src/evaluate/interpreter.cc, decision_eval.cc) on the values it can
// hold; anything else was left to kMemo (the interpreter itself) at plan
// time.
#include <algorithm>
#include <cstring>
#include <functional>
#include <span>

#include "src/api/arrow_vector_run.h"
#include "src/evaluate/decision_eval.h"
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
  if (ua == 1 && ub == 1 && !sub) {  // the usual sum of two columns
    for (int64_t i = 0; i < n; ++i) {
      const __int128 r = a.m[i] + b.m[i];
      out.m[i] = r;
      out.state[i] =
          (a.state[i] | b.state[i]) != 0 || r >= kDecLimit || r <= -kDecLimit
              ? 2
              : 0;
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    const __int128 x = a.m[i] * ua, y = b.m[i] * ub;
    const __int128 r = sub ? x - y : x + y;
    out.m[i] = r;
    out.state[i] =
        (a.state[i] | b.state[i]) != 0 || r >= kDecLimit || r <= -kDecLimit ? 2
                                                                            : 0;
  }
}

// Each row's entry of `memo` for the row's tuple of `in` values, into
// out[i]; a tuple not seen yet is put in the memo's frame (SetInputs) and
// its entry made by `miss`, which returns its number.
uint64_t TextCodes::Hash(std::string_view t) {
  uint64_t h = t.size() * 0x9E3779B97F4A7C15ull;
  size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, t.data() + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
  }
  uint64_t w = 0;
  std::memcpy(&w, t.data() + i, t.size() - i);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

uint32_t TextCodes::Code(std::string_view t) {
  if (2 * (texts_.size() + 1) > slots_.size()) {
    std::vector<uint32_t> slots(slots_.size() * 2, 0);
    for (uint32_t k = 0; k < texts_.size(); ++k) {
      size_t j = Hash(texts_[k]) & (slots.size() - 1);
      while (slots[j] != 0) j = (j + 1) & (slots.size() - 1);
      slots[j] = k + 1;
    }
    slots_.swap(slots);
  }
  size_t j = Hash(t) & (slots_.size() - 1);
  while (slots_[j] != 0) {
    if (texts_[slots_[j] - 1] == t) return slots_[j] + 1;
    j = (j + 1) & (slots_.size() - 1);
  }
  texts_.push_back(t);
  slots_[j] = static_cast<uint32_t>(texts_.size());
  return static_cast<uint32_t>(texts_.size() + 1);
}

void VRun::Lookup(Memo& memo, const Inputs& given,
                  const std::function<uint32_t()>& miss, uint32_t* out) {
  // Texts keyed by their codes (TextCodes): then every key is codes.
  Inputs in = given;
  std::vector<Col> text_codes(in.size());
  memo.texts.resize(in.size());
  for (size_t k = 0; k < in.size(); ++k) {
    const Col& c = *in[k].key;
    if (c.kind != VKind::kStr) continue;
    Col& codes = text_codes[k];
    codes.codes.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      codes.codes[i] =
          c.state[i] != 0 ? c.state[i] - 1u : memo.texts[k].Code(c.text[i]);
    }
    in[k].key = &codes;
    in[k].radix = static_cast<uint32_t>(memo.texts[k].size());
    failed |= memo.texts[k].size() > kMaxDictEntries;
  }
  bool text = false, narrow = in.size() <= 4;
  for (const Input& x : in) {
    text |= x.key->kind == VKind::kStr;
    narrow &= x.key->kind != VKind::kDict || x.radix < 65535;
  }
  // The key of row i: the input codes packed, or (for texts, and many
  // inputs) a hash of the codes and texts, checked against the entry's own
  // key bytes.
  const bool by_bytes = text || !narrow;
  std::string bytes;
  auto key_of = [&](int64_t i) -> uint64_t {
    if (!by_bytes) {
      uint64_t k = 0;
      for (const Input& x : in) k = (k << 16) | x.key->codes[i];
      return k;
    }
    bytes.clear();
    for (const Input& x : in) {
      const Col* c = x.key;
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
  // Few codes in all: a dense table by their mixed-radix index, in front
  // of the map (made again when a dictionary grows).
  std::vector<uint32_t> stride;
  size_t cells = 1;
  for (const Input& x : in) {
    if (text || cells > kDenseCells) break;
    stride.push_back(static_cast<uint32_t>(cells));
    cells *= x.radix;
  }
  // Codes mean the same values for the memo's whole life: each input's
  // dictionary must stay the one it started with (else the batch goes row
  // by row); a dictionary that grew makes the dense table again.
  std::vector<const VDict*> dicts;
  std::vector<uint32_t> radices;
  for (const Input& x : in) {
    dicts.push_back(x.key->dict);
    radices.push_back(x.radix);
  }
  if (memo.dicts.empty()) memo.dicts = dicts;
  if (memo.dicts != dicts) {
    failed = true;
    return;
  }
  const bool dense = !text && cells <= kDenseCells;
  if (dense && (memo.radices != radices || memo.dense.size() != cells)) {
    memo.dense.assign(cells, -1);
    memo.radices = radices;
  }
  for (int64_t i = 0; i < n; ++i) {
    int64_t* cell = nullptr;
    if (dense) {
      size_t at = 0;
      for (size_t k = 0; k < in.size(); ++k)
        at += in[k].key->codes[i] * stride[k];
      cell = &memo.dense[at];
      if (*cell >= 0) {
        out[i] = static_cast<uint32_t>(*cell);
        continue;
      }
    }
    const uint64_t key = key_of(i);
    const int64_t found = memo.fast.Find(key);
    if (found >= 0 && (!by_bytes || memo.keys[found] == bytes)) {
      out[i] = static_cast<uint32_t>(found);
      if (cell) *cell = found;
      continue;
    }
    SetInputs(*memo.frame, in, i);
    const uint32_t made = miss();
    failed |= outside_.load(std::memory_order_relaxed) != 0 ||
              made >= kMaxDictEntries;
    if (found < 0) {  // else a hash collision: not kept
      memo.fast.Insert(key, made);
      if (by_bytes) {
        if (memo.keys.size() <= made) memo.keys.resize(made + 1);
        memo.keys[made] = bytes;
      }
    }
    out[i] = made;
    if (cell) *cell = made;
  }
}

void VRun::SetInputs(Frame& f, const Inputs& in, int64_t i) {
  for (const Input& x : in) {
    const Col* c = x.value;
    Value& v = f.slot(x.slot);
    if (c->kind == VKind::kDict) {
      v = c->dict->values[c->codes[i]];
    } else if (c->state[i] != 0) {
      v = c->state[i] == 1 ? Value() : bools.values[2];
    } else if (c->kind == VKind::kStr) {
      v = Value::StringOf(c->text[i]);
    } else {
      v = Value::Dec(Decimal(c->m[i], c->scale));
    }
  }
  f.iterations = 0;
}

// Each row's class of decimal column `c` among `bounds` (sorted numbers):
// 2j below bound j (and above bound j - 1), 2j + 1 on it, 2k above all k;
// 2k + 1 null, 2k + 2 an error. Comparisons with the bounds tell the rows
// of a class apart no more than a row from itself.
void VRun::Classes(const Col& c, const std::vector<Value>& bounds, Col* out) {
  const size_t k = bounds.size();
  std::vector<__int128> lit(k);
  std::vector<__int128> up(k);
  for (size_t j = 0; j < k; ++j) {
    const Decimal d = bounds[j].kind() == Kind::kDecimal
                          ? bounds[j].as_decimal()
                          : Decimal(bounds[j].kind() == Kind::kInt
                                        ? __int128{bounds[j].as_int()}
                                        : __int128{bounds[j].as_uint()},
                                    0);
    const int common = std::max(c.scale, d.scale());
    lit[j] = d.mantissa() * Pow10(common - d.scale());
    up[j] = Pow10(common - c.scale);
  }
  out->kind = VKind::kDict;
  out->dict = nullptr;
  out->codes.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    if (c.state[i] != 0) {
      out->codes[i] = static_cast<uint32_t>(2 * k + c.state[i]);
      continue;
    }
    uint32_t code = 2 * static_cast<uint32_t>(k);
    for (size_t j = 0; j < k; ++j) {
      const __int128 v = c.m[i] * up[j];
      if (v <= lit[j]) {
        code = 2 * static_cast<uint32_t>(j) + (v == lit[j]);
        break;
      }
    }
    out->codes[i] = code;
  }
}

VRun::Input VRun::InputOf(const Col& c, int slot) {
  return Input{&c, &c, slot,
               c.kind == VKind::kDict
                   ? static_cast<uint32_t>(c.dict->values.size())
                   : 0};
}

VRun::Memo& VRun::MemoOf(int index) {
  Memo& memo = memos_[index];
  if (!memo.frame) {
    memo.frame = std::make_unique<Frame>(
        &ctx_, static_cast<size_t>(plan_.memo_frames[index]));
  }
  return memo;
}

void VRun::RunMemo(const VExpr& e, Cols& cols, Col& out) {
  Memo& memo = MemoOf(e.memo);
  // The inputs: the slots read, then the kids computed here (a decimal
  // one keyed by its class among its bounds).
  std::vector<Col> kid_cols(e.kids.size()), classes(e.kids.size());
  Inputs in;
  for (int s : e.reads) in.push_back(InputOf(cols[s], s));
  for (size_t k = 0; k < e.kids.size(); ++k) {
    const Col& c = Eval(e.kids[k], cols, kid_cols[k]);
    in.push_back(InputOf(c, e.kid_slots[k]));
    if (c.kind != VKind::kDec) continue;
    Classes(c, e.kid_bounds[k], &classes[k]);
    in.back().key = &classes[k];
    in.back().radix = static_cast<uint32_t>(2 * e.kid_bounds[k].size() + 3);
  }
  VDict* d = DictFor(&e);
  out.kind = VKind::kDict;
  out.dict = d;
  out.codes.resize(n);
  Frame& f = *memo.frame;
  Lookup(
      memo, in, [&] { return d->Add(::verdict::Eval(*e.node, f)); },
      out.codes.data());
}

// A run of decisions whose outcomes are functions of kDict slots
// (VDecision::memo, VChain): run by RunDecision() itself, one after the
// other, once per distinct tuple of the slots they read from outside the
// run, in the memo's frame; each outcome (every decision's winning rule
// and its targets' values, or the decision that failed) is an entry, and
// each row takes its entry's codes. A target the winner copies a decimal
// into takes the row's decimal instead.
void VRun::DecideChain(const VChain& chain, Cols& cols,
                       std::vector<uint8_t>& fails) {
  const std::span<const VDecision> ds(plan_.decisions.data() + chain.first,
                                      chain.count);
  Memo& memo = MemoOf(chain.memo);
  Frame& f = *memo.frame;
  Inputs in;
  for (int s : chain.reads) in.push_back(InputOf(cols[s], s));
  // Per entry: each decision's winner (-1: none, -2: it failed the row),
  // then the codes of each decision's targets in turn.
  std::vector<VDict*> dicts;
  for (const VDecision& d : ds) {
    for (const int& t : d.memo_targets) dicts.push_back(DictFor(&t));
  }
  const size_t k = ds.size(), width = k + dicts.size();
  std::vector<int64_t>& outcomes = remaps_[&chain];
  std::vector<uint8_t>& failing = failing_[&chain];  // per entry
  std::vector<uint32_t> entry(n);
  std::vector<TraceEntry> trace;
  Lookup(
      memo, in,
      [&] {
        for (const VDecision& d : ds) {
          for (int t : d.memo_targets) f.slot(t).Reset();
        }
        const size_t at = outcomes.size();
        outcomes.resize(at + width, 0);
        bool ok = true;
        for (size_t j = 0, code = k; j < k; ++j) {
          const CompiledDecision& cd = *ds[j].d;
          int64_t winner = -1;
          if (ok) {
            trace.clear();
            ok = !RunDecision(cd, f, &trace).has_value();
            winner = ok ? -1 : -2;
            for (const TraceEntry& e : trace) {
              if (e.function || e.decision != cd.id) continue;
              for (size_t r = 0; r < cd.rules.size(); ++r) {
                if (cd.rules[r].id == e.rule) winner = static_cast<int64_t>(r);
              }
            }
          }
          outcomes[at + j] = winner;
          for (int t : ds[j].memo_targets) {
            outcomes[at + code] = ok ? dicts[code - k]->Add(f.slot(t)) : 0;
            ++code;
          }
        }
        failing.push_back(!ok);
        return static_cast<uint32_t>(failing.size() - 1);
      },
      entry.data());
  for (int64_t i = 0; i < n; ++i) fails[i] |= failing[entry[i]];
  for (size_t j = 0, code = k; j < k; ++j) {
    const VDecision& d = ds[j];
    for (size_t t = 0; t < d.memo_targets.size(); ++t, ++code) {
      Col out;
      out.dict = dicts[code - k];
      out.codes.resize(n);
      for (int64_t i = 0; i < n; ++i)
        out.codes[i] = static_cast<uint32_t>(outcomes[entry[i] * width + code]);
      if (t < d.target_kinds.size() && d.target_kinds[t] == VKind::kDec) {
        Passed(d, t, outcomes.data() + j, outcomes.data() + code, width, entry,
               cols, out);
      }
      cols[d.memo_targets[t]] = std::move(out);
    }
  }
}

// Target `t` of a finite first hit as decimals: the winner's copy of a
// decimal slot, or the literal (or null) the memo's run gave. Entry e's
// winner is winners[e * width], its code codes[e * width].
void VRun::Passed(const VDecision& d, size_t t, const int64_t* winners,
                  const int64_t* codes, size_t width,
                  const std::vector<uint32_t>& entry, Cols& cols, Col& out) {
  Col dec;
  dec.kind = VKind::kDec;
  dec.scale = d.target_scales[t];
  dec.m.resize(n);
  dec.state.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t winner = winners[entry[i] * width];
    const int from = winner >= 0 ? d.pass[t][winner] : -1;
    if (from >= 0) {
      const Col& c = cols[from];
      dec.m[i] =
          c.scale == dec.scale ? c.m[i] : c.m[i] * Pow10(dec.scale - c.scale);
      dec.state[i] = c.state[i];
      continue;
    }
    const Value& v = out.dict->values[codes[entry[i] * width]];
    dec.state[i] = v.is_null() ? 1 : 0;
    dec.m[i] = v.is_null() ? 0
                           : v.as_decimal().mantissa() *
                                 Pow10(dec.scale - v.as_decimal().scale());
  }
  out = std::move(dec);
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

// Each row's match of `rule`: kF when a condition is false (the rule is
// ruled out), else kO when one is neither true nor false (the row fails
// if it reaches the rule), else kT.
void VRun::Match(const VDecision::Rule& rule, Cols& cols,
                 std::vector<uint8_t>* match) {
  match->assign(n, kT);
  uint8_t* m = match->data();
  std::vector<uint8_t> t;
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
    Col scratch;
    const Col& c = Eval(e, cols, scratch);
    if (&c != &cols[slot]) cols[slot] = c;
  }
  if (d.d->hit == HitPolicy::kCollect) return Collect(d, cols, fails);
  std::vector<int8_t> winner(n, -1);
  uint64_t won = 0;  // the rules that won a row
  int64_t open = n;  // rows no rule decided yet
  std::vector<uint8_t> match;
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
  Col out;
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
    std::vector<__int128> m(rules + 1, 0);
    std::vector<uint8_t> state(rules + 1, 1);
    std::vector<std::string_view> text(rules + 1);
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
    Col scratch;
    const Col& c = Eval(*e, cols, scratch);
    Fill(out, c, static_cast<int8_t>(r), winner, e, fails);
  }
  cols[d.targets[t]] = std::move(out);
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
      if (c.state[i] != 0) continue;  // null: code 0
      auto [it, added] = codes.try_emplace(std::string(c.text[i]), 0);
      if (added) it->second = out.dict->Add(Value::StringOf(c.text[i]));
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
  std::vector<uint32_t> mask(n, 0);
  std::vector<uint8_t> match;
  for (size_t r = 0; r < d.rules.size(); ++r) {
    Match(d.rules[r], cols, &match);
    for (int64_t i = 0; i < n; ++i) {
      fails[i] |= match[i] == kO;
      mask[i] |= static_cast<uint32_t>(match[i] != kF) << r;
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
