// verdict/analysis.h: runs the check-stage analyses (src/check/
// table_analysis.h, pattern_shadow.h) on what src/compile/analysis_tables.h
// reads from each policy, and words their findings.
#include "verdict/analysis.h"

#include <algorithm>

#include "src/api/pack_access.h"
#include "src/check/pattern_shadow.h"
#include "src/compile/analysis_tables.h"
#include "src/parse/columns.h"

namespace verdict {
namespace {

using Kind = TableFinding::Kind;

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "row mass matches" / "rows a, b match".
std::string Shadowers(const std::string& noun,
                      const std::vector<std::string>& by) {
  return by.size() == 1 ? noun + " " + by[0] + " matches"
                        : noun + "s " + Join(by) + " match";
}

std::string ExampleText(const analysis::Table& t,
                        const std::vector<analysis::Point>& points) {
  std::string out = "{";
  for (size_t c = 0; c < points.size(); ++c) {
    if (t.columns[c].kind == analysis::ColumnDomain::Kind::kAny) continue;
    if (out.size() > 1) out += ", ";
    out += t.columns[c].name + ": " + t.columns[c].Print(points[c]);
  }
  return out + "}";
}

TableFinding At(const syntax::Policy& p, const syntax::Pos& pos, Kind kind,
                const std::string& table) {
  TableFinding f;
  f.kind = kind;
  f.file = pos.file.empty() ? p.file : pos.file.str();
  f.line = pos.line;
  f.column = pos.column;  // in bytes, until ToCharacterColumns()
  f.policy = p.name;
  f.table = table;
  return f;
}

std::vector<std::string> RowIds(const syntax::Decision& d,
                                const std::vector<int>& rows) {
  std::vector<std::string> out;
  for (int r : rows) out.push_back(d.rules[r].id);
  return out;
}

// Why a dead row is dead: the rows that match its inputs first, and
// those that fail first (evaluation_error) on the others.
std::string DeadRowReason(const std::vector<std::string>& by,
                          const std::vector<std::string>& failing,
                          const std::string& example) {
  std::string fail = failing.size() == 1 ? "row " + failing[0] + " fails"
                                         : "rows " + Join(failing) + " fail";
  if (by.empty() && failing.empty()) return "it matches no input";
  if (by.empty())
    return fail + " first (evaluation_error) on every input it matches, e.g. " +
           example;
  return Shadowers("row", by) + " first every input it matches" +
         (failing.empty()
              ? ""
              : ", except where " + fail + " first (evaluation_error)") +
         ", e.g. " + example;
}

// One finding of the table analysis, worded.
TableFinding Word(const syntax::Policy& p, const AnalysisTable& at,
                  const analysis::Finding& f) {
  const syntax::Decision& d = *at.decision;
  std::string where =
      (at.function ? "function " : "table ") + at.name + " of " + p.name;
  bool computed = !at.computed_columns.empty();
  std::string example =
      f.example.empty() ? "" : ExampleText(at.table, f.example);
  std::string maybe = " (" + Join(at.computed_columns) +
                      " computed: that value may be unreachable)";
  TableFinding out;
  switch (f.kind) {
    case analysis::Finding::Kind::kGap:
      out = At(p, d.pos, computed ? Kind::kNote : Kind::kGap, at.name);
      out.message = std::string(computed ? "possible gap" : "gap") + " in " +
                    where + ": no row matches e.g. " + example +
                    (computed ? maybe : "");
      break;
    case analysis::Finding::Kind::kDeadRow:
      out = At(p, d.rules[f.row].pos, Kind::kDeadRow, at.name);
      out.row = d.rules[f.row].id;
      out.by = RowIds(d, f.others);
      out.message = "dead row " + out.row + " in " + where + ": " +
                    DeadRowReason(out.by, RowIds(d, f.failing), example);
      break;
    case analysis::Finding::Kind::kOverlap:
      out = At(p, d.rules[f.row].pos, computed ? Kind::kNote : Kind::kOverlap,
               at.name);
      out.row = d.rules[f.row].id;
      out.by = RowIds(d, f.others);
      out.message = std::string(computed ? "possible overlap" : "overlap") +
                    " in unique " + where + ": rows " + out.by[0] + " and " +
                    out.row + " both match e.g. " + example +
                    (computed ? maybe : "");
      break;
  }
  out.example = example;
  return out;
}

void AnalyzeTablesOf(const syntax::Policy& p, std::vector<TableFinding>* out) {
  for (const AnalysisTable& at : AnalysisTablesOf(p)) {
    std::string where =
        (at.function ? "function " : "table ") + at.name + " of " + p.name;
    if (!at.unread_columns.empty()) {
      TableFinding n = At(p, at.decision->pos, Kind::kNote, at.name);
      n.message = where +
                  ": not analyzed: the analysis does not read the "
                  "type of " +
                  Join(at.unread_columns);
      out->push_back(std::move(n));
      continue;
    }
    analysis::Result r = analysis::AnalyzeTable(at.table);
    for (const auto& f : r.findings) out->push_back(Word(p, at, f));
    if (!at.unknown_cells.empty()) {
      TableFinding n = At(p, at.decision->pos, Kind::kNote, at.name);
      n.message = where + ": cells that are not literal tests (" +
                  Join(at.unknown_cells) +
                  ") are analyzed conservatively: findings there may be missed";
      out->push_back(std::move(n));
    }
    for (const auto& q : r.skipped) {
      TableFinding n = At(p, at.decision->pos, Kind::kNote, at.name);
      n.message = where + ": " + q + " not analyzed (the table is too large)";
      out->push_back(std::move(n));
    }
  }
}

void AnalyzePatternsOf(const syntax::Policy& p,
                       std::vector<TableFinding>* out) {
  for (const PatternList& pl : PatternListsOf(p)) {
    const auto& items = pl.list->value.items;
    std::vector<std::string> texts;
    for (const auto& i : items) texts.push_back(i.text);
    auto verdicts = analysis::AnalyzePatternList(texts);
    std::string where = "pattern list " + pl.param + " of " + p.name;
    for (size_t k = 0; k < verdicts.size(); ++k) {
      const auto& v = verdicts[k];
      if (v.state == analysis::PatternVerdict::State::kUndecided) {
        TableFinding n = At(p, items[k].pos, Kind::kNote, pl.param);
        n.message = where + ": whether " + texts[k] +
                    " is shadowed was not decided (search too large)";
        out->push_back(std::move(n));
      }
      if (v.state != analysis::PatternVerdict::State::kDead) continue;
      TableFinding f = At(p, items[k].pos, Kind::kDeadRow, pl.param);
      f.row = texts[k];
      for (int j : v.by) f.by.push_back(texts[j]);
      if (!v.example.empty())
        f.example = "{" + pl.subject + ": \"" + v.example + "\"}";
      f.message = "dead row " + f.row + " in " + where + ": " +
                  (f.by.empty() ? "it matches no number"
                                : Shadowers("pattern", f.by) +
                                      " first every number it matches, e.g. " +
                                      f.example);
      out->push_back(std::move(f));
    }
  }
}

bool Allows(const syntax::AnalysisAllow& a, const TableFinding& f) {
  if (a.finding.text != f.kind_name() || a.table.text != f.table) return false;
  if (a.rows.empty()) return true;
  for (const auto& r : a.rows) {
    if (r.text == f.row) return true;
  }
  return false;
}

// Marks the findings the policy's exceptions allow; an exception that
// allows nothing becomes a finding itself.
void ApplyExceptions(const syntax::Policy& p, size_t first,
                     std::vector<TableFinding>* out) {
  for (const auto& a : p.analysis_allow) {
    bool used = false;
    for (size_t i = first; i < out->size(); ++i) {
      TableFinding& f = (*out)[i];
      if (f.kind == Kind::kNote || !Allows(a, f)) continue;
      f.allowed = a.reason;
      used = true;
    }
    if (used) continue;
    TableFinding u = At(p, a.pos, Kind::kUnusedException, a.table.text);
    u.message = "analysis exception matches no finding: " + a.finding.text +
                " in " + a.table.text +
                (a.rows.empty() ? "" : " (rows listed there)");
    out->push_back(std::move(u));
  }
}

// The columns of `p`'s findings (from `first` on) in characters, as
// diagnostics count them (columns.h), from the policy's text as loaded; its
// lines are found once.
void ToCharacterColumns(const syntax::Policy& p, size_t first,
                        std::vector<TableFinding>* out) {
  if (!p.text) return;
  const syntax::TextLines lines(*p.text);
  for (size_t i = first; i < out->size(); ++i) {
    TableFinding& f = (*out)[i];
    if (f.file == p.file) f.column = lines.Column(f.line, f.column);
  }
}

}  // namespace

const char* TableFinding::kind_name() const {
  switch (kind) {
    case Kind::kGap:
      return "gap";
    case Kind::kDeadRow:
      return "dead_row";
    case Kind::kOverlap:
      return "overlap";
    case Kind::kUnusedException:
      return "unused_exception";
    case Kind::kNote:
      break;
  }
  return "note";
}

std::string TableFinding::ToString() const {
  std::string where =
      file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (warning()) return where + "warning: " + message;
  if (!allowed.empty())
    return where + "note: allowed by an analysis exception: " + message;
  return where + "note: " + message;
}

std::vector<TableFinding> AnalyzeTables(const Pack& pack) {
  std::vector<TableFinding> out;
  for (const auto& kept : PackAccess::Impl(pack).syntax.policies) {
    const syntax::Policy p = PackAccess::PolicySyntax(pack, kept);
    size_t first = out.size();
    AnalyzeTablesOf(p, &out);
    AnalyzePatternsOf(p, &out);
    ApplyExceptions(p, first, &out);
    ToCharacterColumns(p, first, &out);
  }
  return out;
}

}  // namespace verdict
