// Differential test of the table index (src/program/table_index.h) on
// generated large tables (fixed seed) of every hit policy: first, unique,
// any, collect. Each table mixes hashed columns (int and string equality,
// duplicate keys) with interval columns (overlapping ranges, gaps,
// comparisons, `!=`; over ints and dates searched as integers, money as
// decimals), wildcard `-` cells and an optional int column whose
// null values send the index to the full scan. Every record is decided
//  * by Reference() below, which reads the generator's own description of the
//    table and shares no code with the engine, and
//  * by the engine with its index and again with the index removed (the
//    linear scan), with and without trace: outputs, errors and traces must
//    be identical.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

// int, money (in cents), string, int?, date (days after 2026-01-01)
enum class Col { kN, kM, kS, kO, kD };
enum class Test { kAny, kLt, kLe, kGt, kGe, kEq, kNe, kRange };

struct Cell {
  Test test = Test::kAny;
  int64_t a = 0, b = 0;
  bool lo_closed = true, hi_closed = false;
  std::string word;  // string columns: equality with this word
  std::string text;
};

struct Table {
  std::vector<Col> cols;
  std::vector<bool> eq_only;  // per column: only equality cells (hashed)
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> labels;
  std::string hit;
};

std::string Cents(int64_t v) {
  std::string s = v < 0 ? "-" : "";
  int64_t a = v < 0 ? -v : v;
  std::string frac = std::to_string(100 + a % 100).substr(1);
  return s + std::to_string(a / 100) + "." + frac;
}

// Day v after 2026-01-01 (v may be negative) as a date literal.
std::string DateText(int64_t v) {
  return Date{Date::Parse("2026-01-01")->days + static_cast<int32_t>(v)}
      .ToString();
}

struct Gen {
  std::mt19937_64 rng{1212};
  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
  std::string Text(Col c, int64_t v) {
    if (c == Col::kD) return DateText(v);
    return c == Col::kM ? Cents(v) : std::to_string(v);
  }

  Cell MakeCell(Col c, bool eq_only) {
    Cell cell;
    if (Int(0, 3) == 0) {
      cell.text = "-";
      return cell;
    }
    if (c == Col::kS) {
      cell.test = Test::kEq;
      cell.word = std::string("w") + std::to_string(Int(0, 11));
      cell.text = cell.word;
      return cell;
    }
    cell.a = Int(-20, 120);
    if (eq_only) {
      cell.test = Test::kEq;
      cell.text = Text(c, cell.a);
      return cell;
    }
    static const Test kTests[] = {Test::kLt,    Test::kLe,    Test::kGt,
                                  Test::kGe,    Test::kEq,    Test::kNe,
                                  Test::kRange, Test::kRange, Test::kRange};
    cell.test = kTests[Int(0, 8)];
    static const char* kOps[] = {"", "< ", "<= ", "> ", ">= ", "", "!= "};
    if (cell.test == Test::kRange) {
      cell.b = cell.a + Int(0, 15);  // short ranges: overlaps and gaps
      cell.lo_closed = Int(0, 1) == 0;
      cell.hi_closed = Int(0, 1) == 0;
      cell.text = std::string(cell.lo_closed ? "[" : "(") + Text(c, cell.a) +
                  ".." + Text(c, cell.b) + (cell.hi_closed ? "]" : ")");
    } else {
      cell.text = kOps[static_cast<int>(cell.test)] + Text(c, cell.a);
    }
    return cell;
  }

  Table MakeTable(const std::string& hit) {
    Table t;
    t.hit = hit;
    for (Col c : {Col::kN, Col::kM, Col::kS, Col::kO, Col::kD}) {
      if (Int(0, 2) != 0) {
        t.cols.push_back(c);
        t.eq_only.push_back(c == Col::kS || Int(0, 1) == 0);
      }
    }
    if (t.cols.empty()) t.cols.push_back(Col::kN), t.eq_only.push_back(false);
    const int rows = static_cast<int>(Int(16, 160));
    for (int i = 0; i < rows; ++i) {
      std::vector<Cell> r;
      for (size_t c = 0; c < t.cols.size(); ++c)
        r.push_back(MakeCell(t.cols[c], t.eq_only[c]));
      t.rows.push_back(r);
      t.labels.push_back(hit == "any" ? (i % 3 ? "many" : "few")
                                      : "row" + std::to_string(i));
    }
    return t;
  }
};

const char* kColName[] = {"n", "m", "s", "o", "d"};

