// Generated policies decided by the vector path and by the per-row path
// (DecideArrowRowByRow), every output cell compared, from C++ so that the
// sanitizer builds run the vector kernels on many shapes (the Python test
// tests/python/test_arrow_vector_random.py covers more; this is its
// smaller twin). Fixed seed: lets, a collect, a first hit with computed
// outputs, a function on a decimal and an enum; nulls, and outputs that no
// rule sets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "src/api/arrow_columnar.h"
#include "src/api/arrow_vector.h"
#include "tests/unit/arrow_vector_rows.h"
#include "tests/unit/vector_policies.h"
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

// Columns of the generated fields for `n` rows.
Table Columns(std::mt19937& rng, int64_t n, bool nulls) {
  Table t;
  std::vector<std::optional<int64_t>> a, b, c;
  std::vector<std::optional<std::string>> k, s;
  std::vector<std::optional<bool>> flag;
  const std::vector<int64_t> cents = {0, 100, 250, -100, 10000, 50, 99, 101};
  for (int64_t i = 0; i < n; ++i) {
    a.push_back(cents[rng() % cents.size()] + static_cast<int64_t>(rng() % 3));
    b.push_back(rng() % 5 == 0 ? std::nullopt
                               : std::optional<int64_t>(cents[rng() % 8]));
    c.push_back(nulls && rng() % 4 == 0
                    ? std::nullopt
                    : std::optional<int64_t>(cents[rng() % 8]));
    k.push_back(std::string(1, "xyz"[rng() % 3]));
    s.push_back(rng() % 3 == 0
                    ? std::nullopt
                    : std::optional<std::string>(Pick(rng, {"v", "", "s1"})));
    flag.push_back(rng() % 3 == 0 ? std::nullopt
                                  : std::optional<bool>(rng() % 2 == 1));
  }
  t.Decimal("a", a, 2);
  t.Decimal("b", b, 2);
  t.Decimal("c", c, 2);
  t.Utf8("k", k);
  t.Bool("flag", flag);
  t.Utf8("s", s);
  return t;
}

TEST(ArrowVectorGeneratedTest, GeneratedPoliciesMatchTheRowByRowPath) {
  const fs::path dir = GeneratedPackDir("vector_gen");
  std::mt19937 rng(2026);
  int64_t vector = 0;
  for (int p = 0; p < 40; ++p) {
    std::ofstream(dir / "gen.yaml", std::ios::trunc) << Policy(rng, p % 5 == 0);
    LoadResult r = Pack::Load(dir.string());
    ASSERT_TRUE(r.ok()) << p;
    for (bool nulls : {false, true}) {
      Table t = Columns(rng, 2100, nulls);
      ArrowArrayStream stream = t.Stream();
      vector += VectorBatches(*r.pack, "gen", &stream, AsOf());
      EXPECT_EQ(Decided(*r.pack, "gen", t, false),
                Decided(*r.pack, "gen", t, true))
          << "policy " << p << (nulls ? " with nulls" : "");
    }
  }
  fs::remove_all(dir);
  EXPECT_GT(vector, 10);
}

}  // namespace
}  // namespace verdict
