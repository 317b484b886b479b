// An output whose type is not optional (`bool`, not `bool?`) holds a value
// in every decided record (src/evaluate/policy_eval.cc RequiredOutputError):
// a matched rule that does not set it, or an expression that gives null,
// is the record's evaluation_error on every path (the direct table, the
// general path and a trace, a typed struct), never a null the type says
// cannot be there. `verdict check` warns at the declaration of such an
// output that no decision sets in every rule.
#include <gtest/gtest.h>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "tests/unit/test_util.h"
#include "verdict/binding.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

// Rule `one` leaves `b` unset; rule `two` sets it. Literal outputs only, so
// the shape is a direct table's.
constexpr const char* kPartial = R"yaml(policy: p
record: r
fields:
  x: int
  o: bool?
outputs:
  a: int
  b: bool
  c: int?
decisions:
  - id: d
    hit: first
    rules:
      - id: one
        when: r.x > 0
        then: {a: 1}
      - id: two
        when: r.x <= 0
        then: {a: 2, b: true, c: null}
)yaml";

constexpr const char* kUnsetMessage =
    "output 'b' has no value, and its type 'bool' is not optional: no rule "
    "this record matched set it, or one set it to null (declare 'bool?' to "
    "allow null)";

EvalOptions AsOf(bool trace = false) {
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  o.trace = trace;
  return o;
}

LoadResult LoadOne(const std::string& name, const std::string& text) {
  return Pack::Load(testing_util::WritePack(name, {{"p.yaml", text}}));
}

TEST(RequiredOutputsTest, ARuleThatLeavesARequiredOutputUnsetFailsTheRecord) {
  LoadResult r = LoadOne("required_partial", kPartial);
  ASSERT_TRUE(r.ok()) << testing_util::DiagnosticsText(r);
  // The direct table would copy the row's null: it is not used.
  EXPECT_FALSE(PackAccess::Impl(*r.pack).Find("p")->direct.has_value());
  for (bool trace : {false, true}) {
    Decision d = r.pack->Evaluate("p", {{"x", Value::Int(1)}}, AsOf(trace));
    ASSERT_FALSE(d.ok()) << trace;
    EXPECT_EQ(d.error->code, "evaluation_error");
    EXPECT_EQ(d.error->message, kUnsetMessage);
    // The rule that sets it decides; the optional `c` stays null.
    Decision ok = r.pack->Evaluate("p", {{"x", Value::Int(0)}}, AsOf(trace));
    ASSERT_TRUE(ok.ok()) << ok.error->message;
    EXPECT_TRUE(ok.Get("b")->as_bool());
    EXPECT_TRUE(ok.Get("c")->is_null());
  }
}

TEST(RequiredOutputsTest, CheckWarnsAtTheDeclarationOfAnOutputARuleMayLeave) {
  LoadResult r = LoadOne("required_warn", kPartial);
  const std::string text = testing_util::DiagnosticsText(r);
  EXPECT_NE(text.find(":8:3: warning: output 'b' is not optional ('bool'), "
                      "but no decision sets it in every rule: a record whose "
                      "rules leave it unset fails (evaluation_error); set it "
                      "in every rule, or declare 'bool?'"),
            std::string::npos)
      << text;
  // Only `b`: `a` is set by every rule, `c` is optional.
  EXPECT_EQ(r.diagnostics.size(), 1u) << text;
}

TEST(RequiredOutputsTest, AnExpressionGivingNullFailsTheRecord) {
  std::string text = kPartial;
  text.replace(text.find("then: {a: 1}"), 12, "then: {a: 1, b: =r.o}");
  auto pack = testing_util::LoadCleanPack("required_expr", {{"p.yaml", text}});
  ASSERT_TRUE(pack);
  Decision d = pack->Evaluate("p", {{"x", Value::Int(1)}}, AsOf());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->message, kUnsetMessage);
  Decision ok = pack->Evaluate(
      "p", {{"x", Value::Int(1)}, {"o", Value::Bool(false)}}, AsOf());
  ASSERT_TRUE(ok.ok()) << ok.error->message;
  EXPECT_FALSE(ok.Get("b")->as_bool());
}

