// DecideJsonLinesStream (verdict/json_stream.h) against the in-memory path
// (Pack::EvaluateJsonLines over the whole text): byte for byte, from regular
// files and pipes, with buffers small enough that lines straddle reads; and
// `verdict eval` answering before its standard input closes.
#include "verdict/json_stream.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "tests/unit/cli_runner.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::shared_ptr<const Pack> LoadBss() {
  auto r = Pack::Load(testing_util::RulesDir());
  EXPECT_TRUE(r.ok());
  return r.pack;
}

EvalOptions Opt(bool trace = false, bool audit = false) {
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  o.trace = trace;
  o.audit = audit;
  return o;
}

std::string InMemory(const Pack& pack, const std::string& policy,
                     const std::string& text, const EvalOptions& o) {
  std::string out;
  for (const Decision& d : pack.EvaluateJsonLines(policy, text, o)) {
    out += pack.ToJson(d);
    out += '\n';
  }
  return out;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("verdict_stream_" + std::to_string(getpid()) + "_" + name))
      .string();
}

// Streams `text` from a regular file (opened at `skip` bytes in, to check
// that pass two goes back to where pass one began).
std::string FromFile(const Pack& pack, const std::string& policy,
                     const std::string& text, const EvalOptions& o,
                     size_t read_bytes, size_t skip = 0, int threads = 1,
                     JsonStreamStats* stats = nullptr) {
  std::string path = TempPath("in.jsonl");
  std::ofstream(path, std::ios::binary) << std::string(skip, 'x') << text;
  int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::lseek(fd, static_cast<off_t>(skip), SEEK_SET),
            static_cast<off_t>(skip));
  std::string out;
  JsonStreamOptions so;
  so.read_bytes = read_bytes;
  so.threads = threads;
  JsonStreamStats st = DecideJsonLinesStream(
      pack, policy, fd, o, [&](std::string_view b) { out += b; }, so);
  ::close(fd);
  std::filesystem::remove(path);
  EXPECT_EQ(st.records,
            static_cast<uint64_t>(std::count(out.begin(), out.end(), '\n')));
  if (stats) *stats = st;
  return out;
}

// Streams `text` through a pipe written by another thread in small pieces.
std::string FromPipe(const Pack& pack, const std::string& policy,
                     const std::string& text, const EvalOptions& o,
                     size_t read_bytes, int threads = 1) {
  int p[2];
  EXPECT_EQ(::pipe(p), 0);
  std::thread writer([&] {
    size_t at = 0;
    while (at < text.size()) {
      size_t n = std::min<size_t>(777, text.size() - at);
      ssize_t w = ::write(p[1], text.data() + at, n);
      if (w <= 0) break;
      at += static_cast<size_t>(w);
    }
    ::close(p[1]);
  });
  std::string out;
  JsonStreamOptions so;
  so.read_bytes = read_bytes;
  so.threads = threads;
  DecideJsonLinesStream(
      pack, policy, p[0], o, [&](std::string_view b) { out += b; }, so);
  writer.join();
  ::close(p[0]);
  return out;
}

// Every record of the shipped spec cases of `policy`, one per line.
std::string SpecRecords(const std::string& policy) {
  std::ifstream in(std::string(VERDICT_SOURCE_DIR) + "/tests/spec_cases/" +
                   policy + ".jsonl");
  std::string line, out;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    simdjson::dom::element doc = parser.parse(line);
    simdjson::dom::element recs;
    if (!doc["records"].get(recs)) {
      for (auto r : recs.get_array()) out += simdjson::minify(r) + "\n";
    } else {
      out += simdjson::minify(doc["record"]) + "\n";
    }
  }
  return out;
}

// Generated customers, with the awkward lines a real file has: blank lines,
// CRLF endings, broken JSON, wrong types, missing fields, escapes, and one
// line longer than the small buffers used below.
std::string Generated(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < n; ++i) {
    uint32_t r = rng() % 100;
    std::string spend =
        std::to_string(rng() % 500) + "." + std::to_string(rng() % 100);
    if (r == 0) {
      out += "\n";
    } else if (r == 1) {
      out += "{\"customer_id\": \"broken\", \"arpu\": \n";
    } else if (r == 2) {
      out += "{\"customer_id\": \"c" + std::to_string(i) +
             "\", \"arpu\": \"many\", \"monthly_spend\": 3}\n";
    } else if (r == 3) {
      out += "{\"customer_id\": \"c" + std::to_string(i) + "\"}\n";
    } else if (r == 4) {
      out += "{\"customer_id\": \"q\\\"\\u00e9" + std::to_string(i) +
             "\", \"arpu\": " + spend + ", \"monthly_spend\": " + spend +
             "}\r\n";
    } else if (r == 5 && i % 7 == 0) {
      out += "{\"customer_id\": \"" + std::string(3000, 'L') +
             "\", \"arpu\": 61, \"monthly_spend\": 61}\n";
    } else {
      out += "{\"customer_id\": \"c" + std::to_string(i) +
             "\", \"arpu\": " + spend + ", \"monthly_spend\": " + spend +
             ", \"extra\": [1, {\"a\": null}]}\n";
    }
  }
  out += "{\"customer_id\": \"last\", \"arpu\": 30, \"monthly_spend\": 30}";
  return out;  // no final newline
}

