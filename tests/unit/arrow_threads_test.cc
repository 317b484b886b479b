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

#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

// One column's buffers, kept alive by the test while the stream is read.
struct Column {
  std::string name, format;
  std::vector<uint8_t> validity;  // empty: no nulls
  std::vector<int32_t> offsets;   // utf8
  std::string data;               // utf8 bytes, int64 or bool bits
  int64_t nulls = 0;
  std::vector<const void*> buffers;
  ArrowArray array{};
  ArrowSchema schema{};
};

void NoRelease(ArrowArray* a) { a->release = nullptr; }
void NoReleaseSchema(ArrowSchema* s) { s->release = nullptr; }

// Generated columns of refund_approval's fields for `n` rows.
std::vector<std::unique_ptr<Column>> RefundColumns(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto utf8 = [&](const std::string& name, auto make, double null_share) {
    auto c = std::make_unique<Column>();
    c->name = name;
    c->format = "u";
    c->offsets.push_back(0);
    c->validity.assign(static_cast<size_t>((n + 7) / 8), 0xff);
    for (int64_t i = 0; i < n; ++i) {
      if (static_cast<double>(rng() % 1000) < null_share * 1000) {
        c->validity[i / 8] &= static_cast<uint8_t>(~(1u << (i % 8)));
        ++c->nulls;
      } else {
        c->data += make(i);
      }
      c->offsets.push_back(static_cast<int32_t>(c->data.size()));
    }
    c->buffers = {c->validity.data(), c->offsets.data(), c->data.data()};
    return c;
  };
  const char* causes[] = {"billing_dispute", "line_fault", "other",
                          "billing_data_error", "no_such_cause"};
  std::vector<std::unique_ptr<Column>> cols;
  cols.push_back(utf8(
      "request_id", [](int64_t i) { return "R" + std::to_string(i); }, 0));
  cols.push_back(utf8(
      "account_id", [](int64_t i) { return "A" + std::to_string(i % 97); },
      0.02));
  cols.push_back(utf8(
      "cause", [&](int64_t) { return std::string(causes[rng() % 5]); }, 0));
  cols.push_back(utf8(
      "cause_description", [&](int64_t i) { return i % 3 ? "line down" : " "; },
      0.1));
  auto amount = std::make_unique<Column>();  // int64 money: whole yuan
  amount->name = "amount";
  amount->format = "l";
  for (int64_t i = 0; i < n; ++i) {
    int64_t v = static_cast<int64_t>(rng() % 900) - 5;
    amount->data.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  amount->buffers = {nullptr, amount->data.data()};
  cols.push_back(std::move(amount));
  auto basis = std::make_unique<Column>();
  basis->name = "has_basis_document";
  basis->format = "b";
  basis->data.assign(static_cast<size_t>((n + 7) / 8), '\0');
  for (int64_t i = 0; i < n; ++i) {
    if (rng() % 4) basis->data[i / 8] |= static_cast<char>(1 << (i % 8));
  }
  basis->buffers = {nullptr, basis->data.data()};
  cols.push_back(std::move(basis));
  for (auto& c : cols) {
    c->array = ArrowArray{n,          c->nulls,
                          0,          static_cast<int64_t>(c->buffers.size()),
                          0,          c->buffers.data(),
                          nullptr,    nullptr,
                          &NoRelease, nullptr};
    c->schema = ArrowSchema{c->format.c_str(),
                            c->name.c_str(),
                            nullptr,
                            ARROW_FLAG_NULLABLE,
                            0,
                            nullptr,
                            nullptr,
                            &NoReleaseSchema,
                            nullptr};
  }
  return cols;
}

// A stream over batches of generated rows.
struct Input {
  std::vector<std::vector<std::unique_ptr<Column>>> batches;
  std::vector<std::vector<ArrowArray*>> kids;
  std::vector<ArrowSchema*> schema_kids;
  std::vector<const void*> no_buffers{nullptr};
  size_t next = 0;
};

int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
  auto* in = static_cast<Input*>(s->private_data);
  in->schema_kids.clear();
  for (auto& c : in->batches[0]) in->schema_kids.push_back(&c->schema);
  *out = ArrowSchema{"+s",
                     "",
                     nullptr,
                     0,
                     static_cast<int64_t>(in->schema_kids.size()),
                     in->schema_kids.data(),
                     nullptr,
                     &NoReleaseSchema,
                     nullptr};
  return 0;
}

int GetNext(ArrowArrayStream* s, ArrowArray* out) {
  auto* in = static_cast<Input*>(s->private_data);
  if (in->next == in->batches.size()) {
    out->release = nullptr;
    return 0;
  }
  auto& cols = in->batches[in->next];
  auto& kids = in->kids[in->next++];
  kids.clear();
  for (auto& c : cols) kids.push_back(&c->array);
  *out = ArrowArray{cols[0]->array.length,
                    0,
                    0,
                    1,
                    static_cast<int64_t>(kids.size()),
                    in->no_buffers.data(),
                    kids.data(),
                    nullptr,
                    &NoRelease,
                    nullptr};
  return 0;
}

const char* LastError(ArrowArrayStream*) { return nullptr; }
void ReleaseStream(ArrowArrayStream* s) { s->release = nullptr; }

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
  in.next = 0;
  in.kids.assign(in.batches.size(), {});
  ArrowArrayStream input{&GetSchema, &GetNext, &LastError, &ReleaseStream, &in};
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
  in.batches.push_back(RefundColumns(5000, 1));
  in.batches.push_back(RefundColumns(1500, 2));
  in.batches.push_back(RefundColumns(100, 3));
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
