// Hit policies: first, unique, any, collect; functions and `uses`.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

const char* kPolicy = R"(policy: p
record: r
fields:
  n: int
outputs:
  first: string?
  unique: string?
  any: string?
  all: list
  size_label: string
functions:
  label:
    params: {x: int}
    returns: {label: string}
    table:
      when: [x]
      then: [label]
      rows:
        small: ["< 10", small]
        large: [">= 10", large]
decisions:
  - id: first
    hit: first
    rules:
      - id: big
        when: r.n > 100
        then: {first: big}
      - id: positive
        when: r.n > 0
        then: {first: positive}
  - id: unique
    hit: unique
    rules:
      - id: even
        when: r.n % 2 == 0
        then: {unique: even}
      - id: multiple_of_3
        when: r.n % 3 == 0
        then: {unique: three}
  - id: any
    hit: any
    rules:
      - id: a
        when: r.n > 5
        then: {any: yes}
      - id: b
        when: r.n > 50
        then: {any: "=r.n > 500 ? 'no' : 'yes'"}
  - id: all
    hit: collect
    into: all
    rules:
      - id: p1
        when: r.n > 1
        then: {rule: p1, n: =r.n}
      - id: p2
        when: r.n > 2
        then: {rule: p2, n: =r.n * 2}
  - id: size
    rules:
      - id: via_function
        then: {size_label: =label(r.n)}
)";

class HitPolicyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    LoadResult r =
        Pack::Load(testing_util::WritePack("hit", {{"p.yaml", kPolicy}}));
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
    pack_ = r.pack;
  }
  static Decision Eval(int n) {
    EvalOptions opt;
    opt.as_of = *Date::Parse("2026-11-24");
    return pack_->Evaluate("p", {{"n", Value::Int(n)}}, opt);
  }
  static inline std::shared_ptr<const Pack> pack_;
};

TEST_F(HitPolicyTest, FirstTakesTheFirstMatchAndNoMatchLeavesNull) {
  EXPECT_EQ(
      pack_->ToJson(Eval(1)),
      R"({"first":"positive","unique":null,"any":null,"all":[],"size_label":"small"})");
  EXPECT_EQ(Eval(101).Get("first")->as_string(), "big");
  EXPECT_TRUE(Eval(-1).Get("first")->is_null());
}

TEST_F(HitPolicyTest, UniqueRejectsTwoMatches) {
  EXPECT_EQ(Eval(4).Get("unique")->as_string(), "even");
  Decision d = Eval(6);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->code, "conflicting_rules");
  EXPECT_EQ(d.error->message,
            "decision 'unique' has hit policy unique, but rules 'even' and "
            "'multiple_of_3' both "
            "match");
}

TEST_F(HitPolicyTest, AnyAcceptsAgreeingMatchesOnly) {
  EXPECT_EQ(Eval(55).Get("any")->as_string(), "yes");
  Decision d = Eval(1001);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->code, "conflicting_rules");
}

TEST_F(HitPolicyTest, CollectGathersEveryMatchInOrder) {
  EXPECT_EQ(pack_->ToJson(*Eval(5).Get("all")),
            R"([{"rule":"p1","n":5},{"rule":"p2","n":10}])");
}

// A collect table with one output column adds each matching row's value
// (typed by the list's items, as a plain `then` value); with several, an
// object of them.
TEST(CollectTableTest, OneOutputColumnAddsValuesSeveralAddObjects) {
  const char* policy = R"(policy: c
record: r
fields:
  k: enum(a, b)
outputs:
  codes: list(string)
  amounts: list(money)
  pairs: list
  has_c1: bool
decisions:
  - id: codes
    hit: collect
    into: codes
    table:
      when: [r.k]
      then: [code]
      rows:
        c1: [b, c1]
        c2: ["-", c2]
  - id: amounts
    hit: collect
    into: amounts
    table:
      when: [r.k]
      then: [amount]
      rows:
        x: ["-", 1.50]
        y: [b, 0.50]
  - id: pairs
    hit: collect
    into: pairs
    table:
      when: [r.k]
      then: [code, rank]
      rows:
        p1: [b, c1, 1]
        p2: ["-", c2, 2]
  - id: use
    rules:
      - id: u
        then: {has_c1: "='c1' in codes"}
)";
  LoadResult r = Pack::Load(
      testing_util::WritePack("collect_table", {{"c.yaml", policy}}));
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_TRUE(r.pack);
  EvalOptions opt;
  Decision b = r.pack->Evaluate("c", {{"k", Value::String("b")}}, opt);
  EXPECT_EQ(
      r.pack->ToJson(b),
      R"({"codes":["c1","c2"],"amounts":[1.5,0.5],"pairs":[{"code":"c1","rank":1},{"code":"c2","rank":2}],"has_c1":true})");
  Decision a = r.pack->Evaluate("c", {{"k", Value::String("a")}}, opt);
  EXPECT_EQ(
      r.pack->ToJson(a),
      R"({"codes":["c2"],"amounts":[1.5],"pairs":[{"code":"c2","rank":2}],"has_c1":false})");

  // A cell that is not of the list's item type is a pack error at the cell.
  std::string bad = policy;
  bad.replace(bad.find("c2: [\"-\", c2]"), 14, "c2: [\"-\", [x]]");
  LoadResult refused = Pack::Load(
      testing_util::WritePack("collect_table_bad", {{"c.yaml", bad}}));
  EXPECT_FALSE(refused.pack);
  ASSERT_FALSE(refused.diagnostics.empty());
  EXPECT_EQ(refused.diagnostics[0].line, 19)
      << refused.diagnostics[0].ToString();
}

