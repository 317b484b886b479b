// The load budget of Limits: each budget, set small, refuses a pack with a
// diagnostic at the place where it ran out; the defaults load a pack with a
// 100,000-row number-segment table (its load time is printed, not asserted).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPackYaml = "pack: t\nversion: \"1\"\nzone: \"+08:00\"\n";

// A policy named `name` with one rule per condition (line 11 on: one rule a
// line), and a default rule.
std::string Policy(const std::string& name,
                   const std::vector<std::string>& conditions = {}) {
  std::string s = "policy: " + name +
                  "\nrecord: r\nfields:\n  x: int\noutputs:\n  y: int\n"
                  "decisions:\n  - id: d\n    rules:\n";
  for (size_t i = 1; i <= conditions.size(); ++i) {
    s += "      - {id: c" + std::to_string(i) + ", when: '" +
         conditions[i - 1] + "', then: {y: " + std::to_string(i) + "}}\n";
  }
  return s + "      - {id: other, then: {y: 0}}\n";
}

std::string Diags(const LoadResult& r, const std::string& dir) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  for (size_t at; (at = out.find(dir)) != std::string::npos;)
    out.replace(at, dir.size(), "PACK");
  return out;
}

// Loads `files` with `limits`; expects a refusal and returns the diagnostics.
std::string Refused(const std::string& name,
                    const std::map<std::string, std::string>& files,
                    const Limits& limits) {
  std::string dir = testing_util::WritePack(name, files);
  LoadOptions options;
  options.limits = limits;
  LoadResult r = Pack::Load(dir, options);
  EXPECT_FALSE(r.ok());
  // The same pack loads under the default limits: the budget refused it.
  LoadResult ok = Pack::Load(dir);
  EXPECT_TRUE(ok.ok()) << Diags(ok, dir);
  fs::remove_all(dir);
  return Diags(r, dir);
}

TEST(LoadBudgetTest, NumberOfFiles) {
  Limits l;
  l.max_files = 2;
  EXPECT_EQ(Refused("files",
                    {{"pack.yaml", kPackYaml},
                     {"a.yaml", Policy("a")},
                     {"b.yaml", Policy("b")}},
                    l),
            "PACK/b.yaml: error: the pack has more than 2 YAML files "
            "(Limits::max_files); this one is over\n");
}

TEST(LoadBudgetTest, FileSize) {
  Limits l;
  l.max_file_bytes = 150;
  std::string big = Policy("p", {"r.x > 1", "r.x > 2", "r.x > 3"});
  EXPECT_EQ(Refused("bytes", {{"pack.yaml", kPackYaml}, {"p.yaml", big}}, l),
            "PACK/p.yaml: error: the file is " + std::to_string(big.size()) +
                " bytes long (limit 150, Limits::max_file_bytes)\n");
}

TEST(LoadBudgetTest, YamlNodesPerFile) {
  Limits l;
  l.max_yaml_nodes_per_file = 20;
  // Nodes in file order: the root map, policy, p, record, r, fields, its
  // map, x, int, outputs, its map, y, int, decisions, its list, the
  // decision's map, id, d, rules, its list, the first rule's map (21st, at
  // line 10 column 9).
  EXPECT_EQ(
      Refused("nodes", {{"pack.yaml", kPackYaml}, {"p.yaml", Policy("p")}}, l),
      "PACK/p.yaml:10:9: error: more than 20 YAML nodes in this file "
      "(Limits::max_yaml_nodes_per_file)\n");
}

TEST(LoadBudgetTest, YamlNodesPerPack) {
  Limits l;
  // pack.yaml has 7 nodes; a.yaml 26: the budget runs out in b.yaml, at its
  // (40 - 33 + 1) = 8th node: 'x' of its fields (line 4 column 3).
  l.max_yaml_nodes_per_pack = 40;
  EXPECT_EQ(Refused("pack_nodes",
                    {{"pack.yaml", kPackYaml},
                     {"a.yaml", Policy("a")},
                     {"b.yaml", Policy("b")}},
                    l),
            "PACK/b.yaml:4:3: error: more than 40 YAML nodes in the pack's "
            "files (Limits::max_yaml_nodes_per_pack)\n");
}