std::string Yaml(const Table& t) {
  std::ostringstream y;
  y << "policy: gen\nrecord: r\nfields:\n  n: int\n  m: money\n  s: string\n"
       "  o: int?\n  d: date\noutputs:\n  "
    << (t.hit == "collect" ? "hits: list" : "label: string?")
    << "\ndecisions:\n  - id: t\n    hit: " << t.hit
    << (t.hit == "collect" ? "\n    into: hits" : "")
    << "\n    table:\n      when: [";
  for (size_t i = 0; i < t.cols.size(); ++i)
    y << (i ? ", " : "") << "r." << kColName[static_cast<int>(t.cols[i])];
  y << "]\n      then: [label]\n      rows:\n";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    y << "        r" << i << ": [";
    for (const Cell& c : t.rows[i]) y << "\"" << c.text << "\", ";
    y << t.labels[i] << "]\n";
  }
  return y.str();
}

struct Record {
  int64_t n, m;
  std::string s;
  std::optional<int64_t> o;
  int64_t d = 0;
};

enum class Truth { kFalse, kTrue, kError };

Truth Holds(const Cell& c, const Record& r, Col col) {
  if (c.test == Test::kAny) return Truth::kTrue;
  if (col == Col::kS) return c.word == r.s ? Truth::kTrue : Truth::kFalse;
  if (col == Col::kO && !r.o) {
    // CEL: null == 5 is false, null != 5 is true, null < 5 has no overload.
    if (c.test == Test::kEq) return Truth::kFalse;
    if (c.test == Test::kNe) return Truth::kTrue;
    return Truth::kError;
  }
  const int64_t v = col == Col::kN   ? r.n
                    : col == Col::kM ? r.m
                    : col == Col::kD ? r.d
                                     : *r.o;
  bool ok = false;
  switch (c.test) {
    case Test::kLt:
      ok = v < c.a;
      break;
    case Test::kLe:
      ok = v <= c.a;
      break;
    case Test::kGt:
      ok = v > c.a;
      break;
    case Test::kGe:
      ok = v >= c.a;
      break;
    case Test::kEq:
      ok = v == c.a;
      break;
    case Test::kNe:
      ok = v != c.a;
      break;
    case Test::kRange:
      ok = (c.lo_closed ? v >= c.a : v > c.a) &&
           (c.hi_closed ? v <= c.b : v < c.b);
      break;
    default:
      break;
  }
  return ok ? Truth::kTrue : Truth::kFalse;
}

// The label (first, unique, any), the labels joined by ',' (collect), or
// "error".
std::string Reference(const Table& t, const Record& r) {
  std::vector<std::string> hits;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    bool any_false = false, any_error = false;
    for (size_t c = 0; c < t.cols.size(); ++c) {
      Truth h = Holds(t.rows[i][c], r, t.cols[c]);
      any_false |= h == Truth::kFalse;
      any_error |= h == Truth::kError;
    }
    if (any_false) continue;
    if (any_error) return "error";
    if (t.hit == "first") return t.labels[i];
    hits.push_back(t.labels[i]);
  }
  if (t.hit == "collect") {
    std::string all;
    for (const auto& h : hits) all += (all.empty() ? "" : ",") + h;
    return all;
  }
  if (hits.empty()) return "";  // label is nullable: no rule, no label
  if (t.hit == "unique" && hits.size() > 1) return "error";
  for (const auto& h : hits) {
    if (h != hits[0]) return "error";  // any: disagreeing outputs
  }
  return hits[0];
}

std::string Json(const Record& r) {
  return "{\"n\": " + std::to_string(r.n) + ", \"m\": " + Cents(r.m) +
         ", \"s\": \"" + r.s +
         "\", \"o\": " + (r.o ? std::to_string(*r.o) : "null") + ", \"d\": \"" +
         DateText(r.d) + "\"}\n";
}

// The engine's decision in the reference's terms.
std::string Outcome(const Decision& d, const std::string& hit) {
  if (!d.ok()) return "error";
  if (hit != "collect") {
    const Value* v = d.Get("label");
    return v && !v->is_null() ? v->as_string() : "";
  }
  std::string all;
  // One output column: each matching row adds its label itself.
  for (const Value& item : d.Get("hits")->as_list())
    all += (all.empty() ? "" : ",") + item.as_string();
  return all;
}

// Everything a caller can see of a decision: outputs, error, trace.
std::string Everything(const Decision& d) {
  std::string s = d.ok() ? "ok" : d.error->code + ": " + d.error->message;
  for (const auto& [k, v] : d.outputs) s += "|" + k + "=" + v.DebugString();
  for (const TraceEntry& t : d.trace) {
    s += "|" + t.decision + "." + t.rule;
    for (const auto& [k, v] : t.values) s += " " + k + "=" + v.DebugString();
  }
  return s;
}

