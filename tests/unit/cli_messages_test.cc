// The command line's own errors say what is wrong, before anything else is
// printed: a bad --as-of is refused before `check` prints any pack as ok,
// and a word given as --threads is "not a number", not "out of a range"
// whose bound is a 310-digit double.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/cli_runner.h"

namespace {

using verdict::testing::RunCli;

TEST(CliMessagesTest, ABadAsOfIsRefusedBeforeAnyPackIsSaidOk) {
  const auto o = RunCli(std::string("check ") + VERDICT_SOURCE_DIR +
                        "/rules/bss --as-of 2026-13-01");
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.out,
            "verdict check: --as-of '2026-13-01' is not a date (YYYY-MM-DD)\n");
}

TEST(CliMessagesTest, ThreadsMustBeAWholeNumber) {
  for (const char* bad : {"abc", "-1", "1.5"}) {
    const auto o = RunCli(std::string("eval ") + VERDICT_SOURCE_DIR +
                          "/rules/bss --policy customer_tier --threads " + bad);
    EXPECT_EQ(o.status, 1) << bad;
    EXPECT_NE(o.out.find(std::string("--threads: '") + bad +
                         "' is not a number of threads (0: one per core)"),
              std::string::npos)
        << o.out;
    EXPECT_LT(o.out.size(), 200u) << o.out;
  }
}

TEST(CliMessagesTest, AnEmptyInputPathIsNoStandardInput) {
  const auto o = RunCli(std::string("eval ") + VERDICT_SOURCE_DIR +
                            "/rules/bss --policy customer_tier --input ''",
                        "{\"customer_id\":\"a\",\"arpu\":1}\n");
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find("--input: an empty path (give - for standard input)"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(o.out.find("\"tier\""), std::string::npos) << o.out;
}

}  // namespace
