// A policy as compiled: params, outputs, locals, lets, decisions, and the
// problems reported at policy level.
#include <gtest/gtest.h>

#include "src/compile/policy_build.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

TEST(PolicyCompilerTest, ParamsOutputsLocalsAndLetsInOrder) {
  auto c = CompilePolicyText("policy_ok", R"(policy: p
record: r
fields:
  n: int
params:
  limit: 10
  codes: [a, b]
outputs:
  o: int?
  never: string?
locals:
  tmp: int?
let:
  twice: r.n * 2
decisions:
  - id: d
    rules:
      - id: k
        when: twice > limit
        then: {o: =twice, tmp: 1}
)");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  ASSERT_EQ(p.constants.size(), 2u);
  EXPECT_EQ(p.constants[0].second.as_int(), 10);
  EXPECT_EQ(p.constants[1].second.as_list().size(), 2u);
  ASSERT_EQ(p.outputs.size(), 2u);
  EXPECT_EQ(p.outputs[0].first, "o");
  EXPECT_EQ(p.info.outputs[1].second, "string?");
  EXPECT_EQ(p.let_names, std::vector<std::string>{"twice"});
  EXPECT_GT(p.frame_size, p.lets[0].first);
  EXPECT_TRUE(c.Has("warning: output 'never' is never set by a decision"))
      << c.Diags();
}

TEST(PolicyCompilerTest, ADecisionIdIsUsedOnce) {
  auto c = CompilePolicyText("policy_dup_decision", R"(policy: p
record: r
fields:
  n: int
outputs:
  o: string
decisions:
  - id: t
    rules:
      - id: a
        then: {o: first}
  - id: t
    rules:
      - id: b
        then: {o: second}
)");
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(
      c.Has("p.yaml:12:5: error: decision id 't' is used twice in "
            "policy 'p' (also at line 8)"))
      << c.Diags();
}

TEST(PolicyCompilerTest, ReportsDuplicatesLetOutputClashesAndNoOutputs) {
  auto clash = CompilePolicyText("policy_clash", R"(policy: p
record: r
fields:
  n: int
outputs:
  o: int?
  o2: int?
locals:
  o2: int?
let:
  o: r.n
decisions:
  - id: d
    rules:
      - id: k
        then: {o: 1}
)");
  EXPECT_FALSE(clash.pack);
  EXPECT_TRUE(clash.Has("'o2' is declared twice")) << clash.Diags();
  EXPECT_TRUE(clash.Has("'o' is both a let and an output")) << clash.Diags();
}

// An output whose expression does not compile gets its error, not also a
// warning that no decision sets it.
TEST(PolicyCompilerTest, AFailedOutputIsNotAlsoNeverSet) {
  auto c = CompilePolicyText("policy_failed_output", R"(policy: p
record: r
fields:
  x: int
outputs:
  o: int?
decisions:
  - id: d
    rules:
      - id: a
        then: {o: "=r.x +"}
)");
  EXPECT_TRUE(
      c.Has("11:26: error: syntax error: unexpected end of "
            "expression"))
      << c.Diags();
  EXPECT_FALSE(c.Has("never set")) << c.Diags();
}

// A policy's name is written in expressions and in the service's paths.
TEST(PolicyCompilerTest, APolicyNameIsAnIdentifier) {
  for (const char* name :
       {"'../../etc'", "'a b'", "'9lives'", "''", "in", "'true'", "while"}) {
    auto bad = CompilePolicyText(
        "policy_name", std::string("policy: ") + name +
                           "\nrecord: r\nfields:\n  x: int\noutputs:\n  "
                           "o: int?\ndecisions:\n  - id: d\n    rules:\n"
                           "      - id: a\n        then: {o: 1}\n");
    // Quoted names start a column later.
    EXPECT_TRUE(bad.Has(name[0] == '\'' ? "1:10: error: the policy's name"
                                        : "1:9: error: the policy's name"))
        << bad.Diags();
    EXPECT_TRUE(bad.Has("is not a name: letters, digits and '_'"))
        << bad.Diags();
  }
}