TEST(RequiredOutputsTest, AnEarlierDecisionsValueStandsWhenALaterRuleSetsNone) {
  std::string text = kPartial;
  text += R"yaml(  - id: later
    hit: first
    rules:
      - id: override
        when: r.x > 5
        then: {b: false}
      - id: keep
        when: r.x <= 5
        then: {c: 3}
)yaml";
  // Decision `d` no longer leaves `b` unset: it sets it in every rule.
  text.replace(text.find("then: {a: 1}"), 12, "then: {a: 1, b: true}");
  auto pack = testing_util::LoadCleanPack("required_later", {{"p.yaml", text}});
  ASSERT_TRUE(pack);
  Decision kept = pack->Evaluate("p", {{"x", Value::Int(1)}}, AsOf());
  ASSERT_TRUE(kept.ok()) << kept.error->message;
  EXPECT_TRUE(kept.Get("b")->as_bool());
  EXPECT_EQ(kept.Get("c")->as_int(), 3);
  Decision over = pack->Evaluate("p", {{"x", Value::Int(6)}}, AsOf());
  ASSERT_TRUE(over.ok()) << over.error->message;
  EXPECT_FALSE(over.Get("b")->as_bool());
}

TEST(RequiredOutputsTest, ATypedStructGetsTheErrorAndIsLeftUntouched) {
  LoadResult r = LoadOne("required_typed", kPartial);
  ASSERT_TRUE(r.ok());
  struct In {
    int64_t x;
  };
  struct Out {
    int64_t a = -1;
    bool b = false;
  };
  auto typed =
      Binding<In>()
          .Field("x", &In::x)
          .Bind(r.pack, "p")
          .Returning(Outputs<Out>().Output("a", &Out::a).Output("b", &Out::b));
  Out out;
  auto err = typed.EvaluateInto(In{1}, AsOf(), &out);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->message, kUnsetMessage);
  EXPECT_EQ(out.a, -1);
  ASSERT_FALSE(typed.EvaluateInto(In{0}, AsOf(), &out).has_value());
  EXPECT_EQ(out.a, 2);
  EXPECT_TRUE(out.b);
}

TEST(RequiredOutputsTest, AUsedPolicysUnsetOutputFailsTheUserNamingIt) {
  std::string user = R"yaml(policy: q
record: r
uses: [p]
fields:
  x: int
  o: bool?
outputs:
  z: int
decisions:
  - id: e
    hit: first
    rules:
      - id: all
        when: "true"
        then: {z: =p.a}
)yaml";
  LoadResult r = Pack::Load(testing_util::WritePack(
      "required_used", {{"p.yaml", kPartial}, {"q.yaml", user}}));
  ASSERT_TRUE(r.ok()) << testing_util::DiagnosticsText(r);
  Decision d = r.pack->Evaluate("q", {{"x", Value::Int(1)}}, AsOf());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->message, std::string("policy 'p': ") + kUnsetMessage);
}

// Only outputs a record may leave null are checked per record: one set in
// every rule of a decision, always to a literal, is never null. Of the
// shipped policies, refund_approval checks cumulative_amount (an
// expression) and not status; customer_tier checks none.
TEST(RequiredOutputsTest, OnlyOutputsThatMayBeNullAreCheckedPerRecord) {
  LoadResult r = LoadOne("required_checked", kPartial);
  ASSERT_TRUE(r.ok());
  auto names = [](const CompiledPolicy& p) {
    std::vector<std::string> out;
    for (uint32_t k : p.required_outputs) out.push_back(p.outputs[k].first);
    return out;
  };
  EXPECT_EQ(names(*PackAccess::Impl(*r.pack).Find("p")),
            std::vector<std::string>{"b"});
  LoadResult bss = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(bss.ok());
  EXPECT_EQ(names(*PackAccess::Impl(*bss.pack).Find("refund_approval")),
            std::vector<std::string>{"cumulative_amount"});
  EXPECT_TRUE(
      names(*PackAccess::Impl(*bss.pack).Find("customer_tier")).empty());
}

// A required output no decision sets fails every record: the warning says
// so (a collect's item key declared as an output too was left null before).
TEST(RequiredOutputsTest, ARequiredOutputNoDecisionSetsIsWarnedAsFailingAll) {
  LoadResult r = LoadOne("required_never", R"yaml(policy: p
record: r
fields:
  x: int
outputs:
  codes: list
  code: string
  note: string?
decisions:
  - id: d
    hit: collect
    into: codes
    rules:
      - id: one
        then: {code: a}
)yaml");
  ASSERT_TRUE(r.ok()) << testing_util::DiagnosticsText(r);
  const std::string text = testing_util::DiagnosticsText(r);
  EXPECT_NE(text.find(":7:3: warning: output 'code' is never set by a "
                      "decision, and its type 'string' is not optional: every "
                      "decided record fails (evaluation_error); set it, or "
                      "declare 'string?'\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(":8:3: warning: output 'note' is never set by a "
                      "decision\n"),
            std::string::npos)
      << text;
  Decision d = r.pack->Evaluate("p", {{"x", Value::Int(1)}}, AsOf());
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error->message.find("output 'code' has no value"),
            std::string::npos);
}

}  // namespace
}  // namespace verdict