TEST_F(HitPolicyTest, FunctionsAreDecisionTables) {
  EXPECT_EQ(Eval(5).Get("size_label")->as_string(), "small");
  EXPECT_EQ(Eval(11).Get("size_label")->as_string(), "large");
}

TEST_F(HitPolicyTest, UsesRequiresTheUsedPolicysFields) {
  std::string other = R"(policy: q
record: r
uses: [p]
fields:
  m: int
outputs:
  o: string?
decisions:
  - id: d
    rules:
      - id: x
        then: {o: =p.first}
)";
  LoadResult r = Pack::Load(testing_util::WritePack(
      "uses", {{"p.yaml", kPolicy}, {"q.yaml", other}}));
  ASSERT_FALSE(r.ok());
  std::string all;
  for (const auto& d : r.diagnostics) all += d.ToString() + "\n";
  EXPECT_NE(all.find("q.yaml:3:8: error: policy 'p' needs field 'n', which "
                     "record 'r' does not "
                     "declare"),
            std::string::npos)
      << all;
}

// A used policy is decided on the using policy's validated values, where
// its defaults stand in for absent fields: the two must agree on every
// default (a value, or none), else the pack is refused at `uses`.
TEST(UsesDefaultsTest, AUsedPolicysFieldsMustHaveTheSameDefaults) {
  auto policies = [](const std::string& base_z, const std::string& user_z) {
    return std::map<std::string, std::string>{
        {"base.yaml", "policy: base\nrecord: r\nfields:\n  z: " + base_z +
                          "\noutputs:\n  s: int?\ndecisions:\n  - id: d\n"
                          "    rules:\n      - id: a\n        then: {s: "
                          "=r.z}\n"},
        {"user.yaml",
         "policy: user\nrecord: r\nuses: [base]\nfields:\n  "
         "z: " +
             user_z +
             "\noutputs:\n  t: int?\ndecisions:\n  - id: d\n"
             "    rules:\n      - id: a\n        then: {t: "
             "=base.s}\n"}};
  };
  struct Case {
    std::string base_z, user_z;
    bool loads;
  };
  for (const Case& c : std::vector<Case>{{"int = 7", "int = 7", true},
                                         {"int?", "int?", true},
                                         {"int = 7", "int = 100", false},
                                         {"int?", "int = 100", false},
                                         {"int = 7", "int?", false}}) {
    LoadResult r = Pack::Load(
        testing_util::WritePack("uses_defaults", policies(c.base_z, c.user_z)));
    std::string all;
    for (const auto& d : r.diagnostics) all += d.ToString() + "\n";
    EXPECT_EQ(r.ok(), c.loads) << c.base_z << " / " << c.user_z << "\n" << all;
    if (!c.loads) {
      EXPECT_NE(all.find("user.yaml:3:8: error: policy 'base' reads 'z' with "),
                std::string::npos)
          << all;
    }
  }
  // Agreeing defaults: an absent z is 7 in both.
  LoadResult ok = Pack::Load(testing_util::WritePack(
      "uses_defaults_ok", policies("int = 7", "int = 7")));
  ASSERT_TRUE(ok.pack);
  EXPECT_EQ(ok.pack->Evaluate("user", {}, {}).Get("t")->as_int(), 7);
}

