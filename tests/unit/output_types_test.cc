// Output types hold on every record (CompiledPolicy::checked_outputs): an
// expression whose static type does not prove its value fits the declared
// output type (an enum from a string, anything from dyn, an int for money)
// is checked per record, as a record field of that type is checked and
// converted; a value that does not fit fails the record with
// evaluation_error naming the output. Outputs the types prove are not
// checked per record (of the shipped policies' outputs, two).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "src/api/pack_access.h"
#include "tests/unit/compile_test_util.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

const char* kPolicy = R"yaml(policy: o
record: r
fields:
  s: string
  n: int = 0
outputs:
  tier: enum(high, mid)
  cnt: int?
  m: money?
  d: date?
  l: list(string)
  tiers: list(enum(high, mid))
  name: string
decisions:
  - id: x
    rules:
      - id: a
        then:
          tier: "=r.n == 0 ? r.s : 'high'"
          cnt: "=r.n == 1 ? dyn(r.s) : dyn(r.n)"
          m: "=r.n == 2 ? dyn(r.s) : dyn(r.n)"
          d: "=r.n == 3 ? dyn(r.s) : null"
          l: "=r.n == 4 ? dyn([1, 2]) : dyn([r.s])"
          name: =r.s
  - id: all
    hit: collect
    into: tiers
    rules:
      - id: t
        then: "=r.n == 5 ? r.s : 'mid'"
)yaml";

std::string Decide(const std::string& s, int n) {
  static const auto pack = [] {
    LoadResult r = Pack::Load(testing_util::WritePack(
        "output_types",
        {{"pack.yaml", "pack: o\nversion: '1'\n"}, {"o.yaml", kPolicy}}));
    for (const auto& d : r.diagnostics) {
      if (d.severity == Diagnostic::Severity::kError)
        ADD_FAILURE() << d.ToString();
    }
    return r.pack;
  }();
  auto ds = pack->EvaluateJsonLines(
      "o", R"({"s":")" + s + R"(","n":)" + std::to_string(n) + "}\n", {});
  if (ds.size() != 1) return "no decision";
  if (!ds[0].ok()) return ds[0].error->code + ": " + ds[0].error->message;
  return pack->ToJson(ds[0]);
}

TEST(OutputTypesTest, ValuesThatFitPassAndAreConvertedAsFieldsAre) {
  EXPECT_EQ(
      Decide("mid", 0),
      R"({"tier":"mid","cnt":0,"m":0,"d":null,"l":["mid"],"tiers":["mid"],"name":"mid"})");
  // A date's text for a date output is read as a date field's would be.
  std::string d = Decide("2026-01-05", 3);
  EXPECT_NE(d.find(R"("d":"2026-01-05")"), std::string::npos) << d;
  EXPECT_EQ(d.find("error"), std::string::npos) << d;
  // Text is not money.
  EXPECT_NE(Decide("high", 2).find("output 'm'"), std::string::npos);
}

TEST(OutputTypesTest, ValuesThatDoNotFitFailTheRecordNamingTheOutput) {
  EXPECT_EQ(Decide("bogus", 0),
            "evaluation_error: output 'tier': 'bogus' is not one of: high, "
            "mid");
  EXPECT_EQ(Decide("high", 1),
            "evaluation_error: output 'cnt': expected an integer, got string");
  EXPECT_EQ(Decide("high", 3).rfind("evaluation_error: output 'd': ", 0), 0u);
  EXPECT_EQ(Decide("high", 4),
            "evaluation_error: output 'l': item 0: expected a string, got int");
  // The collected list's items are checked too.
  EXPECT_EQ(Decide("low", 5),
            "evaluation_error: output 'tiers': item 0: 'low' is not one of: "
            "high, mid");
}

TEST(OutputTypesTest, OnlyUnprovenOutputsAreCheckedPerRecord) {
  auto c = testing_util::CompilePolicyText("output_types_checked", kPolicy);
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  std::vector<std::string> checked;
  for (uint32_t k : p.checked_outputs) checked.push_back(p.outputs[k].first);
  EXPECT_EQ(checked,
            (std::vector<std::string>{"tier", "cnt", "m", "d", "l", "tiers"}));
  LoadResult bss = Pack::Load(VERDICT_SOURCE_DIR "/rules/bss");
  ASSERT_TRUE(bss.pack);
  std::vector<std::string> shipped;
  for (const auto& policy : PackAccess::Impl(*bss.pack).policies) {
    for (uint32_t k : policy->checked_outputs)
      shipped.push_back(policy->info.name + "." + policy->outputs[k].first);
  }
  // tier: customer_tier's enum output read as a string; matched_pattern:
  // first_pattern()'s result is dyn (a pattern, or null).
  EXPECT_EQ(shipped, (std::vector<std::string>{"number_grade.matched_pattern",
                                               "retention_followup.tier"}));
}

}  // namespace
}  // namespace verdict
