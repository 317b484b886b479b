// DecideArrow(..., threads) from C++, with Arrow data built by hand through
// the C data interface: refund_approval (decided row by row) over batches
// of 5,000, 1,500 and 100 generated rows, with invalid rows among them,
// decided on 1, 2, 3 and 8 threads: the same rows, statuses, amounts and
// errors in the same order, split into one output batch per share. Named
// *Thread* so that the hardening script runs it under ThreadSanitizer.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/arrow_input.h"
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::string Utf8At(const ArrowArray& a, int64_t i) {
  i += a.offset;
  auto bits = static_cast<const uint8_t*>(a.buffers[0]);
  if (a.null_count && bits && !(bits[i / 8] & (1 << (i % 8)))) return "null";
  auto off = static_cast<const int32_t*>(a.buffers[1]);
  return std::string(static_cast<const char*>(a.buffers[2]) + off[i],
                     static_cast<size_t>(off[i + 1] - off[i]));
}

// Every output row as text (status, amount approver, error code), and how
// many output batches there were.
std::vector<std::string> Decided(const Pack& pack, Input& in, int threads,
                                 size_t* batches) {
  ArrowArrayStream input = in.Stream();
  ArrowArrayStream output{};
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  DecideArrow(pack, "refund_approval", &input, o, &output, threads);
  ArrowSchema schema{};
  EXPECT_EQ(output.get_schema(&output, &schema), 0);
  std::vector<std::string> names;
  for (int64_t k = 0; k < schema.n_children; ++k)
    names.push_back(schema.children[k]->name);
  schema.release(&schema);
  auto col = [&](const std::string& name) {
    return static_cast<size_t>(std::find(names.begin(), names.end(), name) -
                               names.begin());
  };
  std::vector<std::string> rows;
  *batches = 0;
  while (true) {
    ArrowArray b{};
    EXPECT_EQ(output.get_next(&output, &b), 0);
    if (!b.release) break;
    ++*batches;
    const ArrowArray& error = *b.children[col("error")];
    for (int64_t i = 0; i < b.length; ++i) {
      rows.push_back(Utf8At(*b.children[col("status")], i) + " " +
                     Utf8At(*b.children[col("amount_approver")], i) + " " +
                     Utf8At(*error.children[0], i));
    }
    b.release(&b);
  }
  output.release(&output);
  return rows;
}

TEST(ArrowThreadsTest, AnyNumberOfThreadsDecidesTheSameRows) {
  LoadResult r = Pack::Load(VERDICT_SOURCE_DIR "/rules/bss");
  ASSERT_TRUE(r.ok());
  Input in;
  in.batches.push_back(RefundColumns(5000, 1, true));
  in.batches.push_back(RefundColumns(1500, 2, true));
  in.batches.push_back(RefundColumns(100, 3, true));
  size_t batches = 0;
  const std::vector<std::string> one = Decided(*r.pack, in, 1, &batches);
  EXPECT_EQ(batches, 3u);
  ASSERT_EQ(one.size(), 6600u);
  size_t routed = 0, rejected = 0, invalid = 0;
  for (const std::string& row : one) {
    routed += row.starts_with("route ");
    rejected += row.starts_with("rejected ");
    invalid += row.starts_with("null ");
  }
  EXPECT_GT(routed, 0u);
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(invalid, 0u);
  // 5,000 rows: up to 4 shares of at least 1,024; 1,500 and 100: one.
  for (auto [threads, want_batches] :
       std::vector<std::pair<int, size_t>>{{2, 4}, {3, 5}, {8, 6}}) {
    EXPECT_EQ(Decided(*r.pack, in, threads, &batches), one) << threads;
    EXPECT_EQ(batches, want_batches) << threads;
  }
}

}  // namespace
}  // namespace verdict
