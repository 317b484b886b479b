// JSON Lines decided column at a time (VectorPlan::DecideRecords, taken by
// DecideJsonLinesStream) against the same stream decided record by record
// (EvalOptions::columnar = false, the reference): byte for byte, on
// generated policies and on refund_approval, with invalid lines, values the
// columns do not hold (which send their chunk to the per-row path), texts
// that need escapes, several chunks (the memos kept from one to the next)
// and several threads.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/test_util.h"
#include "tests/unit/vector_policies.h"
#include "verdict/engine.h"
#include "verdict/json_stream.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

// `text` streamed from a file, column at a time or not.
std::string Stream(const Pack& pack, const std::string& policy,
                   const std::string& text, bool columnar, int threads,
                   JsonStreamStats* stats, size_t read_bytes = 64 * 1024) {
  const fs::path path = fs::temp_directory_path() /
                        ("verdict_records_" + std::to_string(getpid()));
  std::ofstream(path, std::ios::binary) << text;
  const int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  JsonStreamOptions so;
  so.threads = threads;
  so.read_bytes = read_bytes;
  std::string out;
  *stats = DecideJsonLinesStream(
      pack, policy, fd, VectorOptions(columnar),
      [&](std::string_view b) { out += b; }, so);
  ::close(fd);
  fs::remove(path);
  return out;
}

// A faulty or unusual line now and then: each is the per-row path's to
// judge, and the chunk around the ones the columns cannot hold goes
// record by record.
std::string Odd(std::mt19937& rng, const std::vector<std::string>& lines) {
  return lines[rng() % lines.size()];
}

std::string GeneratedLine(std::mt19937& rng, int i) {
  if (rng() % 40 == 0) {
    return Odd(rng, {R"({"k":"x"})", R"({"a":"1","k":"x"})", "not json",
                     R"({"a":1,"k":"w"})", R"({"a":1.00001,"k":"x"})",
                     R"({"a":123456789012345,"k":"y"})", R"({"a":1,"k":"x",)",
                     R"({"a":1,"k":"z","s":"q\"uote\u00e9"})",
                     R"({"a":-0.5,"k":"y","zz":[1]})", ""});
  }
  const std::vector<std::string> money = {"0",    "1",  "2.5", "-1",    "100",
                                          "0.99", "50", "1.0", "99.999"};
  std::string line = "{\"a\":" + Pick(rng, money);
  if (rng() % 3) line += ",\"b\":" + Pick(rng, money);
  if (rng() % 4) line += ",\"c\":" + (rng() % 5 ? Pick(rng, money) : "null");
  line += ",\"k\":\"" + Pick(rng, {"x", "y", "z"}) + "\"";
  if (rng() % 3) line += ",\"flag\":" + Pick(rng, {"true", "false", "null"});
  if (rng() % 3)
    line += ",\"s\":" + Pick(rng, {"\"v\"", "\"\"", "\"s1\"", "null",
                                   "\"tab\\there\"", "\"\\u4e2d\""});
  if (rng() % 3) line += ",\"n\":" + Pick(rng, {"0", "1", "2", "3", "-7"});
  if (rng() % 2)
    line += ",\"d\":" + Pick(rng, {"\"2026-11-24\"", "\"2026-01-01\"",
                                   "\"2025-06-30\"", "null"});
  if (rng() % 5) line += ",\"id\":\"A" + std::to_string(i) + "\"";
  return line + "}";
}

TEST(ArrowVectorRecordsTest, GeneratedPoliciesMatchRecordByRecord) {
  const fs::path dir = GeneratedPackDir("records_gen");
  std::mt19937 rng(7);
  uint64_t columnar = 0, records = 0;
  for (int p = 0; p < 30; ++p) {
    const std::string policy = Policy(rng, p % 5 == 0, true);
    std::ofstream(dir / "gen.yaml", std::ios::trunc) << policy;
    LoadResult r = Pack::Load(dir.string());
    ASSERT_TRUE(r.ok()) << p;
    std::string text;
    for (int i = 0; i < 4500; ++i) text += GeneratedLine(rng, i) + "\n";
    JsonStreamStats rows, cols;
    const std::string want = Stream(*r.pack, "gen", text, false, 1, &rows);
    EXPECT_EQ(rows.columnar, 0u);
    for (int threads : {1, 3}) {
      EXPECT_EQ(Stream(*r.pack, "gen", text, true, threads, &cols,
                       threads == 1 ? 1 << 20 : 64 * 1024),
                want)
          << "policy " << p << ", " << threads << " threads";
      EXPECT_EQ(cols.records, rows.records);
      EXPECT_EQ(cols.invalid, rows.invalid);
    }
    columnar += cols.columnar;
    EXPECT_GT(cols.columnar, 0u) << "policy " << p;
    records += cols.records;
  }
  fs::remove_all(dir);
  // Most records took the columnar route; a record that fails is decided
  // by the per-row path alone, not its whole chunk.
  EXPECT_GT(columnar, records / 2);
}

