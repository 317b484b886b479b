// src/io/gzip_input.h and `verdict eval --input FILE.gz`: a gzip file is
// read as its inflated bytes (byte for byte, streamed through a pipe),
// only regular files starting with gzip's magic are taken for gzip here (a
// pipe is inflated by the line reader: line_chunks_test.cc), broken
// or cut-short data is reported after the lines before it were decided,
// and a reader that stops early neither hangs nor kills the process. The
// compressed files are written by zlib's own gzip writer (gzopen). Named
// *Thread* so that the hardening script runs it under ThreadSanitizer.
#include "src/io/gzip_input.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "tests/unit/cli_runner.h"

namespace verdict {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("verdict_gzip_" + std::to_string(getpid()) + "_" + name))
      .string();
}

std::string WriteGzip(const std::string& name, const std::string& text) {
  std::string path = TempPath(name);
  gzFile f = gzopen(path.c_str(), "wb6");
  EXPECT_NE(f, nullptr);
  EXPECT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(f);
  return path;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ReadFd(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string Records(int n) {
  std::mt19937_64 rng(5);
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "{\"customer_id\":\"C" + std::to_string(i) +
            "\",\"arpu\":" + std::to_string(rng() % 300) + ".25}\n";
  }
  return text;
}

TEST(GzipInputThreadTest, InflatesAGzipFileThroughAPipe) {
  const std::string text = Records(60000);  // several pipe buffers
  const std::string path = WriteGzip("whole.gz", text);
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(GzipInput::IsGzip(fd));
  {
    GzipInput gz(fd);
    EXPECT_EQ(ReadFd(gz.fd()), text);
    EXPECT_EQ(gz.Finish(), "");
  }
  ::close(fd);
  // Cut short: the bytes before the cut, then the reason.
  const std::string packed = ReadAll(path);
  const std::string cut = TempPath("cut.gz");
  std::ofstream(cut, std::ios::binary) << packed.substr(0, packed.size() / 2);
  fd = ::open(cut.c_str(), O_RDONLY);
  {
    GzipInput gz(fd);
    std::string got = ReadFd(gz.fd());
    EXPECT_GT(got.size(), 0u);
    EXPECT_EQ(text.compare(0, got.size(), got), 0);
    EXPECT_EQ(gz.Finish(), "cut short: the compressed data ends early");
  }
  ::close(fd);
  std::filesystem::remove(cut);
  std::filesystem::remove(path);
}

TEST(GzipInputThreadTest, OnlyRegularFilesWithTheMagicAreGzip) {
  const std::string plain = TempPath("plain.jsonl"), tiny = TempPath("tiny");
  std::ofstream(plain) << Records(3);
  std::ofstream(tiny, std::ios::binary) << "\x1f";
  for (const std::string& p : {plain, tiny}) {
    int fd = ::open(p.c_str(), O_RDONLY);
    EXPECT_FALSE(GzipInput::IsGzip(fd)) << p;
    ::close(fd);
  }
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  ASSERT_EQ(::write(ends[1], "\x1f\x8b", 2), 2);
  EXPECT_FALSE(GzipInput::IsGzip(ends[0]));  // a pipe is never read ahead
  ::close(ends[0]);
  ::close(ends[1]);
  std::filesystem::remove(plain);
  std::filesystem::remove(tiny);
}

TEST(GzipInputThreadTest, AReaderThatStopsEarlyStopsTheWorker) {
  // 20 MB inflated: far more than a pipe holds. Reading one buffer, then
  // destroying the input, must return (the worker's write fails with
  // EPIPE, not SIGPIPE).
  const std::string path = WriteGzip("big.gz", std::string(20 << 20, 'x'));
  int fd = ::open(path.c_str(), O_RDONLY);
  {
    GzipInput gz(fd);
    char buf[4096];
    EXPECT_GT(::read(gz.fd(), buf, sizeof buf), 0);
  }
  ::close(fd);
  std::filesystem::remove(path);
}

TEST(GzipInputThreadTest, GzipInsideAGzipFileIsRefused) {
  // As a piped input's is (line_chunks_test.cc): it was inflated twice.
  const std::string inner = ReadAll(WriteGzip("inner.gz", Records(50)));
  const std::string path = WriteGzip("nested.gz", inner);
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  {
    GzipInput gz(fd);
    EXPECT_EQ(ReadFd(gz.fd()), "");
    EXPECT_EQ(gz.Finish(),
              "gzip data inside gzip data: decompress it once first (zcat "
              "FILE | ...)");
  }
  ::close(fd);
  auto r = verdict::testing::RunCli(std::string("eval ") + VERDICT_SOURCE_DIR +
                                    "/rules/bss --policy customer_tier "
                                    "--as-of 2026-11-24 --input " +
                                    path);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "verdict eval: the input '" + path +
                       "' is gzip data inside gzip data: decompress it once "
                       "first (zcat FILE | ...)\n");
  // A gzip file of one byte (the first two are held back to be checked).
  const std::string one = WriteGzip("one.gz", "{");
  fd = ::open(one.c_str(), O_RDONLY);
  {
    GzipInput gz(fd);
    EXPECT_EQ(ReadFd(gz.fd()), "{");
    EXPECT_EQ(gz.Finish(), "");
  }
  ::close(fd);
  for (const auto& p : {path, one, TempPath("inner.gz")})
    std::filesystem::remove(p);
}