TEST(JsonStreamTest, SpecCasesOfEveryPolicyMatchTheInMemoryPath) {
  auto pack = LoadBss();
  for (const std::string& policy : pack->PolicyNames()) {
    std::string text = SpecRecords(policy);
    ASSERT_FALSE(text.empty()) << policy;
    for (bool trace : {false, true}) {
      EvalOptions o = Opt(trace, trace);
      std::string want = InMemory(*pack, policy, text, o);
      EXPECT_EQ(FromFile(*pack, policy, text, o, 64, 5), want) << policy;
      EXPECT_EQ(FromPipe(*pack, policy, text, o, 100), want) << policy;
      EXPECT_EQ(FromFile(*pack, policy, text, o, 1 << 20), want) << policy;
    }
  }
}

// `text`'s records with their fields in another order: reversed, or
// rotated left by one. The reader tries the declared next field first and
// then looks the name up; either way a record decides the same.
std::string Reordered(const std::string& text, bool reverse) {
  std::istringstream in(text);
  std::string line, out;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::object obj = parser.parse(line).get_object();
    std::vector<std::string> members;
    for (auto [key, value] : obj) {
      std::string member;
      member += '"';
      member += key;  // the spec records' keys need no escapes
      member += "\":" + simdjson::minify(value);
      members.push_back(std::move(member));
    }
    if (reverse) {
      std::reverse(members.begin(), members.end());
    } else if (!members.empty()) {
      std::rotate(members.begin(), members.begin() + 1, members.end());
    }
    out += '{';
    for (size_t i = 0; i < members.size(); ++i)
      out += (i ? "," : "") + members[i];
    out += "}\n";
  }
  return out;
}

TEST(JsonStreamTest, FieldOrderDoesNotChangeDecisions) {
  auto pack = LoadBss();
  int records = 0;
  for (const std::string& policy : pack->PolicyNames()) {
    std::string text = SpecRecords(policy);
    records += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    std::string want = InMemory(*pack, policy, text, Opt(true));
    for (bool reverse : {true, false}) {
      std::string moved = Reordered(text, reverse);
      ASSERT_NE(moved, text) << policy;
      EXPECT_EQ(InMemory(*pack, policy, moved, Opt(true)), want)
          << policy << (reverse ? " reversed" : " rotated");
      EXPECT_EQ(FromFile(*pack, policy, moved, Opt(true), 1 << 16), want)
          << policy << (reverse ? " reversed" : " rotated");
    }
  }
  EXPECT_GT(records, 100);
}

TEST(JsonStreamTest, AwkwardLinesMatchTheInMemoryPath) {
  auto pack = LoadBss();
  std::string text = Generated(3000, 7);
  for (const char* policy : {"customer_tier", "customer_rank_tier"}) {
    for (size_t chunk : {size_t{64}, size_t{1000}, size_t{1} << 16}) {
      std::string want = InMemory(*pack, policy, text, Opt(true));
      EXPECT_EQ(FromFile(*pack, policy, text, Opt(true), chunk), want)
          << policy << " " << chunk;
      EXPECT_EQ(FromPipe(*pack, policy, text, Opt(true), chunk), want)
          << policy << " " << chunk;
    }
  }
}

TEST(JsonStreamTest, EdgeTextsMatchTheInMemoryPath) {
  auto pack = LoadBss();
  for (std::string text :
       {std::string(""), std::string("\n"), std::string("\n\n"),
        std::string("\xEF\xBB\xBF"), std::string("\xEF\xBB"),
        std::string("{\"customer_id\":\"a\",\"arpu\":70}"),
        std::string("{\"customer_id\":\"a\",\"arpu\":70}\r"),
        std::string("\xEF\xBB\xBF{\"customer_id\":\"a\",\"arpu\":70}\n")}) {
    for (const char* policy : {"customer_tier", "customer_rank_tier"}) {
      std::string want = InMemory(*pack, policy, text, Opt());
      EXPECT_EQ(FromFile(*pack, policy, text, Opt(), 64), want);
      EXPECT_EQ(FromPipe(*pack, policy, text, Opt(), 64), want);
    }
  }
}

