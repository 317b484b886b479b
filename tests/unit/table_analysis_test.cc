// Table analysis: the interval model (src/check/point_set.h), the grid
// questions (src/check/table_analysis.h) and the public AnalyzeTables()
// on small packs, each finding checked against the engine's own decision.
#include "src/check/table_analysis.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "tests/unit/test_util.h"
#include "verdict/analysis.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

using analysis::Cell;
using analysis::ColumnDomain;
using analysis::PointSet;
using analysis::Table;

TEST(PointSetTest, UnionIntersectComplement) {
  PointSet a = PointSet::Of(0, 9).Union(PointSet::Of(20, 29));
  PointSet b = PointSet::Of(5, 24);
  EXPECT_EQ(a.Intersect(b).spans().size(), 2u);
  EXPECT_TRUE(a.Intersect(b).Contains(5));
  EXPECT_FALSE(a.Intersect(b).Contains(15));
  PointSet c = a.ComplementIn(PointSet::Of(0, 30));
  EXPECT_TRUE(c.Contains(10));
  EXPECT_TRUE(c.Contains(30));
  EXPECT_FALSE(c.Contains(9));
  EXPECT_TRUE(PointSet::Of(3, 2).empty());
  // Adjacent spans merge.
  EXPECT_EQ(PointSet::Of(0, 4).Union(PointSet::Of(5, 9)).spans().size(), 1u);
}

TEST(PointSetTest, PickPrefersShortValuesNearZero) {
  ColumnDomain money;
  money.kind = ColumnDomain::Kind::kDecimal;
  analysis::Point yuan = analysis::PowerOfTen(18);
  // [30, 60): 30.
  EXPECT_EQ(money.Print(money.Pick({30 * yuan, 60 * yuan - 1})), "30");
  // (59.99, 60): the fewest digits that fit, nearest zero: 59.991.
  EXPECT_EQ(money.Print(money.Pick({5999 * yuan / 100 + 1, 60 * yuan - 1})),
            "59.991");
  // Below zero: -1.
  EXPECT_EQ(money.Print(money.Pick({-100 * yuan, -1})), "-1");
  ColumnDomain e;
  e.kind = ColumnDomain::Kind::kEnum;
  e.enum_values = {"city", "county"};
  e.nullable = true;
  EXPECT_EQ(e.Print(1), "\"county\"");
  EXPECT_EQ(e.Print(e.NullPoint()), "null");
}

// A table over one int column 0..9 from cells given as [lo, hi] spans.
Table IntTable(Table::Hit hit,
               std::vector<std::vector<std::pair<int, int>>> rows) {
  Table t;
  t.hit = hit;
  ColumnDomain c;
  c.name = "x";
  c.kind = ColumnDomain::Kind::kInt;
  c.values = PointSet::Of(0, 9);
  t.columns.push_back(c);
  for (const auto& spans : rows) {
    Cell cell;
    for (auto [lo, hi] : spans) cell.set = cell.set.Union(PointSet::Of(lo, hi));
    t.rows.push_back({cell});
  }
  return t;
}

TEST(TableAnalysisTest, GapDeadRowOverlap) {
  auto r = analysis::AnalyzeTable(
      IntTable(Table::Hit::kFirst, {{{0, 3}}, {{5, 9}}, {{6, 7}}}));
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].kind, analysis::Finding::Kind::kGap);
  EXPECT_EQ(r.findings[0].example[0], 4);
  EXPECT_EQ(r.findings[1].kind, analysis::Finding::Kind::kDeadRow);
  EXPECT_EQ(r.findings[1].row, 2);
  EXPECT_EQ(r.findings[1].others, std::vector<int>{1});
  auto u = analysis::AnalyzeTable(
      IntTable(Table::Hit::kUnique, {{{0, 5}}, {{5, 9}}}));
  ASSERT_EQ(u.findings.size(), 1u);
  EXPECT_EQ(u.findings[0].kind, analysis::Finding::Kind::kOverlap);
  EXPECT_EQ(u.findings[0].example[0], 5);
}

