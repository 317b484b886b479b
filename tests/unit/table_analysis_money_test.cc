// Table analysis of money columns against brute force: money has 4 decimal
// places, so the inputs of a money field checked to [0..0.0006] are the
// seven values 0, 0.0001, ..., 0.0006, and cells with a fifth place
// (`< 0.00025`) leave no gap and make no overlap between them. Generated
// tables (fixed seed); the reference decides every input with the engine
// itself, each row standing alone as a one-row policy (it shares no code
// with the analysis), as table_analysis_reference_test.cc does for ints.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "verdict/analysis.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

// A literal in [0, 0.0007], with 4 or 5 places.
std::string Amount(std::mt19937& rng) {
  const int tenths = static_cast<int>(rng() % 15);  // of 0.0001, halves
  std::string s = "0.000" + std::to_string(tenths / 2);
  return tenths % 2 ? s + "5" : s;
}

std::string MoneyCell(std::mt19937& rng) {
  std::string a = Amount(rng), b = Amount(rng);
  if (std::stod(a) > std::stod(b)) std::swap(a, b);
  switch (rng() % 7) {
    case 0:
      return "\"-\"";
    case 1:
      return "\">= " + a + "\"";
    case 2:
      return "\"< " + a + "\"";
    case 3:
      return "\"(" + a + ".." + b + "]\"";
    case 4:
      return "\"[" + a + ".." + b + ")\"";
    case 5:
      return "\"> " + a + "\"";
    default:
      return "\"<= " + a + "\"";
  }
}

std::string Policy(const std::string& name, const std::string& hit,
                   const std::vector<std::string>& cells, size_t first,
                   size_t count, const char* output) {
  std::string s = "policy: " + name +
                  "\nrecord: r\nfields:\n  m: {type: money, check: "
                  "\"[0..0.0006]\"}\noutputs:\n  o: " +
                  output + "\ndecisions:\n  - id: t\n    hit: " + hit +
                  "\n    table:\n      when: [r.m]\n      then: [o]\n"
                  "      rows:\n";
  for (size_t i = first; i < first + count; ++i)
    s += "        r" + std::to_string(i) + ": [" + cells[i] + ", " +
         std::to_string(i) + "]\n";
  return s;
}

std::vector<int> Matching(const Pack& pack, size_t rows, const Value& m) {
  std::vector<int> out;
  for (size_t i = 0; i < rows; ++i) {
    Decision d = pack.Evaluate("row" + std::to_string(i), {{"m", m}}, {});
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error->message);
    if (d.ok() && !d.Get("o")->is_null()) out.push_back(static_cast<int>(i));
  }
  return out;
}

// "{r.m: 0.0003}" -> 0.0003; the example must be a valid money input.
Value ExampleValue(const std::string& ex) {
  size_t at = ex.find("r.m: ") + 5;
  auto d = Decimal::Parse(ex.substr(at, ex.find('}', at) - at));
  EXPECT_TRUE(d && d->scale() <= 4) << ex;
  return d ? Value::Dec(*d) : Value();
}

TEST(TableAnalysisMoneyTest, AgreesWithBruteForceOverTheFourPlaceInputs) {
  std::mt19937 rng(4);
  int gaps = 0, dead = 0, overlaps = 0;
  for (int t = 0; t < 80; ++t) {
    const bool unique = t % 2 == 1;
    std::vector<std::string> cells(2 + rng() % 4);
    for (auto& c : cells) c = MoneyCell(rng);
    const size_t n = cells.size();
    std::map<std::string, std::string> files = {
        {"pack.yaml", "pack: gen\nversion: '1'\n"},
        {"t.yaml",
         Policy("t", unique ? "unique" : "first", cells, 0, n, "int")}};
    for (size_t i = 0; i < n; ++i)
      files["row" + std::to_string(i) + ".yaml"] =
          Policy("row" + std::to_string(i), "first", cells, i, 1, "int?");
    LoadResult r = Pack::Load(testing_util::WritePack("money_ref", files));
    ASSERT_TRUE(r.ok()) << r.diagnostics[0].ToString();
    SCOPED_TRACE(files["t.yaml"]);
    bool gap = false;
    std::set<int> ever_first;
    std::set<std::pair<int, int>> pairs;
    for (int k = 0; k <= 6; ++k) {
      auto m = Matching(
          *r.pack, n, Value::Dec(*Decimal::Parse("0.000" + std::to_string(k))));
      gap |= m.empty();
      if (!m.empty()) ever_first.insert(m[0]);
      for (size_t i = 0; i < m.size(); ++i)
        for (size_t j = i + 1; j < m.size(); ++j) pairs.insert({m[i], m[j]});
    }
    bool got_gap = false;
    std::set<int> got_dead;
    std::set<std::pair<int, int>> got_pairs;
    for (const auto& fd : AnalyzeTables(*r.pack)) {
      if (fd.policy != "t") continue;
      SCOPED_TRACE(fd.ToString());
      if (fd.kind == TableFinding::Kind::kGap) {
        got_gap = true;
        EXPECT_TRUE(Matching(*r.pack, n, ExampleValue(fd.example)).empty());
      } else if (fd.kind == TableFinding::Kind::kDeadRow) {
        got_dead.insert(std::stoi(fd.row.substr(1)));
      } else if (fd.kind == TableFinding::Kind::kOverlap) {
        int a = std::stoi(fd.by[0].substr(1)), b = std::stoi(fd.row.substr(1));
        got_pairs.insert({a, b});
        auto m = Matching(*r.pack, n, ExampleValue(fd.example));
        EXPECT_TRUE(std::count(m.begin(), m.end(), a) &&
                    std::count(m.begin(), m.end(), b));
      }
    }
    EXPECT_EQ(got_gap, gap);
    if (unique) {
      EXPECT_EQ(got_pairs, pairs);
    } else {
      std::set<int> want_dead;
      for (size_t i = 0; i < n; ++i)
        if (!ever_first.count(static_cast<int>(i)))
          want_dead.insert(static_cast<int>(i));
      EXPECT_EQ(got_dead, want_dead);
    }
    gaps += got_gap;
    dead += !got_dead.empty();
    overlaps += !got_pairs.empty();
    if (HasFailure()) return;
  }
  // The generator reaches every kind of finding.
  EXPECT_GT(gaps, 5);
  EXPECT_GT(dead, 5);
  EXPECT_GT(overlaps, 5);
}

}  // namespace
}  // namespace verdict