TEST(JsonStreamTest, LargeInputMatchesTheInMemoryPath) {
  auto pack = LoadBss();
  std::string text = Generated(200000, 11);
  for (const char* policy : {"customer_tier", "customer_rank_tier"}) {
    std::string want = InMemory(*pack, policy, text, Opt());
    EXPECT_EQ(FromFile(*pack, policy, text, Opt(), 1 << 14), want) << policy;
    EXPECT_EQ(FromPipe(*pack, policy, text, Opt(), 1 << 20), want) << policy;
  }
}

// Threads split each block of lines in contiguous shares (at least 256
// lines each) and write them in order: any number of threads writes the
// bytes one thread writes, for per-record and batch policies, from files
// and pipes, with blocks of a few hundred lines and of thousands.
TEST(JsonStreamThreadsTest, AnyNumberOfThreadsWritesTheSameBytes) {
  auto pack = LoadBss();
  for (const std::string& policy : pack->PolicyNames()) {
    std::string one = SpecRecords(policy), text;
    while (std::count(text.begin(), text.end(), '\n') < 3000) text += one;
    // Read in 1 MiB, the text is one block of 3,000 lines or more: three
    // shares of 256 at least, so 2, 3 and 8 threads really split it.
    ASSERT_LE(text.size(), size_t{1} << 20) << policy;
    for (bool trace : {false, true}) {
      EvalOptions o = Opt(trace, trace);
      std::string want = InMemory(*pack, policy, text, o);
      JsonStreamStats want_stats;
      ASSERT_EQ(FromFile(*pack, policy, text, o, 1 << 20, 0, 1, &want_stats),
                want);
      for (int threads : {2, 3, 8}) {
        for (size_t chunk : {size_t{1} << 16, size_t{1} << 20}) {
          JsonStreamStats st;
          EXPECT_EQ(FromFile(*pack, policy, text, o, chunk, 0, threads, &st),
                    want)
              << policy << " threads " << threads << " chunk " << chunk;
          EXPECT_EQ(st.invalid, want_stats.invalid) << policy;
          EXPECT_EQ(st.records, want_stats.records) << policy;
        }
        EXPECT_EQ(FromPipe(*pack, policy, text, o, 1 << 16, threads), want)
            << policy << " threads " << threads << " (pipe)";
      }
    }
  }
  // Awkward lines (blank, broken, CRLF, wrong types, a long line), and
  // blocks too small to split.
  std::string text = Generated(20000, 5);
  for (const char* policy : {"customer_tier", "customer_rank_tier"}) {
    std::string want = InMemory(*pack, policy, text, Opt());
    for (size_t chunk : {size_t{4096}, size_t{1} << 16, size_t{1} << 20}) {
      EXPECT_EQ(FromFile(*pack, policy, text, Opt(), chunk, 0, 2), want)
          << policy << " " << chunk;
      EXPECT_EQ(FromPipe(*pack, policy, text, Opt(), chunk, 3), want)
          << policy << " " << chunk;
    }
  }
}

using testing_util::ThreadCount;
using testing_util::ThreadCountDownTo;
using testing_util::ThreadCountSettled;

// Workers start when a block is big enough to split (256 lines a share),
// never for a small input, and are gone when the stream ends.
TEST(JsonStreamThreadsTest, WorkersStartOnlyWhenABlockIsSplit) {
  auto pack = LoadBss();
  const size_t before = ThreadCountSettled();
  auto threads_during = [&](const std::string& text, int threads) {
    std::string path = TempPath("workers.jsonl");
    std::ofstream(path, std::ios::binary) << text;
    int fd = ::open(path.c_str(), O_RDONLY);
    JsonStreamOptions so;
    so.threads = threads;
    size_t most = 0;
    DecideJsonLinesStream(
        *pack, "customer_tier", fd, Opt(), [](std::string_view) {}, so,
        [&](const JsonStreamStats&) { most = std::max(most, ThreadCount()); });
    ::close(fd);
    std::filesystem::remove(path);
    return most;
  };
  EXPECT_EQ(threads_during(Generated(100, 3), 8), before);
  EXPECT_EQ(threads_during(Generated(5000, 3), 3), before + 2);
  EXPECT_EQ(ThreadCountDownTo(before), before);
}

