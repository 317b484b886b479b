// Arrow input built by hand through the C data interface, for tests that
// decide record batches from C++: generated refund_approval columns, and
// a stream over batches of them (nothing owned by the stream: the test
// keeps the buffers alive while it is read).
#ifndef VERDICT_TESTS_UNIT_ARROW_INPUT_H_
#define VERDICT_TESTS_UNIT_ARROW_INPUT_H_

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "verdict/arrow.h"

namespace verdict {

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

inline void NoRelease(ArrowArray* a) { a->release = nullptr; }
inline void NoReleaseSchema(ArrowSchema* s) { s->release = nullptr; }

// Points `c`'s array (of `n` rows) and schema at its buffers, owning
// nothing.
inline void FinishColumn(Column& c, int64_t n) {
  c.array = ArrowArray{n,          c.nulls,
                       0,          static_cast<int64_t>(c.buffers.size()),
                       0,          c.buffers.data(),
                       nullptr,    nullptr,
                       &NoRelease, nullptr};
  c.schema = ArrowSchema{c.format.c_str(),
                         c.name.c_str(),
                         nullptr,
                         ARROW_FLAG_NULLABLE,
                         0,
                         nullptr,
                         nullptr,
                         &NoReleaseSchema,
                         nullptr};
}

// Generated columns of refund_approval's fields for `n` rows; with
// `faults`, some rows fail (an unknown cause, an amount not above 0, a
// missing account).
inline std::vector<std::unique_ptr<Column>> RefundColumns(int64_t n,
                                                          uint64_t seed,
                                                          bool faults) {
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
      faults ? 0.02 : 0));
  cols.push_back(utf8(
      "cause",
      [&](int64_t) { return std::string(causes[rng() % (faults ? 5 : 4)]); },
      0));
  cols.push_back(utf8(
      "cause_description", [&](int64_t i) { return i % 3 ? "line down" : " "; },
      0.1));
  auto amount = std::make_unique<Column>();  // int64 money: whole yuan
  amount->name = "amount";
  amount->format = "l";
  for (int64_t i = 0; i < n; ++i) {
    int64_t v = static_cast<int64_t>(rng() % 900) - (faults ? 5 : -1);
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
  for (auto& c : cols) FinishColumn(*c, n);
  return cols;
}

// A stream over batches of generated rows.
struct Input {
  std::vector<std::vector<std::unique_ptr<Column>>> batches;
  std::vector<std::vector<ArrowArray*>> kids;
  std::vector<ArrowSchema*> schema_kids;
  std::vector<const void*> no_buffers{nullptr};
  size_t next = 0;
  // A stream over the batches from the first (not owning them).
  ArrowArrayStream Stream();
};

inline int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
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

inline int GetNext(ArrowArrayStream* s, ArrowArray* out) {
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

inline const char* LastError(ArrowArrayStream*) { return nullptr; }
inline void ReleaseStream(ArrowArrayStream* s) { s->release = nullptr; }

inline ArrowArrayStream Input::Stream() {
  next = 0;
  kids.assign(batches.size(), {});
  return ArrowArrayStream{&GetSchema, &GetNext, &LastError, &ReleaseStream,
                          this};
}

}  // namespace verdict

#endif  // VERDICT_TESTS_UNIT_ARROW_INPUT_H_
