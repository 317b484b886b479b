// VectorPlan's route for records already validated into frames (JSON
// Lines): each read field's value gathered into its column as the record
// arrives, the chunk decided by DecideChunk() as an Arrow chunk is, the
// outputs read back as Values row by row. Validation stays the per-row
// path's (ValidateRecord), so fields hold exactly what it accepted.
#include <cstring>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "src/api/arrow_vector.h"
#include "src/api/arrow_vector_run.h"

namespace verdict {

namespace {

using Impl = VectorPlan::Impl;

// A money value at the record column's scale below this (10^14 units):
// what a decimal128 cell must stay below on the Arrow route too.
const __int128 kRecordLimit = Pow10(18);

// One field's rows: codes (kDict), mantissas (kDec), texts as places in
// the chunk's text (kStr); a state per row for kDec and kStr (0 a value,
// 1 null).
struct RecordColumn {
  std::vector<uint32_t> codes;
  std::vector<__int128> m;
  std::vector<uint8_t> state;
  std::vector<uint32_t> begin, size;
  void Resize(size_t n) {
    if (codes.size() > n) codes.resize(n);
    if (m.size() > n) m.resize(n);
    if (state.size() > n) state.resize(n);
    if (begin.size() > n) begin.resize(n), size.resize(n);
  }
};

}  // namespace

struct VectorPlan::RecordColumns::Store {
  const Impl* plan = nullptr;
  int64_t n = 0;
  std::vector<RecordColumn> cols;  // per field
  std::string text;                // the chunk's texts, end to end
};

struct VectorPlan::RecordOutputs::Store {
  const Impl* plan = nullptr;
  std::unique_ptr<VRun> run;  // owns the dictionaries the codes index
  // Per field of an open dictionary (VField::open): its values' codes in
  // the run's dictionary, kept as long as the run.
  std::vector<absl::flat_hash_map<int64_t, uint32_t>> open;
  Cols cols;
  std::vector<VAcc> acc;
  std::vector<Value> scratch;   // per output: a kDec or kStr row's value
  std::vector<int64_t> row_of;  // per record: its decided row, -1 failed
  std::vector<uint8_t> fails;   // per record: the columns failed it
  uint64_t generation = 0;      // of `run`
};

namespace {

// Appends `v` (validated for field type `type`) to `c`; false for a value
// the column does not hold.
bool AddValue(const VField& f, const FieldType& type, const Value& v,
              std::string& text, RecordColumn& c) {
  switch (f.kind) {
    case VKind::kDec: {
      __int128 m = 0;
      if (v.kind() == Kind::kDecimal) {
        const Decimal& d = v.as_decimal();
        // Trailing fractional zeros (8.20, given so by a C++ caller) are
        // the per-row path's: a value copied to an output keeps them
        // there, and the columns hold the number only.
        if (d.scale() > f.scale || d.mantissa() >= kRecordLimit ||
            d.mantissa() <= -kRecordLimit ||
            (d.scale() > 0 && d.mantissa() % 10 == 0)) {
          return false;
        }
        m = d.mantissa() * Pow10(f.scale - d.scale());
      } else if (v.kind() == Kind::kInt) {
        m = static_cast<__int128>(v.as_int()) * Pow10(f.scale);
      } else if (!v.is_null()) {
        return false;
      }
      if (m >= kRecordLimit || m <= -kRecordLimit) return false;
      c.m.push_back(m);
      c.state.push_back(v.is_null() ? 1 : 0);
      return true;
    }
    case VKind::kDict: {
      if (f.open) {  // the value itself, coded when the chunk is decided
        const bool date = v.kind() == Kind::kDate;
        if (!v.is_null() && !date && v.kind() != Kind::kInt) return false;
        c.m.push_back(v.is_null() ? 0 : date ? v.as_date().days : v.as_int());
        c.state.push_back(v.is_null() ? 1 : date ? 2 : 0);
        return true;
      }
      uint32_t code = static_cast<uint32_t>(f.dict.size() - 1);  // null
      if (v.kind() == Kind::kBool) {
        code = v.as_bool() ? 1 : 0;
      } else if (v.kind() == Kind::kString) {
        const int k = type.EnumIndex(v.as_string());
        if (k < 0) return false;
        code = static_cast<uint32_t>(k);
      } else if (!v.is_null()) {
        return false;
      }
      c.codes.push_back(code);
      return true;
    }
    case VKind::kStr: {
      if (v.is_null()) {
        c.begin.push_back(0);
        c.size.push_back(0);
        c.state.push_back(1);
        return true;
      }
      if (v.kind() != Kind::kString) return false;
      const std::string& s = v.as_string();
      // Places in the chunk's text are 32-bit: a chunk of texts beyond
      // 4 GiB leaves the rest to the per-row path.
      if (text.size() + s.size() > UINT32_MAX) return false;
      c.begin.push_back(static_cast<uint32_t>(text.size()));
      c.size.push_back(static_cast<uint32_t>(s.size()));
      c.state.push_back(0);
      text += s;
      return true;
    }
  }
  return false;
}

// An open dictionary's codes for the values of `r` (ints, or days where
// the state is 2), each new value added to `dict`; false when it grows
// beyond kMaxDictEntries.
bool OpenCodes(const RecordColumn& r, int64_t n, VDict& dict,
               absl::flat_hash_map<int64_t, uint32_t>& codes, Col& c) {
  c.codes.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    if (r.state[i] == 1) {
      c.codes[i] = 0;  // null
      continue;
    }
    // A field holds ints or days, never both: the number is the key.
    const int64_t x = static_cast<int64_t>(r.m[i]);
    auto [it, added] = codes.try_emplace(x, 0);
    if (added) {
      Value v = r.state[i] == 2 ? Value::DateOf(Date{static_cast<int32_t>(x)})
                                : Value::Int(x);
      it->second = dict.Add(std::move(v));
    }
    c.codes[i] = it->second;
  }
  return dict.values.size() <= kMaxDictEntries;
}

// Field k's rows as the chunk column `c`; false when they do not fit.
bool LoadColumn(const VField& f, const RecordColumn& r, const std::string& text,
                int64_t n, VRun& run,
                absl::flat_hash_map<int64_t, uint32_t>& open, Col& c) {
  c.kind = f.kind;
  switch (f.kind) {
    case VKind::kDict:
      c.dict = run.DictFor(&f);
      if (c.dict->values.empty()) c.dict->values = f.dict;
      if (f.open) return OpenCodes(r, n, *c.dict, open, c);
      c.codes.assign(r.codes.begin(), r.codes.begin() + n);
      return true;
    case VKind::kDec:
      c.scale = f.scale;
      c.m.assign(r.m.begin(), r.m.begin() + n);
      c.state.assign(r.state.begin(), r.state.begin() + n);
      return true;
    case VKind::kStr:
      c.text.resize(n);
      for (int64_t i = 0; i < n; ++i)
        c.text[i] = std::string_view(text).substr(r.begin[i], r.size[i]);
      c.state.assign(r.state.begin(), r.state.begin() + n);
      return true;
  }
  return false;
}

// `c` without the rows flagged in `drop`.
void DropRows(const std::vector<uint8_t>& drop, Col& c) {
  auto keep = [&](auto& v) {
    if (v.size() != drop.size()) return;
    size_t to = 0;
    for (size_t i = 0; i < drop.size(); ++i) {
      if (!drop[i]) v[to++] = v[i];
    }
    v.resize(to);
  };
  keep(c.codes);
  keep(c.m);
  keep(c.state);
  keep(c.text);
}

}  // namespace

