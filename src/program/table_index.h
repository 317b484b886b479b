// An index over the rules of a large decision (a decision table of literal
// cells), so that deciding a record visits only the rules that can match
// instead of every rule in order. Built at compile time by
// BuildTableIndex() (src/compile/table_index_builder.h); read by the
// evaluator, which tests the conditions of every candidate rule in order,
// exactly as the linear scan does, except for candidates the index has
// decided itself (RowCursor::exact(): all of the rule's cells are in the
// column the index looked up).
//
// The contract: for a record, Candidates() yields, in increasing rule order,
// a superset of the rules whose conditions all hold, and never skips a rule
// whose conditions the linear scan could not decide (a value of another
// kind than the column's literals, such as null, makes Candidates() yield
// every rule). So first-hit, unique, any and collect give the same result,
// the same error and the same trace as the linear scan.
// tests/unit/table_index_test.cc checks this against a reference.
#ifndef VERDICT_SRC_PROGRAM_TABLE_INDEX_H_
#define VERDICT_SRC_PROGRAM_TABLE_INDEX_H_

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "src/program/program.h"

namespace verdict {

// Rule indexes in increasing order: either every rule below a count, or the
// ordered merge of two sorted, disjoint lists (one column's matching rules
// and its wildcard rules). Points into the index; no allocation.
class RowCursor {
 public:
  // Every rule 0..count-1.
  explicit RowCursor(size_t count) : all_(static_cast<uint32_t>(count)) {}
  // `exact`, when not null, marks (by rule index) the rules of `a` whose
  // conditions are known to hold without testing them.
  RowCursor(std::span<const uint32_t> a, std::span<const uint32_t> b,
            const uint8_t* exact = nullptr)
      : a_(a), b_(b), exact_(exact), merge_(true) {}

  // The next rule index, or -1 when there is none.
  int Next() {
    if (!merge_) return next_ < all_ ? static_cast<int>(next_++) : -1;
    if (ia_ < a_.size() && (ib_ == b_.size() || a_[ia_] < b_[ib_])) {
      const uint32_t r = a_[ia_++];
      last_exact_ = exact_ != nullptr && exact_[r] != 0;
      return static_cast<int>(r);
    }
    last_exact_ = false;
    if (ib_ < b_.size()) return static_cast<int>(b_[ib_++]);
    return -1;
  }
  // Whether every condition of the rule Next() returned is known to hold:
  // the caller may skip testing them (same outcome, no reads of the rule's
  // conditions).
  bool exact() const { return last_exact_; }

 private:
  uint32_t all_ = 0;
  uint32_t next_ = 0;
  std::span<const uint32_t> a_, b_;
  size_t ia_ = 0, ib_ = 0;
  const uint8_t* exact_ = nullptr;
  bool merge_ = false;
  bool last_exact_ = false;
};

// Hash and equality of index keys (ints or strings; see TableIndex).
struct IndexKeyHash {
  size_t operator()(const Value& v) const;
};
struct IndexKeyEq {
  bool operator()(const Value& a, const Value& b) const;
};

class TableIndex {
 public:
  // One indexed column: the slot it reads and, per key (hashed) or per
  // elementary interval between sorted boundaries (ranges), the rules whose
  // cells in this column can hold there. Lists are CSR: rules of entry e are
  // rows[offsets[e] .. offsets[e + 1]), increasing.
  struct Column {
    int slot = -1;
    Kind kind = Kind::kNull;
    bool hashed = false;
    // hashed: key -> entry.
    std::unordered_map<Value, uint32_t, IndexKeyHash, IndexKeyEq> keys;
    // ranges: sorted distinct literals p0 < p1 < ...; entry 2i is the open
    // interval (p[i-1], p[i]), entry 2i+1 the point p[i].
    std::vector<Value> bounds;
    // ranges over ints or dates: the same bounds as integers (dates as
    // days), searched instead of `bounds`, which then stays empty: 8 bytes a
    // bound and no per-step kind dispatch, for 10,000-row tables.
    std::vector<int64_t> int_bounds;
    std::vector<uint32_t> offsets;
    std::vector<uint32_t> rows;
    std::vector<uint32_t> wildcard;  // rules with no cell in this column
    // Per rule: 1 when all its conditions are on this slot, so being listed
    // in an entry means they all hold for every value of the entry.
    std::vector<uint8_t> exact;
  };
  // Whether a range column of this kind searches `int_bounds`, and the key
  // it searches for a value of that kind (an int itself, a date its days).
  static bool IntKeyed(Kind k) { return k == Kind::kInt || k == Kind::kDate; }
  static int64_t IntKey(const Value& v) {
    return v.kind() == Kind::kInt ? v.as_int() : v.as_date().days;
  }
  // A slot every condition of the decision reads, and the one kind of all
  // its literals: a record value of any other kind sends Candidates() to
  // the full scan.
  struct SlotKind {
    int slot;
    Kind kind;
  };

  TableIndex(size_t rule_count, std::vector<Column> columns,
             std::vector<SlotKind> kinds)
      : rule_count_(rule_count),
        columns_(std::move(columns)),
        kinds_(std::move(kinds)) {}

  // The candidate rules for the record in `f` (see the file comment).
  // Thread-safe: reads only. The cursor points into this index.
  RowCursor Candidates(const Frame& f) const;

  size_t rule_count() const { return rule_count_; }
  const std::vector<Column>& columns() const { return columns_; }

 private:
  // The rules of column `c` that can hold for `v` (of the column's kind).
  std::span<const uint32_t> Matching(const Column& c, const Value& v) const;

  size_t rule_count_;
  std::vector<Column> columns_;
  std::vector<SlotKind> kinds_;
};

// The rules to visit, in order: the index's candidates, or every rule when
// there is no index.
inline RowCursor CandidateRules(const TableIndex* index, size_t rule_count,
                                const Frame& f) {
  return index ? index->Candidates(f) : RowCursor(rule_count);
}

}  // namespace verdict

#endif  // VERDICT_SRC_PROGRAM_TABLE_INDEX_H_
