// Resource limits: hostile packs, expressions and records are refused fast
// with a clear error, and the limits are configurable.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"
#include "verdict/expression.h"

namespace verdict {
namespace {

std::string Policy(const std::string& condition) {
  return "policy: p\nrecord: r\nfields:\n  s: string\noutputs:\n  ok: "
         "bool\ndecisions:\n"
         "  - id: d\n    rules:\n      - id: x\n        when: '" +
         condition +
         "'\n        then: {ok: true}\n      - id: y\n        then: {ok: "
         "false}\n";
}

std::string Diags(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  return out;
}

TEST(LimitsTest, DeeplyNestedExpressionInAPack) {
  std::string deep(400, '(');
  deep += "true" + std::string(400, ')');
  LoadResult r = Pack::Load(
      testing_util::WritePack("lim_deep", {{"p.yaml", Policy(deep)}}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Diags(r).find("p.yaml:11:"), std::string::npos) << Diags(r);
  EXPECT_NE(Diags(r).find("expression nested too deeply (limit 250)"),
            std::string::npos);
}

TEST(LimitsTest, FlatChainInAPackIsAnErrorNotACrash) {
  // 5,000 `&&` without a parenthesis crashed check, eval, load and a
  // service's reload with a stack overflow.
  std::string chain = "r.s == \"a\"";
  for (int i = 0; i < 5000; ++i) chain += " && true";
  LoadResult r = Pack::Load(
      testing_util::WritePack("lim_chain", {{"p.yaml", Policy(chain)}}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Diags(r).find("p.yaml:11:"), std::string::npos) << Diags(r);
  EXPECT_NE(Diags(r).find("expression nested too deeply (limit 250)"),
            std::string::npos)
      << Diags(r);
}

TEST(LimitsTest, MegabyteExpression) {
  std::string huge = "r.s == \"a\"";
  while (huge.size() < (1 << 20)) huge += " || r.s == \"a\"";
  auto start = std::chrono::steady_clock::now();
  LoadResult r = Pack::Load(
      testing_util::WritePack("lim_huge", {{"p.yaml", Policy(huge)}}));
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Diags(r).find("(limit 100000)"), std::string::npos)
      << Diags(r).substr(0, 300);
  EXPECT_LT(secs, 10.0);
}

TEST(LimitsTest, PathologicalRegexIsLinearOrRefused) {
  // RE2 runs (a+)+$ in linear time; a huge repetition exceeds its budget.
  LoadResult ok = Pack::Load(testing_util::WritePack(
      "lim_re_ok", {{"p.yaml", Policy("r.s.matches(\"(a+)+$\")")}}));
  ASSERT_TRUE(ok.ok()) << Diags(ok);
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  auto start = std::chrono::steady_clock::now();
  Decision d = ok.pack->Evaluate(
      "p", {{"s", Value::String(std::string(100000, 'a') + "!")}}, opt);
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(d.ok());
  EXPECT_LT(secs, 5.0);
  LoadResult big = Pack::Load(testing_util::WritePack(
      "lim_re_big",
      {{"p.yaml", Policy("r.s.matches(\"((a{100}){100}){100}\")")}}));
  ASSERT_FALSE(big.ok());
  EXPECT_NE(Diags(big).find("invalid regular expression"), std::string::npos)
      << Diags(big);
}

TEST(LimitsTest, YamlDepthIsConfigurable) {
  std::string nested =
      "policy: p\nx: " + std::string(30, '[') + std::string(30, ']') + "\n";
  std::string dir = testing_util::WritePack("lim_yaml", {{"p.yaml", nested}});
  LoadOptions strict;
  strict.limits.max_yaml_depth = 10;
  LoadResult r = Pack::Load(dir, strict);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Diags(r).find("YAML nesting deeper than 10 levels"),
            std::string::npos)
      << Diags(r);
}

TEST(LimitsTest, HostileRecords) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  std::string big_line =
      "{\"customer_id\":\"" + std::string(2 << 20, 'x') + "\",\"arpu\":1}";
  std::string deep =
      "{\"customer_id\":\"c\",\"arpu\":1,\"x\":" + std::string(5000, '[') +
      std::string(5000, ']') + "}";
  std::string digits =
      "{\"customer_id\":\"c\",\"arpu\":1" + std::string(400, '0') + "}";
  auto ds = r.pack->EvaluateJsonLines(
      "customer_tier", big_line + "\n" + deep + "\n" + digits, opt);
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].error->message, "the record is " +
                                      std::to_string(big_line.size()) +
                                      " bytes long (limit 1048576)");
  EXPECT_EQ(ds[1].error->code, "invalid_json");
  EXPECT_EQ(ds[2].error->message, "field 'arpu': 1" + std::string(400, '0') +
                                      " is out of range or too precise");
}

TEST(LimitsTest, ComprehensionBombStops) {
  ExpressionResult r = EvaluateExpression(
      "[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, "
      "[1,2,3,4,5,6,7,8,9,10]"
      ".map(c, [1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, "
      "[1,2,3,4,5,6,7,8,9,"
      "10].map(f, [1,2,3,4,5,6,7,8,9,10].map(g, g)))))))",
      {});
  ASSERT_TRUE(r.value.is_error());
  EXPECT_EQ(r.value.error_message(),
            "comprehension iteration limit exceeded (1000000)");
}

TEST(LimitsTest, StringGrowthStops) {
  ExpressionResult r = EvaluateExpression(
      "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25].map("
      "i, s)"
      ".exists(x, false) || "
      "size([0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23]"
      ".map(i, s + s + s + s + s + s + s + s)) > 0",
      {{"s", Value::String(std::string(2 << 20, 'a'))}});
  ASSERT_TRUE(r.value.is_error());
  EXPECT_NE(r.value.error_message().find("exceeds the limit of 10485760"),
            std::string::npos)
      << r.value.error_message();
}

}  // namespace
}  // namespace verdict
