// VectorPlan::Decide(): a batch in chunks of rows; per chunk the fields
// loaded into columns, then the lets and the decisions; the outputs kept
// for the whole batch and written as Arrow columns at the end.
#include "src/api/arrow_vector.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>

#include "src/api/arrow_columnar_plan.h"
#include "src/api/arrow_vector_run.h"
#include "src/io/arrow_export.h"
#include "src/io/arrow_read.h"
#include "src/io/arrow_take.h"
#include "src/io/arrow_write.h"

namespace verdict {

namespace {

using Impl = VectorPlan::Impl;
using Bytes = std::vector<uint8_t>;

constexpr int64_t kChunk = 2048;

// Cells the per-row path accepts as they are: below 10^18 in magnitude.
const __int128 kCellLimit = Pow10(18);

bool Bit(const void* bits, int64_t i) {
  return (static_cast<const uint8_t*>(bits)[i >> 3] >> (i & 7)) & 1;
}

// A field's column of one batch: the cells of rows [start, start + n).
struct Cells {
  const ArrowArray* a = nullptr;
  int64_t base = 0;  // physical index of the chunk's row 0
  bool Null(int64_t i) const {
    return a->null_count != 0 && a->buffers[0] && !Bit(a->buffers[0], base + i);
  }
  template <typename T>
  const T* Buf(int k) const {
    return static_cast<const T*>(a->buffers[k]);
  }
  template <typename Offset>
  std::string_view Text(int64_t i) const {
    const Offset* off = Buf<Offset>(1) + base + i;
    return std::string_view(Buf<char>(2) + off[0],
                            static_cast<size_t>(off[1] - off[0]));
  }
};

// Whether field check `c` (comparisons with decimal literals, all must
// hold) holds for every row of `col` that has a value: each literal and
// the cells brought to the larger scale of the two once, not per row.
bool ChecksHold(const FastCondition& c, const Col& col, int64_t n) {
  for (int k = 0; k < c.atom_count(); ++k) {
    const Decimal& d = c.atom_constant(k).as_decimal();
    const int common = std::max(col.scale, d.scale());
    const __int128 up = Pow10(common - col.scale);
    const __int128 l = d.mantissa() * Pow10(common - d.scale());
    const CompareOp op = c.atom_op(k);
    bool ok = true;
    for (int64_t i = 0; i < n; ++i) {
      const __int128 v = col.m[i] * up;
      ok &= col.state[i] != 0 || Satisfies(op, v < l ? -1 : (v > l));
    }
    if (!ok) return false;
  }
  return true;
}

bool LoadDec(const VField& f, const Cells& cells, int64_t n, Col& c) {
  c.kind = VKind::kDec;
  c.scale = f.scale;
  c.m.resize(n);
  c.state.assign(n, 0);
  if (f.load == VField::Load::kAbsent) {
    if (f.fill_null && f.required) return false;
    std::fill(c.m.begin(), c.m.end(), f.fill_mantissa);
    std::fill(c.state.begin(), c.state.end(), f.fill_null ? 1 : 0);
    return true;
  }
  if (f.load == VField::Load::kInt64) {
    const int64_t* x = cells.Buf<int64_t>(1) + cells.base;
    for (int64_t i = 0; i < n; ++i) c.m[i] = x[i];
  } else {
    std::memcpy(c.m.data(), cells.Buf<uint8_t>(1) + 16 * cells.base,
                static_cast<size_t>(n) * 16);
  }
  // Null cells (whose bytes are anything) marked, and zero until filled.
  const bool nulls = cells.a->null_count != 0 && cells.a->buffers[0];
  if (nulls) {
    for (int64_t i = 0; i < n; ++i) {
      if (!cells.Null(i)) continue;
      c.state[i] = 1;
      c.m[i] = 0;
    }
  }
  bool bad = false;
  for (int64_t i = 0; i < n; ++i)
    bad |= c.m[i] >= kCellLimit || c.m[i] <= -kCellLimit;
  if (bad) return false;
  const __int128 up = Pow10(f.scale - f.column_scale);
  if (up != 1) {
    for (int64_t i = 0; i < n; ++i) c.m[i] *= up;
  }
  // The check holds for the cells; a null's default is not checked.
  if (f.check && !ChecksHold(*f.check, c, n)) return false;
  if (nulls) {
    for (int64_t i = 0; i < n; ++i) {
      if (c.state[i] == 0) continue;
      if (f.fill_null && f.required) return false;
      if (f.fill_null) continue;
      c.m[i] = f.fill_mantissa;
      c.state[i] = 0;
    }
  }
  return true;
}

template <typename Offset>
bool LoadEnum(const VField& f, const FieldType& type, const Cells& cells,
              int64_t n, Col& c) {
  const uint32_t null_code = static_cast<uint32_t>(f.dict.size() - 1);
  for (int64_t i = 0; i < n; ++i) {
    if (cells.Null(i)) {
      if (f.fill.is_null() && f.required) return false;
      c.codes[i] = null_code;
      continue;
    }
    // Not a member, or one the field's check rules out: per row.
    const int k = type.EnumIndex(cells.Text<Offset>(i));
    if (k < 0 || !f.ok[k]) return false;
    c.codes[i] = static_cast<uint32_t>(k);
  }
  return true;
}

bool LoadDict(const VField& f, const FieldType& type, const Cells& cells,
              int64_t n, VRun& run, Col& c) {
  c.kind = VKind::kDict;
  c.dict = run.DictFor(&f);
  if (c.dict->values.empty()) c.dict->values = f.dict;
  c.codes.resize(n);
  const uint32_t null_code = static_cast<uint32_t>(f.dict.size() - 1);
  switch (f.load) {
    case VField::Load::kEnumUtf8:
      return LoadEnum<int32_t>(f, type, cells, n, c);
    case VField::Load::kEnumLargeUtf8:
      return LoadEnum<int64_t>(f, type, cells, n, c);
    case VField::Load::kBool:
      for (int64_t i = 0; i < n; ++i) {
        if (cells.Null(i)) {
          if (f.fill.is_null() && f.required) return false;
          c.codes[i] = null_code;
          continue;
        }
        c.codes[i] = Bit(cells.a->buffers[1], cells.base + i);
        if (!f.ok[c.codes[i]]) return false;
      }
      return true;
    default:  // absent
      std::fill(c.codes.begin(), c.codes.end(), null_code);
      return true;
  }
}

template <typename Offset>
void LoadTexts(const VField& f, const Cells& cells, int64_t n, Col& c) {
  for (int64_t i = 0; i < n; ++i) {
    if (cells.Null(i)) {
      c.state[i] = f.fill_null ? 1 : 0;
      if (!f.fill_null) c.text[i] = f.fill.as_string();
      continue;
    }
    c.state[i] = 0;
    c.text[i] = cells.Text<Offset>(i);
  }
}

bool LoadStr(const VField& f, const Cells& cells, int64_t n, Col& c) {
  c.kind = VKind::kStr;
  c.text.assign(n, std::string_view());
  c.state.assign(n, 0);
  if (f.load == VField::Load::kAbsent) {
    if (f.fill.is_null()) {
      std::fill(c.state.begin(), c.state.end(), 1);
    } else {
      std::fill(c.text.begin(), c.text.end(), f.fill.as_string());
    }
    return true;
  }
  if (f.required && cells.a->null_count != 0) {
    for (int64_t i = 0; i < n; ++i) {
      if (cells.Null(i)) return false;
    }
  }
  if (f.load == VField::Load::kUtf8) {
    LoadTexts<int32_t>(f, cells, n, c);
  } else {
    LoadTexts<int64_t>(f, cells, n, c);
  }
  return true;
}

// Whether an output's value `v` is written as it is: not an error, null
// only where allowed, held to money's places, of the output's type as it
// is (a value that would be converted is left to the per-row path).
bool EntryOk(const VOutput& o, const FieldType& type, const Value& v) {
  if (v.is_error()) return false;
  if (v.is_null()) return !o.required;
  if (o.checked && !type.AcceptsAsIs(v)) return false;
  return !o.money || type.MoneyPlacesError(v).empty();
}

// Output `k`'s rows [start, start + n) from column `c`; false when one
// must take the per-row path.
bool Keep(const Impl& plan, size_t k, const Col& c, int64_t start, int64_t n,
          VAcc& acc) {
  const VOutput& o = plan.outputs[k];
  if (c.kind == VKind::kDict) {
    if (acc.dict && acc.dict != c.dict) return false;
    acc.dict = c.dict;
    const FieldType& type = plan.p->output_types[k];
    // Each entry judged once; the rows looked at only when one is bad.
    bool all = true;
    for (size_t e = 0; e < c.dict->values.size(); ++e) {
      if (e == acc.entry_ok.size())
        acc.entry_ok.push_back(EntryOk(o, type, c.dict->values[e]));
      all &= acc.entry_ok[e] != 0;
    }
    bool ok = true;
    for (int64_t i = 0; !all && i < n; ++i) ok &= acc.entry_ok[c.codes[i]] != 0;
    std::memcpy(acc.codes.data() + 4 * start, c.codes.data(), 4 * n);
    return ok;
  }
  const __int128 up = Pow10(o.out_scale - c.scale);
  bool ok = true;
  for (int64_t i = 0; i < n; ++i) {
    ok &= c.state[i] != 2 && (c.state[i] != 1 || !o.required);
    acc.valid[start + i] = c.state[i] == 0;
    acc.nulls += c.state[i] != 0;
  }
  if (!ok) return false;
  if (c.kind == VKind::kDec) {
    auto* m = reinterpret_cast<__int128*>(acc.m.data()) + start;
    for (int64_t i = 0; i < n; ++i) m[i] = c.state[i] == 0 ? c.m[i] * up : 0;
    return true;
  }
  for (int64_t i = 0; i < n; ++i) {
    if (c.state[i] == 0)
      acc.chars.insert(acc.chars.end(), c.text[i].begin(), c.text[i].end());
    if (acc.chars.size() > static_cast<size_t>(kMaxArrowOffset)) return false;
    acc.offsets.push_back(static_cast<int32_t>(acc.chars.size()));
  }
  return true;
}

Bytes Bitmap(const Bytes& valid) {
  Bytes bits((valid.size() + 7) / 8, 0);
  for (size_t i = 0; i < valid.size(); ++i)
    bits[i >> 3] |= static_cast<uint8_t>(valid[i] << (i & 7));
  return bits;
}

// Output `k`'s Arrow column from what Keep() gathered.
bool Write(const Impl& plan, size_t k, VAcc& acc, int64_t n, ArrowArray* out) {
  const VOutput& o = plan.outputs[k];
  if (o.kind == VKind::kDict) {
    // Each distinct value once, through the output's own builder; the rows
    // gathered from it.
    auto builder = ArrowBuilder::For(plan.p->output_types[k], plan.pack->zone,
                                     plan.p->outputs[k].first);
    for (const Value& v : acc.dict->values) {
      if (!builder->Append(v.is_error() ? Value() : v)) return false;
    }
    ArrowArray values;
    ArrowSchema schema;
    builder->Finish(&values);
    builder->Schema("cells", &schema);
    const bool ok =
        Take(schema, values,
             std::span<const uint32_t>(
                 reinterpret_cast<const uint32_t*>(acc.codes.data()), n),
             out);
    values.release(&values);
    schema.release(&schema);
    RecycleBuffer(std::move(acc.codes));
    return ok;
  }
  std::vector<Bytes> buffers;
  buffers.push_back(acc.nulls ? Bitmap(acc.valid) : Bytes());
  if (o.kind == VKind::kDec) {
    buffers.push_back(std::move(acc.m));
  } else {
    Bytes offsets = ExportBuffer(acc.offsets.size() * 4);
    std::memcpy(offsets.data(), acc.offsets.data(), offsets.size());
    buffers.push_back(std::move(offsets));
    buffers.push_back(std::move(acc.chars));
  }
  ExportBuffers(n, acc.nulls, std::move(buffers), {}, out);
  return true;
}

// The fields of rows [start, start + run.n) of `batch` into `cols`. False
// when a row needs the per-row path.
bool LoadChunk(const Impl& plan, const ArrowArray& batch, int64_t start,
               VRun& run, Cols& cols) {
  const int64_t n = run.n;
  for (size_t k = 0; k < plan.fields.size(); ++k) {
    const VField& f = plan.fields[k];
    Cells cells;
    if (f.column >= 0) {
      cells.a = batch.children[f.column];
      cells.base = cells.a->offset + batch.offset + start;
    }
    bool ok = true;
    switch (f.load) {
      case VField::Load::kSkipped:
        continue;
      case VField::Load::kDictionary:
        ok = LoadDictionary(f, plan.p->fields[k].type, *cells.a, cells.base, n,
                            run, cols[k]);
        break;
      case VField::Load::kAbsent:
        if (f.column < 0 && !plan.p->field_read[k] && f.kind == VKind::kDict &&
            f.dict.empty()) {
          continue;  // unread and absent: nothing to hold
        }
        [[fallthrough]];
      default:
        ok = f.kind == VKind::kDec ? LoadDec(f, cells, n, cols[k])
             : f.kind == VKind::kStr
                 ? LoadStr(f, cells, n, cols[k])
                 : LoadDict(f, plan.p->fields[k].type, cells, n, run, cols[k]);
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool DecideChunk(const Impl& plan, int64_t start, VRun& run, Cols& cols,
                 std::vector<VAcc>& acc, std::vector<uint8_t>* row_fails) {
  const int64_t n = run.n;
  for (const auto& [slot, v] : plan.constants) {
    Col& c = cols[slot];
    c.kind = VKind::kDict;
    c.dict = run.DictFor(&v);
    if (c.dict->values.empty()) c.dict->Add(v);
    c.codes.assign(n, 0);
  }
  for (const auto& [slot, e] : plan.lets) {
    auto scratch = run.Lend<Col>();
    SetSlot(cols, slot, run.Eval(e, cols, *scratch), *scratch);
  }
  auto lent_fails = run.Lend<std::vector<uint8_t>>();
  std::vector<uint8_t>& fails = *lent_fails;
  fails.assign(n, 0);
  for (const VChain& step : plan.steps) {
    if (step.memo >= 0) {
      run.DecideChain(std::span<const VDecision>(
                          plan.decisions.data() + step.first, step.count),
                      step, cols, fails);
    } else {
      run.Decide(plan.decisions[step.first], cols, fails);
    }
  }
  if (run.failed) return false;
  for (const auto& [slot, type] : plan.money_locals) {
    const Col& c = cols[slot];
    if (c.kind != VKind::kDict) continue;  // kDec: at most 4 places
    // Each entry judged once.
    auto lent_bad = run.Lend<std::vector<int8_t>>();
    std::vector<int8_t>& bad = *lent_bad;
    bad.assign(c.dict->values.size(), -1);
    for (int64_t i = 0; i < n; ++i) {
      int8_t& b = bad[c.codes[i]];
      if (b < 0)
        b = !type->MoneyPlacesError(c.dict->values[c.codes[i]]).empty();
      fails[i] |= b;
    }
  }
  if (std::find(fails.begin(), fails.end(), 1) != fails.end()) {
    if (row_fails) row_fails->assign(fails.begin(), fails.end());
    return false;
  }
  for (size_t k = 0; k < plan.outputs.size(); ++k) {
    const VOutput& o = plan.outputs[k];
    if (o.unset) run.Null(&cols[o.slot]);
    if (!Keep(plan, k, cols[o.slot], start, n, acc[k])) return false;
  }
  return true;
}

void InitAcc(const Impl& plan, int64_t total, bool keep,
             std::vector<VAcc>* acc) {
  if (!keep || acc->size() != plan.outputs.size()) {
    acc->assign(plan.outputs.size(), VAcc());
    keep = false;
  }
  // A buffer to export comes from the pool; a kept one is resized in place.
  auto size = [keep](Bytes& b, size_t bytes) {
    if (keep) {
      b.resize(bytes);
    } else {
      b = ExportBuffer(bytes);
    }
  };
  const size_t rows = static_cast<size_t>(total);
  for (size_t k = 0; k < acc->size(); ++k) {
    VAcc& a = (*acc)[k];
    a.dict = nullptr;
    a.entry_ok.clear();
    a.nulls = 0;
    const VKind kind = plan.outputs[k].kind;
    if (kind == VKind::kDict) {
      size(a.codes, rows * 4);
      continue;
    }
    size(a.valid, rows);
    if (kind == VKind::kDec) {
      size(a.m, rows * 16);
    } else {
      a.chars.clear();
      a.offsets.assign(1, 0);
      a.offsets.reserve(rows + 1);
    }
  }
}

bool VectorPlan::Decide(const ArrowArray& batch,
                        std::vector<ArrowArray>* columns) const {
  const Impl& plan = *impl_;
  const int64_t total = batch.length;
  if (total == 0) return false;
  // Text and unread columns: each cell as its reader would accept it.
  for (size_t k = 0; k < plan.fields.size(); ++k) {
    const VField& f = plan.fields[k];
    // Decimals and bools hold no text; an enum's cell that is not UTF-8
    // is no member either, and the loader refuses it.
    // A string field's dictionary entries are checked here too.
    const bool entries =
        f.load == VField::Load::kDictionary &&
        plan.p->fields[k].type.base == FieldType::Base::kString;
    if (f.column < 0 || (f.kind != VKind::kStr && !entries)) {
      if (f.load != VField::Load::kSkipped) continue;
    }
    const ArrowArray& col = *batch.children[f.column];
    if (f.load == VField::Load::kSkipped && plan.p->fields[k].required &&
        col.null_count != 0) {
      return false;
    }
    if (f.load == VField::Load::kDictionary) {
      // The entries' text, once (the indices are checked as they load).
      if (!ArrowCellsValid(*col.dictionary, f.values_format, 0,
                           col.dictionary->length)) {
        return false;
      }
      continue;
    }
    if (!ArrowCellsValid(col, f.format, batch.offset, total)) return false;
  }
  VRun run(plan);
  Cols cols(static_cast<size_t>(plan.p->frame_size));
  std::vector<VAcc> acc;
  InitAcc(plan, total, false, &acc);
  for (int64_t start = 0; start < total; start += kChunk) {
    run.n = std::min(kChunk, total - start);
    if (!LoadChunk(plan, batch, start, run, cols) ||
        !DecideChunk(plan, start, run, cols, acc)) {
      return false;
    }
  }
  std::vector<ArrowArray> out(plan.outputs.size() + 1);
  for (size_t k = 0; k < plan.outputs.size(); ++k) {
    if (!Write(plan, k, acc[k], total, &out[k])) {
      for (size_t j = 0; j < k; ++j) out[j].release(&out[j]);
      return false;
    }
  }
  WriteNoErrors(total, &out.back());
  *columns = std::move(out);
  return true;
}

}  // namespace verdict
