// Table analysis against brute force: generated tables (fixed seed) over an
// int field checked to 0..6, an enum and a bool. The reference decides
// every input of that small domain with the engine itself: each row also
// stands alone as a one-row policy whose output says whether the row
// matched, so the reference shares no code with the analysis. Then: a gap
// is reported iff some input matches no row, and its example matches none;
// the dead rows are exactly the rows that are never the first match; the
// overlaps are exactly the row pairs that match a common input, and each
// example matches both. A second generator adds a string column, a
// nullable one and a repeated one (below).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "tests/unit/test_util.h"
#include "verdict/analysis.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

struct Generated {
  std::vector<std::vector<std::string>> rows;  // cells: x, e, b
  bool unique = false;
};

std::string IntCell(std::mt19937& rng) {
  int a = static_cast<int>(rng() % 8) - 1, b = static_cast<int>(rng() % 8) - 1;
  switch (rng() % 8) {
    case 0:
      return "\"-\"";
    case 1:
      return "\">= " + std::to_string(a) + "\"";
    case 2:
      return "\"< " + std::to_string(a) + "\"";
    case 3:
      return "\"[" + std::to_string(std::min(a, b)) + ".." +
             std::to_string(std::max(a, b)) + "]\"";
    case 4:
      return "\"(" + std::to_string(std::min(a, b)) + ".." +
             std::to_string(std::max(a, b)) + ")\"";
    case 5:
      return "\"!= " + std::to_string(a) + "\"";
    case 6:
      return "\"<= " + std::to_string(a) + "\"";
    default:
      return std::to_string(a);
  }
}

std::string EnumCell(std::mt19937& rng) {
  const char* v[] = {"a", "b", "c"};
  switch (rng() % 4) {
    case 0:
      return "\"-\"";
    case 1:
      return std::string("[") + v[rng() % 3] + ", " + v[rng() % 3] + "]";
    default:
      return v[rng() % 3];
  }
}

std::string BoolCell(std::mt19937& rng) {
  const char* v[] = {"\"-\"", "true", "false", "\"-\""};
  return v[rng() % 4];
}

const char* kFields =
    "record: r\nfields:\n  x: {type: int, check: \"[0..6]\"}\n"
    "  e: enum(a, b, c)\n  f: bool\n";

std::string TablePolicy(const std::string& name, const std::string& hit,
                        const std::vector<std::vector<std::string>>& rows,
                        size_t first, size_t count, const char* output) {
  std::string s = "policy: " + name + "\n" + kFields +
                  "outputs:\n  m: " + output +
                  "\ndecisions:\n  - id: t\n    hit: " + hit +
                  "\n    table:\n      when: [r.x, r.e, r.f]\n"
                  "      then: [m]\n      rows:\n";
  for (size_t i = first; i < first + count; ++i) {
    s += "        r" + std::to_string(i) + ": [" + rows[i][0] + ", " +
         rows[i][1] + ", " + rows[i][2] + ", " + std::to_string(i) + "]\n";
  }
  return s;
}

FieldMap Input(int x, int e, bool f) {
  const char* v[] = {"a", "b", "c"};
  return {
      {"x", Value::Int(x)}, {"e", Value::String(v[e])}, {"f", Value::Bool(f)}};
}

// Which rows match the input, by the one-row policies.
std::vector<int> Matching(const Pack& pack, size_t rows, const FieldMap& in) {
  std::vector<int> out;
  for (size_t i = 0; i < rows; ++i) {
    Decision d = pack.Evaluate("row" + std::to_string(i), in, EvalOptions{});
    EXPECT_TRUE(d.ok());
    if (d.ok() && !d.Get("m")->is_null()) out.push_back(static_cast<int>(i));
  }
  return out;
}

