// `verdict check`, `test` and `expr` whose standard output cannot be
// written (a full disk: /dev/full) exit 1 with the reason on standard
// error, never 0 with the report lost (`verdict eval` has its own test,
// eval_output_cli_test.cc).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace verdict {
namespace {

struct CliRun {
  std::string err;
  int status = -1;
};

// Runs `verdict ARGS > REDIRECT`, capturing standard error only.
CliRun RunTo(const std::string& args, const std::string& redirect) {
  std::string cmd = "( " + std::string(VERDICT_CLI) + " " + args + " > " +
                    redirect + " ) 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  CliRun r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0)
    r.err.append(buf.data(), n);
  r.status = WEXITSTATUS(pclose(pipe.release()));
  return r;
}

TEST(CliWrittenTest, AReportThatCannotBeWrittenFailsTheCommand) {
  const std::string pack = std::string(VERDICT_SOURCE_DIR) + "/rules/bss";
  struct Case {
    std::string command, args;
  };
  for (const Case& c :
       {Case{"check", "check " + pack}, Case{"test", "test " + pack},
        Case{"expr", "expr '1 + 1'"}}) {
    CliRun full = RunTo(c.args, "/dev/full");
    EXPECT_EQ(full.status, 1) << c.args << "\n" << full.err;
    EXPECT_NE(full.err.find("verdict " + c.command +
                            ": cannot write the output: No space left"),
              std::string::npos)
        << full.err;
    // The reference: the same command with somewhere to write.
    CliRun fine = RunTo(c.args, "/dev/null");
    EXPECT_EQ(fine.status, 0) << c.args << "\n" << fine.err;
    EXPECT_EQ(fine.err.find("cannot write"), std::string::npos) << fine.err;
  }
}

// --help and --version too: their text lost is no success.
TEST(CliWrittenTest, HelpAndVersionThatCannotBeWrittenFail) {
  for (const char* args : {"--version", "--help", "eval --help"}) {
    CliRun full = RunTo(args, "/dev/full");
    EXPECT_EQ(full.status, 1) << args << "\n" << full.err;
    EXPECT_NE(full.err.find("verdict: cannot write the output: No space left"),
              std::string::npos)
        << full.err;
    CliRun fine = RunTo(args, "/dev/null");
    EXPECT_EQ(fine.status, 0) << args << "\n" << fine.err;
  }
}

}  // namespace
}  // namespace verdict