TEST(GzipInputThreadTest, VerdictEvalReadsGzipFilesAsTheirLines) {
  const std::string text = Records(5000) + "{broken\n";
  const std::string plain = TempPath("eval.jsonl");
  std::ofstream(plain) << text;
  const std::string gz = WriteGzip("eval.jsonl.gz", text);
  for (const std::string policy : {"customer_tier", "customer_rank_tier"}) {
    const std::string args = std::string("eval ") + VERDICT_SOURCE_DIR +
                             "/rules/bss --policy " + policy +
                             " --as-of 2026-11-24 --input ";
    auto want = verdict::testing::RunCli(args + plain);
    auto got = verdict::testing::RunCli(args + gz);
    EXPECT_EQ(want.status, 2);  // the broken line
    EXPECT_EQ(got.status, 2) << policy;
    EXPECT_EQ(got.out, want.out) << policy;
  }
  // Cut short: the lines before the cut are written, then the reason, and
  // the status is 1 (the input could not be read whole).
  const std::string packed = ReadAll(gz);
  const std::string cut = TempPath("eval_cut.gz");
  std::ofstream(cut, std::ios::binary) << packed.substr(0, packed.size() / 2);
  auto r = verdict::testing::RunCli(std::string("eval ") + VERDICT_SOURCE_DIR +
                                    "/rules/bss --policy customer_tier "
                                    "--as-of 2026-11-24 --input " +
                                    cut);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("{\"tier\":"), std::string::npos);
  EXPECT_NE(r.out.find("verdict eval: the input '" + cut +
                       "' is cut short: the compressed data ends early\n"),
            std::string::npos)
      << r.out.substr(r.out.size() > 300 ? r.out.size() - 300 : 0);
  // Through a pipe, gzip is read inflated too (by the line reader: a pipe
  // cannot be read ahead), for a per-record and a batch policy (whose second
  // pass reads the inflated text from its spool); cut short there, the lines
  // before the cut are written, then the reason, status 1.
  auto through_pipe = [&](const std::string& file, const std::string& policy) {
    std::string cmd = "cat " + file + " | " + VERDICT_CLI + " eval " +
                      VERDICT_SOURCE_DIR + "/rules/bss --policy " + policy +
                      " --as-of 2026-11-24 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0)
      out.append(buf, n);
    int status = pclose(pipe.release());
    return std::make_pair(WEXITSTATUS(status), out);
  };
  for (const std::string policy : {"customer_tier", "customer_rank_tier"}) {
    auto want = verdict::testing::RunCli(
        std::string("eval ") + VERDICT_SOURCE_DIR + "/rules/bss --policy " +
        policy + " --as-of 2026-11-24 --input " + plain);
    auto [status, out] = through_pipe(gz, policy);
    EXPECT_EQ(status, 2) << policy;
    EXPECT_TRUE(out == want.out) << policy << ": " << out.substr(0, 300);
  }
  auto [cut_status, cut_out] = through_pipe(cut, "customer_tier");
  EXPECT_EQ(cut_status, 1);
  EXPECT_NE(cut_out.find("{\"tier\":"), std::string::npos);
  EXPECT_NE(cut_out.find("verdict eval: standard input is cut short: the "
                         "compressed data ends early\n"),
            std::string::npos)
      << cut_out.substr(cut_out.size() > 300 ? cut_out.size() - 300 : 0);
  // The same cut data from the file: the same lines (the torn last line is
  // not decided) and, for a batch policy, nothing decided over the
  // truncated population; only the message names the file.
  for (const std::string policy : {"customer_tier", "customer_rank_tier"}) {
    auto from_cut_file = verdict::testing::RunCli(
        std::string("eval ") + VERDICT_SOURCE_DIR + "/rules/bss --policy " +
        policy + " --as-of 2026-11-24 --input " + cut);
    auto [piped_status, piped] = through_pipe(cut, policy);
    EXPECT_EQ(from_cut_file.status, 1) << policy;
    EXPECT_EQ(piped_status, 1) << policy;
    const std::string file_says = "verdict eval: the input '" + cut +
                                  "' is cut short: the compressed data "
                                  "ends early\n";
    const size_t at = from_cut_file.out.find(file_says);
    ASSERT_NE(at, std::string::npos) << from_cut_file.out.substr(0, 300);
    std::string lines = from_cut_file.out;
    lines.erase(at, file_says.size());
    EXPECT_TRUE(piped.starts_with(lines)) << policy << ": " << lines.size();
    EXPECT_EQ(lines.find("invalid_json"), std::string::npos) << policy;
    if (policy == "customer_rank_tier") {
      EXPECT_EQ(lines, "") << policy;
    }
  }
  // Standard input redirected from the gzip file (a regular file).
  auto redirected = verdict::testing::RunCli(
      std::string("eval ") + VERDICT_SOURCE_DIR +
          "/rules/bss --policy customer_tier --as-of 2026-11-24",
      packed);
  auto from_file = verdict::testing::RunCli(
      std::string("eval ") + VERDICT_SOURCE_DIR +
      "/rules/bss --policy customer_tier --as-of 2026-11-24 --input " + plain);
  EXPECT_EQ(redirected.status, 2);
  EXPECT_TRUE(redirected.out == from_file.out) << redirected.out.substr(0, 300);
  // Cut short there, the message names standard input.
  auto cut_in = verdict::testing::RunCli(
      std::string("eval ") + VERDICT_SOURCE_DIR +
          "/rules/bss --policy customer_tier --as-of 2026-11-24",
      packed.substr(0, packed.size() / 2));
  EXPECT_EQ(cut_in.status, 1);
  EXPECT_NE(cut_in.out.find("verdict eval: standard input is cut short: the "
                            "compressed data ends early\n"),
            std::string::npos)
      << cut_in.out.substr(cut_in.out.size() > 300 ? cut_in.out.size() - 300
                                                   : 0);
  for (const std::string& p : {plain, gz, cut}) std::filesystem::remove(p);
}

}  // namespace
}  // namespace verdict
