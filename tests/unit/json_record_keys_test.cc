// Record keys in JSON Lines (ReadJsonRecord, src/io/json_records.cc):
// every spelling of a declared name (escapes anywhere) reads the same
// field, a name spelled twice is a repeated field, and a key that names no
// field (near misses, quotes, backslashes, NUL, non-ASCII) stays undeclared,
// in lax and strict packs. The reference for each generated spelling is the
// same record written with plain keys. (A faster key match must keep these.)
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

const char* kPolicy = R"yaml(policy: p
record: r
fields:
  amount: money
  amounts: {type: string, required: false}
  note: string?
  b: int?
outputs:
  out: string
decisions:
  - id: d
    rules:
      - id: all
        then:
          out: "=string(r.amount) + '|' + (has(r.amounts) ? r.amounts : '-') + '|' + (has(r.note) ? r.note : '-') + '|' + (has(r.b) ? string(r.b) : '-')"
)yaml";

std::shared_ptr<const Pack> Load(bool strict) {
  LoadOptions o;
  o.strict_fields = strict;
  return testing_util::LoadCleanPack(
      strict ? "keys_strict" : "keys_lax",
      {{"pack.yaml", "pack: k\nversion: '1'\nzone: '+08:00'\n"},
       {"p.yaml", kPolicy}},
      o);
}

std::string Show(const Decision& d) {
  if (!d.ok()) return "error " + d.error->code + ": " + d.error->message;
  return d.outputs.at(0).second.DebugString();
}

std::string Decide(const Pack& pack, const std::string& line) {
  auto ds = pack.EvaluateJsonLines("p", line + "\n", {});
  return ds.size() == 1 ? Show(ds[0]) : "no decision";
}

// `name` with each character escaped as \uXXXX at random (all ASCII here).
std::string Spelled(const std::string& name, std::mt19937& rng) {
  std::string out;
  for (char c : name) {
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

TEST(JsonRecordKeysTest, EverySpellingOfANameReadsTheSameField) {
  for (bool strict : {false, true}) {
    auto pack = Load(strict);
    ASSERT_TRUE(pack);
    std::mt19937 rng(7);
    int escaped = 0;
    for (int i = 0; i < 300; ++i) {
      const std::string a = Spelled("amount", rng), s = Spelled("amounts", rng),
                        n = Spelled("note", rng), b = Spelled("b", rng);
      escaped += a != "amount";
      const std::string values = "{\"" + a + "\": 12.5, \"" + s +
                                 "\": \"x\", \"" + n + "\": \"y\", \"" + b +
                                 "\": 3}";
      const std::string plain =
          R"({"amount": 12.5, "amounts": "x", "note": "y", "b": 3})";
      EXPECT_EQ(Decide(*pack, values), Decide(*pack, plain)) << values;
      EXPECT_EQ(Decide(*pack, plain), "\"12.5|x|y|3\"");
      // Any order, and the name spelled twice is a repeated field.
      const std::string reordered =
          "{\"" + b + "\": 3, \"" + n + "\": \"y\", \"" + a + "\": 12.5}";
      EXPECT_EQ(Decide(*pack, reordered), "\"12.5|-|y|3\"") << reordered;
      const std::string twice =
          "{\"amount\": 1, \"" + Spelled("amount", rng) + "\": 2}";
      EXPECT_EQ(Decide(*pack, twice),
                "error invalid_json: field 'amount' appears twice")
          << twice;
    }
    EXPECT_GT(escaped, 200);
  }
}

TEST(JsonRecordKeysTest, KeysThatNameNoFieldStayUndeclared) {
  auto lax = Load(false), strict = Load(true);
  ASSERT_TRUE(lax && strict);
  // Prefixes, extensions and near misses of the names, an empty key, keys
  // with quotes, backslashes and NUL, and their escaped spellings.
  for (const char* key :
       {"amoun", "amountss", "amount_", "Amount", "a", "", "am\\\"ount",
        "amount\\\\", "amount\\u0000", "\\u0061mounts_", "bb", "note\\n",
        "\\u00e9", "\\ud83d\\ude00", "\u4e2d"}) {
    const std::string line =
        std::string(R"({"amount": 1, ")") + key + R"(": 5})";
    EXPECT_EQ(Decide(*lax, line), "\"1|-|-|-\"") << line;
    const std::string got = Decide(*strict, line);
    EXPECT_TRUE(got.starts_with("error unknown_field: field '")) << line << got;
  }
}

}  // namespace
}  // namespace verdict
