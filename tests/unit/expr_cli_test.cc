// `verdict expr` reads its expression from the argument, from standard
// input (`-`) or from a file (`--file`): byte for byte, so NUL bytes and a
// leading '-' need no shell tricks.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "tests/unit/cli_runner.h"

namespace verdict {
namespace {

using Output = verdict::testing::CliOutput;

std::string TempFile(const std::string& tag, const std::string& content) {
  std::string path =
      std::filesystem::temp_directory_path() /
      ("verdict_expr_cli_" + tag + "_" + std::to_string(getpid()));
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// Runs `verdict ARGS < stdin_text`; stdout and stderr merged.
Output Verdict(const std::string& args, const std::string& stdin_text) {
  return verdict::testing::RunCli(args, stdin_text);
}

TEST(ExprCliTest, ReadsStandardInput) {
  Output o = Verdict("expr -", "-1 - 2\n");
  EXPECT_EQ(o.out, "{\"int64\": \"-3\"}\n");
  EXPECT_EQ(o.status, 0);
  // A NUL byte inside a string literal is one character.
  o = Verdict("expr -", std::string("size('a\0b')", 11));
  EXPECT_EQ(o.out, "{\"int64\": \"3\"}\n");
  o = Verdict("expr - --bindings '{\"x\": {\"int64\": \"4\"}}'",
              "math.greatest(x, 2) * 10");
  EXPECT_EQ(o.out, "{\"int64\": \"40\"}\n");
}

TEST(ExprCliTest, ReadsAFile) {
  std::string f = TempFile("file", std::string("'x\0y'.charAt(2)\n", 16));
  Output o = Verdict("expr --file " + f, "");
  EXPECT_EQ(o.out, "{\"string\": \"y\"}\n");
  EXPECT_EQ(o.status, 0);
  std::filesystem::remove(f);
  o = Verdict("expr --file " + f, "");
  EXPECT_NE(o.out.find("--file: cannot read"), std::string::npos) << o.out;
  EXPECT_EQ(o.status, 3);
}

// A read that fails is said as such, not parsed as an empty expression
// ("1:1: unexpected end of expression").
TEST(ExprCliTest, AReadErrorIsNoEmptyExpression) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  const Output o = Verdict("expr --file " + dir, "");
  EXPECT_NE(o.out.find("--file: cannot read " + dir + ": Is a directory"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(o.status, 3);
}

TEST(ExprCliTest, ExpressionErrorsAndUsage) {
  Output o = Verdict("expr -", "1 +");
  EXPECT_NE(o.out.find("\"error\""), std::string::npos) << o.out;
  EXPECT_EQ(o.status, 3);
  o = Verdict("expr", "");
  EXPECT_NE(o.out.find("no expression"), std::string::npos) << o.out;
  EXPECT_EQ(o.status, 3);
  o = Verdict("expr '1' --file /dev/null", "");
  EXPECT_NE(o.out.find("excludes"), std::string::npos) << o.out;
  EXPECT_EQ(o.status, 1);
  // A character the language does not have is named whole, so the error
  // is valid JSON text (it printed the lone byte 0xE5 of 客).
  o = Verdict("expr -", "x + \xe5\xae\xa2\xe6\x88\xb7");
  EXPECT_EQ(o.out,
            "{\"error\": \"1:5: unexpected character '\xe5\xae\xa2' "
            "(U+5BA2)\"}\n");
  o = Verdict("expr -", "x + \xff");
  EXPECT_EQ(o.out, "{\"error\": \"1:5: unexpected byte 0xFF (not UTF-8)\"}\n");
  // The argument form still works.
  o = Verdict("expr \"'%d'.format([7])\"", "");
  EXPECT_EQ(o.out, "{\"string\": \"7\"}\n");
}

}  // namespace
}  // namespace verdict
