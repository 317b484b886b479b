// `params:` lists, and the digit patterns first_pattern reads from a list
// the pack gives it: what loaded before and failed at run time is a pack
// error at the item.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

std::string Policy(const std::string& params, const std::string& value) {
  return "policy: p\nrecord: r\nfields:\n  s: string\noutputs:\n  o: dyn\n"
         "params:\n" +
         params +
         "decisions:\n  - id: d\n    rules:\n      - id: x\n"
         "        then: {o: \"" +
         value + "\"}\n";
}

// [[1], [2]] once became [null, null].
TEST(ParamsTest, ANestedListIsAnError) {
  auto c =
      CompilePolicyText("params_nested", Policy("  k: [[1], [2]]\n", "=k"));
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(
      c.Has("p.yaml:8:7: error: param 'k': a params list holds plain "
            "values, not lists; write a list of lists as a let "
            "expression (let: {k: \"[[1, 2], [3]]\"})"))
      << c.Diags();
  EXPECT_TRUE(c.Has("p.yaml:8:12: error: param 'k'")) << c.Diags();
}

// "12" and "" once passed check; every record reaching them failed.
TEST(ParamsTest, ADigitPatternListIsCheckedWhereItIsWritten) {
  auto c = CompilePolicyText(
      "params_patterns",
      Policy("  pats: [XXAB, \"12\", \"\"]\n", "=first_pattern(r.s, pats)"));
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(
      c.Has("p.yaml:8:17: error: invalid digit pattern '12' in "
            "'pats' (first_pattern reads it): unexpected '1' (use X "
            "and capital letters)"))
      << c.Diags();
  EXPECT_TRUE(
      c.Has("p.yaml:8:23: error: invalid digit pattern '' in 'pats' "
            "(first_pattern reads it): a pattern has 1 to 32 "
            "characters"))
      << c.Diags();

  auto inline_list = CompilePolicyText(
      "params_inline_patterns",
      Policy("  n: 1\n", "=first_pattern(r.s, ['XXAB', '12'])"));
  EXPECT_FALSE(inline_list.pack);
  EXPECT_TRUE(
      inline_list.Has("p.yaml:13:49: error: invalid digit pattern "
                      "'12': unexpected '1'"))
      << inline_list.Diags();

  auto ok = CompilePolicyText(
      "params_good_patterns",
      Policy("  pats: [XXAB, XABCD]\n",
             "=[first_pattern(r.s, pats), first_pattern(r.s, ['XXXX'])]"));
  EXPECT_TRUE(ok.pack) << ok.Diags();
}

}  // namespace
}  // namespace verdict
