#include "src/program/table_index.h"

#include <algorithm>
#include <functional>
#include <string_view>

#include "src/program/fast_condition.h"

namespace verdict {

size_t IndexKeyHash::operator()(const Value& v) const {
  if (v.kind() == Kind::kString)
    return std::hash<std::string_view>()(v.as_string());
  return std::hash<int64_t>()(v.as_int());
}

bool IndexKeyEq::operator()(const Value& a, const Value& b) const {
  return FastOrder(a, b) == 0;
}

std::span<const uint32_t> TableIndex::Matching(const Column& c,
                                               const Value& v) const {
  size_t entry;
  if (c.hashed) {
    auto it = c.keys.find(v);
    if (it == c.keys.end()) return {};
    entry = it->second;
  } else if (IntKeyed(c.kind)) {
    // Candidates() checked that the record's value has the column's kind.
    const int64_t x = IntKey(v);
    auto it = std::lower_bound(c.int_bounds.begin(), c.int_bounds.end(), x);
    const size_t i = it - c.int_bounds.begin();
    entry = 2 * i + (it != c.int_bounds.end() && *it == x);
  } else {
    auto less = [](const Value& a, const Value& b) {
      return FastOrder(a, b) < 0;
    };
    auto it = std::lower_bound(c.bounds.begin(), c.bounds.end(), v, less);
    const size_t i = it - c.bounds.begin();
    entry = 2 * i + (it != c.bounds.end() && FastOrder(*it, v) == 0);
  }
  return std::span<const uint32_t>(c.rows.data() + c.offsets[entry],
                                   c.offsets[entry + 1] - c.offsets[entry]);
}

RowCursor TableIndex::Candidates(const Frame& f) const {
  // Only when every condition is decided by its literal (no kOther) may a
  // rule be skipped: the linear scan would report an error for a rule the
  // index left out.
  for (const SlotKind& k : kinds_) {
    if (f.slot(k.slot).kind() != k.kind) return RowCursor(rule_count_);
  }
  // The column with the fewest candidates drives; the evaluator tests the
  // other columns' cells of each candidate.
  std::span<const uint32_t> best;
  const Column* best_column = nullptr;
  size_t best_size = rule_count_ + 1;
  for (const Column& c : columns_) {
    std::span<const uint32_t> m = Matching(c, f.slot(c.slot));
    if (m.size() + c.wildcard.size() < best_size) {
      best = m;
      best_column = &c;
      best_size = m.size() + c.wildcard.size();
    }
  }
  if (best_size > rule_count_) return RowCursor(rule_count_);
  return RowCursor(best, best_column->wildcard, best_column->exact.data());
}

}  // namespace verdict
