// Helpers of the vector path's C++ tests: decided Arrow rows rendered as
// text (every cell, for comparing two paths), and a one-batch Arrow input
// built column by column (decimal128, utf8, bool), kept alive by the test.
#ifndef VERDICT_TESTS_UNIT_ARROW_VECTOR_ROWS_H_
#define VERDICT_TESTS_UNIT_ARROW_VECTOR_ROWS_H_

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/api/arrow_columnar.h"
#include "tests/unit/arrow_input.h"
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {

inline bool Valid(const ArrowArray& a, int64_t i) {
  auto bits = static_cast<const uint8_t*>(a.buffers[0]);
  i += a.offset;
  return a.null_count == 0 || !bits || (bits[i / 8] >> (i % 8)) & 1;
}

// Cell i of `a` (of `schema`'s type) as text, for the formats decisions
// are written in.
inline std::string Render(const ArrowSchema& schema, const ArrowArray& a,
                          int64_t i) {
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
inline std::vector<std::string> Rows(ArrowArrayStream& output) {
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

inline EvalOptions AsOf() {
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  return o;
}

// One batch of columns built by hand.
struct Table {
  Input in;
  std::vector<std::unique_ptr<Column>>& cols() {
    if (in.batches.empty()) in.batches.emplace_back();
    return in.batches[0];
  }
  Column& Add(const std::string& name, const std::string& format, size_t n) {
    auto c = std::make_unique<Column>();
    c->name = name;
    c->format = format;
    c->validity.assign((n + 7) / 8, 0xff);
    cols().push_back(std::move(c));
    return *cols().back();
  }
  static void SetNull(Column& c, size_t i) {
    c.validity[i / 8] &= static_cast<uint8_t>(~(1u << (i % 8)));
    ++c.nulls;
  }
  // decimal128(18, `scale`) cells from mantissas.
  void Decimal(const std::string& name,
               const std::vector<std::optional<int64_t>>& v, int scale) {
    Column& c = Add(name, "d:18," + std::to_string(scale), v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      const __int128 m = v[i].value_or(0);
      c.data.append(reinterpret_cast<const char*>(&m), 16);
      if (!v[i]) SetNull(c, i);
    }
    c.buffers = {c.validity.data(), c.data.data()};
    FinishColumn(c, static_cast<int64_t>(v.size()));
  }
  void Utf8(const std::string& name,
            const std::vector<std::optional<std::string>>& v) {
    Column& c = Add(name, "u", v.size());
    c.offsets.push_back(0);
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i]) c.data += *v[i];
      if (!v[i]) SetNull(c, i);
      c.offsets.push_back(static_cast<int32_t>(c.data.size()));
    }
    c.buffers = {c.validity.data(), c.offsets.data(), c.data.data()};
    FinishColumn(c, static_cast<int64_t>(v.size()));
  }
  void Bool(const std::string& name,
            const std::vector<std::optional<bool>>& v) {
    Column& c = Add(name, "b", v.size());
    c.data.assign((v.size() + 7) / 8, '\0');
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i].value_or(false))
        c.data[i / 8] |= static_cast<char>(1 << (i % 8));
      if (!v[i]) SetNull(c, i);
    }
    c.buffers = {c.validity.data(), c.data.data()};
    FinishColumn(c, static_cast<int64_t>(v.size()));
  }
  ArrowArrayStream Stream() { return in.Stream(); }
};

// Every row of `t` decided for `policy`, by the per-row path or not.
inline std::vector<std::string> Decided(const Pack& pack,
                                        const std::string& policy, Table& t,
                                        bool row_by_row) {
  ArrowArrayStream stream = t.Stream();
  ArrowArrayStream out{};
  if (row_by_row) {
    DecideArrowRowByRow(pack, policy, &stream, AsOf(), &out);
  } else {
    DecideArrow(pack, policy, &stream, AsOf(), &out);
  }
  return Rows(out);
}

}  // namespace verdict

#endif  // VERDICT_TESTS_UNIT_ARROW_VECTOR_ROWS_H_
