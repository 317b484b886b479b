#include "src/check/table_analysis.h"

#include <algorithm>

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
    if (row[c].known) add(row[c].set.Intersect(col.values));
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
    std::vector<std::vector<SegmentRun>> cols;
    bool known = true;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const auto& segs = g.segments[c];
      if (row[c].known) {
        cols.push_back(RunsOf(row[c].set, segs));
      } else {
        known = false;
        cols.push_back({});
        if (!segs.empty())
          cols.back().push_back({0, static_cast<uint32_t>(segs.size() - 1)});
      }
    }
    g.holds.push_back(std::move(cols));
    g.row_known.push_back(known);
  }
  return g;
}

bool RowHolds(const Grid& g, size_t r, const std::vector<size_t>& box) {
  for (size_t c = 0; c < box.size(); ++c) {
    if (!InRuns(g.holds[r][c], box[c])) return false;
  }
  return true;
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
      if (RowHolds(g, r, b)) return true;
    }
    out->findings.push_back({Finding::Kind::kGap, -1, {}, Example(t, g, b)});
    return false;
  });
  if (!done || budget.out) out->skipped.push_back("gaps");
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
    std::vector<int> by;
    std::vector<size_t> first;
    bool done = EachBox(choices, max_steps, [&](const std::vector<size_t>& b) {
      if (first.empty()) first = b;
      for (size_t e = 0; e < r; ++e) {
        if (!budget.Take()) return false;
        if (!RowHolds(g, e, b)) continue;
        // A row with unknown cells may match first here, so it is named
        // too; only a known row settles that r is shadowed.
        if (std::find(by.begin(), by.end(), e) == by.end())
          by.push_back(static_cast<int>(e));
        if (g.row_known[e]) return true;
      }
      dead = false;
      return false;
    });
    if (!done || budget.out) {
      out->skipped.push_back("dead rows");
      return;
    }
    if (!dead) continue;
    std::sort(by.begin(), by.end());
    Finding f{Finding::Kind::kDeadRow, static_cast<int>(r), by, {}};
    if (!first.empty()) f.example = Example(t, g, first);
    out->findings.push_back(std::move(f));
  }
}

// Pairs of rows whose cells intersect in every column (within the
// column's domain); the example picks from each intersection.
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
        PointSet common = t.rows[i][c]
                              .set.Intersect(t.rows[j][c].set)
                              .Intersect(t.columns[c].values);
        const auto& spans = common.spans();
        auto input = std::find_if(
            spans.begin(), spans.end(),
            [&](const Span& s) { return t.columns[c].HasInput(s); });
        if (input == spans.end()) break;
        example.push_back(t.columns[c].Pick(*input));
      }
      if (example.size() != t.columns.size()) continue;
      out->findings.push_back({Finding::Kind::kOverlap,
                               static_cast<int>(j),
                               {static_cast<int>(i)},
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
