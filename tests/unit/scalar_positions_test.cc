// Positions of expression errors inside YAML scalars of every style: the
// diagnostic's line:col is that of the text in the file (docs/errors.md),
// not the scalar's start plus the offset in its decoded text. The expected
// positions are written by hand from the YAML below (lines numbered in
// comments; columns count bytes from 1).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/parse/scalar_map.h"
#include "test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

constexpr const char* kPackYaml = "pack: sp\nversion: 1\nzone: \"+08:00\"\n";

// Loads a pack whose one policy is `policy`; the error naming the missing
// field `field` of record r, or a diagnostic at 0:0 when there is none.
Diagnostic ErrorAt(const std::string& policy, const std::string& field,
                   const std::string& pack_name = "scalar_positions") {
  LoadResult r = Pack::Load(testing_util::WritePack(
      pack_name, {{"pack.yaml", kPackYaml}, {"p.yaml", policy}}));
  for (const Diagnostic& d : r.diagnostics) {
    if (d.message.find("no field '" + field + "'") != std::string::npos)
      return d;
  }
  Diagnostic none;
  none.message = "no error for " + field;
  return none;
}

// Lines 1-10 of every policy here.
constexpr const char* kHead =
    "policy: p\n"    // 1
    "record: r\n"    // 2
    "fields:\n"      // 3
    "  a: money\n"   // 4
    "  s: string\n"  // 5
    "outputs:\n"     // 6
    "  o: bool\n"    // 7
    "decisions:\n"   // 8
    "  - id: d\n"    // 9
    "    rules:\n";  // 10

std::string Policy() {
  return std::string(kHead) +
         "      - id: folded\n"           // 11
         "        when: >-\n"             // 12
         "          r.a > 1 &&\n"         // 13
         "          r.q1 > 2\n"           // 14
         "        then: {o: true}\n"      // 15
         "      - id: literal\n"          // 16
         "        when: |-\n"             // 17
         "          r.a > 1\n"            // 18
         "            && r.q2 > 2\n"      // 19
         "        then: {o: true}\n"      // 20
         "      - id: plain_multiline\n"  // 21
         "        when: r.a > 1 &&\n"     // 22
         "          r.q3 > 2\n"           // 23
         "        then: {o: true}\n"      // 24
         "      - id: double_escapes\n"   // 25
         "        when: \"r.s == '\\t\\x41\\u00e9\\U0001F600\\\"\\\\\\\\' "
         "&& r.q4 > 2\"\n"                       // 26
         "        then: {o: true}\n"             // 27
         "      - id: double_multiline\n"        // 28
         "        when: \"r.a > 1 &&\n"          // 29
         "          r.s == 'x' \\\n"             // 30
         "          && r.q5 > 2\"\n"             // 31
         "        then: {o: true}\n"             // 32
         "      - id: single_quoted\n"           // 33
         "        when: 'r.s == \"it''s\" &&\n"  // 34
         "          r.s != '''' && r.q6 > 2'\n"  // 35
         "        then: {o: true}\n"             // 36
         "      - id: folded_indicator\n"        // 37
         "        when: >2-\n"                   // 38
         "            r.a > 1\n"                 // 39
         "          && r.q7 > 2\n"               // 40
         "        then: {o: true}\n"             // 41
         "      - id: literal_keep\n"            // 42
         "        when: |+\n"                    // 43
         "          r.a > 1 &&\n"                // 44
         "\n"                                    // 45
         "          r.q8 > 2\n"                  // 46
         "\n"                                    // 47
         "        then: {o: true}\n"             // 48
         "      - id: flow_list\n"               // 49
         "        when: [r.a > 1, r.q9 > 2]\n"   // 50
         "        then: {o: true}\n"             // 51
         "      - id: flow_map\n"                // 52
         "        when: r.a > 1\n"               // 53
         "        then: {o: \"=r.a > 1 &&\n"     // 54
         "          r.q10 > 2\"}\n"              // 55
         "      - id: flow_plain_multiline\n"    // 56
         "        when: [r.a > 1 &&\n"           // 57
         "          r.q11 > 2]\n"                // 58
         "        then: {o: true}\n"             // 59
         "      - id: plain_one_line\n"          // 60
         "        when: r.a > 1 && r.q12 > 2\n"  // 61
         "        then: {o: '=r.q13 > 2'}\n";    // 62
}

struct Expected {
  const char* field;
  int line, column;
};

