// Hostile and broken packs (issue 14): YAML anchor/alias bombs are refused
// before any tree is built, every load budget of Limits refuses with a
// positioned diagnostic, a file that pack.yaml names must be a readable file
// inside the pack, and working-day functions need a calendar. Times are
// printed, never asserted.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPackYaml = "pack: t\nversion: \"1\"\nzone: \"+08:00\"\n";

// A small valid policy; `extra` is appended (at line 11).
std::string Policy(const std::string& extra = "") {
  return "policy: p\nrecord: r\nfields:\n  x: int\noutputs:\n  y: int\n"
         "decisions:\n  - id: d\n    rules:\n      - {id: a, then: {y: 1}}\n" +
         extra;
}

// The alias bomb: a0 is a list of `width` ones, each further level
// a list of `width` aliases of the one before.
std::string Bomb(int levels, int width) {
  std::string s = "a0: &a0 [1";
  for (int i = 1; i < width; ++i) s += ",1";
  s += "]\n";
  for (int l = 1; l <= levels; ++l) {
    std::string alias = "*a" + std::to_string(l - 1);
    s += "a" + std::to_string(l) + ": &a" + std::to_string(l) + " [" + alias;
    for (int i = 1; i < width; ++i) s += ", " + alias;
    s += "]\n";
  }
  return s;
}

// Every diagnostic, one a line, with the pack folder written as PACK.
std::string Diags(const LoadResult& r, const std::string& dir) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  for (size_t at; (at = out.find(dir)) != std::string::npos;)
    out.replace(at, dir.size(), "PACK");
  return out;
}

struct Timed {
  LoadResult result;
  double ms;
};

Timed TimedLoad(const std::string& dir, const LoadOptions& options = {}) {
  auto start = std::chrono::steady_clock::now();
  LoadResult r = Pack::Load(dir, options);
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  return {std::move(r), ms};
}

constexpr const char* kNoAnchors =
    ": anchors and aliases are not allowed in pack files (write the value "
    "out where it is used)\n";

struct Hostile {
  const char* name;
  std::string file;  // which file of the pack holds `text`
  std::string text;
  std::string expected;  // every diagnostic
};

std::vector<Hostile> HostileVariants() {
  std::string late;  // 20,000 harmless list items, then the anchor
  for (int i = 0; i < 20000; ++i) late += "  - item\n";
  return {
      {"issue_bomb_9_levels_x10", "p.yaml", Policy(Bomb(9, 10)),
       std::string("PACK/p.yaml:11:5: error: YAML anchor '&a0'") + kNoAnchors},
      {"bomb_20_levels_x10", "p.yaml", Policy(Bomb(20, 10)),
       std::string("PACK/p.yaml:11:5: error: YAML anchor '&a0'") + kNoAnchors},
      {"bomb_60_levels_x2", "p.yaml", Policy(Bomb(60, 2)),
       std::string("PACK/p.yaml:11:5: error: YAML anchor '&a0'") + kNoAnchors},
      {"bomb_1000_wide_squared", "p.yaml", Policy(Bomb(1, 1000)),
       std::string("PACK/p.yaml:11:5: error: YAML anchor '&a0'") + kNoAnchors},
      {"merge_key", "p.yaml",
       Policy("base: &base {y: 1}\nother:\n  <<: *base\n"),
       std::string("PACK/p.yaml:11:7: error: YAML anchor '&base'") +
           kNoAnchors},
      {"alias_without_anchor", "p.yaml", Policy("x: [*nothing, 1]\n"),
       std::string("PACK/p.yaml:11:5: error: YAML alias '*nothing'") +
           kNoAnchors},
      {"anchor_after_20000_items", "p.yaml",
       Policy("items:\n" + late + "last: &late [1]\n"),
       std::string("PACK/p.yaml:20012:7: error: YAML anchor '&late'") +
           kNoAnchors},
      {"bomb_in_a_test_file", "tests/t.yaml",
       "policy: p\n" + Bomb(9, 10) + "cases: []\n",
       std::string("PACK/tests/t.yaml:2:5: error: YAML anchor '&a0'") +
           kNoAnchors},
      {"bomb_in_the_calendar", "calendar.yaml",
       "calendar: c\nholidays: &h [2026-10-01]\nworkdays: *h\n",
       std::string("PACK/calendar.yaml:2:11: error: YAML anchor '&h'") +
           kNoAnchors},
      {"bomb_in_pack_yaml", "pack.yaml", std::string(kPackYaml) + Bomb(9, 10),
       std::string("PACK/pack.yaml:4:5: error: YAML anchor '&a0'") +
           kNoAnchors},
  };
}

TEST(HostilePackTest, AnchorsAndAliasesAreRefusedBeforeAnyTreeIsBuilt) {
  for (const Hostile& h : HostileVariants()) {
    SCOPED_TRACE(h.name);
    std::map<std::string, std::string> files = {
        {"pack.yaml", kPackYaml},
        {"p.yaml", Policy()},
        {"calendar.yaml", testing_util::kWeekendCalendar}};
    files[h.file] = h.text;
    std::string dir = testing_util::WritePack(h.name, files);
    Timed t = TimedLoad(dir);
    EXPECT_FALSE(t.result.ok());
    EXPECT_EQ(Diags(t.result, dir), h.expected);
    std::printf("[hostile] %-28s %6zu bytes  refused in %.3f ms\n", h.name,
                h.text.size(), t.ms);
    fs::remove_all(dir);
  }
}

TEST(HostilePackTest, ReloadOfAHostilePackKeepsTheOldVersionServing) {
  std::string dir = testing_util::WritePack(
      "reload", {{"pack.yaml", kPackYaml}, {"p.yaml", Policy()}});
  PackHandle handle(dir);
  std::shared_ptr<const Pack> before = handle.Get();
  std::ofstream(fs::path(dir) / "p.yaml", std::ios::trunc)
      << Policy(Bomb(12, 10));
  LoadResult r = handle.Reload();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(
      Diags(r, dir),
      std::string("PACK/p.yaml:11:5: error: YAML anchor '&a0'") + kNoAnchors);
  EXPECT_EQ(handle.Get(), before);
  EXPECT_EQ(handle.generation(), 1u);
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d = handle.Get()->Evaluate("p", {{"x", Value::Int(1)}}, opt);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.Get("y")->as_int(), 1);
  fs::remove_all(dir);
}

TEST(HostilePackTest, OneDocumentPerFile) {
  std::string dir = testing_util::WritePack(
      "two_docs", {{"p.yaml", Policy() + "---\npolicy: q\n"}});
  LoadResult r = Pack::Load(dir);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Diags(r, dir),
            "PACK/p.yaml:11:1: error: a second YAML document starts here; a "
            "pack file holds one (remove the '---' line or split the file)\n");
  fs::remove_all(dir);
}

TEST(HostilePackTest, DeepNestingIsRefusedWhereItGoesTooDeep) {
  std::string deep = Policy("x: " + std::string(100000, '[') + "1" +
                            std::string(100000, ']') + "\n");
  std::string dir = testing_util::WritePack("deep", {{"p.yaml", deep}});
  Timed t = TimedLoad(dir);
  EXPECT_FALSE(t.result.ok());
  EXPECT_EQ(Diags(t.result, dir),
            "PACK/p.yaml:11:68: error: YAML nesting deeper than 64 levels "
            "(Limits::max_yaml_depth)\n");
  std::printf("[hostile] %-28s %6zu bytes  refused in %.3f ms\n",
              "100000_nested_lists", deep.size(), t.ms);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace verdict
