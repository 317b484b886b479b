#include "src/compile/table_index_builder.h"

#include <algorithm>
#include <map>

namespace verdict {
namespace {

// The most entries a cell of an interval column is listed in.
constexpr int kMaxSpan = 64;

struct Atom {
  CompareOp op;
  const Value* constant;
};

// The atoms each rule compares one slot with; an empty list: a wildcard.
using RuleAtoms = std::vector<std::vector<Atom>>;

// Index entries and their rule lists as CSR (see TableIndex::Column).
void ToCsr(const std::vector<std::vector<uint32_t>>& lists,
           TableIndex::Column& c) {
  // Sized once: the index lives as long as the pack.
  size_t total = 0;
  for (const auto& l : lists) total += l.size();
  c.rows.reserve(c.rows.size() + total);
  c.offsets.reserve(lists.size() + 1);
  c.offsets.assign(1, 0);
  for (const auto& l : lists) {
    c.rows.insert(c.rows.end(), l.begin(), l.end());
    c.offsets.push_back(static_cast<uint32_t>(c.rows.size()));
  }
}

// Every rule's cell on the slot is one `==`: a hash of keys.
bool BuildHashed(const RuleAtoms& atoms, TableIndex::Column& c) {
  if (c.kind != Kind::kInt && c.kind != Kind::kString) return false;
  for (const auto& a : atoms) {
    if (a.size() > 1 || (a.size() == 1 && a[0].op != kEq)) return false;
  }
  std::vector<std::vector<uint32_t>> lists;
  for (size_t r = 0; r < atoms.size(); ++r) {
    if (atoms[r].empty()) {
      c.wildcard.push_back(static_cast<uint32_t>(r));
      continue;
    }
    auto [it, fresh] = c.keys.try_emplace(*atoms[r][0].constant,
                                          static_cast<uint32_t>(lists.size()));
    if (fresh) lists.emplace_back();
    lists[it->second].push_back(static_cast<uint32_t>(r));
  }
  ToCsr(lists, c);
  c.hashed = true;
  return true;
}

// Sorted intervals. Entry e of the bounds p0 < p1 < ... orders against the
// literal p[j] (entry 2j + 1) as e against 2j + 1: that is how every value
// in entry e compares with p[j], so a cell's truth is one per entry.
//
// Built without copies of the literals (the atoms point at the compiled
// cells' own Values) and without a rule list per entry (the CSR is counted,
// then filled): for a 10,000-row table those were a megabyte and a half of
// the pack's peak memory, all of it freed again before the load ended.
void BuildRanges(const RuleAtoms& atoms, TableIndex::Column& c) {
  auto less = [](const Value* a, const Value* b) {
    return FastOrder(*a, *b) < 0;
  };
  size_t count = 0;
  for (const auto& a : atoms) count += a.size();
  std::vector<const Value*> points;  // the distinct literals, sorted
  points.reserve(count);
  for (const auto& a : atoms) {
    for (const Atom& x : a) points.push_back(x.constant);
  }
  std::sort(points.begin(), points.end(), less);
  points.erase(std::unique(points.begin(), points.end(),
                           [](const Value* a, const Value* b) {
                             return FastOrder(*a, *b) == 0;
                           }),
               points.end());
  const int entries = static_cast<int>(2 * points.size() + 1);
  auto entry_of = [&](const Value& v) {
    auto it = std::lower_bound(points.begin(), points.end(), &v, less);
    return static_cast<int>(2 * (it - points.begin()) + 1);
  };
  // Rule r's entries: [*lo, *hi] without `excluded`; false when the rule
  // is a wildcard here. A wide cell ("< 500", "!= 3") is one: listing it
  // in every entry it spans would cost rules x entries.
  std::vector<int> excluded;
  auto span = [&](size_t r, int* lo, int* hi) {
    *lo = 0;
    *hi = entries - 1;
    excluded.clear();
    for (const Atom& a : atoms[r]) {
      const int e = entry_of(*a.constant);
      switch (a.op) {
        case kLt:
          *hi = std::min(*hi, e - 1);
          break;
        case kLe:
          *hi = std::min(*hi, e);
          break;
        case kGt:
          *lo = std::max(*lo, e + 1);
          break;
        case kGe:
          *lo = std::max(*lo, e);
          break;
        case kEq:
          *lo = std::max(*lo, e), *hi = std::min(*hi, e);
          break;
        case kNe:
          excluded.push_back(e);
          break;
      }
    }
    return !atoms[r].empty() && *hi - *lo < kMaxSpan;
  };
  auto listed = [&](int e) {
    return std::find(excluded.begin(), excluded.end(), e) == excluded.end();
  };
  // The CSR of TableIndex::Column: first how many rules each entry lists
  // (in offsets[e + 1]), then the rules themselves, in rule order.
  c.offsets.assign(entries + 1, 0);
  int lo, hi;
  for (size_t r = 0; r < atoms.size(); ++r) {
    if (!span(r, &lo, &hi)) {
      c.wildcard.push_back(static_cast<uint32_t>(r));
      continue;
    }
    for (int e = lo; e <= hi; ++e) {
      if (listed(e)) ++c.offsets[e + 1];
    }
  }
  for (int e = 0; e < entries; ++e) c.offsets[e + 1] += c.offsets[e];
  c.rows.resize(c.offsets[entries]);
  std::vector<uint32_t> next(c.offsets.begin(), c.offsets.end() - 1);
  for (size_t r = 0; r < atoms.size(); ++r) {
    if (!span(r, &lo, &hi)) continue;
    for (int e = lo; e <= hi; ++e) {
      if (listed(e)) c.rows[next[e]++] = static_cast<uint32_t>(r);
    }
  }
  if (TableIndex::IntKeyed(c.kind)) {
    c.int_bounds.reserve(points.size());
    for (const Value* b : points) {
      c.int_bounds.push_back(TableIndex::IntKey(*b));
    }
  } else {
    c.bounds.reserve(points.size());
    for (const Value* b : points) c.bounds.push_back(*b);
  }
}

}  // namespace

std::shared_ptr<const TableIndex> BuildTableIndex(const CompiledDecision& d) {
  const size_t n = d.rules.size();
  if (n < kMinIndexedRules) return nullptr;
  std::vector<TableIndex::SlotKind> kinds;
  std::map<int, RuleAtoms> by_slot;
  for (size_t r = 0; r < n; ++r) {
    const CompiledRule& rule = d.rules[r];
    if (rule.fast.size() != rule.condition_count()) return nullptr;
    for (const auto& fc : rule.fast) {
      if (!fc || fc->is_set()) return nullptr;  // atoms must be comparisons
      const int slot = fc->atom_slot(0);
      for (int i = 0; i < fc->atom_count(); ++i) {
        const Value& k = fc->atom_constant(i);
        if (fc->atom_slot(i) != slot) return nullptr;
        auto known =
            std::find_if(kinds.begin(), kinds.end(),
                         [&](const auto& x) { return x.slot == slot; });
        if (known == kinds.end()) {
          kinds.push_back({slot, k.kind()});
        } else if (known->kind != k.kind()) {
          return nullptr;
        }
        RuleAtoms& atoms = by_slot[slot];
        atoms.resize(n);
        atoms[r].push_back({fc->atom_op(i), &k});
      }
    }
  }
  std::vector<TableIndex::Column> columns;
  for (const auto& [slot, atoms] : by_slot) {
    TableIndex::Column c;
    c.slot = slot;
    // clang 14 cannot capture a structured binding: compare by a copy.
    const auto wanted = slot;
    c.kind = std::find_if(kinds.begin(), kinds.end(), [&](const auto& x) {
               return x.slot == wanted;
             })->kind;
    if (!BuildHashed(atoms, c)) BuildRanges(atoms, c);
    c.exact.assign(n, 1);
    for (const auto& [other, other_atoms] : by_slot) {
      for (size_t r = 0; r < n; ++r) {
        if (other != slot && !other_atoms[r].empty()) c.exact[r] = 0;
      }
    }
    columns.push_back(std::move(c));
  }
  return std::make_shared<const TableIndex>(n, std::move(columns),
                                            std::move(kinds));
}

}  // namespace verdict