TEST(JsonStreamThreadsTest, FewerThanOneThreadIsRefused) {
  auto pack = LoadBss();
  JsonStreamOptions so;
  so.threads = 0;
  EXPECT_THROW(
      DecideJsonLinesStream(
          *pack, "customer_tier", 0, Opt(), [](std::string_view) {}, so),
      std::invalid_argument);
}

TEST(JsonStreamThreadsTest, CliThreadsOptionDoesNotChangeTheOutput) {
  std::string text = Generated(5000, 9);
  std::string pack = testing_util::RulesDir();
  std::string base =
      "eval " + pack + " --policy customer_tier --as-of 2026-11-24";
  verdict::testing::CliOutput one =
      verdict::testing::RunCli(base + " --threads 1", text);
  EXPECT_EQ(one.status, 2);  // the generated text has invalid lines
  EXPECT_GT(std::count(one.out.begin(), one.out.end(), '\n'), 5000);
  for (const char* threads : {" --threads 2", " --threads 0", ""}) {
    verdict::testing::CliOutput many =
        verdict::testing::RunCli(base + threads, text);
    EXPECT_EQ(many.status, one.status) << threads;
    EXPECT_EQ(many.out, one.out) << threads;
  }
  verdict::testing::CliOutput bad =
      verdict::testing::RunCli(base + " --threads -1", text);
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.out.find("--threads"), std::string::npos) << bad.out;
}

TEST(JsonStreamTest, CliSaysWhyTheInputCannotBeRead) {
  std::string base = "eval " + testing_util::RulesDir() +
                     " --policy customer_tier --as-of 2026-11-24 --input ";
  verdict::testing::CliOutput missing =
      verdict::testing::RunCli(base + "/nonexistent/in.jsonl");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.out,
            "verdict eval: cannot read '/nonexistent/in.jsonl': No such file "
            "or directory\n");
  verdict::testing::CliOutput folder =
      verdict::testing::RunCli(base + testing_util::RulesDir());
  EXPECT_EQ(folder.status, 1);
  EXPECT_NE(folder.out.find("Is a directory"), std::string::npos) << folder.out;
}

TEST(JsonStreamTest, UnknownPolicyThrows) {
  auto pack = LoadBss();
  EXPECT_THROW(
      DecideJsonLinesStream(*pack, "nope", 0, Opt(), [](std::string_view) {}),
      std::invalid_argument);
}

// Reads one line from `fd`, waiting at most `seconds`; "" on timeout/EOF.
std::string ReadLineWithin(int fd, int seconds) {
  std::string line;
  char c;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, seconds * 1000) <= 0) return "";
    if (::read(fd, &c, 1) != 1) return "";
    if (c == '\n') return line;
    line += c;
  }
}

TEST(JsonStreamTest, CliAnswersBeforeStandardInputCloses) {
  for (const char* policy : {"customer_tier", "retention_followup"}) {
    int in[2], out[2];
    ASSERT_EQ(::pipe(in), 0);
    ASSERT_EQ(::pipe(out), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      std::string pack = testing_util::RulesDir();
      ::execl(VERDICT_CLI, VERDICT_CLI, "eval", pack.c_str(), "--policy",
              policy, "--as-of", "2026-11-24", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    std::string first =
        "{\"customer_id\":\"a\",\"arpu\":70,\"monthly_spend\":1,"
        "\"last_month_spend\":1}\n";
    ASSERT_EQ(::write(in[1], first.data(), first.size()),
              static_cast<ssize_t>(first.size()));
    // Standard input is still open: the first decision must come anyway.
    std::string line = ReadLineWithin(out[0], 60);
    EXPECT_NE(line.find("\"tier\":\"high\""), std::string::npos)
        << policy << ": " << line;
    std::string second =
        "{\"customer_id\":\"b\",\"arpu\":10,\"monthly_spend\":1,"
        "\"last_month_spend\":1}\n";
    ASSERT_EQ(::write(in[1], second.data(), second.size()),
              static_cast<ssize_t>(second.size()));
    ::close(in[1]);
    line = ReadLineWithin(out[0], 60);
    EXPECT_NE(line.find("\"tier\":\"mass\""), std::string::npos) << line;
    EXPECT_EQ(ReadLineWithin(out[0], 60), "");  // then end of output
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

}  // namespace
}  // namespace verdict
