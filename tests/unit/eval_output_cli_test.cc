// `verdict eval` whose output cannot be written (a full disk, a closed
// standard output) fails: exit status 1 and the reason on standard error,
// never a silent 0 with the decisions lost.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace verdict {
namespace {

struct EvalRun {
  std::string err;  // standard error
  int status = -1;
};

// Runs `verdict eval` of customer_tier over `lines` copies of one record
// with standard output redirected by `redirect` (a shell redirection), and
// captures standard error.
EvalRun EvalWithOutput(const std::string& redirect, int lines) {
  std::filesystem::path in = std::filesystem::temp_directory_path() /
                             ("verdict_eval_out_" + std::to_string(getpid()));
  {
    std::ofstream f(in, std::ios::binary);
    for (int i = 0; i < lines; ++i)
      f << R"({"customer_id":"c","arpu":70})"
        << "\n";
  }
  std::string cmd = std::string(VERDICT_CLI) + " eval " + VERDICT_SOURCE_DIR +
                    "/rules/bss --policy customer_tier --as-of 2026-11-24 " +
                    "--input " + in.string() + " 2>&1 " + redirect;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  EvalRun r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0)
    r.err.append(buf.data(), n);
  r.status = WEXITSTATUS(pclose(pipe.release()));
  std::filesystem::remove(in);
  return r;
}

TEST(EvalOutputCliTest, AnOutputThatCannotBeWrittenFailsTheRun) {
  // A closed standard output: every write fails (EBADF), as on a full disk.
  for (int lines : {1, 200000}) {
    EvalRun closed = EvalWithOutput(">&-", lines);
    EXPECT_EQ(closed.status, 1) << lines << ": " << closed.err;
    EXPECT_NE(closed.err.find("verdict eval: cannot write the output"),
              std::string::npos)
        << closed.err;
  }
  // The reference: the same run with somewhere to write succeeds.
  EvalRun fine = EvalWithOutput(">/dev/null", 1);
  EXPECT_EQ(fine.status, 0) << fine.err;
  EXPECT_EQ(fine.err, "");
}

}  // namespace
}  // namespace verdict
