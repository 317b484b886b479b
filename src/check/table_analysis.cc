#include "src/check/table_analysis.h"

#include <algorithm>
#include <optional>

namespace verdict::analysis {
namespace {

// Segment indexes first..last (inclusive) of one column.
struct SegmentRun {
  uint32_t first, last;
};

// The grid: per column, segments; per row and column, which segments the
// cell holds, as sorted disjoint runs (unknown cells: all of them, with
// `known` false). Runs, not a bit per segment: a 100,000-row table has as
// many segments, and bits took rows x segments of time and memory.
struct Grid {
  std::vector<std::vector<Span>> segments;                  // [column][seg]
  std::vector<std::vector<std::vector<SegmentRun>>> holds;  // [row][column]
  // The segments where the cell is not false: it holds them or fails
  // there with an error (the same runs as holds where it never fails).
  std::vector<std::vector<std::vector<SegmentRun>>> not_false;
  std::vector<bool> row_known;  // every cell literal
};

// Whether `runs` hold segment `s`.
bool InRuns(const std::vector<SegmentRun>& runs, size_t s) {
  auto after = std::upper_bound(
      runs.begin(), runs.end(), s,
      [](size_t x, const SegmentRun& run) { return x < run.first; });
  return after != runs.begin() && s <= std::prev(after)->last;
}

// How many segments `runs` hold.
uint64_t RunLength(const std::vector<SegmentRun>& runs) {
  uint64_t n = 0;
  for (const SegmentRun& run : runs) n += run.last - run.first + 1;
  return n;
}

// The runs of `segs` a known cell's `set` holds: a segment lies wholly in or
// out of each cell (the cuts include every cell's bounds), so its first
// point decides.
std::vector<SegmentRun> RunsOf(const PointSet& set,
                               const std::vector<Span>& segs) {
  std::vector<SegmentRun> runs;
  auto by_lo = [](const Span& seg, Point p) { return seg.lo < p; };
  for (const Span& sp : set.spans()) {
    auto from = std::lower_bound(segs.begin(), segs.end(), sp.lo, by_lo);
    auto to =
        std::upper_bound(from, segs.end(), sp.hi,
                         [](Point p, const Span& seg) { return p < seg.lo; });
    if (from == to) continue;
    const auto first = static_cast<uint32_t>(from - segs.begin());
    const auto last = static_cast<uint32_t>(to - segs.begin() - 1);
    if (!runs.empty() && runs.back().last + 1 == first) {
      runs.back().last = last;
    } else {
      runs.push_back({first, last});
    }
  }
  return runs;
}

// Cuts a column's domain at every boundary of its cells.
std::vector<Span> Segments(const ColumnDomain& col,
                           const std::vector<std::vector<Cell>>& rows,
                           size_t c) {
  std::vector<Point> cuts;
  auto add = [&](const PointSet& s) {
    for (const Span& sp : s.spans()) {
      cuts.push_back(sp.lo);
      cuts.push_back(sp.hi + 1);
    }
  };
  add(col.values);
  for (const auto& row : rows) {
    if (!row[c].known) continue;
    add(row[c].set.Intersect(col.values));
    add(row[c].error.Intersect(col.values));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Span> out;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    // Cuts include the domain's own bounds, so a segment is wholly inside
    // the domain or wholly outside it.
    // A segment with no input in it (money between two of its 4-place
    // values) is no input: neither a gap nor where rows overlap.
    const Span seg{cuts[i], cuts[i + 1] - 1};
    if (col.values.Contains(seg.lo) && col.HasInput(seg)) out.push_back(seg);
  }
  return out;
}

Grid MakeGrid(const Table& t) {
  Grid g;
  for (size_t c = 0; c < t.columns.size(); ++c)
    g.segments.push_back(Segments(t.columns[c], t.rows, c));
  for (const auto& row : t.rows) {
    std::vector<std::vector<SegmentRun>> cols, not_false;
    bool known = true;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const auto& segs = g.segments[c];
      if (row[c].known) {
        cols.push_back(RunsOf(row[c].set, segs));
        not_false.push_back(row[c].error.empty()
                                ? cols.back()
                                : RunsOf(row[c].set.Union(row[c].error), segs));
      } else {
        known = false;
        cols.push_back({});
        if (!segs.empty())
          cols.back().push_back({0, static_cast<uint32_t>(segs.size() - 1)});
        not_false.push_back(cols.back());
      }
    }
    g.holds.push_back(std::move(cols));
    g.not_false.push_back(std::move(not_false));
    g.row_known.push_back(known);
  }
  return g;
}

// Whether every cell of row r holds the box (per `which`: g.holds, or
// g.not_false for "no cell rules it out").
bool RowHolds(const Grid& g, size_t r, const std::vector<size_t>& box,
              const std::vector<std::vector<std::vector<SegmentRun>>>& which) {
  for (size_t c = 0; c < box.size(); ++c) {
    if (!InRuns(which[r][c], box[c])) return false;
  }
  return true;
}

bool RowHolds(const Grid& g, size_t r, const std::vector<size_t>& box) {
  return RowHolds(g, r, box, g.holds);
}

std::vector<Point> Example(const Table& t, const Grid& g,
                           const std::vector<size_t>& box) {
  std::vector<Point> out;
  for (size_t c = 0; c < box.size(); ++c)
    out.push_back(t.columns[c].Pick(g.segments[c][box[c]]));
  return out;
}

// Visits every box whose segment in column c is one of choices[c], in
// order, until `visit` returns false. False when the boxes number more
// than `max_boxes` (nothing is visited then).
template <typename F>
bool EachBox(const std::vector<std::vector<size_t>>& choices,
             uint64_t max_boxes, F visit) {
  uint64_t total = 1;
  for (const auto& ch : choices) {
    if (ch.empty()) return true;
    if (total > max_boxes / ch.size()) return false;
    total *= ch.size();
  }
  std::vector<size_t> at(choices.size(), 0), box(choices.size());
  for (uint64_t n = 0; n < total; ++n) {
    for (size_t c = 0; c < choices.size(); ++c) box[c] = choices[c][at[c]];
    if (!visit(box)) return true;
    for (size_t c = 0; c < choices.size(); ++c) {
      if (++at[c] < choices[c].size()) break;
      at[c] = 0;
    }
  }
  return true;
}

// Work left for one question: one step per row tested against a box.
struct Budget {
  uint64_t left;
  bool out = false;
  bool Take() {
    if (left == 0) out = true;
    return !out && left-- > 0;
  }
};

std::vector<size_t> All(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

void Gaps(const Table& t, const Grid& g, uint64_t max_steps, Result* out) {
  std::vector<std::vector<size_t>> choices;
  for (const auto& segs : g.segments) choices.push_back(All(segs.size()));
  Budget budget{max_steps};
  bool done = EachBox(choices, max_steps, [&](const std::vector<size_t>& b) {
    for (size_t r = 0; r < t.rows.size(); ++r) {
      if (!budget.Take()) return false;
      // A row that fails there makes the record an evaluation_error: not
      // a gap either.
      if (RowHolds(g, r, b, g.not_false)) return true;
    }
    out->findings.push_back(
        {Finding::Kind::kGap, -1, {}, {}, Example(t, g, b)});
    return false;
  });
  if (!done || budget.out) out->skipped.push_back("gaps");
}

// What comes first for box b among the rows before r.
enum class First { kNone, kMatch, kFailure, kBudgetOut };

// Rows before r, in order, on box b: the first known row no cell of which
// is false there matches it (kMatch, named in `by`) or fails with an error
// (kFailure, named in `failing`); a row with unknown cells before it may
// match first, so it is named in `by` too. kNone: r is reached.
First FirstBefore(const Grid& g, size_t r, const std::vector<size_t>& b,
                  Budget* budget, std::vector<int>* by,
                  std::vector<int>* failing) {
  auto name = [](std::vector<int>* v, size_t e) {
    if (std::find(v->begin(), v->end(), e) == v->end())
      v->push_back(static_cast<int>(e));
  };
  for (size_t e = 0; e < r; ++e) {
    if (!budget->Take()) return First::kBudgetOut;
    if (!RowHolds(g, e, b, g.not_false)) continue;
    if (!g.row_known[e]) {
      name(by, e);
      continue;
    }
    if (RowHolds(g, e, b)) {
      name(by, e);
      return First::kMatch;
    }
    name(failing, e);
    return First::kFailure;
  }
  return First::kNone;
}

void DeadRows(const Table& t, const Grid& g, uint64_t max_steps, Result* out) {
  Budget budget{max_steps};  // shared by all rows
  for (size_t r = 0; r < t.rows.size(); ++r) {
    // The row's boxes, counted before they are listed: more than the
    // budget is "not analyzed", as EachBox() would say.
    uint64_t boxes = 1;
    for (const auto& runs : g.holds[r]) {
      const uint64_t n = RunLength(runs);
      boxes = n == 0 ? 0 : boxes > max_steps / n ? max_steps + 1 : boxes * n;
      if (boxes == 0) break;
    }
    if (boxes > max_steps) {
      out->skipped.push_back("dead rows");
      return;
    }
    std::vector<std::vector<size_t>> choices;
    for (const auto& runs : g.holds[r]) {
      std::vector<size_t> ch;
      for (const SegmentRun& run : runs) {
        for (size_t s = run.first; s <= run.last; ++s) ch.push_back(s);
      }
      choices.push_back(std::move(ch));
    }
    bool dead = true;
    std::vector<int> by, failing;
    std::vector<size_t> first, matched;
    bool done = EachBox(choices, max_steps, [&](const std::vector<size_t>& b) {
      if (first.empty()) first = b;
      switch (FirstBefore(g, r, b, &budget, &by, &failing)) {
        case First::kBudgetOut:
          return false;
        case First::kNone:
          dead = false;
          return false;
        case First::kMatch:
          if (matched.empty()) matched = b;
          return true;
        case First::kFailure:
          return true;
      }
      return true;
    });
    if (!done || budget.out) {
      out->skipped.push_back("dead rows");
      return;
    }
    if (!dead) continue;
    std::sort(by.begin(), by.end());
    std::sort(failing.begin(), failing.end());
    Finding f{Finding::Kind::kDeadRow, static_cast<int>(r), by, failing, {}};
    // An example where a row matches first, if any.
    if (!first.empty())
      f.example = Example(t, g, matched.empty() ? first : matched);
    out->findings.push_back(std::move(f));
  }
}

// An input in `set`, not null when there is another; none when empty.
std::optional<Point> PickInput(const ColumnDomain& col, const PointSet& set) {
  std::optional<Point> null;
  for (Span s : set.spans()) {
    if (col.nullable && s.lo == col.NullPoint()) {
      null = s.lo;
      if (s.hi == s.lo) continue;
      ++s.lo;
    }
    if (col.HasInput(s)) return col.Pick(s);
  }
  return null;
}

// Whether known row k fails with an error at `p`: no cell is false there
// and some cell fails.
bool FailsAt(const Table& t, size_t k, const std::vector<Point>& p) {
  bool fails = false;
  for (size_t c = 0; c < p.size(); ++c) {
    const Cell& cell = t.rows[k][c];
    if (cell.set.Contains(p[c])) continue;
    if (!cell.error.Contains(p[c])) return false;
    fails = true;
  }
  return fails;
}

// Pairs of rows whose cells intersect in every column (within the
// column's domain); the example picks from each intersection, null last.
// A pair whose example an earlier row fails on (the record is then an
// evaluation_error before the second row is reached) is not reported.
void Overlaps(const Table& t, const std::vector<bool>& row_known,
              uint64_t max_steps, Result* out) {
  Budget budget{max_steps};
  for (size_t j = 0; j < t.rows.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      if (!row_known[i] || !row_known[j]) continue;
      if (!budget.Take()) {
        out->skipped.push_back("overlaps");
        return;
      }
      std::vector<Point> example;
      for (size_t c = 0; c < t.columns.size(); ++c) {
        auto p = PickInput(t.columns[c], t.rows[i][c]
                                             .set.Intersect(t.rows[j][c].set)
                                             .Intersect(t.columns[c].values));
        if (!p) break;
        example.push_back(*p);
      }
      if (example.size() != t.columns.size()) continue;
      bool failed = false;
      for (size_t k = 0; k < j && !failed; ++k)
        failed = row_known[k] && FailsAt(t, k, example);
      if (failed) continue;
      out->findings.push_back({Finding::Kind::kOverlap,
                               static_cast<int>(j),
                               {static_cast<int>(i)},
                               {},
                               std::move(example)});
    }
  }
}

}  // namespace

Result AnalyzeTable(const Table& table, uint64_t max_steps) {
  Result out;
  Grid g = MakeGrid(table);
  if (table.no_match_is_error && table.hit != Table::Hit::kCollect)
    Gaps(table, g, max_steps, &out);
  if (table.hit == Table::Hit::kFirst) DeadRows(table, g, max_steps, &out);
  if (table.hit == Table::Hit::kUnique)
    Overlaps(table, g.row_known, max_steps, &out);
  return out;
}

}  // namespace verdict::analysis
