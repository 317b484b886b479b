// A string compared with an enum-typed name must be one of its values
// (src/compile/enum_literals.cc): each typo is a pack error at the
// literal's position, in conditions, output expressions and functions,
// for record fields, outputs and used policies' outputs; comprehension
// variables shadow the names they reuse.
#include <gtest/gtest.h>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::string LoadErrors(const std::string& name,
                       const std::map<std::string, std::string>& files) {
  LoadResult r = Pack::Load(testing_util::WritePack(name, files));
  std::string all;
  for (const auto& d : r.diagnostics) all += d.ToString() + "\n";
  return all;
}

constexpr const char* kBase = R"yaml(policy: base
record: r
fields:
  e: enum(x, y)
outputs:
  grade: enum(a, b)
decisions:
  - id: d
    rules:
      - id: k
        then: {grade: a}
)yaml";

TEST(EnumLiteralsTest, EveryTypoIsAnErrorAtItsLiteral) {
  std::string errors = LoadErrors(
      "enum_typos", {{"base.yaml", kBase}, {"use.yaml", R"yaml(policy: use
record: r
uses: [base]
fields:
  e: enum(x, y)
outputs:
  pick: enum(p, q)
  ok: bool
functions:
  f:
    params:
      c: enum(m, n)
    returns:
      v: bool
    rules:
      - id: one
        then: {v: "=c == 'nn'"}
decisions:
  - id: d
    rules:
      - id: k1
        when: "r.e == 'xx' || 'yy' != r.e"
        then: {pick: p, ok: "=r.e in ['x', 'zz']"}
      - id: k2
        when: "base.grade == 'c'"
        then: {pick: q, ok: "=['free'].exists(pick, pick == 'free')"}
      - id: k3
        when: "pick == 'r' && r.e == 'x' && r.e != base.grade"
        then: {pick: p, ok: true}
)yaml"}});
  const char* want[] = {
      "use.yaml:17:26: error: 'nn' is not one of the values of c: m, n",
      "use.yaml:22:23: error: 'xx' is not one of the values of r.e: x, y",
      "use.yaml:22:31: error: 'yy' is not one of the values of r.e: x, y",
      "use.yaml:23:44: error: 'zz' is not one of the values of r.e: x, y",
      ("use.yaml:25:30: error: 'c' is not one of the values of base.grade: "
       "a, b"),
      "use.yaml:28:24: error: 'r' is not one of the values of pick: p, q",
  };
  for (const char* w : want) {
    EXPECT_NE(errors.find(w), std::string::npos) << w << "\nin:\n" << errors;
  }
  // 'free' compares the comprehension's own `pick`, not the output.
  EXPECT_EQ(errors.find("'free'"), std::string::npos) << errors;
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'),
            static_cast<long>(std::size(want)))
      << errors;
}

TEST(EnumLiteralsTest, MembersAndNonLiteralsAreFine) {
  LoadResult r = Pack::Load(testing_util::WritePack(
      "enum_fine", {{"base.yaml", kBase}, {"ok.yaml", R"yaml(policy: ok
record: r
fields:
  e: enum(x, y)
  s: string
outputs:
  o: bool
decisions:
  - id: d
    rules:
      - id: k
        when: "r.e == 'x' || r.e in ['x', 'y'] || r.e == r.s || r.s == 'zz'"
        then: {o: "=r.e != 'y' && r.e.startsWith('q')"}
)yaml"}}));
  EXPECT_TRUE(r.ok());
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
}

// A literal argument of a pack function's enum parameter is checked the
// same way, called by its plain name in its own policy or qualified from
// another; a non-literal argument, a member of the enum or a parameter that
// is not an enum is fine. Every such typo failed each record at run time
// ("argument 'branch': 'cty' is not one of: city, county").
TEST(EnumLiteralsTest, LiteralArgumentsOfEnumParametersAreChecked) {
  constexpr const char* kBand = R"yaml(policy: band
record: r
fields:
  m: money
  b: enum(city, county)
outputs:
  who: string
functions:
  band:
    params:
      amount: money
      branch: enum(city, county)
      note: string
    returns:
      approver: string
    hit: first
    table:
      when: [amount, branch]
      then: [approver]
      rows:
        one: ["< 200", county, c1]
        two: ["-", "-", c2]
decisions:
  - id: d
    hit: first
    rules:
      - id: k1
        when: "band(r.m, 'cty', 'any') == 'c1'"
        then: {who: "=band(r.m, r.b, 'cty')"}
      - id: k2
        then: {who: "=band(r.m, 'county', '')"}
)yaml";
  std::string errors =
      LoadErrors("enum_arguments",
                 {{"band.yaml", kBand}, {"caller.yaml", R"yaml(policy: caller
record: r
fields:
  m: money
outputs:
  who: string
decisions:
  - id: d
    rules:
      - id: k
        then: {who: "=band.band(r.m, 'town', 'x') + band.band(r.m, 'city', 'y')"}
)yaml"}});
  const char* want[] = {
      ("band.yaml:28:26: error: 'cty' is not one of the values of parameter "
       "'branch' of band: city, county"),
      ("caller.yaml:11:38: error: 'town' is not one of the values of "
       "parameter 'branch' of band.band: city, county"),
  };
  for (const char* w : want) {
    EXPECT_NE(errors.find(w), std::string::npos) << w << "\nin:\n" << errors;
  }
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'),
            static_cast<long>(std::size(want)))
      << errors;
}

}  // namespace
}  // namespace verdict
