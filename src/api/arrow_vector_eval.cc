// VRun's kernels (arrow_vector_run.h): expressions over a chunk of rows.
// Each mirrors the interpreter's rule for the same node
// (src/evaluate/interpreter.cc) on the values it can hold; anything else
// was left to kMemo (the interpreter itself, arrow_vector_memo.cc) at plan
// time.
#include <algorithm>
#include <cstring>

#include "src/api/arrow_vector_run.h"

namespace verdict {

void VDict::Truths() {
  for (size_t i = truth.size(); i < values.size(); ++i) {
    const Value& v = values[i];
    truth.push_back(v.kind() == Kind::kBool ? (v.as_bool() ? kT : kF) : kO);
  }
}

namespace {

template <typename T>
void Bytes(const T& x, std::string* key) {
  key->append(reinterpret_cast<const char*>(&x), sizeof x);
}

// `v`'s kind and exact content as bytes (a decimal's scale included, a
// list item by item), or false for a kind not keyed.
bool InternKey(const Value& v, std::string* key) {
  key->push_back(static_cast<char>(v.kind()));
  switch (v.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      key->push_back(v.as_bool() ? 1 : 0);
      return true;
    case Kind::kInt:
      Bytes(v.as_int(), key);
      return true;
    case Kind::kUint:
      Bytes(v.as_uint(), key);
      return true;
    case Kind::kDate:
      Bytes(v.as_date().days, key);
      return true;
    case Kind::kDecimal:
      Bytes(v.as_decimal().mantissa(), key);
      Bytes(v.as_decimal().scale(), key);
      return true;
    case Kind::kString:
      Bytes(static_cast<uint64_t>(v.as_string().size()), key);
      key->append(v.as_string());
      return true;
    case Kind::kList:
      Bytes(static_cast<uint64_t>(v.as_list().size()), key);
      for (const Value& x : v.as_list()) {
        if (!InternKey(x, key)) return false;
      }
      return true;
    default:
      return false;
  }
}

}  // namespace

uint32_t VDict::Intern(Value v) {
  // The key in a buffer kept from call to call: a hit allocates nothing.
  key_.clear();
  if (!InternKey(v, &key_)) return Add(std::move(v));
  auto it = interned_.find(key_);
  if (it != interned_.end()) return it->second;
  const uint32_t code = Add(std::move(v));
  interned_.emplace(key_, code);
  return code;
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
      auto t = Lend<std::vector<uint8_t>>();
      Truths(e, cols, &*t);
      out.kind = VKind::kDict;
      out.dict = &bools;
      out.codes.assign(t->begin(), t->end());
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
      auto lent = Lend<std::vector<uint8_t>>();
      std::vector<uint8_t>& b = *lent;
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
    case Op::kCmpCol:
      CompareColumns(e, cols, out);
      return;
    default: {
      auto scratch = Lend<Col>();
      const Col& c = Eval(e, cols, *scratch);
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
  auto scratch = Lend<Col>();
  const Col& c = Eval(e.kids[0], cols, *scratch);
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
      t[i] = Satisfies(e.cmp, r < 0 ? -1 : (r > 0)) ? kT : kF;
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
    t[i] = Satisfies(e.cmp, v < lit ? -1 : (v > lit)) ? kT : kF;
  }
}

// A sum or difference of decimals: exact at the larger scale, as
// Decimal::Add gives it (its scale is not observable: Add drops trailing
// zeros, and every reader compares or writes the number). A null operand
// has no overload and an error propagates: both are errors.
void VRun::AddDec(const VExpr& e, Cols& cols, Col& out) {
  auto sa = Lend<Col>(), sb = Lend<Col>();
  const Col& a = Eval(e.kids[0], cols, *sa);
  const Col& b = Eval(e.kids[1], cols, *sb);
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
// A policy function over columns: its arguments in its parameters' slots
// of a frame of its own (each kDict value one the parameter takes as it
// is), its decision run there; a row the function fails for holds an error,
// as the interpreter's call gives one.
void VRun::RunCall(const VExpr& e, Cols& cols, Col& out) {
  const FunctionDecision& fd = *e.function;
  const VFunction& vf = *plan_.functions[e.memo];
  // Only the slots the plan found set are read (arrow_vector_plan.cc).
  auto lent_inner = Lend<Cols>();
  Cols& inner = *lent_inner;
  if (inner.size() < static_cast<size_t>(fd.frame_size)) {
    inner.resize(static_cast<size_t>(fd.frame_size));
  }
  for (size_t i = 0; i < e.kids.size(); ++i) {
    auto scratch = Lend<Col>();
    const int param = fd.params[i].second;
    SetSlot(inner, param, Eval(e.kids[i], cols, *scratch), *scratch);
    const Col& arg = inner[param];
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
  auto lent_fails = Lend<std::vector<uint8_t>>();
  std::vector<uint8_t>& fails = *lent_fails;
  fails.assign(n, 0);
  if (vf.decision.memo >= 0) {
    DecideChain(std::span<const VDecision>(&vf.decision, 1), vf.chain, inner,
                fails);
  } else {
    Decide(vf.decision, inner, fails);
  }
  std::swap(out, inner[fd.return_slots[0]]);
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

}  // namespace verdict