// A used policy's trace entries are prefixed with its name; a function's
// entry names the function (`policy.function`) wherever it was called.
TEST(UsesTraceTest, FunctionsKeepTheirNameInAUsedPolicysTrace) {
  std::map<std::string, std::string> files = {
      {"base.yaml",
       "policy: base\nrecord: r\nfields:\n  x: int\noutputs:\n  lbl: "
       "string\nfunctions:\n  band:\n    params: {amount: int}\n    "
       "returns: {name: string}\n    table:\n      when: [amount]\n      "
       "then: [name]\n      rows:\n        lo: [\"< 10\", low]\n        "
       "hi: [\"-\", high]\ndecisions:\n  - id: d\n    rules:\n      - id: "
       "always\n        then: {lbl: =band(r.x)}\n"},
      {"user.yaml",
       "policy: user\nrecord: r\nuses: [base]\nfields:\n  x: int\n"
       "outputs:\n  o: string\ndecisions:\n  - id: u\n    rules:\n      - "
       "id: u1\n        then: {o: =base.lbl}\n"}};
  LoadResult r = Pack::Load(testing_util::WritePack("uses_trace", files));
  ASSERT_TRUE(r.pack);
  EvalOptions opt;
  opt.trace = true;
  Decision d = r.pack->Evaluate("user", {{"x", Value::Int(5)}}, opt);
  ASSERT_TRUE(d.ok());
  std::vector<std::string> names;
  for (const TraceEntry& t : d.trace)
    names.push_back(t.decision + "/" + t.rule);
  EXPECT_EQ(names, (std::vector<std::string>{"base.band/lo", "base.d/always",
                                             "u/u1"}));
}

// A rule's conditions are CEL's commutative `&&`: a failing condition
// (here `null >= 1`) does not fail the record when another condition of the
// same rule is false, wherever it stands; when none is false, the first
// failure is the record's error.
TEST(RuleConditionsTest, AFalseConditionAbsorbsAFailureInEitherOrder) {
  const char* policy = R"(policy: c
record: r
fields:
  o: int?
  n: int
outputs:
  label: string?
decisions:
  - id: t
    table:
      when: [r.o, r.n]
      then: [label]
      rows:
        o_first: [">= 1", "5", five]
        fallback: ["-", "-", other]
  - id: rules
    rules:
      - id: n_first
        when: [r.n == 7, r.o >= 1]
        then: {label: seven}
)";
  auto pack = testing_util::LoadCleanPack("conj", {{"c.yaml", policy}});
  ASSERT_TRUE(pack);
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  auto eval = [&](int n) {
    return pack->Evaluate("c", {{"o", Value::Null()}, {"n", Value::Int(n)}},
                          opt);
  };
  // n = 6: `null >= 1` fails, `6 == 5` is false: no match, the next row.
  Decision d = eval(6);
  ASSERT_TRUE(d.ok()) << d.error->message;
  EXPECT_EQ(d.Get("label")->as_string(), "other");
  // n = 5: no condition is false, so the failure is the record's error.
  d = eval(5);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->code, "evaluation_error");
  EXPECT_NE(d.error->message.find("rule 'o_first'"), std::string::npos)
      << d.error->message;
  EXPECT_NE(d.error->message.find("(in: r.o >= 1)"), std::string::npos)
      << d.error->message;
  // n = 7: the table falls through to `fallback`; in `rules`, `7 == 7`
  // holds and `null >= 1` fails with nothing false, so it is the error.
  d = eval(7);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error->message.find("rule 'n_first'"), std::string::npos)
      << d.error->message;
  EXPECT_NE(d.error->message.find("(in: r.o >= 1)"), std::string::npos)
      << d.error->message;
}

// A computed column that fails is such a failing condition in each row
// that tests it; it failed the whole decision before, even for a row with
// "-" there or a row another cell rules out. Unique and collect tables too.
TEST(RuleConditionsTest, AFailingComputedColumnFailsOnlyTheRowsThatTestIt) {
  const std::string policy = R"(policy: c
record: r
fields:
  o: int?
  k: enum(x, y)
outputs:
  first: string?
  all: list(string)
decisions:
  - id: t
    table:
      when: ["r.o + 1", r.k]
      then: [first]
      rows:
        a: [">= 1", y, A]
        b: ["-", x, B]
  - id: c
    hit: collect
    into: all
    table:
      when: ["r.o + 1", r.k]
      then: [v]
      rows:
        a: [">= 1", y, A]
        b: ["-", x, B]
        c: ["-", "-", C]
)";
  auto pack = testing_util::LoadCleanPack("computed", {{"c.yaml", policy}});
  ASSERT_TRUE(pack);
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  auto eval = [&](const char* k) {
    return pack->Evaluate("c", {{"o", Value::Null()}, {"k", Value::String(k)}},
                          opt);
  };
  Decision d = eval("x");  // row a is ruled out by k; b reads no r.o + 1
  ASSERT_TRUE(d.ok()) << d.error->message;
  EXPECT_EQ(d.Get("first")->as_string(), "B");
  EXPECT_EQ(d.Get("all")->DebugString(), R"(["B", "C"])");
  d = eval("y");  // row a holds on k: its failing cell is the error
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->message,
            "decision 't', rule 'a': no matching overload for '_+_' applied "
            "to (null_type, int) (in: r.o + 1 >= 1)");
}

}  // namespace
}  // namespace verdict