TEST(TableAnalysisTest, DeadRowShadowedByUnionOfRows) {
  auto r = analysis::AnalyzeTable(
      IntTable(Table::Hit::kFirst, {{{0, 4}}, {{5, 9}}, {{3, 6}}}));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].others, (std::vector<int>{0, 1}));
}

TEST(TableAnalysisTest, UnknownCellsAreConservative) {
  // Row 0 is unknown: it may cover 4 (no gap claimed) but never shadows.
  Table t = IntTable(Table::Hit::kFirst, {{{0, 9}}, {{0, 3}}, {{5, 9}}});
  t.rows[0][0].known = false;
  auto r = analysis::AnalyzeTable(t);
  EXPECT_TRUE(r.findings.empty());
  Table u = IntTable(Table::Hit::kUnique, {{{0, 9}}, {{0, 9}}});
  u.rows[1][0].known = false;
  EXPECT_TRUE(analysis::AnalyzeTable(u).findings.empty());
}

TEST(TableAnalysisTest, ABudgetTooSmallSkipsAndSaysSo) {
  auto r = analysis::AnalyzeTable(
      IntTable(Table::Hit::kFirst, {{{0, 3}}, {{4, 9}}, {{6, 7}}}), 2);
  EXPECT_EQ(r.skipped, (std::vector<std::string>{"gaps", "dead rows"}));
  auto u = analysis::AnalyzeTable(
      IntTable(Table::Hit::kUnique, {{{0, 5}}, {{5, 9}}, {{0, 9}}}), 2);
  EXPECT_EQ(u.skipped, (std::vector<std::string>{"gaps", "overlaps"}));
  EXPECT_EQ(u.findings.size(), 2u);  // the pairs compared before it ran out
}

TEST(TableAnalysisTest, RowMatchingNothingIsDead) {
  auto r = analysis::AnalyzeTable(IntTable(Table::Hit::kFirst, {{{0, 9}}, {}}));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_TRUE(r.findings[0].others.empty());
  EXPECT_TRUE(r.findings[0].example.empty());
}

// ---- through the public API, on small packs --------------------------------

const char* kPackYaml = "pack: t\nversion: '1'\nzone: '+08:00'\n";

std::shared_ptr<const Pack> LoadPolicy(const std::string& name,
                                       const std::string& policy) {
  return testing_util::LoadCleanPack(
      name, {{"pack.yaml", kPackYaml}, {"p.yaml", policy}});
}

// The line of the first line of `file` that contains `text`.
int LineOf(const std::string& file, const std::string& text) {
  std::ifstream in(file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find(text) != std::string::npos) return n;
  }
  return 0;
}

std::vector<TableFinding> Warnings(const Pack& pack) {
  std::vector<TableFinding> out;
  for (auto& f : AnalyzeTables(pack)) {
    if (f.warning()) out.push_back(f);
  }
  return out;
}

const char* kTier = R"yaml(policy: tier
record: customer
fields:
  arpu: money
  branch: enum(city, county) = city
outputs:
  tier: string
decisions:
  - id: tier
    hit: first
    table:
      when: [customer.arpu, customer.branch]
      then: [tier]
      rows:
        high:   [">= 60", "-", high]
        county: ["-", county, county]
        mid:    ["[30..60)", city, mid]
        mass:   ["[0..30)", "-", mass]
        low:    ["[0..10)", "-", low]
)yaml";

TEST(AnalyzeTablesTest, GapAndDeadRowInAFirstTable) {
  auto pack = LoadPolicy("analysis_tier", kTier);
  ASSERT_TRUE(pack);
  auto w = Warnings(*pack);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].kind, TableFinding::Kind::kGap);
  EXPECT_EQ(w[0].example, "{customer.arpu: -1, customer.branch: \"city\"}");
  EXPECT_EQ(w[0].line, LineOf(pack->path() + "/p.yaml", "- id: tier"));
  // The engine agrees: that input matches no row.
  EvalOptions opt;
  Decision d = pack->Evaluate(
      "tier", {{"arpu", Value::Dec(Decimal::FromInt(-1))}}, opt);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "no_rule_matched");
  EXPECT_EQ(w[1].kind, TableFinding::Kind::kDeadRow);
  EXPECT_EQ(w[1].row, "low");
  // County inputs reach the county row first, city ones mass.
  EXPECT_EQ(w[1].by, (std::vector<std::string>{"county", "mass"}));
  EXPECT_EQ(w[1].line, LineOf(pack->path() + "/p.yaml", "low:"));
  EXPECT_NE(w[1].ToString().find(":" + std::to_string(w[1].line) + ":"),
            std::string::npos);
}

