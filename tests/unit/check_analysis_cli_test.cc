// `verdict check` and table analysis, through the real command on
// tests/analysis_packs/findings (one gap, one dead row, one overlap) and on
// rules/bss: warnings at the rows' file:line:col, exit 0 unless --strict,
// and each example input decided by `verdict eval` as the warning says.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "tests/unit/cli_runner.h"
#include "tests/unit/test_util.h"

namespace {

using Output = verdict::testing::CliOutput;

Output RunVerdict(const std::string& args, const std::string& stdin_text = "") {
  return verdict::testing::RunCli(args, stdin_text);
}

const std::string kPack = VERDICT_SOURCE_DIR "/tests/analysis_packs/findings";
const std::string kFile = kPack + "/grading.yaml";

std::vector<std::string> LinesWith(const std::string& text,
                                   const std::string& what) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(what) != std::string::npos) out.push_back(line);
  }
  return out;
}

// "FILE:LINE:COL:" of the first line of FILE holding `text`, at its column.
std::string PlaceOf(const std::string& text) {
  std::ifstream in(kFile);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    size_t col = line.find(text);
    if (col != std::string::npos)
      return kFile + ":" + std::to_string(n) + ":" + std::to_string(col + 1) +
             ":";
  }
  return "(not found)";
}

// The example of a warning, "{customer.arpu: -1, customer.segment: ...}",
// as a JSON record for `verdict eval`.
std::string RecordOf(const std::string& warning) {
  std::string ex = warning.substr(warning.find("e.g. {") + 5);
  ex = ex.substr(0, ex.find('}') + 1);
  std::string json;
  for (size_t i = 0; i < ex.size(); ++i) {
    if (ex.compare(i, 9, "customer.") == 0) {
      size_t colon = ex.find(':', i);
      json += "\"" + ex.substr(i + 9, colon - i - 9) + "\"";
      i = colon - 1;
    } else {
      json += ex[i];
    }
  }
  return json;
}

TEST(CheckAnalysisCliTest, WarnsAtTheRowsAndExitsZero) {
  Output o = RunVerdict("check " + kPack);
  EXPECT_EQ(o.status, 0) << o.out;
  auto warnings = LinesWith(o.out, ": warning: ");
  ASSERT_EQ(warnings.size(), 3u) << o.out;
  auto gap = LinesWith(o.out, "warning: gap in table tier of grading");
  ASSERT_EQ(gap.size(), 1u);
  EXPECT_EQ(gap[0].rfind(PlaceOf("id: tier"), 0), 0u) << gap[0];
  auto dead = LinesWith(o.out, "warning: dead row small in table tier");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].rfind(PlaceOf("small:"), 0), 0u) << dead[0];
  EXPECT_NE(dead[0].find("row mass matches first"), std::string::npos);
  auto overlap = LinesWith(o.out, "warning: overlap in unique table channel");
  ASSERT_EQ(overlap.size(), 1u);
  EXPECT_EQ(overlap[0].rfind(PlaceOf("business:"), 0), 0u) << overlap[0];

  // The examples are what the warnings say they are.
  const std::string eval =
      "eval " + kPack + " --policy grading --as-of 2026-11-24";
  Output g = RunVerdict(eval, RecordOf(gap[0]) + "\n");
  EXPECT_NE(g.out.find("no_rule_matched"), std::string::npos) << g.out;
  Output c = RunVerdict(
      eval, RecordOf(overlap[0]).insert(1, "\"arpu\": 100, ") + "\n");
  EXPECT_NE(c.out.find("conflicting_rules"), std::string::npos) << c.out;
}

TEST(CheckAnalysisCliTest, StrictFailsOnWarnings) {
  EXPECT_EQ(RunVerdict("check --strict " + kPack).status, 1);
}

// The loader's warnings and the calendar's count too (README: "exits 1 on
// any"): a money expression with more places than money holds, an as-of
// beyond the calendar.
TEST(CheckAnalysisCliTest, StrictFailsOnLoadAndCalendarWarnings) {
  const std::string places = verdict::testing_util::WritePack(
      "strict_load_warning",
      {{"p.yaml",
        "policy: p\nrecord: r\nfields:\n  amount: money\noutputs:\n  fee: "
        "money\ndecisions:\n  - id: d\n    rules:\n      - id: fee\n     "
        "   then: {fee: \"=r.amount * 0.05\"}\n"}});
  Output plain = RunVerdict("check " + places);
  EXPECT_EQ(plain.status, 0) << plain.out;
  EXPECT_FALSE(LinesWith(plain.out, ": warning: money has at most").empty())
      << plain.out;
  EXPECT_EQ(RunVerdict("check --strict " + places).status, 1);
  const std::string bss = std::string(VERDICT_SOURCE_DIR) + "/rules/bss";
  Output late = RunVerdict("check --strict " + bss + " --as-of 2031-01-01");
  EXPECT_FALSE(LinesWith(late.out, ": warning: ").empty()) << late.out;
  EXPECT_EQ(late.status, 1) << late.out;
}

TEST(CheckAnalysisCliTest, ShippedPackPassesStrict) {
  Output o = RunVerdict("check --strict " + std::string(VERDICT_SOURCE_DIR) +
                        "/rules/bss --as-of 2026-11-24");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_TRUE(LinesWith(o.out, ": warning: ").empty()) << o.out;
  EXPECT_EQ(LinesWith(o.out, "note: allowed by an analysis exception: dead row")
                .size(),
            4u)
      << o.out;
}

}  // namespace