// "{r.x: 3, r.e: "b", r.f: true}" -> the record.
FieldMap ParseExample(const std::string& ex) {
  auto value_of = [&](const std::string& key) {
    size_t at = ex.find(key + ": ") + key.size() + 2;
    return ex.substr(at, ex.find_first_of(",}", at) - at);
  };
  std::string e = value_of("r.e");
  return {{"x", Value::Int(std::stoi(value_of("r.x")))},
          {"e", Value::String(e.substr(1, e.size() - 2))},
          {"f", Value::Bool(value_of("r.f") == "true")}};
}

// How many generated tables had each finding, so the test shows it
// exercised all three.
struct Seen {
  int gaps = 0, dead = 0, overlaps = 0;
};

void CheckOne(const Generated& g, int seed, Seen* seen) {
  size_t n = g.rows.size();
  std::map<std::string, std::string> files = {
      {"pack.yaml", "pack: gen\nversion: '1'\nzone: '+08:00'\n"},
      {"t.yaml",
       TablePolicy("t", g.unique ? "unique" : "first", g.rows, 0, n, "int")}};
  for (size_t i = 0; i < n; ++i) {
    files["row" + std::to_string(i) + ".yaml"] =
        TablePolicy("row" + std::to_string(i), "first", g.rows, i, 1, "int?");
  }
  LoadResult r = Pack::Load(testing_util::WritePack("reference", files));
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? ""
                                                : r.diagnostics[0].ToString());
  const Pack& pack = *r.pack;
  bool gap = false;
  std::set<int> ever_first;
  std::set<std::pair<int, int>> overlaps;
  for (int x = 0; x <= 6; ++x) {
    for (int e = 0; e < 3; ++e) {
      for (bool f : {false, true}) {
        auto m = Matching(pack, n, Input(x, e, f));
        gap |= m.empty();
        if (!m.empty()) ever_first.insert(m[0]);
        for (size_t i = 0; i < m.size(); ++i) {
          for (size_t j = i + 1; j < m.size(); ++j)
            overlaps.insert({m[i], m[j]});
        }
      }
    }
  }
  bool got_gap = false;
  std::set<int> got_dead;
  std::set<std::pair<int, int>> got_overlaps;
  for (const auto& fd : AnalyzeTables(pack)) {
    SCOPED_TRACE(fd.ToString());
    if (fd.policy != "t") continue;
    if (fd.kind == TableFinding::Kind::kGap) {
      got_gap = true;
      EXPECT_TRUE(Matching(pack, n, ParseExample(fd.example)).empty());
    } else if (fd.kind == TableFinding::Kind::kDeadRow) {
      got_dead.insert(std::stoi(fd.row.substr(1)));
    } else if (fd.kind == TableFinding::Kind::kOverlap) {
      int a = std::stoi(fd.by[0].substr(1)), b = std::stoi(fd.row.substr(1));
      got_overlaps.insert({a, b});
      auto m = Matching(pack, n, ParseExample(fd.example));
      EXPECT_TRUE(std::count(m.begin(), m.end(), a) &&
                  std::count(m.begin(), m.end(), b));
    } else {
      ADD_FAILURE() << "unexpected finding";
    }
  }
  SCOPED_TRACE("table " + std::to_string(seed) + "\n" + files["t.yaml"]);
  seen->gaps += got_gap;
  seen->dead += !got_dead.empty();
  seen->overlaps += !got_overlaps.empty();
  EXPECT_EQ(got_gap, gap);
  if (g.unique) {
    EXPECT_EQ(got_overlaps, overlaps);
  } else {
    std::set<int> dead;
    for (size_t i = 0; i < n; ++i) {
      int row = static_cast<int>(i);
      if (!ever_first.count(row)) dead.insert(row);
    }
    EXPECT_EQ(got_dead, dead);
  }
}

