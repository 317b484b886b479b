// Table analysis on the inputs its first version got wrong (found by a
// differential hunt): string columns, the same field in two columns, null
// in nullable columns, and fields with a check. Each finding is written out
// by hand and its example decided by the engine.
#include <gtest/gtest.h>

#include "tests/unit/test_util.h"
#include "verdict/analysis.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::shared_ptr<const Pack> LoadPolicy(const std::string& name,
                                       const std::string& policy) {
  return testing_util::LoadCleanPack(
      name, {{"pack.yaml", "pack: t\nversion: '1'\nzone: '+08:00'\n"},
             {"p.yaml", policy}});
}

// The findings, one "kind message" per line, notes included.
std::string Findings(const Pack& pack) {
  std::string out;
  for (const auto& f : AnalyzeTables(pack))
    out += std::string(f.kind_name()) + " " + f.message + "\n";
  return out;
}

// "{r.i: 0, r.s: "x", r.n: null}" -> the record (ints, strings, null).
FieldMap ParseExample(const std::string& ex) {
  FieldMap out;
  size_t at = 1;
  while (at < ex.size() && ex[at] != '}') {
    size_t colon = ex.find(": ", at);
    std::string key = ex.substr(at, colon - at);
    key = key.substr(key.find('.') + 1);
    size_t v = colon + 2, end = ex.find_first_of(",}", v);
    if (ex[v] == '"') end = ex.find('"', v + 1) + 1;
    std::string val = ex.substr(v, end - v);
    EXPECT_EQ(out.count(key), 0u) << "a field given twice in " << ex;
    if (val == "null") {
      out[key] = Value::Null();
    } else if (val[0] == '"') {
      out[key] = Value::String(val.substr(1, val.size() - 2));
    } else {
      out[key] = Value::Int(std::stoll(val));
    }
    at = ex.find_first_not_of(", ", end);
  }
  return out;
}

// The engine's outcome for `policy` on the example: the output `o`, or the
// error code.
std::string Outcome(const Pack& pack, const std::string& example) {
  Decision d = pack.Evaluate("p", ParseExample(example), EvalOptions{});
  if (d.error) return d.error->code;
  return d.Get("o")->as_string();
}

const char* kStrings = R"yaml(policy: p
record: r
fields:
  s: string
outputs:
  o: string
decisions:
  - id: d
    hit: first
    table:
      when: [r.s]
      then: [o]
      rows:
        a: [[x, y], A]
        b: ["-", B]
        c: [[x, y], C]
)yaml";

// Fix A: string cells were not read, so row a (a list of strings) was
// ignored as a shadower and the example left the string out.
TEST(TableAnalysisInputsTest, StringColumnsNameTheRowThatMatchesFirst) {
  auto pack = LoadPolicy("ta_strings", kStrings);
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "dead_row dead row c in table d of p: row a matches first every "
            "input it matches, e.g. {r.s: \"x\"}\n");
  EXPECT_EQ(Outcome(*pack, "{r.s: \"x\"}"), "A");
}

TEST(TableAnalysisInputsTest, AGapExampleGivesEveryColumn) {
  auto pack = LoadPolicy("ta_strings2", R"yaml(policy: p
record: r
fields:
  s: string
  i: int
outputs:
  o: string
decisions:
  - id: g
    hit: first
    table:
      when: [r.i, r.s]
      then: [o]
      rows:
        a: ["[10..18)", x, A]
        b: ["-", "!= x", B]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "gap gap in table g of p: no row matches e.g. {r.i: 0, r.s: "
            "\"x\"}\n");
  EXPECT_EQ(Outcome(*pack, "{r.i: 0, r.s: \"x\"}"), "no_rule_matched");
  EXPECT_EQ(Outcome(*pack, "{r.i: 0, r.s: \"\"}"), "B");
}

