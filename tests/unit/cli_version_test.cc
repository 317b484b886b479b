// `verdict --version` prints the project's version (CMake's
// PROJECT_VERSION, the same as pyproject.toml's) and exits 0; without a
// subcommand the command still says one is required.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/unit/cli_runner.h"

namespace verdict {
namespace {

TEST(CliVersionTest, VersionFlagPrintsTheProjectVersion) {
  auto r = verdict::testing::RunCli("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, std::string("verdict ") + VERDICT_VERSION + "\n");
  // The Python package says the same version.
  std::ifstream py(std::string(VERDICT_SOURCE_DIR) + "/pyproject.toml");
  std::stringstream text;
  text << py.rdbuf();
  EXPECT_NE(
      text.str().find(std::string("\nversion = \"") + VERDICT_VERSION + "\"\n"),
      std::string::npos);
  auto none = verdict::testing::RunCli("");
  EXPECT_EQ(none.status, 1);
  EXPECT_NE(none.out.find("A subcommand is required"), std::string::npos);
}

}  // namespace
}  // namespace verdict
