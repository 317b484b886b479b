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
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

bool Valid(const ArrowArray& a, int64_t i) {
  auto bits = static_cast<const uint8_t*>(a.buffers[0]);
  i += a.offset;
  return a.null_count == 0 || !bits || (bits[i / 8] >> (i % 8)) & 1;
}

// Cell i of `a` (of `schema`'s type) as text, for the formats decisions
// are written in.
std::string Render(const ArrowSchema& schema, const ArrowArray& a, int64_t i) {
  if (!Valid(a, i)) return "null";
  const std::string f = schema.format;
  const int64_t j = a.offset + i;
  if (f == "u") {
    auto off = static_cast<const int32_t*>(a.buffers[1]);
    return "'" +
           std::string(static_cast<const char*>(a.buffers[2]) + off[j],
                       static_cast<size_t>(off[j + 1] - off[j])) +
           "'";
  }
  if (f == "b") {
    auto bits = static_cast<const uint8_t*>(a.buffers[1]);
    return (bits[j / 8] >> (j % 8)) & 1 ? "true" : "false";
  }
  if (f.starts_with("d:")) {
    __int128 m;
    std::memcpy(&m, static_cast<const uint8_t*>(a.buffers[1]) + 16 * j, 16);
    return std::to_string(static_cast<long long>(m));  // below 2^63 here
  }
  std::string out = "[";
  if (f == "+l") {
    auto off = static_cast<const int32_t*>(a.buffers[1]);
    for (int32_t k = off[j]; k < off[j + 1]; ++k)
      out += Render(*schema.children[0], *a.children[0], k) + ",";
  } else if (f == "+s") {
    for (int64_t k = 0; k < a.n_children; ++k)
      out += Render(*schema.children[k], *a.children[k], j) + ",";
  } else {
    ADD_FAILURE() << "format " << f;
  }
  return out + "]";
}

// Every row of the decided stream as text.
std::vector<std::string> Rows(ArrowArrayStream& output) {
  ArrowSchema schema{};
  EXPECT_EQ(output.get_schema(&output, &schema), 0);
  std::vector<std::string> rows;
  while (true) {
    ArrowArray b{};
    EXPECT_EQ(output.get_next(&output, &b), 0);
    if (!b.release) break;
    for (int64_t i = 0; i < b.length; ++i) {
      std::string row;
      for (int64_t k = 0; k < schema.n_children; ++k)
        row += Render(*schema.children[k], *b.children[k], i) + " ";
      rows.push_back(row);
    }
    b.release(&b);
  }
  schema.release(&schema);
  output.release(&output);
  return rows;
}

EvalOptions AsOf() {
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  return o;
}

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