// The strings a check tests are points too: the "other" string of a gap
// example is one the check accepts.
TEST(TableAnalysisInputsTest, AStringExampleMeetsTheFieldsCheck) {
  auto pack = LoadPolicy("ta_strcheck", R"yaml(policy: p
record: r
fields:
  s: {type: string, check: "!= ''"}
outputs:
  o: string
decisions:
  - id: t
    hit: first
    table:
      when: [r.s]
      then: [o]
      rows:
        a: [y, A]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "gap gap in table t of p: no row matches e.g. {r.s: \"other\"}\n");
  EXPECT_EQ(Outcome(*pack, "{r.s: \"other\"}"), "no_rule_matched");
}

// A row whose cell is an expression may match first: it is named too.
TEST(TableAnalysisInputsTest, RowsWithExpressionCellsAreNamedAsMaybeFirst) {
  auto pack = LoadPolicy("ta_strings3", R"yaml(policy: p
record: r
fields:
  i: int
outputs:
  o: string
decisions:
  - id: d
    hit: first
    table:
      when: [r.i]
      then: [o]
      rows:
        a: ["=r.i % 2 == 0", A]
        b: ["-", B]
        c: ["< 5", C]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "dead_row dead row c in table d of p: rows a, b match first every "
            "input it matches, e.g. {r.i: 0}\n"
            "note table d of p: cells that are not literal tests (a: =r.i % 2 "
            "== 0) are analyzed conservatively: findings there may be "
            "missed\n");
}

// A column of a type the analysis does not read gets no findings (they
// could not give it a value), only a note.
TEST(TableAnalysisInputsTest, UnreadColumnTypesAreNotAnalyzed) {
  auto pack = LoadPolicy("ta_double", R"yaml(policy: p
record: r
fields:
  d: double
  i: int
outputs:
  o: string
decisions:
  - id: g
    hit: first
    table:
      when: [r.i, r.d]
      then: [o]
      rows:
        a: ["< 0", "-", A]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "note table g of p: not analyzed: the analysis does not read the "
            "type of r.d\n");
}

// Fix B: two columns testing one field were analyzed as two fields: a false
// gap and overlap with one field given two values, and a dead row missed.
TEST(TableAnalysisInputsTest, ColumnsOfTheSameFieldAreOneColumn) {
  auto pack = LoadPolicy("ta_same", R"yaml(policy: p
record: r
fields:
  i: int
  e: enum(a, b)
  s: string
outputs:
  o: string
  u: string
  v: string
decisions:
  - id: g
    hit: first
    table:
      when: [r.i, r.i]
      then: [o]
      rows:
        lo: ["< 5", "-", A]
        hi: ["-", ">= 5", B]
        never: [">= 5", "< 5", C]
  - id: u
    hit: unique
    table:
      when: [r.e, r.e]
      then: [u]
      rows:
        x: [a, "-", A]
        y: ["-", b, B]
  - id: s
    hit: first
    table:
      when: [r.s, r.s]
      then: [v]
      rows:
        x: [x, "-", A]
        y: ["-", y, B]
        z: ["-", "!= y", C]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "dead_row dead row never in table g of p: it matches no input\n");
  for (const char* in :
       {"{r.i: 4, r.e: \"a\", r.s: \"y\"}", "{r.i: 5, r.e: \"b\", r.s: \"z\"}"})
    EXPECT_NE(Outcome(*pack, in), "no_rule_matched") << in;
}

// Fix C: null in a comparison or range is an evaluation_error, not a
// mismatch: no gap, overlap or dead-row reason "at null".
TEST(TableAnalysisInputsTest, NullInAComparisonIsAnErrorNotAGap) {
  auto pack = LoadPolicy("ta_nullgap", R"yaml(policy: p
record: r
fields:
  n: int?
outputs:
  o: string
decisions:
  - id: t
    hit: first
    table:
      when: [r.n]
      then: [o]
      rows:
        neg: ["< 0", a]
        pos: [">= 0", b]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack), "");
  EXPECT_EQ(Outcome(*pack, "{r.n: null}"), "evaluation_error");
}