VectorPlan::RecordColumns::RecordColumns(const VectorPlan& plan)
    : s_(std::make_unique<Store>()) {
  s_->plan = plan.impl_.get();
  s_->cols.resize(s_->plan->fields.size());
}

VectorPlan::RecordColumns::~RecordColumns() = default;

bool VectorPlan::RecordColumns::Add(const Frame& f) {
  Store& s = *s_;
  const Impl& plan = *s.plan;
  const size_t text_mark = s.text.size();
  for (size_t k = 0; k < plan.fields.size(); ++k) {
    const VField& vf = plan.fields[k];
    if (vf.load != VField::Load::kRecord) continue;
    if (!AddValue(vf, plan.p->fields[k].type, f.slot(static_cast<int>(k)),
                  s.text, s.cols[k])) {
      // Nothing of this record kept: the columns back to n rows.
      for (RecordColumn& c : s.cols) c.Resize(static_cast<size_t>(s.n));
      s.text.resize(text_mark);
      return false;
    }
  }
  ++s.n;
  return true;
}

int64_t VectorPlan::RecordColumns::size() const { return s_->n; }

void VectorPlan::RecordColumns::Clear() {
  s_->n = 0;
  s_->text.clear();
  for (RecordColumn& c : s_->cols) c.Resize(0);
}

