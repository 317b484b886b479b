// See arrow_take.h. Each type's gather in one pass over the indices; a
// list gathers its child by the indices of the items of the rows taken.
#include "src/io/arrow_take.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "src/io/arrow_export.h"
#include "src/io/arrow_write.h"

namespace verdict {

namespace {

using Bytes = std::vector<uint8_t>;

// Bytes per cell of a fixed-width format, 0 for any other.
int FixedWidth(std::string_view f) {
  if (f == "c" || f == "C") return 1;
  if (f == "s" || f == "S" || f == "e") return 2;
  if (f == "i" || f == "I" || f == "f" || f == "tdD" || f == "tts" ||
      f == "ttm") {
    return 4;
  }
  if (f == "l" || f == "L" || f == "g" || f == "tdm" || f == "ttu" ||
      f == "ttn" || f.starts_with("ts") || f.starts_with("tD")) {
    return 8;
  }
  if (f.starts_with("d:")) return f.ends_with(",256") ? 32 : 16;
  return 0;
}

bool Bit(const void* bits, int64_t i) {
  return (static_cast<const uint8_t*>(bits)[i >> 3] >> (i & 7)) & 1;
}

// The validity bitmap of the rows taken (empty when none is null) and the
// count of nulls.
Bytes Validity(const ArrowArray& from, std::span<const uint32_t> idx,
               int64_t* nulls) {
  *nulls = 0;
  if (from.null_count == 0 || from.n_buffers == 0 || !from.buffers[0])
    return {};
  Bytes out((idx.size() + 7) / 8, 0);
  for (size_t i = 0; i < idx.size(); ++i) {
    const bool valid = Bit(from.buffers[0], from.offset + idx[i]);
    out[i >> 3] |= static_cast<uint8_t>(valid) << (i & 7);
    *nulls += !valid;
  }
  if (*nulls == 0) return {};
  return out;
}

bool TakeInto(const ArrowSchema& schema, const ArrowArray& from,
              std::span<const uint32_t> idx, ArrowArray* out);

// Bytes of slack past a padded dictionary's characters and past the
// characters taken, for the fixed-size moves of CopyText() (up to 64),
// CopyRows() (up to 64) and FixedListRows() (up to 128).
constexpr size_t kSlack = 128;

// A row's characters from a padded dictionary (Padded()): up to 64 bytes
// as one fixed-size move of 16, 32 or 64 bytes (inlined moves, no memcpy
// call; rows are written in order, so what a move writes past the row is
// overwritten by the next), longer ones by memcpy.
inline void CopyText(const uint8_t* from, int32_t len, uint8_t* out) {
  if (len <= 16) {
    std::memcpy(out, from, 16);
  } else if (len <= 32) {
    std::memcpy(out, from, 32);
  } else if (len <= 64) {
    std::memcpy(out, from, 64);
  } else {
    std::memcpy(out, from, static_cast<size_t>(len));
  }
}

// The characters of a utf8 array (a dictionary's: small) with kSlack
// bytes of slack, for CopyText().
Bytes Padded(const uint8_t* chars, int64_t size) {
  Bytes out(static_cast<size_t>(size) + kSlack, 0);
  if (size > 0) std::memcpy(out.data(), chars, static_cast<size_t>(size));
  return out;
}

// Each row's characters (at o[i], from chars + from[i]) as one move of
// kMove bytes, without a branch on its length: for dictionaries whose
// texts are all at most kMove bytes.
template <size_t kMove, typename From>
requires(kMove <= kSlack) void CopyRows(const uint8_t* chars, From from,
                                        const int32_t* o, int64_t n,
                                        uint8_t* out) {
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(out + o[i], chars + from(i), kMove);
}

bool TakeUtf8(const ArrowArray& from, std::span<const uint32_t> idx,
              Bytes validity, int64_t nulls, ArrowArray* out) {
  const int64_t n = static_cast<int64_t>(idx.size());
  const auto* off = static_cast<const int32_t*>(from.buffers[1]) + from.offset;
  const Bytes chars =
      Padded(static_cast<const uint8_t*>(from.buffers[2]), off[from.length]);
  Bytes offsets = ExportBuffer(static_cast<size_t>(n + 1) * 4);
  auto* o = reinterpret_cast<int32_t*>(offsets.data());
  int64_t total = 0;
  o[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    total += off[idx[i] + 1] - off[idx[i]];
    if (total > kMaxArrowOffset) return false;
    o[i + 1] = static_cast<int32_t>(total);
  }
  Bytes data = ExportBuffer(static_cast<size_t>(total) + kSlack);
  int32_t longest = 0;
  for (int64_t e = 0; e < from.length; ++e)
    longest = std::max(longest, off[e + 1] - off[e]);
  auto at = [&](int64_t i) { return off[idx[i]]; };
  if (longest <= 16) {
    CopyRows<16>(chars.data(), at, o, n, data.data());
  } else if (longest <= 32) {
    CopyRows<32>(chars.data(), at, o, n, data.data());
  } else if (longest <= 64) {
    CopyRows<64>(chars.data(), at, o, n, data.data());
  } else {
    for (int64_t i = 0; i < n; ++i)
      CopyText(chars.data() + off[idx[i]], o[i + 1] - o[i], data.data() + o[i]);
  }
  data.resize(static_cast<size_t>(total));
  std::vector<Bytes> buffers;
  buffers.push_back(std::move(validity));
  buffers.push_back(std::move(offsets));
  buffers.push_back(std::move(data));
  ExportBuffers(n, nulls, std::move(buffers), {}, out);
  return true;
}

// The most items of a dictionary row that FixedListRows() moves.
constexpr int32_t kFixedItems = 8;

// The rows of a list of utf8 whose dictionary rows have at most
// kFixedItems items and kMove (at most kSlack) characters (reasons,
// approval chains): each row taken is one fixed-size move of its item
// offsets (from a table of each dictionary row's, shifted by where the row
// starts) and one of kMove bytes of its characters, without a branch on
// its size. Writes up to kFixedItems offsets and kMove bytes past the last
// row's (the caller's room).
template <size_t kMove>
requires(kMove <= kSlack) void FixedListRows(
    const int32_t* off, const int32_t* coff, const uint8_t* chars,
    std::span<const uint32_t> idx, const std::vector<int32_t>& row_items,
    const std::vector<int32_t>& row_chars, int32_t* io, uint8_t* data) {
  const size_t entries = row_items.size();
  std::vector<int32_t> rel(entries * kFixedItems, 0), block(entries);
  for (size_t e = 0; e < entries; ++e) {
    block[e] = coff[off[e]];
    for (int32_t j = 0; j < row_items[e]; ++j)
      rel[e * kFixedItems + j] = coff[off[e] + j + 1] - block[e];
  }
  int32_t at = 0;
  int64_t k = 0;
  for (const uint32_t e : idx) {
    const int32_t* r = rel.data() + size_t{e} * kFixedItems;
    int32_t* to = io + k + 1;
    for (int32_t j = 0; j < kFixedItems; ++j) to[j] = at + r[j];
    std::memcpy(data + at, chars + block[e], kMove);
    k += row_items[e];
    at += row_chars[e];
  }
}

// A list of utf8 without null items: each row's items are one block of the
// dictionary's characters, copied whole; only their offsets go item by
// item, from each dictionary row's offsets within its block.
bool TakeListOfUtf8(const ArrowArray& from, std::span<const uint32_t> idx,
                    Bytes validity, int64_t nulls, ArrowArray* out) {
  const int64_t n = static_cast<int64_t>(idx.size());
  const auto* off = static_cast<const int32_t*>(from.buffers[1]) + from.offset;
  const ArrowArray& child = *from.children[0];
  const auto* coff =
      static_cast<const int32_t*>(child.buffers[1]) + child.offset;
  const Bytes chars = Padded(static_cast<const uint8_t*>(child.buffers[2]),
                             coff[off[from.length]]);
  // Per dictionary row (few): its items and its characters, so that a
  // row taken costs one load of each.
  std::vector<int32_t> row_items(static_cast<size_t>(from.length));
  std::vector<int32_t> row_chars(static_cast<size_t>(from.length));
  int32_t most_items = 0, most_chars = 0;
  for (int64_t e = 0; e < from.length; ++e) {
    row_items[e] = off[e + 1] - off[e];
    row_chars[e] = coff[off[e + 1]] - coff[off[e]];
    most_items = std::max(most_items, row_items[e]);
    most_chars = std::max(most_chars, row_chars[e]);
  }
  Bytes offsets = ExportBuffer(static_cast<size_t>(n + 1) * 4);
  auto* o = reinterpret_cast<int32_t*>(offsets.data());
  // 64-bit sums of n 31-bit counts cannot overflow: checked once, after.
  int64_t items = 0, total = 0;
  o[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    items += row_items[idx[i]];
    total += row_chars[idx[i]];
    o[i + 1] = static_cast<int32_t>(items);
  }
  if (items > kMaxArrowOffset || total > kMaxArrowOffset) return false;
  // Room for a fixed-size move's slack past the last row's item offsets.
  Bytes item_offsets =
      ExportBuffer(static_cast<size_t>(items + 1 + kFixedItems) * 4);
  auto* io = reinterpret_cast<int32_t*>(item_offsets.data());
  Bytes data = ExportBuffer(static_cast<size_t>(total) + kSlack);
  io[0] = 0;
  if (most_items <= kFixedItems && most_chars <= 64) {
    FixedListRows<64>(off, coff, chars.data(), idx, row_items, row_chars, io,
                      data.data());
  } else if (most_items <= kFixedItems && most_chars <= 128) {
    FixedListRows<128>(off, coff, chars.data(), idx, row_items, row_chars, io,
                       data.data());
  } else {
    int32_t at = 0;  // where the row's characters start
    for (int64_t i = 0, k = 0; i < n; ++i) {
      const int32_t first = off[idx[i]], last = off[idx[i] + 1];
      const int32_t block = coff[first];
      for (int32_t j = first; j < last; ++j)
        io[++k] = at + (coff[j + 1] - block);
      const int32_t len = coff[last] - block;
      CopyText(chars.data() + block, len, data.data() + at);
      at += len;
    }
  }
  item_offsets.resize(static_cast<size_t>(items + 1) * 4);
  data.resize(static_cast<size_t>(total));
  std::vector<Bytes> kid;
  kid.emplace_back();  // no null items
  kid.push_back(std::move(item_offsets));
  kid.push_back(std::move(data));
  std::vector<ArrowArray> kids(1);
  ExportBuffers(items, 0, std::move(kid), {}, &kids[0]);
  std::vector<Bytes> buffers;
  buffers.push_back(std::move(validity));
  buffers.push_back(std::move(offsets));
  ExportBuffers(n, nulls, std::move(buffers), std::move(kids), out);
  return true;
}

bool TakeList(const ArrowSchema& schema, const ArrowArray& from,
              std::span<const uint32_t> idx, Bytes validity, int64_t nulls,
              ArrowArray* out) {
  const int64_t n = static_cast<int64_t>(idx.size());
  const auto* off = static_cast<const int32_t*>(from.buffers[1]) + from.offset;
  Bytes offsets(static_cast<size_t>(n + 1) * 4);
  auto* o = reinterpret_cast<int32_t*>(offsets.data());
  std::vector<uint32_t> items;
  o[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    for (int32_t k = off[idx[i]]; k < off[idx[i] + 1]; ++k)
      items.push_back(static_cast<uint32_t>(k));
    if (static_cast<int64_t>(items.size()) > kMaxArrowOffset) return false;
    o[i + 1] = static_cast<int32_t>(items.size());
  }
  std::vector<ArrowArray> kids(1);
  if (!TakeInto(*schema.children[0], *from.children[0], items, &kids[0]))
    return false;
  std::vector<Bytes> buffers;
  buffers.push_back(std::move(validity));
  buffers.push_back(std::move(offsets));
  ExportBuffers(n, nulls, std::move(buffers), std::move(kids), out);
  return true;
}

bool TakeStruct(const ArrowSchema& schema, const ArrowArray& from,
                std::span<const uint32_t> idx, Bytes validity, int64_t nulls,
                ArrowArray* out) {
  // A struct's children are read at the struct's offset plus their own.
  std::vector<uint32_t> shifted;
  std::span<const uint32_t> at = idx;
  if (from.offset != 0) {
    for (uint32_t i : idx)
      shifted.push_back(i + static_cast<uint32_t>(from.offset));
    at = shifted;
  }
  std::vector<ArrowArray> kids(static_cast<size_t>(from.n_children));
  for (int64_t c = 0; c < from.n_children; ++c) {
    if (!TakeInto(*schema.children[c], *from.children[c], at, &kids[c])) {
      for (int64_t k = 0; k < c; ++k) kids[k].release(&kids[k]);
      return false;
    }
  }
  std::vector<Bytes> buffers;
  buffers.push_back(std::move(validity));
  ExportBuffers(static_cast<int64_t>(idx.size()), nulls, std::move(buffers),
                std::move(kids), out);
  return true;
}

bool TakeInto(const ArrowSchema& schema, const ArrowArray& from,
              std::span<const uint32_t> idx, ArrowArray* out) {
  const std::string_view f = schema.format;
  const int64_t n = static_cast<int64_t>(idx.size());
  int64_t nulls = 0;
  Bytes validity = Validity(from, idx, &nulls);
  if (f == "u") return TakeUtf8(from, idx, std::move(validity), nulls, out);
  if (f == "+l" && std::string_view(schema.children[0]->format) == "u" &&
      from.children[0]->null_count == 0) {
    return TakeListOfUtf8(from, idx, std::move(validity), nulls, out);
  }
  if (f == "+l")
    return TakeList(schema, from, idx, std::move(validity), nulls, out);
  if (f == "+s")
    return TakeStruct(schema, from, idx, std::move(validity), nulls, out);
  std::vector<Bytes> buffers;
  buffers.push_back(std::move(validity));
  if (f == "b") {
    Bytes bits((idx.size() + 7) / 8, 0);
    for (int64_t i = 0; i < n; ++i) {
      bits[i >> 3] |=
          static_cast<uint8_t>(Bit(from.buffers[1], from.offset + idx[i]))
          << (i & 7);
    }
    buffers.push_back(std::move(bits));
  } else {
    const int w = FixedWidth(f);
    const auto* src =
        static_cast<const uint8_t*>(from.buffers[1]) + from.offset * w;
    Bytes data = ExportBuffer(static_cast<size_t>(n) * w);
    for (int64_t i = 0; i < n; ++i)
      std::memcpy(data.data() + i * w, src + static_cast<int64_t>(idx[i]) * w,
                  w);
    buffers.push_back(std::move(data));
  }
  ExportBuffers(n, nulls, std::move(buffers), {}, out);
  return true;
}

}  // namespace

bool TakeSupports(const ArrowSchema& schema) {
  const std::string_view f = schema.format;
  if (schema.dictionary) return false;
  if (f == "u" || f == "b" || FixedWidth(f) > 0) return schema.n_children == 0;
  if (f == "+l")
    return schema.n_children == 1 && TakeSupports(*schema.children[0]);
  if (f == "+s") {
    for (int64_t c = 0; c < schema.n_children; ++c) {
      if (!TakeSupports(*schema.children[c])) return false;
    }
    return true;
  }
  return false;
}

bool Take(const ArrowSchema& schema, const ArrowArray& from,
          std::span<const uint32_t> indices, ArrowArray* out) {
  return TakeInto(schema, from, indices, out);
}

}  // namespace verdict
