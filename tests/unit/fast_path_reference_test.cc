// Differential test of the table fast paths (FastCondition, DirectTable)
// against a deliberately simple reference evaluator that shares no code with
// them: generated tables (fixed seed) of every hit policy over int, money,
// string, date and optional int columns, and generated records, decided by
// the engine through JSON Lines (direct path, and with trace the general
// path) and by Reference() below, which holds every value as a plain
// integer (money in millionths, dates as day numbers) and reads the table
// from the generator's own description, never from the compiled pack.
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

// ---- the generated table, as the reference sees it ----------------------

enum class Col { kN, kM, kS, kD, kO };  // int, money, string, date, int?
enum class CellTest { kAny, kLt, kLe, kGt, kGe, kEq, kNe, kRange, kOneOf };

struct Cell {
  CellTest test = CellTest::kAny;
  int64_t a = 0, b = 0;  // operands (range: a..b)
  bool lo_closed = true, hi_closed = false;
  std::vector<std::string> words;  // string equality / one-of
  std::string text;                // as written in the YAML
};

struct Row {
  std::vector<Cell> cells;  // one per column
  std::string label;
};

struct Table {
  std::vector<Col> cols;
  std::vector<Row> rows;
  std::string hit;
};

constexpr int64_t kMicro = 1000000;  // money held in millionths

// Month lengths of 2026, January to March: day numbers 0..89 from 01-01.
std::string DateText(int64_t day) {
  static const int kLen[] = {31, 28, 31};
  int m = 0;
  while (day >= kLen[m]) day -= kLen[m++];
  char buf[40];
  std::snprintf(buf, sizeof buf, "2026-%02d-%02d", m + 1,
                static_cast<int>(day) + 1);
  return buf;
}

// Money text of `v` millionths with exactly `scale` fractional digits.
std::string MoneyText(int64_t v, int scale) {
  std::string sign = v < 0 ? "-" : "";
  int64_t a = v < 0 ? -v : v;
  std::string s = std::to_string(a / kMicro);
  if (scale > 0) {
    std::string frac = std::to_string(kMicro + a % kMicro).substr(1);
    s += "." + frac.substr(0, scale);
  }
  return sign + s;
}

struct Gen {
  std::mt19937_64 rng{20261202};
  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
  // A money value of the given scale (at most 6) near the interesting range.
  int64_t Money(int scale) {
    int64_t unit = 1;
    for (int i = scale; i < 6; ++i) unit *= 10;
    return Int(-200 * kMicro / unit, 2000 * kMicro / unit) * unit;
  }
  std::string Text(Col c, int64_t v, int scale) {
    if (c == Col::kM) return MoneyText(v, scale);
    if (c == Col::kD) return DateText(v);
    return std::to_string(v);
  }
  int64_t Operand(Col c, int* scale) {
    *scale = static_cast<int>(Int(0, 4));
    if (c == Col::kM) return Money(*scale);
    if (c == Col::kD) return Int(0, 89);
    return Int(-5, 15);
  }

  bool allow_one_of = true;

  Cell MakeCell(Col c) {
    Cell cell;
    if (Int(0, 3) == 0) {
      cell.text = "-";
      return cell;
    }
    if (c == Col::kS) {
      static const char* kWords[] = {"a", "b", "c", "d"};
      if (!allow_one_of || Int(0, 1) == 0) {
        cell.test = CellTest::kEq;
        cell.words = {kWords[Int(0, 3)]};
        cell.text = cell.words[0];
      } else {
        cell.test = CellTest::kOneOf;
        cell.words = {kWords[Int(0, 3)], kWords[Int(0, 3)]};
        cell.text = "[" + cell.words[0] + ", " + cell.words[1] + "]";
      }
      return cell;
    }
    int sa, sb;
    cell.a = Operand(c, &sa);
    static const CellTest kTests[] = {
        CellTest::kLt, CellTest::kLe, CellTest::kGt,   CellTest::kGe,
        CellTest::kEq, CellTest::kNe, CellTest::kRange};
    cell.test = kTests[Int(0, 6)];
    static const char* kOps[] = {"", "< ", "<= ", "> ", ">= ", "", "!= "};
    if (cell.test == CellTest::kRange) {
      cell.b = Operand(c, &sb);
      if (cell.b < cell.a) std::swap(cell.a, cell.b), std::swap(sa, sb);
      cell.lo_closed = Int(0, 1) == 0;
      cell.hi_closed = Int(0, 1) == 0;
      cell.text = std::string(cell.lo_closed ? "[" : "(") +
                  Text(c, cell.a, sa) + ".." + Text(c, cell.b, sb) +
                  (cell.hi_closed ? "]" : ")");
    } else {
      cell.text = kOps[static_cast<int>(cell.test)] + Text(c, cell.a, sa);
    }
    return cell;
  }

