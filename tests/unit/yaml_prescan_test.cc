// The prescan (src/parse/yaml_prescan.h) refuses a key repeated in any
// mapping of any pack file, at the repeated key, naming the first one's
// line: directly, and through Pack::Load for each kind of pack file.
#include "src/parse/yaml_prescan.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict::syntax {
namespace {

// PrescanYaml of `text` as file "f.yaml": its diagnostics, one a line, and
// whether it passed.
std::string Scan(const std::string& text, bool* ok = nullptr) {
  std::vector<Diagnostic> diags;
  LoadBudget budget(Limits{}, &diags);
  YamlDoc doc;
  bool passed = PrescanYaml("f.yaml", text, budget, &diags, &doc);
  if (ok) *ok = passed;
  std::string out;
  for (const auto& d : diags) out += d.ToString() + "\n";
  return out;
}

TEST(YamlPrescanTest, RefusesARepeatedKeyAtItsPositionNamingTheFirst) {
  bool ok = true;
  EXPECT_EQ(Scan("a: 1\nb: 2\na: 3\n", &ok),
            "f.yaml:3:1: error: duplicate key 'a' (the first is at line 1)\n");
  EXPECT_FALSE(ok);
  // In a flow mapping, and a quoted key by the column after its quote;
  // quoted or not, the loader reads the same name.
  EXPECT_EQ(Scan("x: {o: 2, 'o': 99}\n"),
            "f.yaml:1:12: error: duplicate key 'o' (the first is at line 1)\n");
}

TEST(YamlPrescanTest, ReportsEveryRepeatedKeyInFileOrder) {
  // The inner mapping closes first; the report is still in file order, and
  // a third 'a' names the first, not the second.
  EXPECT_EQ(Scan("a: 1\nm:\n  k: 1\n  k: 2\na: 2\na: 3\n"),
            "f.yaml:4:3: error: duplicate key 'k' (the first is at line 3)\n"
            "f.yaml:5:1: error: duplicate key 'a' (the first is at line 1)\n"
            "f.yaml:6:1: error: duplicate key 'a' (the first is at line 1)\n");
}

TEST(YamlPrescanTest, KeysOfDifferentMappingsMayRepeat) {
  bool ok = false;
  EXPECT_EQ(Scan("a: {k: 1}\nb: {k: 2}\nl:\n  - {k: 1}\n  - {k: 2}\n", &ok),
            "");
  EXPECT_TRUE(ok);
  // A big mapping of distinct keys (a table's rows) passes.
  std::string rows;
  for (int i = 0; i < 5000; ++i) rows += "r" + std::to_string(i) + ": 1\n";
  EXPECT_EQ(Scan(rows, &ok), "");
  EXPECT_TRUE(ok);
}

constexpr const char* kPackYaml = "pack: t\nversion: \"1\"\nzone: \"+08:00\"\n";

constexpr const char* kPolicy =
    "policy: p\nrecord: r\nfields:\n  amount: int\noutputs:\n  y: int\n"
    "decisions:\n  - id: d\n    rules:\n      - id: a\n"
    "        when: r.amount < 200\n        then: {y: 1}\n";

// Every diagnostic of loading the pack of `files`, pack folder as PACK.
std::string Load(const std::string& name,
                 std::map<std::string, std::string> files) {
  files.emplace("pack.yaml", kPackYaml);
  files.emplace("p.yaml", kPolicy);
  std::string dir = testing_util::WritePack("prescan_" + name, files);
  LoadResult r = verdict::Pack::Load(dir);
  EXPECT_EQ(r.pack, nullptr);
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  for (size_t at; (at = out.find(dir)) != std::string::npos;)
    out.replace(at, dir.size(), "PACK");
  return out;
}

TEST(YamlPrescanTest, ARuleWithTwoConditionsUnderOneKeyIsAnError) {
  // yaml-cpp's lookup took the first `when`, PyYAML takes the last.
  std::string p = kPolicy;
  p.insert(p.find("        then"), "        when: r.amount < 0\n");
  EXPECT_EQ(Load("when", {{"p.yaml", p}}),
            "PACK/p.yaml:12:9: error: duplicate key 'when' (the first is at "
            "line 11)\n");
}

TEST(YamlPrescanTest, EveryMappingOfAPolicyIsChecked) {
  const std::string p =
      "policy: p\npolicy: q\nrecord: r\nfields:\n  x: int\n  x: money\n"
      "outputs:\n  y: int\ndecisions:\n  - id: d\n    rules:\n"
      "      - id: a\n        id: b\n        then: {y: 1, y: 2}\n"
      "decisions: []\nrecord: s\n";
  EXPECT_EQ(
      Load("policy", {{"p.yaml", p}}),
      "PACK/p.yaml:2:1: error: duplicate key 'policy' (the first is at line "
      "1)\n"
      "PACK/p.yaml:6:3: error: duplicate key 'x' (the first is at line 5)\n"
      "PACK/p.yaml:13:9: error: duplicate key 'id' (the first is at line "
      "12)\n"
      "PACK/p.yaml:14:22: error: duplicate key 'y' (the first is at line "
      "14)\n"
      "PACK/p.yaml:15:1: error: duplicate key 'decisions' (the first is at "
      "line 9)\n"
      "PACK/p.yaml:16:1: error: duplicate key 'record' (the first is at "
      "line 3)\n");
}

TEST(YamlPrescanTest, PackYamlCalendarAndTestFilesAreChecked) {
  EXPECT_EQ(Load("pack_yaml",
                 {{"pack.yaml", std::string(kPackYaml) + "zone: UTC\n"}}),
            "PACK/pack.yaml:4:1: error: duplicate key 'zone' (the first is at "
            "line 3)\n");
  EXPECT_EQ(Load("calendar", {{"calendar.yaml",
                               "calendar: c\nweekend: [saturday, sunday]\n"
                               "weekend: [sunday]\n"}}),
            "PACK/calendar.yaml:3:1: error: duplicate key 'weekend' (the "
            "first is at line 2)\n");
  EXPECT_EQ(Load("tests", {{"tests/t.yaml",
                            "policy: p\ncases:\n  - name: c\n"
                            "    record: {amount: 1}\n    expect: {y: 1}\n"
                            "    expect: {y: 99}\n"}}),
            "PACK/tests/t.yaml:6:5: error: duplicate key 'expect' (the first "
            "is at line 5)\n");
}

}  // namespace
}  // namespace verdict::syntax
