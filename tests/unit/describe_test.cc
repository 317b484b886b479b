// verdict/describe.h (a policy's structure as written) and the per-rule
// coverage of verdict/testing.h.
#include "verdict/describe.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "tests/unit/test_util.h"
#include "verdict/testing.h"

namespace verdict {
namespace {

const char* kPolicy = R"yaml(policy: grading
description: 客户分级 by ARPU
record: customer
uses: [base]
fields:
  arpu: money
  region: enum(north, south) = north
  note: string?
  amount: {type: money, check: "> 0", description: the amount}
outputs:
  tier: enum(high, mid, low)
  tags: list(string)
let:
  doubled: customer.arpu * 2
functions:
  band:
    description: 金额分档
    params: {x: money}
    returns: {label: string}
    hit: first
    table:
      when: [x]
      then: [label]
      rows:
        small: ["< 10", small]
        large: [">= 10", large]
decisions:
  - id: tier
    description: 分级
    hit: first
    table:
      when: [customer.arpu, customer.region]
      then: [tier]
      rows:
        high: [">= 60", [north, south], high]
        mid:  ["[30..60)", "-", mid]
        low:  ["< 30", "-", low]
  - id: tags
    hit: collect
    into: tags
    rules:
      - id: big
        description: 大客户
        when: [customer.arpu > 100, "band(customer.arpu) == 'large'"]
        then: big
      - id: never
        when: customer.arpu < 0
        then: negative
)yaml";

const char* kBase = R"yaml(policy: base
record: customer
fields:
  arpu: money
outputs:
  seen: bool
decisions:
  - id: d
    rules:
      - id: always
        then: {seen: true}
)yaml";

const char* kTests = R"yaml(policy: grading
as_of: 2026-11-24
cases:
  - name: high
    record: {arpu: 120, amount: 1}
    expect: {tier: high}
  - name: also high
    record: {arpu: 70, amount: 1}
    expect: {tier: high}
  - name: mid
    record: {arpu: 45, amount: 1}
    expect: {tier: mid}
)yaml";

std::shared_ptr<const Pack> LoadSmallPack() {
  std::string dir = testing_util::WritePack(
      "describe", {{"pack.yaml", "pack: p\nversion: '1'\nzone: '+08:00'\n"},
                   {"grading.yaml", kPolicy},
                   {"base.yaml", kBase},
                   {"tests/grading_cases.yaml", kTests}});
  LoadResult r = Pack::Load(dir);
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  return r.pack;
}

TEST(DescribeTest, KeepsTheSourceTextOfEveryPart) {
  auto pack = LoadSmallPack();
  ASSERT_TRUE(pack);
  PolicyStructure s = DescribePolicy(*pack, "grading");
  EXPECT_EQ(s.name, "grading");
  EXPECT_EQ(s.description, "客户分级 by ARPU");
  EXPECT_EQ(s.file, "grading.yaml");
  EXPECT_EQ(s.record, "customer");
  EXPECT_FALSE(s.batch);
  ASSERT_EQ(s.uses, std::vector<std::string>{"base"});
  ASSERT_EQ(s.fields.size(), 4u);
  EXPECT_EQ(s.fields[1].type, "enum(north, south)");
  EXPECT_FALSE(s.fields[1].required);
  EXPECT_EQ(s.fields[1].default_value, "north");
  EXPECT_EQ(s.fields[2].type, "string");
  EXPECT_FALSE(s.fields[2].required);
  EXPECT_EQ(s.fields[3].check, "> 0");
  EXPECT_EQ(s.fields[3].description, "the amount");
  ASSERT_EQ(s.outputs.size(), 2u);
  EXPECT_EQ(s.outputs[1], (NamedText{"tags", "list(string)"}));
  ASSERT_EQ(s.lets.size(), 1u);
  EXPECT_EQ(s.lets[0].second, "customer.arpu * 2");

  ASSERT_EQ(s.decisions.size(), 2u);
  const DescribedDecision& tier = s.decisions[0];
  EXPECT_TRUE(tier.table);
  EXPECT_EQ(tier.description, "分级");
  EXPECT_EQ(tier.columns,
            (std::vector<std::string>{"customer.arpu", "customer.region"}));
  EXPECT_EQ(tier.outputs, std::vector<std::string>{"tier"});
  ASSERT_EQ(tier.rules.size(), 3u);
  EXPECT_EQ(tier.rules[0].id, "high");
  EXPECT_EQ(tier.rules[0].cells,
            (std::vector<std::string>{">= 60", "[north, south]", "high"}));
  EXPECT_EQ(tier.rules[1].cells[0], "[30..60)");
  EXPECT_EQ(tier.rules[1].cells[1], "-");
  EXPECT_GT(tier.rules[1].line, tier.rules[0].line);

  const DescribedDecision& tags = s.decisions[1];
  EXPECT_FALSE(tags.table);
  EXPECT_EQ(tags.hit, "collect");
  EXPECT_EQ(tags.into, "tags");
  EXPECT_EQ(tags.rules[0].description, "大客户");
  EXPECT_EQ(tags.rules[0].when,
            (std::vector<std::string>{"customer.arpu > 100",
                                      "band(customer.arpu) == 'large'"}));
  EXPECT_EQ(tags.rules[0].then_value, "big");

  ASSERT_EQ(s.functions.size(), 1u);
  EXPECT_EQ(s.functions[0].name, "band");
  EXPECT_EQ(s.functions[0].description, "金额分档");
  EXPECT_EQ(s.functions[0].params[0], (NamedText{"x", "money"}));
  EXPECT_EQ(s.functions[0].returns[0], (NamedText{"label", "string"}));
  EXPECT_TRUE(s.functions[0].decision.table);
  EXPECT_EQ(s.functions[0].decision.rules[1].cells,
            (std::vector<std::string>{">= 10", "large"}));

  PolicyStructure base = DescribePolicy(*pack, "base");
  EXPECT_EQ(base.decisions[0].rules[0].then,
            (std::vector<NamedText>{{"seen", "true"}}));
  EXPECT_TRUE(base.decisions[0].rules[0].when.empty());
  EXPECT_THROW(DescribePolicy(*pack, "nope"), std::invalid_argument);
}

