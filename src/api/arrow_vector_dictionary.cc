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

// Each row's code: code[index] of its entry (-2 a null entry or row,
// then `null_code`; -1 an entry refused), false when a row needs the
// per-row path. One pass, per index width.
template <typename I>
bool Codes(const VField& f, const ArrowArray& a, int64_t base, int64_t n,
           const std::vector<int64_t>& code, int64_t null_code, Col& c) {
  const I* x = static_cast<const I*>(a.buffers[1]) + base;
  const auto* valid = static_cast<const uint8_t*>(a.buffers[0]);
  const bool nulls = a.null_count != 0 && valid;
  const uint64_t entries = code.size() - 1;  // the last is the null row's
  for (int64_t i = 0; i < n; ++i) {
    int64_t k = -2;
    const int64_t at = base + i;
    if (!nulls || (valid[at >> 3] >> (at & 7)) & 1) {
      const uint64_t e = static_cast<uint64_t>(x[i]);
      if (e >= entries) return false;  // out of range (or negative)
      k = code[e];
    }
    if (k == -2) {
      if (f.fill.is_null() && f.required) return false;
      k = null_code;
    }
    if (k < 0) return false;
    c.codes[i] = static_cast<uint32_t>(k);
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
  c.codes.resize(n);
  switch (f.format[0]) {
    case 'c':
      return Codes<int8_t>(f, a, base, n, code, null_code, c);
    case 'C':
      return Codes<uint8_t>(f, a, base, n, code, null_code, c);
    case 's':
      return Codes<int16_t>(f, a, base, n, code, null_code, c);
    case 'S':
      return Codes<uint16_t>(f, a, base, n, code, null_code, c);
    case 'i':
      return Codes<int32_t>(f, a, base, n, code, null_code, c);
    case 'I':
      return Codes<uint32_t>(f, a, base, n, code, null_code, c);
    case 'l':
      return Codes<int64_t>(f, a, base, n, code, null_code, c);
    case 'L':
      return Codes<uint64_t>(f, a, base, n, code, null_code, c);
  }
  return false;
}

}  // namespace verdict
