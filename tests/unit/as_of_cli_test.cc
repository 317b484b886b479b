// `--as-of` on the command line: an empty value (an unset shell variable)
// is refused with exit 1, not taken as today; a value that is not a date is
// refused, for eval and check alike.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/cli_runner.h"

namespace verdict {
namespace {

const std::string kPack = std::string(VERDICT_SOURCE_DIR) + "/rules/bss";

TEST(AsOfCliTest, AnEmptyOrBadDateIsRefused) {
  const std::string record = R"({"customer_id":"c","arpu":70})"
                             "\n";
  for (const std::string& cmd :
       {"eval " + kPack + " --policy customer_tier --as-of ''",
        "check " + kPack + " --as-of ''"}) {
    auto r = verdict::testing::RunCli(cmd, record);
    EXPECT_EQ(r.status, 1) << cmd << "\n" << r.out;
    EXPECT_NE(r.out.find("--as-of: an empty date: give YYYY-MM-DD"),
              std::string::npos)
        << r.out;
  }
  auto bad = verdict::testing::RunCli("check " + kPack + " --as-of 2026-13-01");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("verdict check: --as-of '2026-13-01' is not a date"),
            std::string::npos)
      << bad.out;
  auto good = verdict::testing::RunCli(
      "eval " + kPack + " --policy customer_tier --as-of 2026-11-24", record);
  EXPECT_EQ(good.status, 0) << good.out;
}

}  // namespace
}  // namespace verdict