TEST(ScalarPositionsTest, EveryStylePointsAtTheTextInTheFile) {
  const std::string policy = Policy();
  const Expected kExpected[] = {
      {"q1", 14, 13},   // folded >-, second line
      {"q2", 19, 18},   // literal |-, more indented second line
      {"q3", 23, 13},   // plain, continued
      {"q4", 26, 59},   // double-quoted, after \t \x41 \u00e9 \U... \" \\\\ .
      {"q5", 31, 16},   // double-quoted, folded and an escaped line break
      {"q6", 35, 28},   // single-quoted, '' and folding
      {"q7", 40, 16},   // folded with an indentation indicator
      {"q8", 46, 13},   // literal keep, after an empty line
      {"q9", 50, 27},   // flow sequence item
      {"q10", 55, 13},  // flow mapping, =expr continued in double quotes
      {"q11", 58, 13},  // flow sequence item, plain, continued
      {"q12", 61, 28},  // plain, one line (no map needed)
      {"q13", 62, 23},  // single-quoted =expr, one line
  };
  for (const Expected& e : kExpected) {
    Diagnostic d = ErrorAt(policy, e.field);
    EXPECT_EQ(d.line, e.line) << e.field << ": " << d.message;
    EXPECT_EQ(d.column, e.column) << e.field << ": " << d.message;
  }
}

// The shape of the shipped rules/bss/retention_followup.yaml: conditions
// and a `due:` expression written as folded `>-` blocks.
TEST(ScalarPositionsTest, FoldedBlocksOfAShippedPackShape) {
  const std::string policy =
      "policy: p\n"                                                    // 1
      "record: customer\n"                                             // 2
      "fields:\n"                                                      // 3
      "  last_visit_date: date?\n"                                     // 4
      "outputs:\n"                                                     // 5
      "  actions: list\n"                                              // 6
      "decisions:\n"                                                   // 7
      "  - id: actions\n"                                              // 8
      "    hit: collect\n"                                             // 9
      "    into: actions\n"                                            // 10
      "    rules:\n"                                                   // 11
      "      - id: periodic_visit\n"                                   // 12
      "        when:\n"                                                // 13
      "          - >-\n"                                               // 14
      "            !has(customer.last_visit_date) ||\n"                // 15
      "            as_of >= add_months(customer.last_vist_date, 3)\n"  // 16
      "        then:\n"                                                // 17
      "          action: visit\n"                                      // 18
      "          due: >-\n"                                            // 19
      "            =has(customer.last_visit_date)\n"                   // 20
      "            ? add_months(customer.last_visit_date, 3)\n"        // 21
      "            : customer.as_of_date\n";                           // 22
  LoadResult r = Pack::Load(
      testing_util::WritePack("scalar_positions_shape",
                              {{"pack.yaml", kPackYaml}, {"p.yaml", policy}}));
  std::vector<std::string> got;
  for (const Diagnostic& d : r.diagnostics) got.push_back(d.ToString());
  auto has = [&](const std::string& s) {
    for (const std::string& g : got)
      if (g.find(s) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(
      has("p.yaml:16:42: error: record 'customer' has no field "
          "'last_vist_date'"))
      << ::testing::PrintToString(got);
  EXPECT_TRUE(
      has("p.yaml:22:24: error: record 'customer' has no field "
          "'as_of_date'"))
      << ::testing::PrintToString(got);
}

// What the map gives when the text is not what the source decodes to:
// the scalar's start, not a guess.
TEST(ScalarPositionsTest, UntracedTextStaysAtTheScalarsStart) {
  const std::string src = "k: >-\n  abc\n  def\n";
  std::optional<syntax::ScalarMap> map =
      syntax::MapScalar(src, 3, 0, 3, "abc xyz");
  ASSERT_TRUE(map.has_value());
  EXPECT_TRUE(map->empty());
  syntax::Pos start{syntax::FileName("f"), 1, 4};
  syntax::Pos p = syntax::PosInScalar(start, "abc xyz", &*map, 5);
  EXPECT_EQ(p.line, 1);
  EXPECT_EQ(p.column, 4);
  // The same scalar, decoded as yaml-cpp does: "def" is on line 3.
  map = syntax::MapScalar(src, 3, 0, 3, "abc def");
  ASSERT_TRUE(map.has_value());
  p = syntax::PosInScalar(start, "abc def", &*map, 5);
  EXPECT_EQ(p.line, 3);
  EXPECT_EQ(p.column, 4);
}

// A scalar whose text is its source's bytes needs no map.
TEST(ScalarPositionsTest, VerbatimScalarsHaveNoMap) {
  EXPECT_FALSE(syntax::MapScalar("k: a b c\n", 3, 0, 3, "a b c"));
  EXPECT_FALSE(syntax::MapScalar("k: 'a b'\n", 3, 0, 3, "a b"));
  EXPECT_FALSE(syntax::MapScalar("k: \"a b\"\n", 3, 0, 3, "a b"));
  EXPECT_FALSE(syntax::MapScalar("k: >-\n  a b\n", 3, 0, 3, "a b") ==
               std::nullopt);  // a block's text never starts at its mark
}

}  // namespace
}  // namespace verdict