TEST(DescribeTest, ShippedPackShowsTheHandbookCells) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  PolicyStructure s = DescribePolicy(*r.pack, "customer_tier");
  ASSERT_EQ(s.decisions.size(), 1u);
  std::vector<std::string> first;
  for (const auto& rule : s.decisions[0].rules) first.push_back(rule.cells[0]);
  EXPECT_EQ(first, (std::vector<std::string>{">= 60", "[30..60)", "< 30"}));
  EXPECT_EQ(s.decisions[0].rules[1].cells[3], "null");
  PolicyStructure refund = DescribePolicy(*r.pack, "refund_approval");
  ASSERT_EQ(refund.functions.size(), 1u);
  EXPECT_EQ(refund.functions[0].name, "amount_band");
  EXPECT_EQ(refund.decisions[1].rules[0].cells[0],
            "[billing_dispute, one_time_fee, service_issue]");
  EXPECT_EQ(refund.decisions[1].rules[3].cells[1], "[]");
}

TEST(CoverageTest, CountsTheCasesThatReachedEachRule) {
  auto pack = LoadSmallPack();
  ASSERT_TRUE(pack);
  TestReport r = RunPackTests(*pack);
  EXPECT_EQ(r.failed, 0);
  ASSERT_EQ(static_cast<int>(r.rules.size()), r.total_rules);
  std::map<std::string, int> cases;
  for (const auto& c : r.rules) {
    cases[c.policy + "/" + c.decision + "/" + c.rule] = c.cases;
    EXPECT_GT(c.line, 0);
  }
  EXPECT_EQ(cases.at("grading/tier/high"), 2);
  EXPECT_EQ(cases.at("grading/tier/mid"), 1);
  EXPECT_EQ(cases.at("grading/tier/low"), 0);
  EXPECT_EQ(cases.at("grading/tags/big"), 1);  // only arpu 120 > 100
  EXPECT_EQ(cases.at("grading/tags/never"), 0);
  // The function runs inside the second condition of `big`, which is
  // evaluated only when the first holds (arpu 120): once.
  EXPECT_EQ(cases.at("grading/band/large"), 1);
  EXPECT_EQ(cases.at("grading/band/small"), 0);
  // `base` is used: its rule runs for every grading case.
  EXPECT_EQ(cases.at("base/d/always"), 3);
  EXPECT_EQ(static_cast<int>(r.unreached_rules.size()),
            3);  // low, never, small
}

TEST(CoverageTest, ShippedPackReachesAll48Rules) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  TestReport report = RunPackTests(*r.pack);
  EXPECT_EQ(report.failed, 0);
  EXPECT_EQ(report.total_rules, 48);
  ASSERT_EQ(report.rules.size(), 48u);
  for (const auto& c : report.rules)
    EXPECT_GT(c.cases, 0) << c.policy << "/" << c.decision << "/" << c.rule;
}

}  // namespace
}  // namespace verdict
