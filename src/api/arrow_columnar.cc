// ColumnarTable::Decide(): a batch decided column at a time. Rows go in
// chunks small enough for the cache; per chunk every rule is tested over the
// whole chunk, atom by atom, in tight loops over the raw buffers.
#include "src/api/arrow_columnar.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "src/api/arrow_columnar_plan.h"
#include "src/io/arrow_read.h"

namespace verdict {

namespace {

using Plan = ColumnarTable::Plan;
using Bytes = std::vector<uint8_t>;

constexpr uint8_t kNoRule = 255;
constexpr int64_t kChunk = 2048;

// `mask[i] &= (load(i) <op> literal)` for i in [0, n).
template <typename Load, typename T>
void AndCompare(CompareOp op, int64_t n, Load load, const T& literal,
                uint8_t* mask) {
  switch (op) {
    case kLt:
      for (int64_t i = 0; i < n; ++i) mask[i] &= load(i) < literal;
      break;
    case kLe:
      for (int64_t i = 0; i < n; ++i) mask[i] &= load(i) <= literal;
      break;
    case kGt:
      for (int64_t i = 0; i < n; ++i) mask[i] &= load(i) > literal;
      break;
    case kGe:
      for (int64_t i = 0; i < n; ++i) mask[i] &= load(i) >= literal;
      break;
    case kEq:
      for (int64_t i = 0; i < n; ++i) mask[i] &= load(i) == literal;
      break;
    case kNe:
      for (int64_t i = 0; i < n; ++i) mask[i] &= load(i) != literal;
      break;
  }
}

// A read column of one batch: its buffers and the physical index of row 0.
struct Cells {
  const ArrowArray* array;
  int64_t base;
  template <typename T>
  const T* buffer(int i) const {
    return static_cast<const T*>(array->buffers[i]);
  }
};

__int128 Decimal128At(const Cells& c, int64_t i) {
  __int128 m;
  std::memcpy(&m, c.buffer<uint8_t>(1) + 16 * (c.base + i), 16);
  return m;
}

template <typename Offset>
std::string_view TextAt(const Cells& c, int64_t i) {
  const Offset* off = c.buffer<Offset>(1) + c.base + i;
  return std::string_view(c.buffer<char>(2) + off[0],
                          static_cast<size_t>(off[1] - off[0]));
}

// Applies one atom to rows [start, start + n) of its column.
void ApplyAtom(const Plan::Atom& a, Plan::Load load, const Cells& c,
               int64_t start, int64_t n, uint8_t* mask) {
  Cells at{c.array, c.base + start};
  switch (load) {
    case Plan::Load::kDecimal128:
      if (a.scale_cell == 1) {
        AndCompare(
            a.op, n, [&](int64_t i) { return Decimal128At(at, i); }, a.decimal,
            mask);
      } else {
        AndCompare(
            a.op, n,
            [&](int64_t i) { return Decimal128At(at, i) * a.scale_cell; },
            a.decimal, mask);
      }
      break;
    case Plan::Load::kInt64AsDecimal: {
      const int64_t* x = at.buffer<int64_t>(1) + at.base;
      AndCompare(
          a.op, n,
          [&](int64_t i) { return static_cast<__int128>(x[i]) * a.scale_cell; },
          a.decimal, mask);
      break;
    }
    case Plan::Load::kInt64: {
      const int64_t* x = at.buffer<int64_t>(1) + at.base;
      AndCompare(
          a.op, n, [&](int64_t i) { return x[i]; }, a.integer, mask);
      break;
    }
    case Plan::Load::kUtf8:
      AndCompare(
          a.op, n, [&](int64_t i) { return TextAt<int32_t>(at, i); },
          std::string_view(a.text), mask);
      break;
    case Plan::Load::kLargeUtf8:
      AndCompare(
          a.op, n, [&](int64_t i) { return TextAt<int64_t>(at, i); },
          std::string_view(a.text), mask);
      break;
  }
}

// Whether every decimal cell of rows [start, start + n) is below 10^18 in
// magnitude: money the per-row path accepts as is, and products with the
// scale factors that fit 128 bits.
bool InRange(const Cells& c, int64_t start, int64_t n) {
  constexpr __int128 kLimit = static_cast<__int128>(1000000000000000000LL);
  bool ok = true;
  for (int64_t i = 0; i < n; ++i) {
    __int128 m = Decimal128At(c, start + i);
    ok &= m < kLimit && m > -kLimit;
  }
  return ok;
}

// The winning rule of every row, or false when some row has none or a cell
// out of range.
bool ChooseRules(const Plan& plan, const std::vector<Cells>& cells,
                 int64_t length, Bytes& winner) {
  uint8_t mask[kChunk];
  for (int64_t start = 0; start < length; start += kChunk) {
    const int64_t n = std::min(kChunk, length - start);
    for (size_t o = 0; o < plan.operands.size(); ++o) {
      if (plan.operands[o].load == Plan::Load::kDecimal128 &&
          !InRange(cells[o], start, n)) {
        return false;
      }
    }
    uint8_t* w = winner.data() + start;
    std::fill(w, w + n, kNoRule);
    for (size_t r = 0; r < plan.rules.size(); ++r) {
      std::fill(mask, mask + n, uint8_t{1});
      for (const Plan::Atom& a : plan.rules[r].atoms) {
        ApplyAtom(a, plan.operands[a.operand].load, cells[a.operand], start, n,
                  mask);
      }
      const uint8_t rule = static_cast<uint8_t>(r);
      for (int64_t i = 0; i < n; ++i)
        w[i] = (w[i] == kNoRule && mask[i]) ? rule : w[i];
    }
    uint8_t unmatched = 0;
    for (int64_t i = 0; i < n; ++i) unmatched |= w[i] == kNoRule;
    if (unmatched) return false;
  }
  return true;
}

// A bitmap of `bit[winner[i]]`; `*zeros` counts the unset bits.
Bytes Bits(const Bytes& winner, const std::vector<uint8_t>& bit,
           int64_t* zeros) {
  const int64_t n = static_cast<int64_t>(winner.size());
  Bytes out((n + 7) / 8, 0);
  uint8_t table[256] = {};
  std::copy(bit.begin(), bit.end(), table);
  int64_t ones = 0;
  // Eight rows to a byte built in a register, not bit by bit in memory.
  for (int64_t i = 0; i < n; i += 8) {
    const int64_t m = std::min<int64_t>(8, n - i);
    uint32_t byte = 0;
    for (int64_t k = 0; k < m; ++k) byte |= uint32_t{table[winner[i + k]]} << k;
    out[i >> 3] = static_cast<uint8_t>(byte);
    ones += __builtin_popcount(byte);
  }
  *zeros = n - ones;
  return out;
}

template <int W>
void FillFixed(const Bytes& winner, const Plan::Output& o, uint8_t* dst) {
  const int64_t n = static_cast<int64_t>(winner.size());
  uint8_t cells[256][W];  // flat: one load per row, no indirection
  for (size_t r = 0; r < o.bytes.size(); ++r)
    std::memcpy(cells[r], o.bytes[r].data(), W);
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * W, cells[winner[i]], W);
}

// The utf8 characters of an output column whose row i starts at off[i].
// Cells up to 16 bytes are copied as fixed 16-byte blocks from a padded
// table (one inlined move per row instead of a memcpy call), into a buffer
// with 16 bytes of slack past `total` for the last block.
Bytes Chars(const Plan::Output& o, const Bytes& winner, const int32_t* off,
            int64_t total) {
  const int64_t n = static_cast<int64_t>(winner.size());
  Bytes chars = ExportBuffer(static_cast<size_t>(total) + 16);
  size_t longest = 0;
  for (const Bytes& b : o.bytes) longest = std::max(longest, b.size());
  if (longest <= 16) {
    uint8_t cells[256][16] = {};
    for (size_t r = 0; r < o.bytes.size(); ++r) {
      if (!o.bytes[r].empty())
        std::memcpy(cells[r], o.bytes[r].data(), o.bytes[r].size());
    }
    for (int64_t i = 0; i < n; ++i)
      std::memcpy(chars.data() + off[i], cells[winner[i]], 16);
    return chars;
  }
  for (int64_t i = 0; i < n; ++i) {
    const Bytes& s = o.bytes[winner[i]];
    if (!s.empty()) std::memcpy(chars.data() + off[i], s.data(), s.size());
  }
  return chars;
}

void WriteOutput(const Plan::Output& o, const Bytes& winner, ArrowArray* out) {
  const int64_t n = static_cast<int64_t>(winner.size());
  std::vector<Bytes> buffers;
  int64_t nulls = 0;
  bool any_null = std::find(o.valid.begin(), o.valid.end(), 0) != o.valid.end();
  buffers.push_back(any_null ? Bits(winner, o.valid, &nulls) : Bytes());
  if (o.layout == Plan::Layout::kBool) {
    int64_t unused;
    buffers.push_back(Bits(winner, o.bit, &unused));
  } else if (o.layout == Plan::Layout::kUtf8) {
    Bytes offsets = ExportBuffer(static_cast<size_t>(n + 1) * 4);
    auto* off = reinterpret_cast<int32_t*>(offsets.data());
    int32_t sizes[256] = {};
    for (size_t r = 0; r < o.bytes.size(); ++r)
      sizes[r] = static_cast<int32_t>(o.bytes[r].size());
    int32_t total = 0;  // below 2^31: checked by the caller
    off[0] = 0;
    for (int64_t i = 0; i < n; ++i) off[i + 1] = total += sizes[winner[i]];
    Bytes chars = Chars(o, winner, off, total);
    buffers.push_back(std::move(offsets));
    buffers.push_back(std::move(chars));
  } else {
    Bytes data = ExportBuffer(static_cast<size_t>(n) * o.width);
    if (o.width == 4) FillFixed<4>(winner, o, data.data());
    if (o.width == 8) FillFixed<8>(winner, o, data.data());
    if (o.width == 16) FillFixed<16>(winner, o, data.data());
    buffers.push_back(std::move(data));
  }
  ExportBuffers(n, nulls, std::move(buffers), {}, out);
}

// Whether utf8 outputs of this batch stay within 32-bit offsets.
bool FitsOffsets(const Plan& plan, int64_t n) {
  for (const Plan::Output& o : plan.outputs) {
    if (o.layout != Plan::Layout::kUtf8) continue;
    size_t longest = 0;
    for (const Bytes& b : o.bytes) longest = std::max(longest, b.size());
    if (static_cast<__int128>(longest) * n >= (int64_t{1} << 31)) return false;
  }
  return true;
}

}  // namespace