std::string RefundLine(std::mt19937& rng, int i) {
  if (rng() % 50 == 0) {
    return Odd(
        rng,
        {R"({"request_id":"R","account_id":"A","amount":0,"cause":"other"})",
         R"({"request_id":"R","account_id":"A","amount":5})",
         R"({"request_id":"R","account_id":"A","amount":1e20,"cause":"other"})",
         R"({"request_id":"R\n","account_id":"A","amount":5,"cause":"line_fault","cause_description":"\ud83d\ude00 \"x\""})"});
  }
  const std::vector<std::string> causes = {
      "billing_dispute", "one_time_fee", "service_issue", "billing_data_error",
      "line_fault",      "cable_fault",  "other"};
  std::string line = "{\"request_id\":\"R" + std::to_string(i) +
                     "\",\"account_id\":\"A" + std::to_string(rng() % 997) +
                     "\",\"amount\":" + std::to_string(rng() % 700) + "." +
                     std::to_string(rng() % 100) + ",\"cause\":\"" +
                     causes[rng() % causes.size()] + "\"";
  if (rng() % 2)
    line += ",\"month_to_date_refunded\":" + std::to_string(rng() % 400);
  if (rng() % 2)
    line += ",\"branch\":\"" + Pick(rng, {"city", "county"}) + "\"";
  if (rng() % 4) line += ",\"has_basis_document\":true";
  if (rng() % 3)
    line +=
        ",\"cause_description\":\"" +
        Pick(rng, {"fee", " ", "", "meter reset", "d" + std::to_string(i)}) +
        "\"";
  return line + "}";
}

TEST(ArrowVectorRecordsTest, RefundApprovalMatchesRecordByRecord) {
  auto loaded = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(loaded.ok());
  std::mt19937 rng(11);
  std::string text;
  for (int i = 0; i < 9000; ++i) text += RefundLine(rng, i) + "\n";
  JsonStreamStats rows, cols;
  const std::string want =
      Stream(*loaded.pack, "refund_approval", text, false, 1, &rows);
  // Blocks of about 500 lines, and of whole chunks (2,048 lines).
  for (auto [threads, bytes] : {std::pair<int, size_t>{1, 64 * 1024},
                                {2, 64 * 1024},
                                {1, 1 << 20},
                                {2, 1 << 20}}) {
    EXPECT_EQ(Stream(*loaded.pack, "refund_approval", text, true, threads,
                     &cols, bytes),
              want)
        << threads << " threads, blocks of " << bytes << " bytes";
    EXPECT_GT(cols.invalid, 0u);
    // Every valid record, but for the chunks a record beyond the columns'
    // range sent to the per-row path.
    EXPECT_GT(cols.columnar, (cols.records - cols.invalid) / 2);
  }
}

std::string NumberLine(std::mt19937& rng) {
  if (rng() % 60 == 0) {
    return Odd(rng,
               {R"({"number":"12ab"})", R"({"number":"13800138000",)",
                R"({"number":"13800138000","ringtone_years":"x"})",
                R"({"number":"13800138000","prepay":1e15})",
                R"({"number":"13800138000","ringtone_years":99999999999})"});
  }
  // Digits drawn from few values now and then, so that every grade shows.
  const std::string digits = rng() % 3 ? "0123456789" : "88";
  std::string number = "13";
  for (int i = 0; i < 9; ++i) number += digits[rng() % digits.size()];
  std::string line = "{\"number\":\"" + number + "\"";
  for (const char* field : {"prepay", "prepay_waiver", "monthly_commitment",
                            "group_annual_revenue"}) {
    if (rng() % 2) {
      line += ",\"" + std::string(field) +
              "\":" + Pick(rng, {"0", "100", "200", "1200.5", "3600", "30000"});
    }
  }
  if (rng() % 2) line += ",\"ringtone_years\":" + Pick(rng, {"0", "1", "2"});
  if (rng() % 2) line += ",\"group_customer\":" + Pick(rng, {"true", "false"});
  return line + "}";
}

TEST(ArrowVectorRecordsTest, NumberGradeMatchesRecordByRecord) {
  auto loaded = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(loaded.ok());
  std::mt19937 rng(13);
  std::string text;
  for (int i = 0; i < 9000; ++i) text += NumberLine(rng) + "\n";
  JsonStreamStats rows, cols;
  const std::string want =
      Stream(*loaded.pack, "number_grade", text, false, 1, &rows, 1 << 20);
  for (int threads : {1, 2}) {
    EXPECT_EQ(Stream(*loaded.pack, "number_grade", text, true, threads, &cols,
                     1 << 20),
              want)
        << threads << " threads";
    EXPECT_GT(cols.invalid, 0u);
    EXPECT_GT(cols.columnar, (cols.records - cols.invalid) / 2);
  }
  // Every grade and some unmet terms among the answers.
  for (const char* seen :
       {"\"A\"", "\"B\"", "\"C\"", "\"D\"", "\"prepay\"", "\"ringtone\""}) {
    EXPECT_NE(want.find(seen), std::string::npos) << seen;
  }
}

}  // namespace
}  // namespace verdict
