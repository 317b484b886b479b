// Runs the built `verdict` command line (VERDICT_CLI) for the CLI tests.
#ifndef VERDICT_TESTS_UNIT_CLI_RUNNER_H_
#define VERDICT_TESTS_UNIT_CLI_RUNNER_H_

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace verdict::testing {

struct CliOutput {
  std::string out;  // stdout and stderr, merged in the order written (or
                    // stderr alone: RunCli's `stderr_only`)
  int status = -1;  // the exit status
};

// Runs `ENV VERDICT_CLI ARGS < stdin_text` through the shell (so ARGS may
// quote) and waits for it. The input goes through a temporary file named
// for this process (ctest runs tests in parallel processes), removed after.
// `env` is a prefix such as "TZDIR=/x" or empty. With `stderr_only`,
// stdout is discarded and `out` is what the command wrote to stderr.
inline CliOutput RunCli(const std::string& args,
                        const std::string& stdin_text = "",
                        const std::string& env = "", bool stderr_only = false) {
  static int calls = 0;
  std::filesystem::path in = std::filesystem::temp_directory_path() /
                             ("verdict_cli_in_" + std::to_string(getpid()) +
                              "_" + std::to_string(++calls));
  std::ofstream(in, std::ios::binary) << stdin_text;
  std::string cmd = env + " " + std::string(VERDICT_CLI) + " " + args + " < " +
                    in.string() + (stderr_only ? " 2>&1 >/dev/null" : " 2>&1");
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  CliOutput r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0)
    r.out.append(buf.data(), n);
  r.status = WEXITSTATUS(pclose(pipe.release()));
  std::filesystem::remove(in);
  return r;
}

}  // namespace verdict::testing

#endif  // VERDICT_TESTS_UNIT_CLI_RUNNER_H_
