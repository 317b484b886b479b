// Hit policies: first, unique, any, collect; functions and `uses`.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace verdict
