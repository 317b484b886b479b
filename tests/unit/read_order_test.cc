// A let, or a decision, that reads an output or local before any decision
// can have set it always reads null there (src/compile/read_order.h):
// `verdict check` warns at the let, the rule or the table column, naming
// the decision that sets it first. Reads after the setting decision, and
// a used policy's outputs (decided before everything), are not warned.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

constexpr const char* kPolicy = R"yaml(policy: p
record: r
fields:
  x: int
outputs:
  a: int
  b: bool?
  c: string?
locals:
  l: int
let:
  big: a > 1
  fine: r.x + 1
decisions:
  - id: early
    hit: first
    rules:
      - id: z
        when: a == 2
        then: {b: true}
      - id: y
        when: "true"
        then: {b: false, c: =string(l)}
  - id: d
    hit: first
    rules:
      - id: one
        when: r.x > 0
        then: {a: 1, l: 1}
      - id: two
        when: r.x <= 0
        then: {a: 2, l: =fine}
  - id: late
    hit: first
    table:
      when: [a, l]
      then: [c]
      rows:
        r1: ["1", "-", one]
        r2: ["-", "-", other]
)yaml";

TEST(ReadOrderTest, ReadsBeforeAnyDecisionSetsTheNameAreWarnedWhereTheyAre) {
  LoadResult r =
      Pack::Load(testing_util::WritePack("read_order", {{"p.yaml", kPolicy}}));
  ASSERT_TRUE(r.ok()) << testing_util::DiagnosticsText(r);
  std::vector<std::string> got;
  for (const auto& d : r.diagnostics) {
    std::string text = d.ToString();
    got.push_back(text.substr(text.find("p.yaml:")));
  }
  const std::vector<std::string> want = {
      "p.yaml:12:3: warning: let 'big' reads output 'a', but lets are "
      "computed before the first decision, so it is always null there (it is "
      "first set by decision 'd'); read it in a decision after that one",
      "p.yaml:18:9: warning: rule 'z' of decision 'early' reads output 'a' "
      "before any decision sets it: decisions run in order, and it is first "
      "set by decision 'd', so it is always null here",
      "p.yaml:21:9: warning: rule 'y' of decision 'early' reads local 'l' "
      "before any decision sets it: decisions run in order, and it is first "
      "set by decision 'd', so it is always null here",
  };
  EXPECT_EQ(got, want);
}

TEST(ReadOrderTest, ATableColumnAndAUsedPolicysOutputs) {
  // The table reads `c`, which only it sets; `q` reads `p.a`, decided
  // before any of q's decisions.
  std::string p = R"yaml(policy: p
record: r
fields:
  x: int
outputs:
  a: int
decisions:
  - id: d
    rules:
      - id: one
        when: "true"
        then: {a: =r.x}
)yaml";
  std::string q = R"yaml(policy: q
record: r
uses: [p]
fields:
  x: int
outputs:
  c: string?
decisions:
  - id: t
    hit: first
    table:
      when: [p.a, c]
      then: [c]
      rows:
        r1: ["1", "-", one]
)yaml";
  LoadResult r = Pack::Load(testing_util::WritePack(
      "read_order_table", {{"p.yaml", p}, {"q.yaml", q}}));
  ASSERT_TRUE(r.ok()) << testing_util::DiagnosticsText(r);
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing_util::DiagnosticsText(r);
  const std::string text = r.diagnostics[0].ToString();
  EXPECT_NE(text.find("q.yaml:12:19: warning: column 2 of decision 't' reads "
                      "output 'c' before any decision sets it: decisions run "
                      "in order, and it is first set by decision 't', so it "
                      "is always null here"),
            std::string::npos)
      << text;
}

// A column written as a `>-` block is warned at its text, not at the
// block's header; a let reading an output no decision sets is told so,
// without advice to read it "after that one" (there is none).
TEST(ReadOrderTest, ABlockColumnsTextAndALetOfANeverSetOutput) {
  std::string p = R"yaml(policy: p
record: r
fields:
  x: int
outputs:
  out: int?
  never: int?
let:
  k: never
decisions:
  - id: d1
    hit: first
    table:
      when:
        - >-
          r.x + out
      then: [out]
      rows:
        r1: ["-", 1]
)yaml";
  LoadResult r =
      Pack::Load(testing_util::WritePack("read_order_block", {{"p.yaml", p}}));
  ASSERT_TRUE(r.ok()) << testing_util::DiagnosticsText(r);
  const std::string text = testing_util::DiagnosticsText(r);
  EXPECT_NE(text.find("p.yaml:9:3: warning: let 'k' reads output 'never', but "
                      "lets are computed before the first decision, so it is "
                      "always null there (no decision sets it)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("p.yaml:16:11: warning: column 1 of decision 'd1' reads "
                      "output 'out' before any decision sets it"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace verdict
