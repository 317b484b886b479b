// VRun's memos (arrow_vector_run.h): a memo's key per row (codes, texts
// coded, decimals by class), its entries computed by the interpreter
// itself on a miss, and runs of finite decisions decided by RunDecision()
// once per distinct input.
#include <algorithm>
#include <cstring>
#include <span>

#include "src/api/arrow_vector_run.h"
#include "src/evaluate/decision_eval.h"
#include "src/evaluate/interpreter.h"

namespace verdict {

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

void VRun::Lookup(Memo& memo, const Inputs& given, bool per_row_ok,
                  absl::FunctionRef<uint32_t()> miss, uint32_t* out) {
  if (memo.per_row) {
    for (int64_t i = 0; i < n; ++i) {
      SetInputs(*memo.frame, given, i);
      out[i] = miss();
      failed |= out[i] >= kMaxDictEntries;
    }
    failed |= outside_.load(std::memory_order_relaxed) != 0;
    return;
  }
  const size_t texts_before = memo.texts.empty() ? 0 : TextCount(memo);
  // Texts keyed by their codes (TextCodes): then every key is codes.
  auto lent_in = Lend<Inputs>();
  auto lent_text_codes = Lend<Cols>();
  Inputs& in = *lent_in;
  Cols& text_codes = *lent_text_codes;
  in = given;
  if (text_codes.size() < in.size()) text_codes.resize(in.size());
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
  auto lent_bytes = Lend<std::string>();
  std::string& bytes = *lent_bytes;
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
  auto lent_stride = Lend<std::vector<uint32_t>>();
  std::vector<uint32_t>& stride = *lent_stride;
  size_t cells = 1;
  for (const Input& x : in) {
    if (text || cells > kDenseCells) break;
    stride.push_back(static_cast<uint32_t>(cells));
    cells *= x.radix;
  }
  // Codes mean the same values for the memo's whole life: each input's
  // dictionary must stay the one it started with (else the batch goes row
  // by row); a dictionary that grew makes the dense table again.
  auto lent_dicts = Lend<std::vector<const VDict*>>();
  auto lent_radices = Lend<std::vector<uint32_t>>();
  std::vector<const VDict*>& dicts = *lent_dicts;
  std::vector<uint32_t>& radices = *lent_radices;
  for (const Input& x : in) {
    dicts.push_back(x.key->dict);
    radices.push_back(x.radix);
  }
  if (memo.dicts.empty()) memo.dicts = dicts;
  if (memo.dicts != dicts) {
    failed = true;
    return;
  }
  // A key of another form than the memo's entries have (its inputs' codes
  // outgrew 16 bits): the map is made again for it.
  if (memo.fast.size() > 0 && memo.by_bytes != by_bytes) {
    memo.fast = CodeMap();
    memo.keys.clear();
  }
  memo.by_bytes = by_bytes;
  const bool dense = !text && cells <= kDenseCells;
  if (dense && (memo.radices != radices || memo.dense.size() != cells)) {
    memo.dense.assign(cells, -1);
    memo.radices = radices;
  }
  // Each row's cell of the dense table, input by input (a loop the
  // compiler vectorises).
  auto lent_at = Lend<std::vector<uint32_t>>();
  std::vector<uint32_t>& at = *lent_at;
  at.assign(dense ? n : 0, 0);
  for (size_t k = 0; dense && k < in.size(); ++k) {
    const uint32_t* codes = in[k].key->codes.data();
    const uint32_t s = stride[k];
    for (int64_t i = 0; i < n; ++i) at[i] += codes[i] * s;
  }
  for (int64_t i = 0; i < n; ++i) {
    int64_t* cell = nullptr;
    if (dense) {
      cell = &memo.dense[at[i]];
      if (*cell >= 0) {
        out[i] = static_cast<uint32_t>(*cell);
        continue;
      }
    }
    const uint64_t key = key_of(i);
    const int64_t found = memo.fast.Find(key);
    if (found >= 0 &&
        (!by_bytes || (static_cast<size_t>(found) < memo.keys.size() &&
                       memo.keys[found] == bytes))) {
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
  // New texts on most rows: from the next chunk on, per row.
  if (per_row_ok && n >= 256 &&
      2 * (TextCount(memo) - texts_before) > static_cast<size_t>(n)) {
    memo.per_row = true;
  }
}

size_t VRun::TextCount(const Memo& memo) {
  size_t count = 0;
  for (const TextCodes& t : memo.texts) count += t.size();
  return count;
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
  auto lent_lit = Lend<std::vector<__int128>>();
  auto lent_up = Lend<std::vector<__int128>>();
  std::vector<__int128>& lit = *lent_lit;
  std::vector<__int128>& up = *lent_up;
  lit.resize(k);
  up.resize(k);
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
  // Bounds of no more places than the column: compared as they are.
  bool same_scale = true;
  for (size_t j = 0; j < k; ++j) same_scale &= up[j] == 1;
  if (same_scale) {
    for (int64_t i = 0; i < n; ++i) {
      const __int128 v = c.m[i];
      uint32_t code = 2 * static_cast<uint32_t>(k);
      for (size_t j = 0; j < k; ++j) {
        if (v <= lit[j]) {
          code = 2 * static_cast<uint32_t>(j) + (v == lit[j]);
          break;
        }
      }
      out->codes[i] =
          c.state[i] != 0 ? static_cast<uint32_t>(2 * k + c.state[i]) : code;
    }
    return;
  }
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
  auto lent_kids = Lend<Cols>(), lent_classes = Lend<Cols>();
  auto lent_in = Lend<Inputs>();
  Cols &kid_cols = *lent_kids, &classes = *lent_classes;
  Inputs& in = *lent_in;
  if (kid_cols.size() < e.kids.size()) kid_cols.resize(e.kids.size());
  if (classes.size() < e.kids.size()) classes.resize(e.kids.size());
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
      memo, in, true, [&] { return d->Intern(::verdict::Eval(*e.node, f)); },
      out.codes.data());
}

// A run of decisions whose outcomes are functions of kDict slots
// (VDecision::memo, VChain): run by RunDecision() itself, one after the
// other, once per distinct tuple of the slots they read from outside the
// run, in the memo's frame; each outcome (every decision's winning rule
// and its targets' values, or the decision that failed) is an entry, and
// each row takes its entry's codes. A target the winner copies a decimal
// into takes the row's decimal instead.
void VRun::DecideChain(std::span<const VDecision> ds, const VChain& chain,
                       Cols& cols, std::vector<uint8_t>& fails) {
  Memo& memo = MemoOf(chain.memo);
  Frame& f = *memo.frame;
  auto lent_in = Lend<Inputs>();
  Inputs& in = *lent_in;
  for (int s : chain.reads) in.push_back(InputOf(cols[s], s));
  // Per entry: each decision's winner (-1: none, -2: it failed the row),
  // then the codes of each decision's targets in turn.
  auto lent_dicts = Lend<std::vector<VDict*>>();
  std::vector<VDict*>& dicts = *lent_dicts;
  for (const VDecision& d : ds) {
    for (const int& t : d.memo_targets) dicts.push_back(DictFor(&t));
  }
  const size_t k = ds.size(), width = k + dicts.size();
  std::vector<int64_t>& outcomes = remaps_[&chain];
  std::vector<uint8_t>& failing = failing_[&chain];  // per entry
  auto lent_entry = Lend<std::vector<uint32_t>>();
  std::vector<uint32_t>& entry = *lent_entry;
  entry.resize(n);
  Lookup(
      memo, in, false,
      [&] {
        for (const VDecision& d : ds) {
          for (int t : d.memo_targets) f.slot(t).Reset();
        }
        const size_t at = outcomes.size();
        outcomes.resize(at + width, 0);
        bool ok = true;
        for (size_t j = 0, code = k; j < k; ++j) {
          const CompiledDecision& cd = *ds[j].d;
          int winner = -1;  // a first hit's winner (VDecision::pass)
          if (ok) {
            ok = !RunDecision(cd, f, nullptr, &winner).has_value();
            if (!ok) winner = -2;
          }
          outcomes[at + j] = winner;
          for (int t : ds[j].memo_targets) {
            // A failed row's targets: null, a valid code all the same
            // (later steps read them before the chunk is refused).
            outcomes[at + code] =
                dicts[code - k]->Intern(ok ? f.slot(t) : Value());
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
      auto lent_out = Lend<Col>();
      Col& out = *lent_out;
      out.dict = dicts[code - k];
      out.codes.resize(n);
      for (int64_t i = 0; i < n; ++i)
        out.codes[i] = static_cast<uint32_t>(outcomes[entry[i] * width + code]);
      if (t < d.target_kinds.size() && d.target_kinds[t] == VKind::kDec) {
        Passed(d, t, outcomes.data() + j, outcomes.data() + code, width, entry,
               cols, out);
      }
      std::swap(cols[d.memo_targets[t]], out);
    }
  }
}

// Target `t` of a finite first hit as decimals: the winner's copy of a
// decimal slot, or the literal (or null) the memo's run gave. Entry e's
// winner is winners[e * width], its code codes[e * width].
void VRun::Passed(const VDecision& d, size_t t, const int64_t* winners,
                  const int64_t* codes, size_t width,
                  const std::vector<uint32_t>& entry, Cols& cols, Col& out) {
  auto lent_dec = Lend<Col>();
  Col& dec = *lent_dec;
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
  std::swap(out, dec);
}

}  // namespace verdict