  Table MakeTable(const std::string& hit) {
    Table t;
    t.hit = hit;
    for (Col c : {Col::kN, Col::kM, Col::kS, Col::kD, Col::kO}) {
      if (Int(0, 2) != 0) t.cols.push_back(c);
    }
    if (t.cols.empty()) t.cols.push_back(Col::kM);
    int rows = static_cast<int>(Int(1, 10));
    for (int i = 0; i < rows; ++i) {
      Row r;
      for (Col c : t.cols) r.cells.push_back(MakeCell(c));
      // `any` needs agreeing outputs to be interesting: two labels only.
      r.label =
          hit == "any" ? (i % 2 ? "odd" : "even") : "row" + std::to_string(i);
      t.rows.push_back(r);
    }
    return t;
  }
};

const char* kColName[] = {"n", "m", "s", "d", "o"};

std::string Yaml(const Table& t) {
  std::ostringstream y;
  y << "policy: gen\nrecord: r\nfields:\n  n: int\n  m: money\n  s: string\n"
       "  d: date\n  o: int?\noutputs:\n  label: string\n"
       "decisions:\n  - id: t\n    hit: "
    << t.hit << "\n    table:\n      when: [";
  for (size_t i = 0; i < t.cols.size(); ++i) {
    y << (i ? ", " : "") << "r." << kColName[static_cast<int>(t.cols[i])];
  }
  y << "]\n      then: [label]\n      rows:\n";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    y << "        r" << i << ": [";
    for (const Cell& c : t.rows[i].cells) {
      y << (c.words.size() > 1 ? c.text : "\"" + c.text + "\"") << ", ";
    }
    y << t.rows[i].label << "]\n";
  }
  return y.str();
}

// ---- records and the reference ------------------------------------------

struct Record {
  int64_t n, m, d;
  int m_scale;
  std::string s;
  std::optional<int64_t> o;
};

enum class Truth { kFalse, kTrue, kError };

Truth Holds(const Cell& c, const Record& r, Col col) {
  if (c.test == CellTest::kAny) return Truth::kTrue;
  if (col == Col::kS) {
    for (const auto& w : c.words) {
      if (w == r.s) return Truth::kTrue;
    }
    return Truth::kFalse;
  }
  if (col == Col::kO && !r.o) {
    // CEL: null == 5 is false, null != 5 is true, null < 5 has no overload.
    if (c.test == CellTest::kEq) return Truth::kFalse;
    if (c.test == CellTest::kNe) return Truth::kTrue;
    return Truth::kError;
  }
  int64_t v = col == Col::kN   ? r.n
              : col == Col::kM ? r.m
              : col == Col::kD ? r.d
                               : *r.o;
  bool ok = false;
  switch (c.test) {
    case CellTest::kLt:
      ok = v < c.a;
      break;
    case CellTest::kLe:
      ok = v <= c.a;
      break;
    case CellTest::kGt:
      ok = v > c.a;
      break;
    case CellTest::kGe:
      ok = v >= c.a;
      break;
    case CellTest::kEq:
      ok = v == c.a;
      break;
    case CellTest::kNe:
      ok = v != c.a;
      break;
    case CellTest::kRange:
      ok = (c.lo_closed ? v >= c.a : v > c.a) &&
           (c.hi_closed ? v <= c.b : v < c.b);
      break;
    default:
      break;
  }
  return ok ? Truth::kTrue : Truth::kFalse;
}

// "label" or "error:CODE-ish" (only whether it is an error is compared).
std::string Reference(const Table& t, const Record& r) {
  std::vector<std::string> hits;
  for (const Row& row : t.rows) {
    // CEL's && is commutative over errors: any false makes it false.
    bool any_false = false, any_error = false;
    for (size_t i = 0; i < t.cols.size(); ++i) {
      Truth h = Holds(row.cells[i], r, t.cols[i]);
      any_false |= h == Truth::kFalse;
      any_error |= h == Truth::kError;
    }
    if (any_false) continue;
    if (any_error) return "error";
    if (t.hit == "first") return row.label;
    hits.push_back(row.label);
  }
  if (hits.empty()) return "error";  // no_rule_matched
  if (t.hit == "unique" && hits.size() > 1) return "error";
  if (t.hit == "any") {
    for (const auto& h : hits) {
      if (h != hits[0]) return "error";
    }
  }
  return hits[0];
}

