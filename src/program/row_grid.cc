#include "src/program/row_grid.h"

#include <algorithm>
#include <map>

namespace verdict {

namespace {

// The literal kinds a grid places, and how a literal joins its slot's
// column; false for any other cell.
bool Placeable(const FastCondition& c, int i) {
  const Value& lit = c.atom_constant(i);
  if (lit.kind() == Kind::kDecimal) {
    const Decimal& d = lit.as_decimal();
    return d.mantissa() == static_cast<int64_t>(d.mantissa());
  }
  // Strings are told apart by equality only.
  return lit.kind() == Kind::kString &&
         (c.atom_op(i) == kEq || c.atom_op(i) == kNe);
}

}  // namespace

int RowGrid::OrderAt(const Column& c, size_t e, const Value& lit) {
  if (c.kind == Kind::kString) {
    const bool same = e < c.texts.size() && c.texts[e] == lit.as_string();
    return same ? 0 : 1;
  }
  if (e % 2 == 1) return FastOrder(c.bounds[e / 2], lit);
  // An open interval below bounds[e / 2]: above every literal before it,
  // below it and every literal after it.
  const size_t k = std::lower_bound(c.bounds.begin(), c.bounds.end(), lit,
                                    [](const Value& a, const Value& b) {
                                      return FastOrder(a, b) < 0;
                                    }) -
                   c.bounds.begin();
  return k < e / 2 ? 1 : -1;
}

std::optional<RowGrid> RowGrid::Build(
    const std::vector<std::vector<const FastCondition*>>& rows) {
  // The slots read, in the order first met, and their literals.
  std::map<int, size_t> column_of;
  RowGrid g;
  for (const auto& row : rows) {
    for (const FastCondition* c : row) {
      if (c->is_set()) return std::nullopt;
      for (int i = 0; i < c->atom_count(); ++i) {
        if (!Placeable(*c, i)) return std::nullopt;
        const Value& lit = c->atom_constant(i);
        auto [it, added] =
            column_of.emplace(c->atom_slot(i), g.columns_.size());
        if (added) {
          g.columns_.emplace_back();
          g.columns_.back().slot = c->atom_slot(i);
          g.columns_.back().kind = lit.kind();
        }
        Column& col = g.columns_[it->second];
        if (col.kind != lit.kind()) return std::nullopt;
        if (col.kind == Kind::kDecimal) {
          col.bounds.push_back(lit);
        } else {
          col.texts.emplace_back(lit.as_string());
        }
      }
    }
  }
  size_t cells = 1;
  for (Column& col : g.columns_) {
    auto less = [](const Value& a, const Value& b) {
      return FastOrder(a, b) < 0;
    };
    auto same = [](const Value& a, const Value& b) {
      return FastOrder(a, b) == 0;
    };
    std::sort(col.bounds.begin(), col.bounds.end(), less);
    col.bounds.erase(std::unique(col.bounds.begin(), col.bounds.end(), same),
                     col.bounds.end());
    std::sort(col.texts.begin(), col.texts.end());
    col.texts.erase(std::unique(col.texts.begin(), col.texts.end()),
                    col.texts.end());
    col.entries = col.kind == Kind::kDecimal ? 2 * col.bounds.size() + 1
                                             : col.texts.size() + 1;
    if (col.entries > kMaxCells / cells) return std::nullopt;
    cells *= col.entries;
    constexpr int kScales = Decimal::kMaxScale + 1;
    col.scaled.assign(col.bounds.size() * kScales, 0);
    for (size_t i = 0; i < col.bounds.size(); ++i) {
      const Decimal& d = col.bounds[i].as_decimal();
      col.max_scale = std::max(col.max_scale, d.scale());
      ScaleMantissa(d, &col.scaled[i * kScales]);
    }
  }
  // Every combination of entries: the first row all of whose comparisons
  // hold there.
  g.winners_.assign(cells, -1);
  std::vector<size_t> entry(g.columns_.size());
  for (size_t cell = 0; cell < cells; ++cell) {
    size_t rest = cell;
    for (size_t k = g.columns_.size(); k-- > 0;) {
      entry[k] = rest % g.columns_[k].entries;
      rest /= g.columns_[k].entries;
    }
    for (size_t r = 0; r < rows.size(); ++r) {
      bool holds = true;
      for (const FastCondition* c : rows[r]) {
        for (int i = 0; holds && i < c->atom_count(); ++i) {
          const size_t k = column_of.at(c->atom_slot(i));
          holds = Satisfies(c->atom_op(i), OrderAt(g.columns_[k], entry[k],
                                                   c->atom_constant(i)));
        }
        if (!holds) break;
      }
      if (holds) {
        g.winners_[cell] = static_cast<int32_t>(r);
        break;
      }
    }
  }
  return g;
}

}  // namespace verdict
