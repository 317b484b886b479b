// Decisions as compiled: hit policies, targets, table columns, trace reads,
// and the problems reported.
#include "src/compile/decisions.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

const char* kHead = R"(policy: p
record: r
fields:
  n: int
  m: money
outputs:
  a: string?
  b: int?
  all: list
)";

TEST(DecisionsTest, TableRowsBecomeRulesWithConditionsAndSets) {
  auto c = CompilePolicyText("decisions_table", std::string(kHead) + R"(
decisions:
  - id: t
    hit: unique
    table:
      when: [r.n, r.m]
      then: [a, b]
      rows:
        one: ["< 10", "-", x, 1]
        two: [">= 10", "> 5", y, 2]
  - id: c
    hit: collect
    into: all
    rules:
      - id: k
        when: r.n > 0
        then: big
)");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  const CompiledDecision& t = p.decisions[0];
  EXPECT_EQ(t.hit, HitPolicy::kUnique);
  ASSERT_EQ(t.rules.size(), 2u);
  // "-" is no condition at all.
  EXPECT_EQ(t.rules[0].conditions.size(), 1u);
  EXPECT_EQ(t.rules[1].conditions.size(), 2u);
  EXPECT_EQ(t.rules[1].condition_texts[1], "r.m > 5");
  EXPECT_EQ(t.target_names, (std::vector<std::string>{"a", "b"}));
  // A plain field column reads its field's slot directly.
  EXPECT_EQ(t.columns[0].first, p.fields[0].type.text == "int" ? 0 : -1);
  ASSERT_TRUE(t.rules[0].reads);
  ASSERT_FALSE(t.rules[0].reads->empty());
  EXPECT_EQ((*t.rules[0].reads)[0].name, "r.n");
  // Rows that set the same outputs and read the same columns share one
  // vector of keys and one of trace reads.
  ASSERT_TRUE(t.rules[0].set_keys);
  ASSERT_EQ(t.rules[0].set_keys->size(), 2u);
  EXPECT_EQ((*t.rules[0].set_keys)[1].as_string(), "b");
  EXPECT_EQ(t.rules[0].set_keys, t.rules[1].set_keys);
  EXPECT_EQ(t.rules[0].reads, t.rules[1].reads);
  const CompiledDecision& col = p.decisions[1];
  EXPECT_EQ(col.hit, HitPolicy::kCollect);
  EXPECT_GE(col.into_slot, 0);
  EXPECT_TRUE(col.rules[0].has_value);
}

TEST(DecisionsTest, ReportsUnknownHitOutputAndRepeatedRuleIds) {
  auto c = CompilePolicyText("decisions_bad", std::string(kHead) + R"(
decisions:
  - id: x
    hit: last
    rules:
      - id: r1
        then: {a: x}
  - id: y
    rules:
      - id: r1
        then: {aa: x}
      - id: r1
        then: {a: x}
  - id: z
    hit: collect
    rules:
      - id: q
        then: {a: x}
)");
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(c.Has("unknown hit policy 'last'")) << c.Diags();
  EXPECT_TRUE(
      c.Has("'aa' is not a declared output or local (did you mean "
            "'a'?)"))
      << c.Diags();
  EXPECT_TRUE(c.Has("rule id 'r1' is used twice in decision 'y'"));
  EXPECT_TRUE(c.Has("a collect decision names the list it fills"));
}

// Each rule whose id an earlier rule of the decision has is reported, at
// its own position; the first of them is not.
TEST(DecisionsTest, EveryRepeatOfARuleIdIsReportedWhereItIs) {
  auto c = CompilePolicyText("decisions_repeats", std::string(kHead) + R"(
decisions:
  - id: y
    rules:
      - id: b
        then: {a: x}
      - id: a
        then: {a: x}
      - id: b
        then: {a: x}
      - id: b
        then: {a: x}
)");
  EXPECT_FALSE(c.pack);
  std::vector<int> lines;
  for (const Diagnostic& d : c.diags) {
    if (d.message == "rule id 'b' is used twice in decision 'y'")
      lines.push_back(d.line);
    EXPECT_EQ(d.message.find("rule id 'a'"), std::string::npos);
  }
  ASSERT_EQ(lines.size(), 2u) << c.Diags();
  std::sort(lines.begin(), lines.end());
  const int first = lines[0];
  EXPECT_EQ(lines[1], first + 2) << c.Diags();
  // The first 'b' is four lines above the first repeat.
  bool first_b_reported = false;
  for (const Diagnostic& d : c.diags) first_b_reported |= d.line == first - 4;
  EXPECT_FALSE(first_b_reported) << c.Diags();
}

// A collect decision fills a list: into an `int` output it once wrote
// ["x"], and a rule's named values put an object into a list(string). Both
// are pack errors at what is wrong; a list of objects (list, list(map)) or
// a dyn target takes objects.
TEST(DecisionsTest, CollectItemsMustFitTheList) {
  auto c = CompilePolicyText("decisions_collect_types", R"(policy: p
record: r
fields:
  n: int
outputs:
  cnt: int
  tags: list(string)
locals:
  pairs: list(int)
decisions:
  - id: c1
    hit: collect
    into: cnt
    rules:
      - id: a
        then: x
  - id: c2
    hit: collect
    into: tags
    rules:
      - id: a
        then: z
      - id: b
        then: {tags: y}
  - id: c3
    hit: collect
    into: pairs
    table:
      when: [r.n]
      then: [code, rank]
      rows:
        p1: ["-", 1, 2]
)");
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(
      c.Has("p.yaml:13:11: error: a collect decision fills a list, "
            "but 'cnt' is 'int': declare it a list, such as "
            "list(int)"))
      << c.Diags();
  EXPECT_TRUE(
      c.Has("p.yaml:24:16: error: rule 'b' adds an object of its "
            "named values, but 'tags' is 'list(string)': give the "
            "item alone (then: VALUE), or declare 'tags' list(map) "
            "or list"))
      << c.Diags();
  EXPECT_TRUE(
      c.Has("p.yaml:30:14: error: each matching row adds an object "
            "of its 2 output columns, but 'pairs' is 'list(int)'"))
      << c.Diags();

  auto ok = CompilePolicyText("decisions_collect_objects", R"(policy: p
record: r
fields:
  n: int
outputs:
  a: list
  b: list(map)
  d: dyn
decisions:
  - id: c1
    hit: collect
    into: a
    rules:
      - id: x
        then: {code: y, rank: 1}
  - id: c2
    hit: collect
    into: b
    rules:
      - id: x
        then: {code: y}
  - id: c3
    hit: collect
    into: d
    rules:
      - id: x
        then: {code: y}
)");
  EXPECT_TRUE(ok.pack) << ok.Diags();
}

TEST(DecisionsTest, TraceReadsResolveVariablesAndRecordFields) {
  int next = 0;
  CompileEnv env(&next);
  env.AddVariable("x", 7, types::Type::Dyn());
  RecordBinding rb;
  auto object = std::make_shared<types::ObjectType>();
  object->fields.emplace_back("f", types::Type::Dyn());
  rb.type = object;
  rb.field_slots = {3};
  env.AddRecord("r", rb);
  auto reads = TraceReads({"x", "r.f", "x", "unknown"}, env);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].name, "x");
  EXPECT_EQ(reads[0].slot, 7);
  EXPECT_EQ(reads[1].name, "r.f");
  EXPECT_EQ(reads[1].slot, 3);
}

}  // namespace
}  // namespace verdict
