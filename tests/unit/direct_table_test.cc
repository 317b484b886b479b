// Policies shaped like a plain handbook table are decided by the direct
// path (CompiledPolicy::direct); it must give exactly what the general path
// gives, which tracing always takes.
#include <gtest/gtest.h>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "tests/unit/test_util.h"
#include "verdict/binding.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

const char* kGrid = R"yaml(policy: grid
record: r
fields:
  n: int
  m: money
  s: string
  o: int?
outputs:
  label: string
  size: int?
  flag: bool
decisions:
  - id: grid
    hit: first
    table:
      when: [r.n, r.m, r.s, r.o]
      then: [label, size, flag]
      rows:
        negative: ["< 0",     "-",      "-", "-",   negative,   null, false]
        rich:     ["[0..10)", ">= 100", "-", "-",   small_rich, 1,    true]
        x:        ["[0..10)", "-",      x,   "-",   small_x,    2,    true]
        odd:      ["[0..10)", "-",      "-", "> 5", small_odd,  null, true]
        big:      [">= 10",   "< 50.5", "-", "-",   big,        3,    false]
)yaml";

TEST(DirectTableTest, AgreesWithTheGeneralPath) {
  LoadResult r = Pack::Load(testing_util::WritePack(
      "direct", {{"grid.yaml", kGrid},
                 {"calendar.yaml", testing_util::kWeekendCalendar}}));
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(PackAccess::Impl(*r.pack).Find("grid")->direct.has_value());
  // customer_tier has the shape too; the other BSS policies do not.
  LoadResult bss = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(bss.ok());
  EXPECT_TRUE(
      PackAccess::Impl(*bss.pack).Find("customer_tier")->direct.has_value());
  EXPECT_FALSE(
      PackAccess::Impl(*bss.pack).Find("refund_approval")->direct.has_value());

  EvalOptions fast, general;
  fast.as_of = general.as_of = *Date::Parse("2026-11-24");
  general.trace = true;  // tracing takes the general path
  int direct_ok = 0, errors = 0;
  for (int n : {-1, 0, 9, 10, 11}) {
    for (const char* m : {"0", "50.49", "50.5", "99.9999", "100"}) {
      for (const char* s : {"x", "y"}) {
        for (Value o : {Value(), Value::Int(3), Value::Int(7)}) {
          FieldMap rec = {{"n", Value::Int(n)},
                          {"m", Value::Dec(*Decimal::Parse(m))},
                          {"s", Value::String(s)},
                          {"o", o}};
          Decision a = r.pack->Evaluate("grid", rec, fast);
          Decision b = r.pack->Evaluate("grid", rec, general);
          std::string where = "n=" + std::to_string(n) + " m=" + m + " s=" + s +
                              " o=" + o.DebugString();
          ASSERT_EQ(a.ok(), b.ok()) << where;
          if (!a.ok()) {
            EXPECT_EQ(a.error->code, b.error->code) << where;
            EXPECT_EQ(a.error->message, b.error->message) << where;
            ++errors;
            continue;
          }
          ++direct_ok;
          ASSERT_EQ(a.outputs.size(), b.outputs.size());
          for (size_t k = 0; k < a.outputs.size(); ++k) {
            EXPECT_EQ(a.outputs[k].first, b.outputs[k].first);
            EXPECT_EQ(a.outputs[k].second.DebugString(),
                      b.outputs[k].second.DebugString())
                << where << " " << a.outputs[k].first;
          }
          EXPECT_TRUE(a.trace.empty());
        }
      }
    }
  }
  // Both outcomes occur: decisions, no_rule_matched, and o = null against
  // "> 5" (an evaluation error, decided by the general path).
  EXPECT_GT(direct_ok, 20);
  EXPECT_GT(errors, 5);

  // JSON Lines reuse one Decision from line to line: a match, an error, a
  // different match, a null optional, then a match again.
  std::string lines =
      "{\"n\": 1, \"m\": 100, \"s\": \"y\"}\n"
      "{\"n\": 20, \"m\": 60, \"s\": \"y\"}\n"
      "{\"n\": -5, \"m\": 1, \"s\": \"x\"}\n"
      "{\"n\": 1, \"m\": 1, \"s\": \"y\", \"o\": null}\n"
      "{\"n\": 12, \"m\": 1, \"s\": \"y\"}\n";
  std::vector<Decision> a = r.pack->EvaluateJsonLines("grid", lines, fast);
  std::vector<Decision> b = r.pack->EvaluateJsonLines("grid", lines, general);
  ASSERT_EQ(a.size(), 5u);
  for (size_t i = 0; i < a.size(); ++i) {
    b[i].trace.clear();
    b[i].traced = false;  // compared with an untraced decision
    EXPECT_EQ(r.pack->ToJson(a[i]), r.pack->ToJson(b[i])) << i;
  }
  EXPECT_EQ(a[0].Get("label")->as_string(), "small_rich");
  EXPECT_EQ(a[1].error->code, "no_rule_matched");
  EXPECT_EQ(a[2].Get("label")->as_string(), "negative");
  EXPECT_TRUE(a[2].Get("size")->is_null());
  EXPECT_EQ(a[4].Get("size")->as_int(), 3);
}

// One Decision reused for policies whose names have the same length and
// differ in one byte (first word, last byte): each decision carries its own
// policy's name and outputs, never the previous one's.
TEST(DirectTableTest, AReusedDecisionTakesEachPolicysOwnOutputs) {
  auto policy = [](const std::string& name, const std::string& out) {
    return "policy: " + name + R"yaml(
record: r
fields:
  m: money
outputs:
  )yaml" + out +
           R"yaml(: string
decisions:
  - id: d
    hit: first
    table:
      when: [r.m]
      then: [)yaml" +
           out + R"yaml(]
      rows:
        low: ["< 10", low]
        high: [">= 10", high]
)yaml";
  };
  const std::vector<std::pair<std::string, std::string>> names = {
      {"grid_alpha_one_x", "first"},
      {"grid_alpha_one_y", "second"},
      {"xrid_alpha_one_x", "third"},
      {"grid_a", "fourth"},
      {"grid_b", "fifth"}};
  std::map<std::string, std::string> files = {
      {"calendar.yaml", testing_util::kWeekendCalendar}};
  for (const auto& [name, out] : names)
    files[name + ".yaml"] = policy(name, out);
  auto pack = testing_util::LoadCleanPack("reused_decision", files);
  ASSERT_TRUE(pack);
  struct Rec {
    Decimal m;
  };
  Decision d;
  EvalOptions opt;
  for (int round = 0; round < 3; ++round) {
    for (const auto& [name, out] : names) {
      ASSERT_TRUE(PackAccess::Impl(*pack).Find(name)->direct.has_value());
      auto bound = Binding<Rec>().Field("m", &Rec::m).Bind(pack, name);
      bound.EvaluateInto(Rec{Decimal::FromInt(round * 7)}, opt, &d);
      ASSERT_TRUE(d.ok()) << name;
      EXPECT_EQ(d.policy, name);
      ASSERT_EQ(d.outputs.size(), 1u);
      EXPECT_EQ(d.outputs[0].first, out) << name;
      EXPECT_EQ(d.outputs[0].second.as_string(),
                round * 7 < 10 ? "low" : "high");
    }
  }
}

}  // namespace
}  // namespace verdict
