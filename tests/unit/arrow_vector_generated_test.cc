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
#include "verdict/arrow.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

namespace fs = std::filesystem;

const char* kHeader = R"yaml(policy: gen
record: r
fields:
  a: money
  b: money = 0
  c: money?
  k: enum(x, y, z)
  flag: bool = false
  s: string?
outputs:
  tags: list(string)
  level: enum(l1, l2, l3)
  amount: money?
  label: string?
let:
  total: r.a + r.b
functions:
  band:
    params:
      v: money
      k: enum(x, y, z)
    returns:
      out: string
    hit: first
    table:
      when: [v, k]
      then: [out]
      rows:
        r1: ["< 1", x, low_x]
        r2: ["[1..100)", "-", mid]
        r3: ["-", "-", high]
decisions:
)yaml";

std::string Pick(std::mt19937& rng, const std::vector<std::string>& from) {
  return from[rng() % from.size()];
}

std::string Condition(std::mt19937& rng, int depth) {
  const std::vector<std::string> money = {"r.a", "r.b", "total", "r.c"};
  switch (rng() % (depth < 2 ? 9 : 7)) {
    case 0:
      return Pick(rng, money) + " " + Pick(rng, {"<", "<=", ">", ">=", "=="}) +
             " " + Pick(rng, {"0", "1", "2.5", "-1", "100"});
    case 1:
      return "r.k == '" + Pick(rng, {"x", "y", "z"}) + "'";
    case 2:
      return Pick(rng, {"r.flag", "!r.flag", "has(r.c)", "!has(r.s)"});
    case 3:
      return "r.s == '" + Pick(rng, {"v", ""}) + "'";
    case 4:
      return "band(" + Pick(rng, money) + ", r.k) == '" +
             Pick(rng, {"low_x", "mid", "high"}) + "'";
    case 5:
      return "size(tags) > " + Pick(rng, {"0", "1"});
    case 6:
      return "r.k in ['x', 'z']";
    case 7:
      return "(" + Condition(rng, depth + 1) + ") && (" +
             Condition(rng, depth + 1) + ")";
    default:
      return "(" + Condition(rng, depth + 1) + ") || (" +
             Condition(rng, depth + 1) + ")";
  }
}

std::string Policy(std::mt19937& rng, bool unset) {
  std::string text = kHeader;
  text += "  - id: tags\n    hit: collect\n    into: tags\n    rules:\n";
  for (int i = 0; i < 2; ++i) {
    std::string c = Condition(rng, 0);
    while (c.find("size(tags)") != std::string::npos) c = Condition(rng, 0);
    text += "      - id: t" + std::to_string(i) + "\n        when: \"" + c +
            "\"\n        then: tag" + std::to_string(i) + "\n";
  }
  text += "  - id: main\n    hit: first\n    rules:\n";
  const int rules = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < rules; ++i) {
    text += "      - id: m" + std::to_string(i) + "\n";
    if (i < rules - 1) text += "        when: \"" + Condition(rng, 0) + "\"\n";
    text += "        then:\n          level: " + Pick(rng, {"l1", "l2", "l3"}) +
            "\n";
    if (unset) continue;  // amount and label: null throughout
    text += "          amount: " +
            Pick(rng, {"\"=r.a\"", "\"=total\"", "\"=r.c\"", "1.5", "null"}) +
            "\n";
    text += "          label: " +
            Pick(rng, {"\"=r.s\"", "fixed", "null", "\"=band(total, r.k)\""}) +
            "\n";
  }
  return text;
}

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
  const fs::path dir =
      fs::temp_directory_path() /
      ("verdict_vector_gen_" +
       std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::create_directories(dir);
  std::ofstream(dir / "pack.yaml")
      << "pack: g\nversion: \"1\"\nzone: \"+08:00\"\n";
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