// A let, function or parameter that is not a name could never be read or
// called (`a-b` is `a - b`, `if` a reserved word): a pack error, not a
// silently unreachable name. `_x9` is a name.
TEST(PolicyCompilerTest, LetFunctionAndParameterNamesAreNames) {
  auto bad = CompilePolicyText("policy_names", R"(policy: p
record: r
fields:
  x: int
outputs:
  o: int?
let:
  a-b: r.x + 1
  if: r.x
  _x9: r.x
functions:
  'true':
    params: {v: int}
    returns: {w: int}
    rules:
      - id: k
        then: {w: 1}
  g:
    params: {in: int}
    returns: {w: int}
    rules:
      - id: k
        then: {w: 1}
decisions:
  - id: d
    rules:
      - id: k
        then: {o: =_x9}
)");
  EXPECT_FALSE(bad.pack);
  const std::string not_a_name = " is not a name: letters, digits and '_'";
  EXPECT_TRUE(bad.Has("8:3: error: let 'a-b'" + not_a_name)) << bad.Diags();
  EXPECT_TRUE(bad.Has("9:3: error: let 'if'" + not_a_name)) << bad.Diags();
  EXPECT_FALSE(bad.Has("'_x9'")) << bad.Diags();
  EXPECT_TRUE(bad.Has("12:4: error: function 'true'" + not_a_name))
      << bad.Diags();
  EXPECT_TRUE(bad.Has("19:14: error: parameter 'in'" + not_a_name))
      << bad.Diags();
}

// Names that would hide the record, as_of or a built-in function, silently
// and (for the record) only in part: `r` was the let, `r.x` the field.
// A let naming a later let (or itself) once got "undeclared reference to
// 'x2' (did you mean 'o'?)": the message says lets are read in order and
// where the other is.
TEST(PolicyCompilerTest, ALetReadsOnlyTheLetsAboveIt) {
  auto c = CompilePolicyText("lets_in_order", R"(policy: p
record: r
fields:
  a: int
outputs:
  o: int
let:
  x1: x2 + 1
  x2: r.a
  x3: x3 + 1
decisions:
  - id: d
    rules:
      - id: k
        then: {o: =x2}
)");
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(
      c.Has("p.yaml:8:7: error: 'x2' is a let defined at line 9, not "
            "above this use: lets are read in order, each seeing "
            "only the lets above it (move 'x2' up; a let cannot "
            "read itself)"))
      << c.Diags();
  EXPECT_TRUE(c.Has("p.yaml:10:7: error: 'x3' is a let defined at line 10"))
      << c.Diags();
  EXPECT_FALSE(c.Has("did you mean")) << c.Diags();
}

TEST(PolicyCompilerTest, NamesThatWouldHideOthersAreRefused) {
  auto hiding = CompilePolicyText("policy_hiding", R"(policy: p
record: r
fields:
  x: int
outputs:
  o: int?
let:
  r: "{'x': 99}"
  as_of: date('2000-01-01')
functions:
  int:
    params: {n: string}
    returns: {v: int}
    rules:
      - id: k
        then: {v: 42}
  f:
    params: {as_of: date}
    returns: {v: int}
    rules:
      - id: k
        then: {v: 1}
decisions:
  - id: d
    rules:
      - id: k
        then: {o: =r.x}
)");
  EXPECT_FALSE(hiding.pack);
  EXPECT_TRUE(
      hiding.Has("8:3: error: let 'r' hides the record 'r': choose "
                 "another name"))
      << hiding.Diags();
  EXPECT_TRUE(
      hiding.Has("9:3: error: let 'as_of' hides the evaluation's "
                 "as_of: choose another name"))
      << hiding.Diags();
  EXPECT_TRUE(
      hiding.Has("11:3: error: function 'int' has the name of a "
                 "built-in function: choose another name"))
      << hiding.Diags();
  EXPECT_TRUE(
      hiding.Has("18:14: error: parameter 'as_of' hides the "
                 "evaluation's as_of, which every function sees: "
                 "choose another name"))
      << hiding.Diags();
}

}  // namespace
}  // namespace verdict
