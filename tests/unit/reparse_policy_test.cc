// syntax::ReparsePolicy(): the pack compiler releases each policy's syntax as
// it compiles it, and whoever needs it later (describe, table analysis)
// reads the policy again from the text the pack kept. The policy read again
// must be the policy the load read, member by member and position by
// position: Dump() below writes every member of the syntax tree as text, and
// the two dumps are compared for every policy of every pack in the
// repository and for a generated big table.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "src/api/pack_access.h"
#include "src/parse/pack_syntax.h"
#include "tests/unit/compile_test_util.h"
#include "tests/unit/test_util.h"
#include "verdict/describe.h"

namespace verdict {
namespace {

// Declared first: the templates below call them.
std::string Dump(const syntax::Field& f);
std::string Dump(const syntax::Rule& r);
std::string Dump(const syntax::Decision& d);
std::string Dump(const syntax::Function& f);
std::string Dump(const syntax::AnalysisAllow& a);

std::string Dump(const syntax::Pos& p) {
  return p.file.str() + ":" + std::to_string(p.line) + ":" +
         std::to_string(p.column);
}

std::string Dump(const syntax::Scalar& s) {
  std::string out = "<" + s.text + "@" + Dump(s.pos) +
                    (s.is_null ? " null" : "") + (s.quoted ? " quoted" : "") +
                    (s.is_list ? " list[" : "");
  for (const auto& item : s.items) out += Dump(item) + ",";
  return out + (s.is_list ? "]>" : ">");
}

template <typename T>
std::string Dump(const std::optional<T>& o) {
  return o ? Dump(*o) : "-";
}

std::string Dump(const syntax::Named& n) {
  return n.name + "@" + Dump(n.pos) + "=" + Dump(n.value);
}

template <typename T>
std::string Dump(const std::vector<T>& items) {
  std::string out = "[";
  for (const auto& i : items) out += Dump(i) + ";";
  return out + "]";
}

std::string Dump(const syntax::Field& f) {
  return f.name + "@" + Dump(f.pos) + " " + Dump(f.type) +
         (f.required ? " required" : "") + " d" + Dump(f.default_value) + " c" +
         Dump(f.check) + " p" + Dump(f.pattern) + " " + f.description;
}

std::string Dump(const syntax::Rule& r) {
  return r.id + "@" + Dump(r.pos) + " " + r.description + " when" +
         Dump(r.when) + " then" + Dump(r.then) + " value" +
         (r.then_value ? Dump(*r.then_value) : "-") + " cells" + Dump(r.cells) +
         (r.from_table ? " table" : "");
}

std::string Dump(const syntax::Decision& d) {
  return d.id + "@" + Dump(d.pos) + " " + d.description + " " + Dump(d.hit) +
         " into" + Dump(d.into) + " columns" + Dump(d.columns) + " outputs" +
         Dump(d.outputs) + " rules" + Dump(d.rules);
}

std::string Dump(const syntax::Function& f) {
  return f.name + "@" + Dump(f.pos) + " " + f.description + Dump(f.params) +
         Dump(f.returns) + Dump(f.decision);
}

std::string Dump(const syntax::AnalysisAllow& a) {
  return Dump(a.pos) + Dump(a.finding) + Dump(a.table) + Dump(a.rows) +
         a.reason;
}

std::string Dump(const syntax::Policy& p) {
  return p.file + "|" + p.name + "@" + Dump(p.pos) + "|" + p.description + "|" +
         p.record + "@" + Dump(p.record_pos) + "|" + Dump(p.fields) +
         Dump(p.outputs) + Dump(p.locals) + Dump(p.params) + Dump(p.uses) +
         Dump(p.batch) + Dump(p.lets) + Dump(p.decisions) + Dump(p.functions) +
         Dump(p.analysis_allow);
}

// Every policy of the pack at `dir`, read by the load and read again.
void ExpectReparsedAlike(const std::string& dir, size_t* policies) {
  std::vector<Diagnostic> diags;
  Limits limits;
  syntax::Pack s = syntax::LoadPackSyntax(dir, limits, &diags);
  for (const syntax::Policy& p : s.policies) {
    ASSERT_TRUE(p.text) << p.file;
    std::optional<syntax::Policy> again = syntax::ReparsePolicy(p, limits);
    // A file the load reported problems in (a broken example) does not
    // read again: only a pack that loaded is ever read again.
    bool clean = true;
    for (const Diagnostic& d : diags) {
      clean &= d.file != p.file || d.severity != Diagnostic::Severity::kError;
    }
    if (!clean) {
      EXPECT_FALSE(again) << p.file;
      continue;
    }
    ASSERT_TRUE(again) << p.file;
    EXPECT_EQ(Dump(*again), Dump(p)) << p.file;
    EXPECT_EQ(again->text, p.text);
    ++*policies;
  }
}

TEST(ReparsePolicyTest, EveryPolicyOfTheRepositoryReadsAgainAlike) {
  namespace fs = std::filesystem;
  size_t policies = 0;
  // Every folder that holds YAML: packs, broken packs, test folders.
  std::set<fs::path> folders;
  for (const char* root : {"rules", "tests", "examples"}) {
    fs::path base = fs::path(VERDICT_SOURCE_DIR) / root;
    for (const auto& e : fs::recursive_directory_iterator(base)) {
      if (e.is_regular_file() && e.path().extension() == ".yaml")
        folders.insert(e.path().parent_path());
    }
  }
  for (const fs::path& f : folders) ExpectReparsedAlike(f.string(), &policies);
  EXPECT_GE(policies, 8u);
}

TEST(ReparsePolicyTest, ABigTableIsReleasedByTheCompileAndDescribedWhole) {
  std::string policy =
      "policy: p\nrecord: r\nfields:\n  n: int\noutputs:\n  a: string\n"
      "decisions:\n  - id: t\n    table:\n      when: [r.n]\n"
      "      then: [a]\n      rows:\n";
  for (int k = 0; k < 300; ++k) {
    policy += "        s" + std::to_string(k) + ": [\"[" +
              std::to_string(10 * k) + ".." + std::to_string(10 * k + 10) +
              ")\", r" + std::to_string(k) + "]\n";
  }
  size_t policies = 0;
  ExpectReparsedAlike(
      testing_util::WritePack("reparse_big", {{"p.yaml", policy}}), &policies);
  EXPECT_EQ(policies, 1u);
  auto pack = testing_util::LoadCleanPack(
      "reparse_big_pack",
      {{"pack.yaml", "pack: b\nversion: '1'\nzone: '+08:00'\n"},
       {"p.yaml", policy}});
  ASSERT_TRUE(pack);
  // The pack keeps the policy's name, file and text, not its rows...
  const PackImpl& impl = PackAccess::Impl(*pack);
  ASSERT_EQ(impl.syntax.policies.size(), 1u);
  EXPECT_TRUE(impl.syntax.policies[0].decisions.empty());
  EXPECT_TRUE(impl.syntax.policies[0].fields.empty());
  ASSERT_TRUE(impl.syntax.policies[0].text);
  EXPECT_EQ(*impl.syntax.policies[0].text, policy);
  // ...and describing it reads them again, positions included.
  PolicyStructure d = DescribePolicy(*pack, "p");
  ASSERT_EQ(d.decisions.size(), 1u);
  ASSERT_EQ(d.decisions[0].rules.size(), 300u);
  EXPECT_EQ(d.decisions[0].rules[299].id, "s299");
  EXPECT_EQ(d.decisions[0].rules[299].line, 13 + 299);
  ASSERT_EQ(d.fields.size(), 1u);
  EXPECT_EQ(d.fields[0].name, "n");
}

}  // namespace
}  // namespace verdict
