// A trace entry holds the values its rule's condition read (engine.h,
// TraceEntry), whatever the hit policy: a rule that sets a slot its own
// condition reads (moving a customer down a tier) shows the value before
// its outputs were written, as the condition saw it.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

using testing_util::LoadCleanPack;

// `downgrade` reads `tier` (set by `base`) and sets it again.
std::string Reclass(const std::string& hit, bool table) {
  std::string head = R"yaml(policy: reclass
record: customer
fields:
  arpu: int
  complaints: int
outputs:
  tier: string
decisions:
  - id: base
    rules:
      - id: high
        when: customer.arpu >= 60
        then: {tier: high}
      - id: mass
        when: customer.arpu < 60
        then: {tier: mass}
  - id: downgrade
    hit: )yaml" + hit +
                     "\n";
  if (table) {
    return head + R"yaml(    table:
      when: [tier, customer.complaints]
      then: [tier]
      rows:
        high_with_complaints: [high, "> 2", mid]
        unchanged: [[mid, mass], "-", "=tier"]
)yaml";
  }
  return head + R"yaml(    rules:
      - id: high_with_complaints
        when: [tier == 'high', customer.complaints > 2]
        then: {tier: mid}
)yaml";
}

TEST(TraceValuesTest, ARuleThatSetsWhatItsConditionReadShowsTheValueItRead) {
  for (const char* hit : {"first", "unique", "any"}) {
    for (bool table : {false, true}) {
      SCOPED_TRACE(std::string(hit) + (table ? " table" : " rules"));
      auto pack = LoadCleanPack(
          std::string("trace_values_") + hit + (table ? "_t" : "_r"),
          {{"reclass.yaml", Reclass(hit, table)}});
      ASSERT_TRUE(pack);
      EvalOptions opt;
      opt.trace = true;
      Decision d = pack->Evaluate(
          "reclass", {{"arpu", Value::Int(80)}, {"complaints", Value::Int(3)}},
          opt);
      ASSERT_FALSE(d.error) << d.error->message;
      ASSERT_EQ(d.outputs.size(), 1u);
      EXPECT_EQ(d.outputs[0].second.as_string(), "mid");
      ASSERT_EQ(d.trace.size(), 2u);
      EXPECT_EQ(d.trace[1].rule, "high_with_complaints");
      bool saw_tier = false;
      for (const auto& [name, v] : d.trace[1].values) {
        if (name != "tier") continue;
        saw_tier = true;
        EXPECT_EQ(v.DebugString(), Value::String("high").DebugString());
      }
      EXPECT_TRUE(saw_tier);
    }
  }
}

}  // namespace
}  // namespace verdict