// See arrow_columnar_plan.h.
void WriteNoErrors(int64_t n, ArrowArray* out) {
  const size_t bitmap = static_cast<size_t>((n + 7) / 8);
  // One zero buffer is every child's bitmap, offsets and characters.
  auto zeros = std::make_shared<const Bytes>(static_cast<size_t>(n + 1) * 4);
  std::vector<ArrowArray> kids(3);
  for (ArrowArray& kid : kids) ExportNullUtf8(n, zeros, &kid);
  std::vector<Bytes> buffers;
  buffers.emplace_back(bitmap, 0);
  ExportBuffers(n, n, std::move(buffers), std::move(kids), out);
}

bool ColumnarTable::Decide(const ArrowArray& batch,
                           std::vector<ArrowArray>* columns) const {
  const Plan& plan = *plan_;
  const int64_t n = batch.length;
  if (n == 0 || !FitsOffsets(plan, n)) return false;
  for (int column : plan.non_null_columns) {
    if (batch.children[column]->null_count != 0) return false;
  }
  for (const auto& [column, format] : plan.checked_columns) {
    if (!ArrowCellsValid(*batch.children[column], format, batch.offset, n))
      return false;
  }
  std::vector<Cells> cells;
  for (const Plan::Operand& o : plan.operands) {
    const ArrowArray* a = batch.children[o.column];
    cells.push_back(Cells{a, a->offset + batch.offset});
  }
  Bytes winner(static_cast<size_t>(n));
  if (!ChooseRules(plan, cells, n, winner)) return false;
  columns->assign(plan.outputs.size() + 1, ArrowArray{});
  for (size_t k = 0; k < plan.outputs.size(); ++k)
    WriteOutput(plan.outputs[k], winner, &(*columns)[k]);
  WriteNoErrors(n, &columns->back());
  return true;
}

}  // namespace verdict
