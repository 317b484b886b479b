#include "src/compile/analysis_tables.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>

#include "src/compile/field_type.h"
#include "src/compile/range_cell.h"
#include "src/value/text.h"

namespace verdict {
namespace {

using analysis::Cell;
using analysis::ColumnDomain;
using analysis::Point;
using analysis::PointSet;
using Kind = ColumnDomain::Kind;

struct ColumnInfo {
  ColumnDomain domain;
  std::optional<FieldType> type;  // literals typed by it; none: inferred
  bool input = false;             // a record field or function parameter
  bool supported = true;          // a kind the analysis reasons about
};

// "money?", "int = 0" -> "money", "int".
std::string BareType(const std::string& text) {
  std::string t = Trim(text.substr(0, text.find('=')));
  if (!t.empty() && t.back() == '?') t.pop_back();
  return Trim(t);
}

std::optional<Kind> KindOf(const FieldType& t) {
  switch (t.base) {
    case FieldType::Base::kInt:
      return Kind::kInt;
    case FieldType::Base::kMoney:
      return Kind::kDecimal;
    case FieldType::Base::kDate:
      return Kind::kDate;
    case FieldType::Base::kBool:
      return Kind::kBool;
    case FieldType::Base::kEnum:
      return Kind::kEnum;
    case FieldType::Base::kString:
      return Kind::kString;
    default:
      return std::nullopt;
  }
}

// A decimal as a point (value times 10^18); none when it does not fit.
std::optional<Point> DecimalPoint(const Decimal& d) {
  if (d.scale() < 0 || d.scale() > ColumnDomain::kDecimalScale)
    return std::nullopt;
  Point unit = analysis::PowerOfTen(ColumnDomain::kDecimalScale - d.scale());
  Point limit = (analysis::PowerOfTen(36) - 1) / unit;
  if (d.mantissa() > limit || d.mantissa() < -limit) return std::nullopt;
  return d.mantissa() * unit;
}

// A literal operand as a point of the column; none when it is not one.
std::optional<Point> PointOf(const ColumnInfo& col, const std::string& text,
                             bool quoted) {
  std::string t = CellOperandText(text, &quoted);
  Value v;
  if (col.type) {
    std::string why;
    // Dates only: the zone does not change a date literal.
    if (!col.type->FromText(t, quoted, Zone(), &v, &why)) return std::nullopt;
  } else {
    v = InferLiteral(t, quoted);
  }
  switch (col.domain.kind) {
    case Kind::kInt:
      if (v.kind() == verdict::Kind::kInt) return v.as_int();
      return std::nullopt;
    case Kind::kDecimal:
      if (v.kind() == verdict::Kind::kInt)
        return DecimalPoint(Decimal::FromInt(v.as_int()));
      if (v.kind() == verdict::Kind::kDecimal)
        return DecimalPoint(v.as_decimal());
      return std::nullopt;
    case Kind::kDate:
      if (v.kind() == verdict::Kind::kDate) return v.as_date().days;
      return std::nullopt;
    case Kind::kBool:
      if (v.kind() == verdict::Kind::kBool) return v.as_bool() ? 1 : 0;
      return std::nullopt;
    case Kind::kEnum:
    case Kind::kString:
      if (v.kind() != verdict::Kind::kString) return std::nullopt;
      for (size_t i = 0; i < col.domain.enum_values.size(); ++i) {
        if (col.domain.enum_values[i] == v.as_string())
          return static_cast<Point>(i);
      }
      return std::nullopt;
    case Kind::kAny:
      break;
  }
  return std::nullopt;
}

// The non-null values of the column's kind.
PointSet NonNull(const ColumnInfo& col) {
  return ColumnDomain::FullRange(col.domain.kind, col.domain.enum_values.size(),
                                 false);
}

// The null point of a nullable column, as a set; empty otherwise.
PointSet NullSet(const ColumnInfo& col) {
  if (!col.domain.nullable) return {};
  const Point null = col.domain.NullPoint();
  return PointSet::Of(null, null);
}

// A cell as the set of points it matches, as src/compile/table_cells.cc
// reads it; none when it is not a literal test. `error`, when given, gets
// the points where the cell's test fails with an error instead: null in
// a comparison or range (no overload for null). Null in a value or list
// test is just no match (null == x is false), and null != x holds.
std::optional<PointSet> CellSet(const ColumnInfo& col,
                                const syntax::Scalar& cell,
                                PointSet* error = nullptr) {
  if (error) *error = PointSet();
  PointSet all = ColumnDomain::FullRange(
      col.domain.kind, col.domain.enum_values.size(), col.domain.nullable);
  if (cell.is_null) return all;
  std::string t = Trim(cell.text);
  if (!cell.is_list && (t == "-" || t.empty())) return all;
  if (!col.supported) return std::nullopt;
  if (cell.is_list) {
    PointSet out;
    for (const auto& item : cell.items) {
      auto p = PointOf(col, item.text, item.quoted);
      if (!p) return std::nullopt;
      out = out.Union(PointSet::Of(*p, *p));
    }
    return out;
  }
  if (t.starts_with("=")) return std::nullopt;
  // A string's points are not in its order: only (in)equality is read.
  const bool ordered = col.domain.kind != Kind::kString;
  if (std::optional<RangeCell> range = SplitRangeCell(t)) {
    if (!ordered) return std::nullopt;
    auto a = PointOf(col, std::string(range->lo), false),
         b = PointOf(col, std::string(range->hi), false);
    if (!a || !b) return std::nullopt;
    if (error) *error = NullSet(col);
    return PointSet::Of(range->closed_low ? *a : *a + 1,
                        range->closed_high ? *b : *b - 1)
        .Intersect(NonNull(col));
  }
  static const char* kOps[] = {"<=", ">=", "!=", "<", ">"};
  for (const char* op : kOps) {
    if (!t.starts_with(op)) continue;
    if (!ordered && strcmp(op, "!=") != 0) return std::nullopt;
    auto p = PointOf(col, t.substr(strlen(op)), false);
    if (!p) return std::nullopt;
    PointSet non_null = NonNull(col);
    Point min = non_null.spans().front().lo, max = non_null.spans().back().hi;
    std::string o = op;
    if (o == "!=") return PointSet::Of(*p, *p).ComplementIn(all);
    if (error) *error = NullSet(col);
    if (o == "<=") return PointSet::Of(min, *p);
    if (o == "<") return PointSet::Of(min, *p - 1);
    if (o == ">=") return PointSet::Of(*p, max);
    return PointSet::Of(*p + 1, max);
  }
  auto p = PointOf(col, t, false);
  if (!p) return std::nullopt;
  return PointSet::Of(*p, *p);
}

void SetKind(ColumnInfo* col, const FieldType& type, bool nullable) {
  col->type = type;
  if (auto k = KindOf(type)) {
    col->domain.kind = *k;
    col->domain.enum_values = type.enum_values();
    if (type.IsMoney()) {
      col->domain.step = analysis::PowerOfTen(ColumnDomain::kDecimalScale -
                                              FieldType::kMoneyPlaces);
    }
  } else {
    col->supported = false;
  }
  col->domain.nullable = nullable && col->supported;
}

// The kind of a computed column, from its cells' literals: numbers are
// decimals (a dead row over all decimals is dead over the integers too),
// true/false booleans; anything else is not analyzed.
void InferKind(ColumnInfo* col, const syntax::Decision& d, size_t c) {
  std::optional<Kind> kind;
  for (const auto& r : d.rules) {
    if (c >= r.cells.size()) continue;
    const auto& cell = r.cells[c];
    if (cell.is_null || Trim(cell.text) == "-" || Trim(cell.text).empty())
      continue;
    std::optional<Kind> k;
    for (Kind candidate : {Kind::kDecimal, Kind::kBool}) {
      ColumnInfo probe = *col;
      probe.domain.kind = candidate;
      if (CellSet(probe, cell)) {
        k = candidate;
        break;
      }
    }
    if (!k || (kind && *kind != *k)) {
      col->supported = false;
      col->domain.kind = Kind::kAny;
      return;
    }
    kind = k;
  }
  col->domain.kind = kind.value_or(Kind::kAny);
}

// Adds to a string column's points the strings `cell` tests for
// (equality, lists, !=), as the engine reads them (Operand() in
// table_cells.cc); any other string is the one point past them.
void AddStrings(ColumnInfo* col, const syntax::Scalar& cell) {
  auto add = [&](const std::string& text, bool quoted) {
    std::string t = CellOperandText(text, &quoted);
    Value v;
    std::string why;
    if (!col->type->FromText(t, quoted, Zone(), &v, &why) ||
        v.kind() != verdict::Kind::kString)
      return;
    auto& lits = col->domain.enum_values;
    if (std::find(lits.begin(), lits.end(), v.as_string()) == lits.end())
      lits.push_back(v.as_string());
  };
  if (cell.is_null) return;
  if (cell.is_list) {
    for (const auto& item : cell.items) add(item.text, item.quoted);
    return;
  }
  std::string t = Trim(cell.text);
  if (t == "-" || t.empty() || SplitRangeCell(t)) return;
  if (t.starts_with("!=")) {
    add(t.substr(2), false);
  } else if (t.find_first_of("<>=") != 0) {
    add(t, false);
  }
}

// The strings the cells of column c test for (AddStrings()).
void CollectStrings(ColumnInfo* col, const syntax::Decision& d, size_t c) {
  for (const auto& r : d.rules) {
    if (c < r.cells.size()) AddStrings(col, r.cells[c]);
  }
}

const syntax::Named* FindNamed(const std::vector<syntax::Named>& v,
                               const std::string& name) {
  for (const auto& n : v) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

// The analysis column of the decision's columns `cs`, which all name the
// same value (a string column takes the literals of all of them).
ColumnInfo Column(const syntax::Policy& p, const syntax::Function* fn,
                  const syntax::Decision& d, const std::vector<size_t>& cs) {
  const size_t c = cs[0];
  ColumnInfo col;
  std::string text = Trim(d.columns[c].text);
  col.domain.name = text;
  std::string why;
  auto typed = [&](const std::string& type_text, bool nullable) {
    // The pack loaded, so its types passed its own depth limit; a type
    // nested beyond the default one is a list, which is not analyzed.
    if (auto t = FieldType::Parse(BareType(type_text), &why)) {
      SetKind(&col, *t, nullable);
      if (col.domain.kind == Kind::kString) {
        for (size_t k : cs) CollectStrings(&col, d, k);
      }
      return true;
    }
    col.supported = false;
    return false;
  };
  if (fn) {
    if (const auto* param = FindNamed(fn->params, text)) {
      col.input = true;
      typed(param->value.text, false);
      col.domain.values = ColumnDomain::FullRange(
          col.domain.kind, col.domain.enum_values.size(), false);
      return col;
    }
  }
  if (text.starts_with(p.record + ".")) {
    std::string name = text.substr(p.record.size() + 1);
    for (const auto& f : p.fields) {
      if (f.name != name) continue;
      col.input = true;
      typed(f.type.text, !f.required && !f.default_value);
      // A check's strings are points too: "other" must be a string it
      // accepts.
      if (f.check && col.domain.kind == Kind::kString)
        AddStrings(&col, *f.check);
      col.domain.values = ColumnDomain::FullRange(
          col.domain.kind, col.domain.enum_values.size(), col.domain.nullable);
      // A value its check refuses makes the record invalid, not a gap.
      // Null is not checked: it stays an input.
      if (f.check && col.supported) {
        if (auto ok = CellSet(col, *f.check)) {
          col.domain.values =
              col.domain.values.Intersect(ok->Union(NullSet(col)));
        }
      }
      return col;
    }
  }
  const syntax::Named* declared = FindNamed(p.outputs, text);
  if (!declared) declared = FindNamed(p.locals, text);
  if (!declared || !typed(declared->value.text, false)) {
    col.supported = true;
    col.type.reset();
    col.domain.kind = Kind::kAny;
    InferKind(&col, d, c);
  }
  col.domain.values = ColumnDomain::FullRange(
      col.domain.kind, col.domain.enum_values.size(), col.domain.nullable);
  return col;
}

// Whether no match is an error: some output the table sets may not be null.
bool NoMatchIsError(const syntax::Policy& p, const syntax::Function* fn,
                    const syntax::Decision& d) {
  for (const auto& out : d.outputs) {
    const syntax::Named* n = nullptr;
    if (fn) n = FindNamed(fn->returns, Trim(out.text));
    if (!n) n = FindNamed(p.outputs, Trim(out.text));
    if (!n) n = FindNamed(p.locals, Trim(out.text));
    if (!n) return true;
    std::string t = Trim(n->value.text);
    if (t.empty() || t.back() != '?') return true;
  }
  return false;
}

analysis::Table::Hit HitOf(const std::string& text) {
  if (text == "unique") return analysis::Table::Hit::kUnique;
  if (text == "any") return analysis::Table::Hit::kAny;
  if (text == "collect") return analysis::Table::Hit::kCollect;
  return analysis::Table::Hit::kFirst;
}

// A cell as written, for a note: a list's text is its items.
std::string CellText(const syntax::Scalar& cell) {
  if (!cell.is_list) return cell.text;
  std::string out;
  for (const auto& item : cell.items)
    out += (out.empty() ? "" : ", ") + item.text;
  return "[" + out + "]";
}

// The row's cell in the analysis column that `cs` (columns of the decision
// naming the same value) make: the row holds a value iff every one of
// those cells does, so the cell is their intersection.
Cell MergedCell(const ColumnInfo& col, const syntax::Rule& r,
                const std::vector<size_t>& cs,
                std::vector<std::string>* unknown) {
  Cell cell;
  cell.set = ColumnDomain::FullRange(
      col.domain.kind, col.domain.enum_values.size(), col.domain.nullable);
  PointSet not_false = cell.set;  // where no cell is false
  for (size_t c : cs) {
    std::optional<PointSet> set;
    PointSet error;
    if (c < r.cells.size()) set = CellSet(col, r.cells[c], &error);
    if (set) {
      cell.set = cell.set.Intersect(*set);
      not_false = not_false.Intersect(set->Union(error));
    } else {
      cell.known = false;
      unknown->push_back(r.id + ": " +
                         (c < r.cells.size() ? CellText(r.cells[c]) : ""));
    }
  }
  cell.error = cell.set.ComplementIn(not_false);
  return cell;
}

AnalysisTable TableOf(const syntax::Policy& p, const syntax::Function* fn,
                      const syntax::Decision& d, const std::string& name) {
  AnalysisTable out;
  out.name = name;
  out.function = fn != nullptr;
  out.decision = &d;
  out.table.hit = HitOf(d.hit.text);
  out.table.no_match_is_error = NoMatchIsError(p, fn, d);
  // Columns that name the same value (when: [r.i, r.i]) are one column of
  // the analysis: as two they would be independent, and the analysis
  // would pick two values for one field.
  std::vector<std::vector<size_t>> merged;  // [analysis column] -> columns
  for (size_t c = 0; c < d.columns.size(); ++c) {
    const std::string text = Trim(d.columns[c].text);
    auto same = std::find_if(merged.begin(), merged.end(), [&](auto& cs) {
      return Trim(d.columns[cs[0]].text) == text;
    });
    if (same != merged.end()) {
      same->push_back(c);
    } else {
      merged.push_back({c});
    }
  }
  std::vector<ColumnInfo> cols;
  for (const auto& cs : merged) {
    cols.push_back(Column(p, fn, d, cs));
    const std::string text = Trim(d.columns[cs[0]].text);
    if (!cols.back().input)
      out.computed_columns.push_back(text);
    else if (!cols.back().supported)
      out.unread_columns.push_back(text);
  }
  for (const ColumnInfo& col : cols) out.table.columns.push_back(col.domain);
  for (const auto& r : d.rules) {
    std::vector<Cell> row;
    for (size_t k = 0; k < cols.size(); ++k)
      row.push_back(MergedCell(cols[k], r, merged[k], &out.unknown_cells));
    out.table.rows.push_back(std::move(row));
  }
  return out;
}

bool IsTable(const syntax::Decision& d) {
  if (!d.columns.empty()) return true;
  for (const auto& r : d.rules) {
    if (r.from_table) return true;
  }
  return false;
}

}  // namespace

std::vector<AnalysisTable> AnalysisTablesOf(const syntax::Policy& policy) {
  std::vector<AnalysisTable> out;
  for (const auto& d : policy.decisions) {
    if (IsTable(d)) out.push_back(TableOf(policy, nullptr, d, d.id));
  }
  for (const auto& f : policy.functions) {
    if (IsTable(f.decision))
      out.push_back(TableOf(policy, &f, f.decision, f.name));
  }
  return out;
}

std::vector<PatternList> PatternListsOf(const syntax::Policy& policy) {
  static const RE2 kCall(
      R"(first_pattern\s*\(\s*([^,()]+?)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\))");
  std::vector<std::string> texts;
  for (const auto& l : policy.lets) texts.push_back(l.value.text);
  for (const auto& d : policy.decisions) {
    for (const auto& r : d.rules) {
      for (const auto& w : r.when) texts.push_back(w.text);
      for (const auto& t : r.then) texts.push_back(t.value.text);
    }
  }
  std::vector<PatternList> out;
  std::set<std::string> seen;
  for (const auto& text : texts) {
    re2::StringPiece in(text);
    std::string subject, name;
    while (RE2::FindAndConsume(&in, kCall, &subject, &name)) {
      const syntax::Named* param = FindNamed(policy.params, name);
      if (!param || !param->value.is_list || !seen.insert(name).second)
        continue;
      out.push_back({name, subject, param});
    }
  }
  return out;
}

}  // namespace verdict
