// The vector path of DecideArrow() (src/api/arrow_vector.h) from C++,
// against the per-row path (DecideArrowRowByRow, the reference), every
// output cell compared: refund_approval over generated batches of one row,
// a whole chunk of 2048 rows, several chunks, with nulls; on one thread and
// on three (each share then a view of its batch at an offset); batches
// with failing rows go row by row. In C++ so that the sanitizer builds
// (scripts/test_hardening.sh) run the vector kernels too; named *Thread*
// so that ThreadSanitizer runs it.
#include "src/api/arrow_vector.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "src/api/arrow_columnar.h"
#include "tests/unit/arrow_input.h"
#include "tests/unit/arrow_vector_rows.h"
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

void ExpectSameAsRowByRow(const Pack& pack, Input& in, int64_t want_vector) {
  ArrowArrayStream stream = in.Stream();
  EXPECT_EQ(VectorBatches(pack, "refund_approval", &stream, AsOf()),
            want_vector);
  ArrowArrayStream slow{};
  stream = in.Stream();
  DecideArrowRowByRow(pack, "refund_approval", &stream, AsOf(), &slow);
  const std::vector<std::string> want = Rows(slow);
  // On one thread, and on three (each share of a batch decided apart).
  for (int threads : {1, 3}) {
    ArrowArrayStream fast{};
    stream = in.Stream();
    DecideArrow(pack, "refund_approval", &stream, AsOf(), &fast, threads);
    const std::vector<std::string> got = Rows(fast);
    ASSERT_EQ(got.size(), want.size()) << threads;
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_EQ(got[i], want[i]) << i << " threads " << threads;
  }
}

TEST(ArrowVectorThreadsTest, RefundBatchesMatchTheRowByRowPath) {
  LoadResult r = Pack::Load(VERDICT_SOURCE_DIR "/rules/bss");
  ASSERT_TRUE(r.ok());
  Input in;
  for (int64_t n : {1, 2048, 5000, 777}) {
    in.batches.push_back(RefundColumns(n, static_cast<uint64_t>(n), false));
  }
  ExpectSameAsRowByRow(*r.pack, in, 4);
}

TEST(ArrowVectorThreadsTest, BatchesWithFailingRowsGoRowByRow) {
  LoadResult r = Pack::Load(VERDICT_SOURCE_DIR "/rules/bss");
  ASSERT_TRUE(r.ok());
  Input in;
  in.batches.push_back(RefundColumns(3000, 7, true));
  in.batches.push_back(RefundColumns(3000, 8, false));
  ExpectSameAsRowByRow(*r.pack, in, 1);
}

}  // namespace
}  // namespace verdict