TEST(LoadBudgetTest, TableRows) {
  Limits l;
  l.max_table_rows = 2;
  std::string table =
      "policy: p\nrecord: r\nfields:\n  x: int\noutputs:\n  y: int\n"
      "decisions:\n  - id: d\n    table:\n      when: [r.x]\n      then: [y]\n"
      "      rows:\n        a: [1, 1]\n        b: [2, 2]\n        c: ['-', "
      "3]\n";
  EXPECT_EQ(Refused("rows", {{"pack.yaml", kPackYaml}, {"p.yaml", table}}, l),
            "PACK/p.yaml:13:9: error: the table has 3 rows (limit 2, "
            "Limits::max_table_rows)\n");
}

TEST(LoadBudgetTest, ExpressionBytesPerPack) {
  Limits l;
  l.max_expression_bytes_per_pack = 20;
  // 7 + 7 bytes fit; the third condition (line 12, column 25) does not.
  EXPECT_EQ(
      Refused("expr_bytes",
              {{"pack.yaml", kPackYaml},
               {"p.yaml", Policy("p", {"r.x > 1", "r.x > 2", "r.x > 3"})}},
              l),
      "PACK/p.yaml:12:25: error: more than 20 bytes of expressions in the "
      "pack (Limits::max_expression_bytes_per_pack)\n");
}

TEST(LoadBudgetTest, WallClock) {
  // A budget of 0 ms is spent before the first file: deterministic.
  Limits l;
  l.max_load_milliseconds = 0;
  EXPECT_EQ(
      Refused("clock", {{"pack.yaml", kPackYaml}, {"p.yaml", Policy("p")}}, l),
      "PACK/pack.yaml: error: loading the pack took more than 0 ms "
      "(Limits::max_load_milliseconds); stopped here\n");
}

// The shape of bench/gen_segment_pack.py: row i maps the segments
// [1300000 + 10 i, +10) to a region and an area code.
std::string SegmentPolicy(int rows) {
  std::string s =
      "policy: number_segment\nrecord: request\nfields:\n  segment: int\n"
      "outputs:\n  region: string\n  area_code: int\ndecisions:\n"
      "  - id: segment\n    hit: first\n    table:\n"
      "      when: [request.segment]\n      then: [region, area_code]\n"
      "      rows:\n";
  s.reserve(s.size() + rows * 48);
  for (int i = 0; i < rows; ++i) {
    int lo = 1300000 + 10 * i;
    s += "        s" + std::to_string(i) + ": [\"[" + std::to_string(lo) +
         ".." + std::to_string(lo + 10) + ")\", r" + std::to_string(i % 997) +
         ", " + std::to_string(10 + i % 900) + "]\n";
  }
  return s;
}

TEST(LoadBudgetTest, HundredThousandRowTableLoadsUnderTheDefaults) {
  std::string dir = testing_util::WritePack(
      "segments",
      {{"pack.yaml", kPackYaml}, {"segments.yaml", SegmentPolicy(100000)}});
  auto start = std::chrono::steady_clock::now();
  LoadResult r = Pack::Load(dir);
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(r.ok()) << Diags(r, dir).substr(0, 2000);
  std::printf("[budget] 100,000-row table loaded in %.2f s\n", secs);
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  // Segment 1300000 + 10 * 54321 + 7 is in row 54321.
  Decision d = r.pack->Evaluate(
      "number_segment", {{"segment", Value::Int(1300000 + 543217)}}, opt);
  ASSERT_TRUE(d.ok()) << d.error->message;
  EXPECT_EQ(d.Get("region")->as_string(), "r" + std::to_string(54321 % 997));
  EXPECT_EQ(d.Get("area_code")->as_int(), 10 + 54321 % 900);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace verdict