VectorPlan::RecordOutputs::RecordOutputs() : s_(std::make_unique<Store>()) {}
VectorPlan::RecordOutputs::~RecordOutputs() = default;

bool VectorPlan::DecideRecords(const RecordColumns& in,
                               RecordOutputs* out) const {
  const Impl& plan = *impl_;
  const RecordColumns::Store& s = *in.s_;
  if (s.plan != &plan || s.n == 0) return false;
  RecordOutputs::Store& o = *out->s_;
  // The run (its dictionaries and memos) kept from the chunk before: a
  // combination seen there is not computed again. A fresh one after a
  // refusal, whose cause (a dictionary grown too large, a day outside the
  // calendar) the run would keep.
  if (o.plan != &plan || !o.run || o.run->failed) {
    o.run = std::make_unique<VRun>(plan);
    o.open.assign(plan.fields.size(), {});
    o.acc.clear();  // InitAcc() then makes them for this plan
    ++o.generation;
  }
  o.plan = &plan;
  VRun& run = *o.run;
  run.n = s.n;
  // Each slot empty, its buffers' capacity kept from chunk to chunk.
  o.cols.resize(static_cast<size_t>(plan.p->frame_size));
  for (Col& c : o.cols) c.Clear();
  for (size_t k = 0; k < plan.fields.size(); ++k) {
    const VField& f = plan.fields[k];
    if (f.load != VField::Load::kRecord) continue;
    if (!LoadColumn(f, s.cols[k], s.text, s.n, run, o.open[k], o.cols[k])) {
      run.failed = true;
      return false;
    }
  }
  InitAcc(plan, s.n, true, &o.acc);
  o.scratch.resize(plan.outputs.size());
  o.row_of.resize(s.n);
  for (int64_t i = 0; i < s.n; ++i) o.row_of[i] = i;
  std::vector<uint8_t>& fails = o.fails;
  fails.clear();
  if (DecideChunk(plan, 0, run, o.cols, o.acc, &fails)) return true;
  if (!run.failed && !fails.empty()) {
    // Once more without the rows that fail (Failed(), for the per-row
    // path): the run's memos hold what the first pass computed.
    int64_t kept = 0;
    for (int64_t i = 0; i < s.n; ++i) o.row_of[i] = fails[i] ? -1 : kept++;
    if (kept == 0) return true;  // every record to the per-row path
    {
      for (size_t k = 0; k < o.cols.size(); ++k) {
        if (k < plan.fields.size() &&
            plan.fields[k].load == VField::Load::kRecord) {
          DropRows(fails, o.cols[k]);
        } else {
          o.cols[k].Clear();
        }
      }
      run.n = kept;
      InitAcc(plan, kept, true, &o.acc);
      if (DecideChunk(plan, 0, run, o.cols, o.acc)) return true;
    }
  }
  run.failed = true;
  return false;
}

bool VectorPlan::RecordOutputs::Failed(int64_t i) const {
  return s_->row_of[i] < 0;
}

uint64_t VectorPlan::RecordOutputs::generation() const {
  return s_->generation;
}

void VectorPlan::RecordOutputs::Row(int64_t i, std::span<const Value*> values,
                                    std::span<int64_t> codes) {
  static const Value kNull;
  Store& s = *s_;
  i = s.row_of[i];
  for (size_t k = 0; k < values.size(); ++k) {
    const VOutput& o = s.plan->outputs[k];
    const VAcc& a = s.acc[k];
    codes[k] = -1;
    if (o.kind == VKind::kDict) {
      uint32_t code;
      std::memcpy(&code, a.codes.data() + 4 * i, 4);
      values[k] = &a.dict->values[code];
      codes[k] = code;
      continue;
    }
    if (!a.valid[i]) {
      values[k] = &kNull;
      continue;
    }
    Value& v = s.scratch[k];
    if (o.kind == VKind::kDec) {
      __int128 m;
      std::memcpy(&m, a.m.data() + 16 * i, 16);
      // Without trailing fractional zeros, as Decimal's arithmetic and
      // parsing leave a value.
      int scale = o.out_scale;
      while (scale > 0 && m % 10 == 0) m /= 10, --scale;
      v = Value::Dec(Decimal(m, scale));
    } else {
      const int32_t from = a.offsets[i];
      v.AssignString(
          std::string_view(reinterpret_cast<const char*>(a.chars.data()) + from,
                           static_cast<size_t>(a.offsets[i + 1] - from)));
    }
    values[k] = &v;
  }
}

}  // namespace verdict
