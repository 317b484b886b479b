// A small first-hit table of literal cells, decided by one lookup instead of
// testing its rows in order. Each slot the cells read is cut into the
// entries its cells cannot tell apart: for a decimal slot, the open
// intervals between its literals and the literals themselves; for a string
// slot, each literal and "any other string". Which row wins for every
// combination of entries is worked out once, when the table is built, from
// the cells' comparisons alone (a comparison with a literal has one truth
// over a whole entry). Deciding a record is then one entry per slot and one
// read.
//
// The reference it must agree with is the row-by-row test of the cells'
// FastConditions (tests/unit/row_grid_test.cc checks every generated table
// and value against it). Values of another kind than a slot's literals
// (null, an int where decimals are compared, ...) are not placed: Winner()
// returns false and the caller tests the rows as before, so errors and the
// general path's wording are unchanged.
#ifndef VERDICT_SRC_PROGRAM_ROW_GRID_H_
#define VERDICT_SRC_PROGRAM_ROW_GRID_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/program/fast_condition.h"

namespace verdict {

class RowGrid {
 public:
  // At most this many combinations of entries: a grid is for small tables
  // (a big one has its TableIndex).
  static constexpr size_t kMaxCells = 4096;
  // Up to this many literals on a decimal slot are counted, not searched.
  static constexpr size_t kCountedBounds = 8;

  // The grid of a first-hit table whose row r holds when all of rows[r]
  // hold (a row without conditions always holds). Nullopt when a cell is
  // not one it can place: a set of strings, a string compared by order, a
  // literal other than a decimal (with a 64-bit mantissa) or a string, two
  // kinds of literal on one slot, or more than kMaxCells combinations.
  static std::optional<RowGrid> Build(
      const std::vector<std::vector<const FastCondition*>>& rows);

  // The winning row for the record whose slot s holds `value_of(s)` (-1
  // when no row holds). False, with *winner unset, when a value is not of
  // its slot's kind. Thread-safe: reads only.
  template <typename ValueOf>
  bool Winner(ValueOf&& value_of, int* winner) const {
    size_t cell = 0;
    for (const Column& c : columns_) {
      const Value& v = value_of(c.slot);
      if (v.kind() != c.kind) return false;
      cell = cell * c.entries + (c.kind == Kind::kDecimal ? DecimalEntry(c, v)
                                                          : StringEntry(c, v));
    }
    *winner = winners_[cell];
    return true;
  }

  size_t cells() const { return winners_.size(); }

 private:
  struct Column {
    int slot = -1;
    Kind kind = Kind::kNull;  // kDecimal or kString
    size_t entries = 0;
    // Decimal: the distinct literals, ascending; entry 2i is the open
    // interval below literal i (above literal i-1), 2i+1 the literal, and
    // 2n the interval above the last. `scaled` holds literal i's mantissa
    // at every scale s from its own up to 18, at [i * 19 + s].
    std::vector<Value> bounds;
    std::vector<__int128> scaled;
    int max_scale = 0;  // the largest scale among the literals
    // String: the distinct literals; entry i is literal i, entry n any
    // other string.
    std::vector<std::string> texts;
  };

  static size_t DecimalEntry(const Column& c, const Value& v) {
    const Decimal& d = v.as_decimal();
    const size_t n = c.bounds.size();
    if (n <= kCountedBounds && d.scale() >= c.max_scale) {
      // Few literals, all pre-scaled to the value's scale: count those
      // below it and note an equal one, without a branch that depends on
      // the value (a record's amount is as unpredictable as it comes).
      const __int128* l = c.scaled.data() + d.scale();
      const __int128 m = d.mantissa();
      size_t below = 0, equal = 0;
      for (size_t i = 0; i < n; ++i, l += Decimal::kMaxScale + 1) {
        below += *l < m;
        equal |= *l == m;
      }
      return 2 * below + equal;
    }
    // Binary search: the first literal not below v.
    size_t lo = 0, hi = n;
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      const int cmp = OrderScaled(v, c.bounds[mid],
                                  &c.scaled[mid * (Decimal::kMaxScale + 1)]);
      if (cmp == 0) return 2 * mid + 1;
      if (cmp < 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return 2 * lo;
  }

  static size_t StringEntry(const Column& c, const Value& v) {
    const std::string_view s = v.as_string();
    for (size_t i = 0; i < c.texts.size(); ++i) {
      if (c.texts[i] == s) return i;
    }
    return c.texts.size();
  }

  // The three-way order of a value of entry `e` of `c` against literal
  // `lit` (one of the column's own); for strings only 0 (equal) or 1.
  static int OrderAt(const Column& c, size_t e, const Value& lit);

  std::vector<Column> columns_;
  std::vector<int32_t> winners_;  // row-major over the columns' entries
};

}  // namespace verdict

#endif  // VERDICT_SRC_PROGRAM_ROW_GRID_H_