std::string Json(const Record& r) {
  std::string o = r.o ? std::to_string(*r.o) : "null";
  return "{\"n\": " + std::to_string(r.n) +
         ", \"m\": " + MoneyText(r.m, r.m_scale) + ", \"s\": \"" + r.s +
         "\", \"d\": \"" + DateText(r.d) + "\", \"o\": " + o + "}\n";
}

std::string Outcome(const Decision& d) {
  if (!d.ok()) return "error";
  return d.Get("label")->as_string();
}

TEST(FastPathReferenceTest, TablesAgreeWithASimpleReference) {
  Gen g;
  int tables = 0, records = 0, direct_tables = 0, decided = 0, errors = 0;
  for (const char* hit : {"first", "unique", "any"}) {
    for (int k = 0; k < 60; ++k, ++tables) {
      g.allow_one_of = k % 2 == 1;  // half the tables: no one-of cells
      Table t = g.MakeTable(hit);
      LoadResult lr = Pack::Load(testing_util::WritePack(
          "fastref", {{"gen.yaml", Yaml(t)},
                      {"calendar.yaml", testing_util::kWeekendCalendar}}));
      for (const auto& d : lr.diagnostics) ADD_FAILURE() << d.ToString();
      ASSERT_TRUE(lr.ok()) << Yaml(t);
      bool direct = PackAccess::Impl(*lr.pack).Find("gen")->direct.has_value();
      direct_tables += direct;
      if (t.hit == "first") {
        // A first-hit table of comparisons, ranges and one-of lists of
        // strings (FastCondition sets) takes the direct path.
        EXPECT_TRUE(direct) << Yaml(t);
      }
      std::vector<Record> recs;
      std::string lines;
      for (int i = 0; i < 200; ++i) {
        Record r;
        r.n = g.Int(-6, 16);
        r.m_scale = static_cast<int>(g.Int(0, 4));
        r.m = g.Money(r.m_scale);
        // Often exactly on a cell's bound, where off-by-one bugs live.
        const Row& row = t.rows[g.Int(0, t.rows.size() - 1)];
        for (size_t c = 0; c < t.cols.size(); ++c) {
          const Cell& cell = row.cells[c];
          if (cell.test == CellTest::kAny || g.Int(0, 1) == 0) continue;
          // A range has two bounds; any other test one (in `a`).
          const int64_t bound =
              cell.test == CellTest::kRange && g.Int(0, 1) ? cell.b : cell.a;
          if (t.cols[c] == Col::kN) r.n = bound;
          if (t.cols[c] == Col::kM) {
            r.m = bound;
            r.m_scale = 6;
          }
        }
        // Money in JSON keeps at most 4 places: trim bound values to 4.
        if (r.m_scale > 4) {
          if (r.m % 100 != 0) r.m -= r.m % 100;
          r.m_scale = 4;
        }
        r.s = std::string(1, static_cast<char>('a' + g.Int(0, 4)));
        r.d = g.Int(0, 89);
        if (g.Int(0, 3) != 0) r.o = g.Int(-5, 15);
        recs.push_back(r);
        lines += Json(r);
      }
      EvalOptions fast, traced;
      fast.as_of = traced.as_of = *Date::Parse("2026-11-24");
      traced.trace = true;
      std::vector<Decision> a = lr.pack->EvaluateJsonLines("gen", lines, fast);
      std::vector<Decision> b =
          lr.pack->EvaluateJsonLines("gen", lines, traced);
      ASSERT_EQ(a.size(), recs.size());
      ASSERT_EQ(b.size(), recs.size());
      for (size_t i = 0; i < recs.size(); ++i, ++records) {
        std::string want = Reference(t, recs[i]);
        ASSERT_EQ(Outcome(a[i]), want) << Yaml(t) << Json(recs[i]);
        ASSERT_EQ(Outcome(b[i]), want) << "traced\n"
                                       << Yaml(t) << Json(recs[i]);
        (want == "error" ? errors : decided)++;
      }
    }
  }
  std::printf(
      "fast path reference: %d tables (%d direct), %d records x 2 "
      "paths, %d decided, %d errors\n",
      tables, direct_tables, records, decided, errors);
  EXPECT_GT(decided, records / 4);
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace verdict
