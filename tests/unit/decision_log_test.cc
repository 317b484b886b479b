// DecisionLog: whole-line appends, and the torn tail a killed writer may
// leave dropped when the log is opened again (src/serve/decision_log.h).
#include "src/serve/decision_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace verdict::serve {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path Fresh(const std::string& tag, const std::string& content) {
  fs::path p =
      fs::temp_directory_path() / ("verdict_decision_log_" + tag + "_" +
                                   std::to_string(getpid()) + ".jsonl");
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::string Reopened(const std::string& tag, const std::string& content) {
  fs::path p = Fresh(tag, content);
  std::string error;
  auto log = DecisionLog::Open(p.string(), &error);
  EXPECT_NE(log, nullptr) << error;
  if (log) log->Append("{\"n\":9}\n");
  log.reset();
  std::string out = Slurp(p);
  fs::remove(p);
  return out;
}

TEST(DecisionLogTest, OpenDropsOnlyAnUnterminatedTail) {
  EXPECT_EQ(Reopened("whole", "{\"n\":1}\n{\"n\":2}\n"),
            "{\"n\":1}\n{\"n\":2}\n{\"n\":9}\n");
  EXPECT_EQ(Reopened("torn", "{\"n\":1}\n{\"n\":2}\n{\"n\":"),
            "{\"n\":1}\n{\"n\":2}\n{\"n\":9}\n");
  EXPECT_EQ(Reopened("empty", ""), "{\"n\":9}\n");
  EXPECT_EQ(Reopened("all_torn", "{\"n\":"), "{\"n\":9}\n");
  // A fragment longer than the 4 KiB scan buffer, after a line.
  EXPECT_EQ(Reopened("long", "{\"n\":1}\n" + std::string(10000, 'x')),
            "{\"n\":1}\n{\"n\":9}\n");
  // A long first line followed by a fragment: the scan crosses buffers.
  std::string big = "{\"s\":\"" + std::string(9000, 'y') + "\"}\n";
  EXPECT_EQ(Reopened("big", big + "{\"n"), big + "{\"n\":9}\n");
}

// A record is logged as JSON whenever it is JSON, money beyond 64 bits
// included (simdjson alone refuses such integers: it used to be logged as
// "record_text"); a line that is not JSON is logged as text.
TEST(DecisionLogTest, RecordsWithMoneyBeyond64BitsAreLoggedAsJson) {
  const std::string big = "{\"amount\":123456789012345678901234}";
  std::string out;
  AppendLogLine("{\"p\":1", "", 0, 1, big, "{\"d\":1}", &out);
  EXPECT_EQ(out, "{\"p\":1,\"record\":" + big + ",\"decision\":{\"d\":1}}\n");
  out.clear();
  AppendLogLine("{\"p\":1", "", 0, 1, "{\"amount\":12x}", "{\"d\":1}", &out);
  EXPECT_EQ(out,
            "{\"p\":1,\"record_text\":\"{\\\"amount\\\":12x}\","
            "\"decision\":{\"d\":1}}\n");
}

}  // namespace
}  // namespace verdict::serve
