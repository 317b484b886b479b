// Policy functions: compiled once, callable by qualified name from any
// policy and by plain name inside their own.
#include "src/compile/functions.h"

#include <gtest/gtest.h>

#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompileFiles;

const char* kOwner = R"yaml(policy: owner
record: r
fields:
  n: int
outputs:
  label: string?
functions:
  band:
    params: {x: int, y: money}
    returns: {label: string}
    table:
      when: [x]
      then: [label]
      rows:
        small: ["< 10", small]
        large: [">= 10", large]
decisions:
  - id: d
    rules:
      - id: plain
        then: {label: "=band(r.n, 1)"}
)yaml";

const char* kCaller = R"yaml(policy: caller
record: r
fields:
  n: int
outputs:
  label: string?
decisions:
  - id: d
    rules:
      - id: qualified
        then: {label: "=owner.band(r.n, 1)"}
)yaml";

// A decision and a function of one policy with one name: test coverage
// and the workbench name both "policy/name", so the function's rows were
// counted and marked as the decision's. A load error, as two decisions
// with one id are.
TEST(FunctionsTest, ADecisionCannotBeNamedLikeAFunctionOfItsPolicy) {
  std::string text = kOwner;
  text.replace(text.find("  - id: d\n"), 10, "  - id: band\n");
  auto c = testing_util::CompilePolicyText("fn_decision_name", text);
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(
      c.Has("p.yaml:18:5: error: decision id 'band' is the name of a "
            "function of policy 'owner' (line 8): rename one; "
            "coverage and the workbench name both by it"))
      << c.Diags();
}

TEST(FunctionsTest, CompiledWithParamsReturnsAndAQualifiedId) {
  auto c =
      CompileFiles("functions_ok", {{"a.yaml", kOwner}, {"b.yaml", kCaller}});
  ASSERT_TRUE(c.pack) << c.Diags();
  ASSERT_EQ(c.pack->functions.size(), 1u);
  const FunctionDecision& f = *c.pack->functions[0];
  EXPECT_EQ(f.decision.id, "owner.band");
  ASSERT_EQ(f.params.size(), 2u);
  EXPECT_EQ(f.params[0].first, "x");
  EXPECT_EQ(f.param_types[1].text, "money");
  ASSERT_EQ(f.return_keys.size(), 1u);
  EXPECT_EQ(f.return_keys[0].as_string(), "label");
  EXPECT_GT(f.frame_size, f.as_of_slot);
  // Its table column is typed by the parameter, so cells have fast forms.
  EXPECT_TRUE(f.decision.rules[0].fast[0].has_value());
}

TEST(FunctionsTest, APlainNameIsOnlyKnownInsideItsPolicy) {
  std::string caller = kCaller;
  caller.replace(caller.find("owner.band"), 10, "band");
  auto c =
      CompileFiles("functions_plain", {{"a.yaml", kOwner}, {"b.yaml", caller}});
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(c.Has("b.yaml:11:25: error: unknown function 'band'"))
      << c.Diags();
}

TEST(FunctionsTest, RegisterCallablesAddsQualifiedAndOwnPlainNames) {
  PackImpl pack;
  std::vector<Diagnostic> diags;
  CompileContext ctx(&pack, &diags);
  ctx.functions["p.f"] = {std::make_shared<FunctionDecision>(), {}, {}};
  int next = 0;
  CompileEnv env(&next);
  RegisterCallables(ctx, env, "p");
  EXPECT_NE(env.FindCallable("p.f"), nullptr);
  EXPECT_NE(env.FindCallable("f"), nullptr);
  CompileEnv other(&next);
  RegisterCallables(ctx, other, "q");
  EXPECT_NE(other.FindCallable("p.f"), nullptr);
  EXPECT_EQ(other.FindCallable("f"), nullptr);
}

}  // namespace
}  // namespace verdict
