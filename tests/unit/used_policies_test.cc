// `uses`: another policy's outputs, decided on the same record.
#include <gtest/gtest.h>

#include "src/compile/policy_build.h"
#include "tests/unit/compile_test_util.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

using testing_util::CompileFiles;

const char* kUsed = R"(policy: used
record: r
fields:
  n: int
outputs:
  big: bool
decisions:
  - id: d
    rules:
      - id: k
        then: {big: =r.n > 10}
)";

std::string User(const std::string& fields) {
  return "policy: user\nrecord: r\nuses: [used]\nfields:\n" + fields +
         "outputs:\n  o: bool?\ndecisions:\n  - id: d\n    rules:\n"
         "      - id: k\n        then: {o: =used.big}\n";
}

TEST(UsedPoliciesTest, MapsTheUsedPolicysFieldsToOurs) {
  auto c = CompileFiles(
      "uses_ok",
      {{"a.yaml", kUsed}, {"b.yaml", User("  m: string\n  n: int\n")}});
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy* user = c.pack->Find("user");
  ASSERT_NE(user, nullptr);
  ASSERT_EQ(user->uses.size(), 1u);
  EXPECT_EQ(user->uses[0].policy, c.pack->Find("used"));
  EXPECT_EQ(user->uses[0].field_map, std::vector<int>{1});
}

TEST(UsedPoliciesTest, ReportsMissingAndRetypedFields) {
  auto missing = CompileFiles(
      "uses_missing", {{"a.yaml", kUsed}, {"b.yaml", User("  m: int\n")}});
  EXPECT_TRUE(missing.Has("policy 'used' needs field 'n'")) << missing.Diags();
  auto retyped = CompileFiles(
      "uses_retyped", {{"a.yaml", kUsed}, {"b.yaml", User("  n: money\n")}});
  EXPECT_TRUE(
      retyped.Has("reads 'n' as int, but record 'r' declares it as money"))
      << retyped.Diags();
}

// A used policy's outputs are read from their own slots (no map per
// record) unless an expression takes the result whole; every way of reading
// them gives what reading the result as a map gave: has() is false for a
// null output, a let or local of the same name hides the used policy, and
// a used policy named like the record leaves `record.field` to the record.
const char* kBase = R"(policy: base
record: r
fields:
  x: int
outputs:
  grade: enum(a, b)
  extra: int?
decisions:
  - id: g
    rules:
      - id: big
        when: r.x > 10
        then: {grade: a, extra: =r.x}
      - id: small
        then: {grade: b, extra: null}
)";

std::string Reader(const std::string& record, const std::string& let,
                   const std::string& then) {
  return "policy: reader\nrecord: " + record +
         "\nuses: [base]\nfields:\n  x: int\noutputs:\n  o: string\n" +
         (let.empty() ? "" : "let:\n  " + let + "\n") +
         "decisions:\n  - id: d\n    rules:\n      - id: k\n        then: "
         "{o: '=" +
         then + "'}\n";
}

// The JSON Lines answers of `reader` for x = 5 and x = 50, joined.
std::string Answers(const std::string& reader) {
  LoadResult r = Pack::Load(testing_util::WritePack(
      "uses_read", {{"base.yaml", kBase}, {"reader.yaml", reader}}));
  if (!r.ok()) {
    std::string all;
    for (const auto& d : r.diagnostics) all += d.ToString() + "\n";
    return all;
  }
  std::string out;
  for (const Decision& d :
       r.pack->EvaluateJsonLines("reader", "{\"x\": 5}\n{\"x\": 50}\n", {})) {
    out += (d.ok() ? r.pack->ToJson(*d.Get("o")) : d.error->message) + ";";
  }
  return out;
}

TEST(UsedPoliciesTest, OutputsReadFromTheirSlotsAsFromTheResultMap) {
  EXPECT_EQ(Answers(Reader("r", "", "base.grade")), R"("b";"a";)");
  EXPECT_EQ(Answers(Reader("r", "", "string(has(base.extra))")),
            R"("false";"true";)");
  EXPECT_EQ(Answers(Reader(
                "r", "", "base.extra == null ? \"none\" : string(base.extra)")),
            R"("none";"50";)");
  // Taken whole: the map is built, with the same values.
  EXPECT_EQ(Answers(Reader(
                "r", "", "dyn(base).grade + string(dyn(base).extra != null)")),
            R"("bfalse";"atrue";)");
  EXPECT_EQ(Answers(Reader("r", "", "string(size(dyn(base)))")), R"("2";"2";)");
}

TEST(UsedPoliciesTest, ALetOrTheRecordNamedLikeTheUsedPolicyWins) {
  EXPECT_EQ(Answers(Reader("r", "base: \"{'grade': 'z'}\"", "base.grade")),
            R"("z";"z";)");
  EXPECT_EQ(Answers(Reader("base", "", "string(base.x)")), R"("5";"50";)");
  EXPECT_EQ(Answers(Reader("base", "", "dyn(base).grade")), R"("b";"a";)")
      << "a bare name is the used policy's result, as before";
}

TEST(UsedPoliciesTest, OnlyAResultTakenWholeIsBuiltAsAMap) {
  auto by_field = CompileFiles(
      "uses_slots",
      {{"a.yaml", kBase}, {"b.yaml", Reader("r", "", "base.grade")}});
  ASSERT_TRUE(by_field.pack) << by_field.Diags();
  const UsedPolicy& u = by_field.pack->Find("reader")->uses.at(0);
  EXPECT_FALSE(u.whole_used);
  EXPECT_EQ(u.output_slots.size(), 2u);
  auto whole = CompileFiles(
      "uses_whole",
      {{"a.yaml", kBase}, {"b.yaml", Reader("r", "", "dyn(base).grade")}});
  ASSERT_TRUE(whole.pack) << whole.Diags();
  EXPECT_TRUE(whole.pack->Find("reader")->uses.at(0).whole_used);
}

}  // namespace
}  // namespace verdict