TEST(AnalyzeTablesTest, OverlapInAUniqueTableAndCheckNarrowsTheDomain) {
  auto pack = LoadPolicy("analysis_unique", R"yaml(policy: band
record: r
fields:
  amount: {type: money, check: "> 0"}
outputs:
  band: string
decisions:
  - id: band
    hit: unique
    table:
      when: [r.amount]
      then: [band]
      rows:
        small: ["<= 200", small]
        large: ["[200..1000]", large]
        huge:  ["> 1000", huge]
)yaml");
  ASSERT_TRUE(pack);
  auto w = Warnings(*pack);
  // No gap at 0 or below: the field's check refuses those records.
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, TableFinding::Kind::kOverlap);
  EXPECT_EQ(w[0].row, "large");
  EXPECT_EQ(w[0].by, std::vector<std::string>{"small"});
  EXPECT_EQ(w[0].example, "{r.amount: 200}");
  Decision d = pack->Evaluate(
      "band", {{"amount", Value::Dec(Decimal::FromInt(200))}}, EvalOptions{});
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "conflicting_rules");
}

TEST(AnalyzeTablesTest, NullableOutputsMeanNoGapAndExpressionsMakeNotes) {
  auto pack = LoadPolicy("analysis_notes", R"yaml(policy: p
record: r
fields:
  n: int
  limit: int
outputs:
  label: string?
  size: string
let:
  twice: r.n * 2
decisions:
  - id: label
    table:
      when: [r.n]
      then: [label]
      rows:
        big: ["> 10", big]
  - id: size
    table:
      when: [twice, r.n]
      then: [size]
      rows:
        a: ["< 0", "=r.n < r.limit", a]
        b: [">= 0", "-", b]
)yaml");
  ASSERT_TRUE(pack);
  auto all = AnalyzeTables(*pack);
  EXPECT_TRUE(Warnings(*pack).empty());
  int notes = 0;
  for (const auto& f : all) {
    EXPECT_EQ(f.kind, TableFinding::Kind::kNote) << f.ToString();
    notes += f.message.find("not literal tests (a: =r.n < r.limit)") !=
             std::string::npos;
  }
  EXPECT_EQ(notes, 1);
}

TEST(AnalyzeTablesTest, ComputedColumnsGiveOnlyPossibleGaps) {
  auto pack = LoadPolicy("analysis_computed", R"yaml(policy: p
record: r
fields:
  n: int
outputs:
  size: string
let:
  square: r.n * r.n
decisions:
  - id: size
    table:
      when: [square]
      then: [size]
      rows:
        small: ["[0..10)", small]
        large: [">= 10", large]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_TRUE(Warnings(*pack).empty());
  auto all = AnalyzeTables(*pack);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NE(all[0].message.find("possible gap"), std::string::npos);
}

TEST(AnalyzeTablesTest, DateRangesAndOptionalFields) {
  auto pack = LoadPolicy("analysis_dates", R"yaml(policy: p
record: r
fields:
  start: date
  plan: enum(basic, plus)?
outputs:
  half: string
decisions:
  - id: half
    table:
      when: [r.start, r.plan]
      then: [half]
      rows:
        before: ["< 2026-01-01", "-", old]
        first:  ["[2026-01-01..2026-06-30]", "-", h1]
        plans:  ["-", [basic, plus], any]
)yaml");
  ASSERT_TRUE(pack);
  auto w = Warnings(*pack);
  ASSERT_EQ(w.size(), 1u);
  // After June 2026 only a plan is matched: a missing plan is the gap.
  EXPECT_EQ(w[0].example, "{r.start: \"2026-07-01\", r.plan: null}");
  Decision d = pack->Evaluate(
      "p", {{"start", Value::DateOf(*Date::Parse("2026-07-01"))}},
      EvalOptions{});
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "no_rule_matched");
}

