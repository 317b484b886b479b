// Dictionary-encoded text columns for the vector path (VField::Load::
// kDictionary): an enum field's indices mapped once per batch to member
// codes, a string field's entries as the kDict its rows index. What a
// dictionary holds is judged per entry, once; a row whose entry the
// per-row path would refuse (not a member, an index out of range, a
// required field null) sends the batch there.
#include <cstdint>

#include "src/api/arrow_vector_run.h"

namespace verdict {

namespace {

template <typename I>
bool Indices(const ArrowArray& a, int64_t base, int64_t n, int64_t entries,
             std::vector<int64_t>* out) {
  const I* x = static_cast<const I*>(a.buffers[1]) + base;
  out->resize(n);
  bool ok = true;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = static_cast<int64_t>(x[i]);
    ok &= k >= 0 && k < entries;
    (*out)[i] = k;
  }
  return ok;
}

// Each row's index into the dictionary of `a` (-1 for a null row).
bool RowIndices(const VField& f, const ArrowArray& a, int64_t base, int64_t n,
                std::vector<int64_t>* out) {
  const int64_t entries = a.dictionary->length;
  bool ok = false;
  switch (f.format[0]) {
    case 'c':
      ok = Indices<int8_t>(a, base, n, entries, out);
      break;
    case 'C':
      ok = Indices<uint8_t>(a, base, n, entries, out);
      break;
    case 's':
      ok = Indices<int16_t>(a, base, n, entries, out);
      break;
    case 'S':
      ok = Indices<uint16_t>(a, base, n, entries, out);
      break;
    case 'i':
      ok = Indices<int32_t>(a, base, n, entries, out);
      break;
    case 'I':
      ok = Indices<uint32_t>(a, base, n, entries, out);
      break;
    case 'l':
      ok = Indices<int64_t>(a, base, n, entries, out);
      break;
    case 'L':
      ok = Indices<uint64_t>(a, base, n, entries, out);
      break;
  }
  const auto* valid = static_cast<const uint8_t*>(a.buffers[0]);
  for (int64_t i = 0; i < n; ++i) {
    const bool null = a.null_count != 0 && valid &&
                      !((valid[(base + i) >> 3] >> ((base + i) & 7)) & 1);
    if (null) {
      (*out)[i] = -1;
    } else if (!ok && ((*out)[i] < 0 || (*out)[i] >= entries)) {
      return false;  // only a valid row's index must be in range
    }
  }
  return true;
}

// Entry k of the dictionary of `a` as text, or false for a null entry.
bool Entry(const VField& f, const ArrowArray& d, int64_t k,
           std::string_view* text) {
  const int64_t at = d.offset + k;
  const auto* valid = static_cast<const uint8_t*>(d.buffers[0]);
  if (d.null_count != 0 && valid && !((valid[at >> 3] >> (at & 7)) & 1))
    return false;
  const char* chars = static_cast<const char*>(d.buffers[2]);
  if (f.values_format == "u") {
    const int32_t* o = static_cast<const int32_t*>(d.buffers[1]) + at;
    *text = std::string_view(chars + o[0], static_cast<size_t>(o[1] - o[0]));
  } else {
    const int64_t* o = static_cast<const int64_t*>(d.buffers[1]) + at;
    *text = std::string_view(chars + o[0], static_cast<size_t>(o[1] - o[0]));
  }
  return true;
}

}  // namespace

bool LoadDictionary(const VField& f, const FieldType& type, const ArrowArray& a,
                    int64_t base, int64_t n, VRun& run, Col& c) {
  c.kind = VKind::kDict;
  c.dict = run.DictFor(&f);
  const ArrowArray& d = *a.dictionary;
  // Per entry, once a batch: its code in c.dict (-1: refused if a row
  // uses it), then the null row's code last.
  std::vector<int64_t>& code = run.entry_codes[&f];
  if (code.empty()) {
    const bool is_enum = type.base == FieldType::Base::kEnum;
    if (is_enum) c.dict->values = f.dict;  // members, then null's fill
    for (int64_t k = 0; k < d.length; ++k) {
      std::string_view text;
      if (!Entry(f, d, k, &text)) {
        code.push_back(-2);  // a null entry: as a null row
      } else if (is_enum) {
        const int m = type.EnumIndex(text);
        code.push_back(m >= 0 && f.ok[m] ? m : -1);
      } else {
        code.push_back(c.dict->Add(Value::StringOf(text)));
      }
    }
    code.push_back(is_enum ? static_cast<int64_t>(f.dict.size() - 1)
                           : c.dict->Add(f.fill));
  }
  const int64_t null_code = code.back();
  std::vector<int64_t> index;
  if (!RowIndices(f, a, base, n, &index)) return false;
  c.codes.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t k = index[i] < 0 ? -2 : code[index[i]];
    if (k == -2) {
      if (f.fill.is_null() && f.required) return false;
      k = null_code;
    }
    if (k < 0) return false;
    c.codes[i] = static_cast<uint32_t>(k);
  }
  return true;
}

}  // namespace verdict
