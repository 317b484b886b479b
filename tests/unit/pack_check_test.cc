// Diagnostics of `verdict check`: every problem, each with file, line and
// column, and a hint where one helps.
#include <gtest/gtest.h>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

using testing_util::DiagnosticsText;
using testing_util::kTierPolicy;
using testing_util::WritePack;

TEST(PackCheckTest, ReportsErrorsOfTwoFilesWithTheirLines) {
  std::string dir = WritePack(
      "two_errors", {{"broken.yaml",
                      "policy: broken\nfields:\n  a: string\n  b: [unclosed\n"},
                     {"typo.yaml", R"(policy: typo
record: customer
fields:
  arpu: money
outputs:
  tier: string
decisions:
  - id: tier
    rules:
      - id: high
        when: customer.arpuu >= 60
        then: {tier: high}
)"}});
  LoadResult r = Pack::Load(dir);
  EXPECT_FALSE(r.ok());
  std::string all = DiagnosticsText(r);
  // The unclosed flow sequence is reported where it opened, not at the end
  // of the input where yaml-cpp gives up.
  EXPECT_NE(all.find("broken.yaml:4:6: error: YAML: this flow collection is "
                     "never closed"),
            std::string::npos)
      << all;
  EXPECT_NE(
      all.find("typo.yaml:11:24: error: record 'customer' has no field 'arpuu' "
               "(did you mean 'arpu'?)"),
      std::string::npos)
      << all;
}

TEST(PackCheckTest, TypeMismatchNamesBothTypes) {
  std::string dir = WritePack("type_mismatch", {{"p.yaml", R"(policy: p
record: r
fields:
  arpu: money
  name: string
outputs:
  ok: bool
decisions:
  - id: d
    rules:
      - id: x
        when: r.arpu > r.name
        then: {ok: true}
)"}});
  LoadResult r = Pack::Load(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(DiagnosticsText(r).find(
                "p.yaml:12:22: error: no matching overload for '>' applied to "
                "(decimal, string)"),
            std::string::npos)
      << DiagnosticsText(r);
}

TEST(PackCheckTest, AnUnexpectedCharacterIsNamedWhole) {
  // The message named the lone lead byte 0xE5 of 客 (invalid UTF-8).
  std::string dir = WritePack("unexpected_char", {{"p.yaml", R"(policy: p
record: r
fields:
  amount: int
outputs:
  ok: bool
decisions:
  - id: d
    rules:
      - id: x
        when: r.amount + 客户 > 1
        then: {ok: true}
)"}});
  LoadResult r = Pack::Load(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(DiagnosticsText(r),
            dir +
                "/p.yaml:11:26: error: syntax error: unexpected "
                "character '\xe5\xae\xa2' (U+5BA2)\n");
}

TEST(PackCheckTest, TableCellErrorsPointAtTheCell) {
  std::string dir = WritePack("cell", {{"p.yaml", R"(policy: p
record: r
fields:
  branch: enum(city, county)
outputs:
  who: string
decisions:
  - id: d
    table:
      when: [r.branch]
      then: [who]
      rows:
        a: [city,    alice]
        b: [village, bob]
)"}});
  LoadResult r = Pack::Load(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(DiagnosticsText(r).find(
                "p.yaml:14:13: error: 'village' is not one of: city, county"),
            std::string::npos)
      << DiagnosticsText(r);
}

TEST(PackCheckTest, EmptyAndUnknownFilesAreErrors) {
  std::string dir =
      WritePack("empty", {{"empty.yaml", ""}, {"odd.yaml", "hello: world\n"}});
  LoadResult r = Pack::Load(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(DiagnosticsText(r).find("empty.yaml:1:1: error: the file is empty"),
            std::string::npos);
  EXPECT_NE(DiagnosticsText(r).find("odd.yaml:1:1: error: unrecognized file"),
            std::string::npos)
      << DiagnosticsText(r);
  EXPECT_FALSE(Pack::Load("/nonexistent/pack").ok());
  // A folder with no YAML file at all is not a pack of 0 policies.
  LoadResult none = Pack::Load(WritePack("no_yaml", {{"notes.txt", "x"}}));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(DiagnosticsText(none).find(
                "error: not a policy pack: no pack.yaml and no policy files"),
            std::string::npos)
      << DiagnosticsText(none);
  // Policies without a pack.yaml are still a pack.
  EXPECT_TRUE(
      Pack::Load(WritePack("no_pack_yaml", {{"p.yaml",
                                             "policy: p\nrecord: r\n"
                                             "fields:\n  x: int\n"
                                             "outputs:\n  o: int\n"
                                             "decisions:\n  - id: d\n"
                                             "    rules:\n      - id: k\n"
                                             "        then: {o: =r.x}\n"}}))
          .ok());
}

TEST(PackCheckTest, UnknownKeysAndBadHitPolicies) {
  std::string dir = WritePack(
      "keys", {{"p.yaml", std::string(kTierPolicy) + "extra_key: 1\n"}});
  LoadResult r = Pack::Load(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(DiagnosticsText(r).find(
                "p.yaml:17:1: error: unknown key 'extra_key' in a policy"),
            std::string::npos)
      << DiagnosticsText(r);
  std::string bad_hit = kTierPolicy;
  bad_hit.replace(bad_hit.find("hit: first"), 10, "hit: frist");
  r = Pack::Load(WritePack("hit", {{"p.yaml", bad_hit}}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(DiagnosticsText(r).find("unknown hit policy 'frist'"),
            std::string::npos)
      << DiagnosticsText(r);
}

// A test case's expect_error checks code and field: a misspelt key would
// check nothing (and pass any error), an empty one too.
TEST(PackCheckTest, ExpectErrorKeysAreChecked) {
  auto cases = [](const std::string& expect_error) {
    return "policy: tier\ncases:\n  - name: c\n    record: "
           "{customer_id: c}\n    expect_error: " +
           expect_error + "\n";
  };
  LoadResult good = Pack::Load(WritePack(
      "expect_error_good", {{"p.yaml", kTierPolicy},
                            {"tests/t.yaml", cases("{field: arpu, code: "
                                                   "missing_field}")}}));
  EXPECT_TRUE(good.ok()) << DiagnosticsText(good);
  LoadResult typo = Pack::Load(WritePack(
      "expect_error_typo",
      {{"p.yaml", kTierPolicy},
       {"tests/t.yaml", cases("{field: arpu, cod: missing_field}")}}));
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(
      DiagnosticsText(typo).find("t.yaml:5:33: error: unknown key 'cod' in "
                                 "expect_error (expected one of: code, field)"),
      std::string::npos)
      << DiagnosticsText(typo);
  LoadResult empty = Pack::Load(
      WritePack("expect_error_empty",
                {{"p.yaml", kTierPolicy}, {"tests/t.yaml", cases("{}")}}));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(
      DiagnosticsText(empty).find("expect_error names a code, a field or both"),
      std::string::npos)
      << DiagnosticsText(empty);
  LoadResult both = Pack::Load(WritePack(
      "record_and_records",
      {{"p.yaml", kTierPolicy},
       {"tests/t.yaml",
        "policy: tier\ncases:\n  - name: c\n    record: {customer_id: c}\n"
        "    records: [{customer_id: d}]\n    expect: {tier: low}\n"}}));
  ASSERT_FALSE(both.ok());
  EXPECT_NE(DiagnosticsText(both).find(
                "t.yaml:5:14: error: test case 'c' has both record "
                "and records"),
            std::string::npos)
      << DiagnosticsText(both);
}

TEST(PackCheckTest, DeepYamlIsRefused) {
  std::string deep = "policy: p\nx: ";
  for (int i = 0; i < 200; ++i) deep += "[";
  for (int i = 0; i < 200; ++i) deep += "]";
  LoadResult r = Pack::Load(WritePack("deep", {{"p.yaml", deep + "\n"}}));
  EXPECT_FALSE(r.ok());
  EXPECT_NE(DiagnosticsText(r).find("nesting deeper than"), std::string::npos)
      << DiagnosticsText(r);
}

TEST(PackCheckTest, TheShippedPackIsValid) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  EXPECT_TRUE(r.ok()) << DiagnosticsText(r);
}

}  // namespace
}  // namespace verdict