Record MakeRecord(Gen& g, const Table& t) {
  Record r{g.Int(-25, 125), g.Int(-25, 125), "w" + std::to_string(g.Int(0, 12)),
           std::nullopt};
  if (g.Int(0, 4) != 0) r.o = g.Int(-25, 125);
  r.d = g.Int(-25, 125);
  // Often exactly on a cell's bound, where off-by-one bugs live.
  const auto& row = t.rows[g.Int(0, t.rows.size() - 1)];
  for (size_t c = 0; c < t.cols.size(); ++c) {
    const Cell& cell = row[c];
    if (cell.test == Test::kAny || g.Int(0, 2) == 0) continue;
    const int64_t v =
        cell.test == Test::kRange && g.Int(0, 1) ? cell.b : cell.a;
    if (t.cols[c] == Col::kN) r.n = v;
    if (t.cols[c] == Col::kM) r.m = v;
    if (t.cols[c] == Col::kS) r.s = cell.word;
    if (t.cols[c] == Col::kO && r.o) r.o = v;
    if (t.cols[c] == Col::kD) r.d = v;
  }
  return r;
}

TEST(TableIndexTest, LargeTablesAgreeWithReferenceAndLinearScan) {
  Gen g;
  int tables = 0, records = 0, decided = 0, errors = 0, hashed = 0, ranged = 0;
  int int_ranged = 0, date_ranged = 0;
  for (const char* hit : {"first", "unique", "any", "collect"}) {
    for (int k = 0; k < 20; ++k, ++tables) {
      Table t = g.MakeTable(hit);
      LoadResult lr = Pack::Load(testing_util::WritePack(
          "tableindex", {{"gen.yaml", Yaml(t)},
                         {"calendar.yaml", testing_util::kWeekendCalendar}}));
      for (const auto& d : lr.diagnostics) {
        if (d.severity == Diagnostic::Severity::kError)
          ADD_FAILURE() << d.ToString();
      }
      ASSERT_TRUE(lr.ok()) << Yaml(t);
      // Every cell is a literal test: every generated table is indexed.
      auto& decision = const_cast<CompiledDecision&>(
          PackAccess::Impl(*lr.pack).Find("gen")->decisions[0]);
      ASSERT_NE(decision.index, nullptr) << Yaml(t);
      for (const auto& c : decision.index->columns()) {
        (c.hashed ? hashed : ranged)++;
        if (!c.hashed && !c.int_bounds.empty()) {
          ++int_ranged;
          date_ranged += c.kind == Kind::kDate;
        }
      }
      std::vector<Record> recs;
      std::string lines;
      for (int i = 0; i < 150; ++i) {
        recs.push_back(MakeRecord(g, t));
        lines += Json(recs.back());
      }
      EvalOptions plain, traced;
      plain.as_of = traced.as_of = *Date::Parse("2026-11-24");
      traced.trace = true;
      auto a = lr.pack->EvaluateJsonLines("gen", lines, plain);
      auto b = lr.pack->EvaluateJsonLines("gen", lines, traced);
      auto index = std::move(decision.index);  // now the linear scan
      auto la = lr.pack->EvaluateJsonLines("gen", lines, plain);
      auto lb = lr.pack->EvaluateJsonLines("gen", lines, traced);
      decision.index = std::move(index);
      ASSERT_EQ(a.size(), recs.size());
      ASSERT_EQ(b.size(), recs.size());
      for (size_t i = 0; i < recs.size(); ++i, ++records) {
        const std::string want = Reference(t, recs[i]);
        ASSERT_EQ(Outcome(a[i], t.hit), want) << Yaml(t) << Json(recs[i]);
        ASSERT_EQ(Outcome(b[i], t.hit), want) << Yaml(t) << Json(recs[i]);
        ASSERT_EQ(Everything(a[i]), Everything(la[i])) << Json(recs[i]);
        ASSERT_EQ(Everything(b[i]), Everything(lb[i])) << Json(recs[i]);
        (want == "error" ? errors : decided)++;
      }
    }
  }
  std::printf(
      "table index: %d tables (%d hashed, %d interval columns, %d "
      "of them searched as integers, %d dates), %d records x 4 "
      "runs, %d decided, %d errors\n",
      tables, hashed, ranged, int_ranged, date_ranged, records, decided,
      errors);
  EXPECT_GT(hashed, 20);
  EXPECT_GT(ranged, 20);
  EXPECT_GT(int_ranged, 10);
  EXPECT_GT(date_ranged, 5);
  EXPECT_GT(decided, records / 3);
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace verdict