const char* kWithException = R"yaml(policy: p
record: r
fields:
  n: int
outputs:
  size: string
decisions:
  - id: size
    table:
      when: [r.n]
      then: [size]
      rows:
        any:   ["-", any]
        small: ["< 10", small]
analysis:
  allow:
    - finding: dead_row
      in: size
      rows: [small]
      reason: kept for the reader
)yaml";

TEST(AnalyzeTablesTest, ExceptionsAllowFindingsAndUnusedOnesWarn) {
  auto pack = LoadPolicy("analysis_allowed", kWithException);
  ASSERT_TRUE(pack);
  auto all = AnalyzeTables(*pack);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].allowed, "kept for the reader");
  EXPECT_FALSE(all[0].warning());
  EXPECT_NE(all[0].ToString().find("note: allowed by an analysis exception: "
                                   "dead row small"),
            std::string::npos);

  std::string stale = kWithException;
  stale.replace(stale.find("rows: [small]"), 13, "rows: [any]");
  auto p2 = LoadPolicy("analysis_stale", stale);
  ASSERT_TRUE(p2);
  auto w = Warnings(*p2);
  ASSERT_EQ(w.size(), 2u);  // the dead row, and the exception that missed
  EXPECT_EQ(w[0].kind, TableFinding::Kind::kDeadRow);
  EXPECT_EQ(w[1].kind, TableFinding::Kind::kUnusedException);
}

TEST(AnalyzeTablesTest, AnExceptionNeedsAReason) {
  std::string bad = kWithException;
  bad.replace(bad.find("      reason: kept for the reader\n"), 35, "");
  std::string dir = testing_util::WritePack(
      "analysis_no_reason", {{"pack.yaml", kPackYaml}, {"p.yaml", bad}});
  LoadResult r = Pack::Load(dir);
  EXPECT_FALSE(r.ok());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_NE(r.diagnostics[0].message.find("needs 'finding', 'in' and 'reason'"),
            std::string::npos);
}

// The shipped pack: no warning; what it allows are the four grade A
// patterns of tests/spec_cases/AMBIGUITIES.md, and the engine confirms each
// is shadowed (its example number reports the shadowing pattern).
TEST(AnalyzeTablesTest, ShippedPackIsCleanBarItsDocumentedExceptions) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  std::set<std::string> allowed;
  for (const auto& f : AnalyzeTables(*r.pack)) {
    EXPECT_FALSE(f.warning()) << f.ToString();
    EXPECT_NE(f.kind, TableFinding::Kind::kNote) << f.ToString();
    if (f.allowed.empty()) continue;
    EXPECT_EQ(f.kind, TableFinding::Kind::kDeadRow);
    EXPECT_EQ(f.table, "grade_a_patterns");
    allowed.insert(f.row);
    ASSERT_EQ(f.by.size(), 1u);
    std::string number = f.example.substr(f.example.find('"') + 1, 7);
    Decision d = r.pack->Evaluate(
        "number_grade", {{"number", Value::String(number)}}, EvalOptions{});
    ASSERT_FALSE(d.error) << d.error->message;
    EXPECT_EQ(d.Get("matched_pattern")->as_string(), f.by[0]);
  }
  EXPECT_EQ(allowed, (std::set<std::string>{"XXAAAAA", "XAAAAAA", "AAAAAAA",
                                            "XABCDEF"}));
  std::ifstream in(VERDICT_SOURCE_DIR "/tests/spec_cases/AMBIGUITIES.md");
  std::string doc{std::istreambuf_iterator<char>(in), {}};
  for (const auto& p : allowed) EXPECT_NE(doc.find(p), std::string::npos) << p;
}

}  // namespace
}  // namespace verdict