TEST(TableAnalysisInputsTest, NullOverlapsAndDeadRowsAreNotClaimed) {
  auto pack = LoadPolicy("ta_nullover", R"yaml(policy: p
record: r
fields:
  a: int
  n: int?
outputs:
  o: string
decisions:
  - id: t
    hit: unique
    table:
      when: [r.a, r.n]
      then: [o]
      rows:
        x: ["-", "(-3..10)", x]
        y: ["< 10", "-", y]
        z: [[5, 100], "-", z]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "gap gap in table t of p: no row matches e.g. {r.a: 10, r.n: -3}\n"
            "overlap overlap in unique table t of p: rows x and y both match "
            "e.g. {r.a: 0, r.n: 0}\n"
            "overlap overlap in unique table t of p: rows x and z both match "
            "e.g. {r.a: 5, r.n: 0}\n"
            "overlap overlap in unique table t of p: rows y and z both match "
            "e.g. {r.a: 5, r.n: 0}\n");
  EXPECT_EQ(Outcome(*pack, "{r.a: 10, r.n: -3}"), "no_rule_matched");
  EXPECT_EQ(Outcome(*pack, "{r.a: 5, r.n: null}"), "evaluation_error");
  auto dead = LoadPolicy("ta_nulldead", R"yaml(policy: p
record: r
fields:
  n: int?
outputs:
  o: string
decisions:
  - id: f
    hit: first
    table:
      when: [r.n]
      then: [o]
      rows:
        lo: ["[0..60)", a]
        any: ["-", b]
        dup: ["-", c]
)yaml");
  ASSERT_TRUE(dead);
  EXPECT_EQ(Findings(*dead),
            "dead_row dead row dup in table f of p: rows lo, any match first "
            "every input it matches, except where row lo fails first "
            "(evaluation_error), e.g. {r.n: -1}\n");
  EXPECT_EQ(Outcome(*dead, "{r.n: -1}"), "b");
  EXPECT_EQ(Outcome(*dead, "{r.n: null}"), "evaluation_error");
}

// Null in a value or list test is no match (row b, an error there, comes
// first in vals), and null != x holds (no note: `!=` is read exactly).
TEST(TableAnalysisInputsTest, NullNotEqualMatchesAndValuesDoNot) {
  auto pack = LoadPolicy("ta_nullne", R"yaml(policy: p
record: r
fields:
  n: int?
  m: int?
outputs:
  o: string
  q: string
decisions:
  - id: ne
    hit: first
    table:
      when: [r.n]
      then: [o]
      rows:
        a: ["!= 0", A]
        b: [0, B]
  - id: vals
    hit: first
    table:
      when: [r.m]
      then: [q]
      rows:
        a: [[0, 1], A]
        b: ["[2..5]", B]
        c: ["-", C]
        d: [3, D]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "dead_row dead row d in table vals of p: row b matches first "
            "every input it matches, e.g. {r.m: 3}\n");
  EXPECT_EQ(Outcome(*pack, "{r.n: null, r.m: 0}"), "A");
}

// Fix D: null passes a field's check, so it stays an input.
TEST(TableAnalysisInputsTest, ACheckKeepsNullAnInput) {
  auto pack = LoadPolicy("ta_nullcheck", R"yaml(policy: p
record: r
fields:
  w: {type: "int?", check: "[0..3]"}
outputs:
  o: string
decisions:
  - id: t
    hit: first
    table:
      when: [r.w]
      then: [o]
      rows:
        low: [[0, 1], a]
        high: [[2, 3], b]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "gap gap in table t of p: no row matches e.g. {r.w: null}\n");
  EXPECT_EQ(Outcome(*pack, "{r.w: null}"), "no_rule_matched");
}

// Fix E: a list cell that is not a literal test was named with no text.
TEST(TableAnalysisInputsTest, ANoteNamesAListCellByItsItems) {
  auto pack = LoadPolicy("ta_listnote", R"yaml(policy: p
record: r
fields:
  i: int
  j: int
outputs:
  o: string
decisions:
  - id: t
    hit: first
    table:
      when: [r.i]
      then: [o]
      rows:
        a: [[0, r.j], A]
        b: ["-", B]
)yaml");
  ASSERT_TRUE(pack);
  EXPECT_EQ(Findings(*pack),
            "note table t of p: cells that are not literal tests (a: [0, r.j]) "
            "are analyzed conservatively: findings there may be missed\n");
}

}  // namespace
}  // namespace verdict