TEST(TableAnalysisReferenceTest, AgreesWithBruteForceOnGeneratedTables) {
  std::mt19937 rng(4242);
  Seen seen;
  for (int t = 0; t < 60; ++t) {
    Generated g;
    g.unique = t % 2 == 1;
    g.rows.resize(2 + rng() % 4);
    for (auto& row : g.rows) row = {IntCell(rng), EnumCell(rng), BoolCell(rng)};
    CheckOne(g, t, &seen);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(seen.gaps, 5);
  EXPECT_GT(seen.dead, 5);
  EXPECT_GT(seen.overlaps, 5);
}

// The same over columns [r.x, r.s, r.n, r.x]: a string, a nullable int
// (where comparisons and ranges fail on null: evaluation_error) and the
// first field again. A row is then true, false or failing on an input;
// the reference reads the one-row policies' outcomes.
const char* kMixedFields =
    "record: r\nfields:\n  x: {type: int, check: \"[0..6]\"}\n"
    "  s: string\n  n: int?\n";

std::string StringCell(std::mt19937& rng) {
  const char* v[] = {"\"-\"", "a", "b", "[a, b]", "\"!= a\"", "\"-\""};
  return v[rng() % 6];
}

std::string NullableCell(std::mt19937& rng) {
  if (rng() % 5 == 0)
    return "[" + std::to_string(rng() % 4) + ", " + std::to_string(rng() % 4) +
           "]";
  return IntCell(rng);
}

std::string MixedPolicy(const std::string& name, const std::string& hit,
                        const std::vector<std::vector<std::string>>& rows,
                        size_t first, size_t count, const char* output) {
  std::string s =
      "policy: " + name + "\n" + kMixedFields + "outputs:\n  m: " + output +
      "\ndecisions:\n  - id: t\n" + "    hit: " + hit + "\n    table:\n" +
      "      when: [r.x, r.s, r.n, r.x]\n      then: [m]\n" + "      rows:\n";
  for (size_t i = first; i < first + count; ++i) {
    s += "        r" + std::to_string(i) + ": [";
    for (const auto& cell : rows[i]) s += cell + ", ";
    s += std::to_string(i) + "]\n";
  }
  return s;
}

enum class RowIs { kFalse, kTrue, kFails };

std::vector<RowIs> RowStates(const Pack& pack, size_t rows,
                             const FieldMap& in) {
  std::vector<RowIs> out;
  for (size_t i = 0; i < rows; ++i) {
    Decision d = pack.Evaluate("row" + std::to_string(i), in, EvalOptions{});
    EXPECT_TRUE(d.ok() || d.error->code == "evaluation_error");
    out.push_back(!d.ok()                 ? RowIs::kFails
                  : d.Get("m")->is_null() ? RowIs::kFalse
                                          : RowIs::kTrue);
  }
  return out;
}

// "{r.x: 3, r.s: "a", r.n: null}" -> the record; each field once.
FieldMap ParseMixed(const std::string& ex) {
  FieldMap out;
  for (const char* key : {"x", "s", "n"}) {
    std::string k = std::string("r.") + key + ": ";
    size_t at = ex.find(k);
    EXPECT_NE(at, std::string::npos) << ex;
    EXPECT_EQ(ex.find(k, at + 1), std::string::npos) << ex;
    if (at == std::string::npos) continue;
    at += k.size();
    size_t end =
        ex[at] == '"' ? ex.find('"', at + 1) + 1 : ex.find_first_of(",}", at);
    std::string v = ex.substr(at, end - at);
    if (v == "null") continue;
    out[key] = v[0] == '"' ? Value::String(v.substr(1, v.size() - 2))
                           : Value::Int(std::stoll(v));
  }
  return out;
}

std::string Code(const Pack& pack, const FieldMap& in) {
  Decision d = pack.Evaluate("t", in, EvalOptions{});
  return d.ok() ? "m=" + std::to_string(d.Get("m")->as_int()) : d.error->code;
}

// The truth over every input of a grid that meets every segment.
struct Truth {
  bool gap = false;
  std::set<int> ever_first;
};

Truth MixedTruth(const Pack& pack, size_t n) {
  Truth t;
  for (int x = 0; x <= 6; ++x) {
    for (const char* s : {"a", "b", "c"}) {
      for (int v = -3; v <= 8; ++v) {  // -3: null
        FieldMap in = {{"x", Value::Int(x)}, {"s", Value::String(s)}};
        if (v > -3) in["n"] = Value::Int(v);
        auto st = RowStates(pack, n, in);
        auto first = std::find_if(st.begin(), st.end(),
                                  [](RowIs r) { return r != RowIs::kFalse; });
        t.gap |= first == st.end();
        if (first != st.end() && *first == RowIs::kTrue)
          t.ever_first.insert(static_cast<int>(first - st.begin()));
      }
    }
  }
  return t;
}

void CheckMixed(const Generated& g, Seen* seen) {
  size_t n = g.rows.size();
  std::map<std::string, std::string> files = {
      {"pack.yaml", "pack: gen\nversion: '1'\nzone: '+08:00'\n"},
      {"t.yaml",
       MixedPolicy("t", g.unique ? "unique" : "first", g.rows, 0, n, "int")}};
  for (size_t i = 0; i < n; ++i) {
    files["row" + std::to_string(i) + ".yaml"] =
        MixedPolicy("row" + std::to_string(i), "first", g.rows, i, 1, "int?");
  }
  SCOPED_TRACE(files["t.yaml"]);
  LoadResult r = Pack::Load(testing_util::WritePack("reference_mixed", files));
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? ""
                                                : r.diagnostics[0].ToString());
  const Pack& pack = *r.pack;
  Truth truth = MixedTruth(pack, n);
  bool got_gap = false;
  std::set<int> got_dead;
  for (const auto& fd : AnalyzeTables(pack)) {
    SCOPED_TRACE(fd.ToString());
    if (fd.policy != "t") continue;
    FieldMap in = fd.example.empty() ? FieldMap{} : ParseMixed(fd.example);
    if (fd.kind == TableFinding::Kind::kGap) {
      got_gap = true;
      EXPECT_EQ(Code(pack, in), "no_rule_matched");
    } else if (fd.kind == TableFinding::Kind::kDeadRow) {
      int row = std::stoi(fd.row.substr(1));
      got_dead.insert(row);
      if (!fd.example.empty()) {
        EXPECT_EQ(RowStates(pack, n, in)[row], RowIs::kTrue);
        EXPECT_NE(Code(pack, in), "m=" + std::to_string(row));
      }
    } else if (fd.kind == TableFinding::Kind::kOverlap) {
      int a = std::stoi(fd.by[0].substr(1)), b = std::stoi(fd.row.substr(1));
      auto st = RowStates(pack, n, in);
      EXPECT_TRUE(st[a] == RowIs::kTrue && st[b] == RowIs::kTrue);
      EXPECT_EQ(Code(pack, in), "conflicting_rules");
      ++seen->overlaps;
    } else if (fd.kind != TableFinding::Kind::kNote) {
      ADD_FAILURE() << "unexpected finding";
    }
  }
  seen->gaps += got_gap;
  seen->dead += !got_dead.empty();
  EXPECT_EQ(got_gap, truth.gap);
  if (g.unique) return;
  std::set<int> dead;
  for (size_t i = 0; i < n; ++i) {
    if (!truth.ever_first.count(static_cast<int>(i)))
      dead.insert(static_cast<int>(i));
  }
  EXPECT_EQ(got_dead, dead);
}

TEST(TableAnalysisReferenceTest, AgreesOnStringNullableAndRepeatedColumns) {
  std::mt19937 rng(777);
  Seen seen;
  for (int t = 0; t < 40; ++t) {
    Generated g;
    g.unique = t % 2 == 1;
    g.rows.resize(2 + rng() % 3);
    for (auto& row : g.rows)
      row = {IntCell(rng), StringCell(rng), NullableCell(rng), IntCell(rng)};
    CheckMixed(g, &seen);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(seen.gaps, 3);
  EXPECT_GT(seen.dead, 3);
  EXPECT_GT(seen.overlaps, 3);
}

}  // namespace
}  // namespace verdict
