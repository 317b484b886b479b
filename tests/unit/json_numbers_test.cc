// Numbers in JSON Lines records (src/io/json_values.h, json_records.cc):
// IsJsonNumber() agrees with RFC 8259's grammar written as a regular
// expression on generated tokens; a field the policy does not declare is
// ignored whatever number it holds (too big or too precise for a Decimal,
// nested); a malformed number is invalid JSON, in a declared field (named)
// or not.
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>

#include "src/io/json_values.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

TEST(JsonNumbersTest, IsJsonNumberFollowsTheGrammar) {
  const std::regex grammar(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)");
  std::mt19937 rng(8259);
  const char kBytes[] = "0123456789-+.eE a";
  size_t numbers = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string t(rng() % 9, '0');
    for (char& c : t) c = kBytes[rng() % (sizeof kBytes - 1)];
    const bool want = std::regex_match(t, grammar);
    numbers += want;
    ASSERT_EQ(IsJsonNumber(t), want) << "'" << t << "'";
  }
  EXPECT_GT(numbers, 1000u);  // the generator reaches both answers
  for (const char* t : {"0", "-0", "1e400", "123456789012345678901234567890",
                        "0.1234567890123456789", "1E+2", "-0.0e-0"})
    EXPECT_TRUE(IsJsonNumber(t)) << t;
  for (const char* t : {"", "-", "00", "000060", "-060", "1.", ".5", "1e",
                        "1e+", "60a", "+1", "0x10", "1.5.2", " 1"})
    EXPECT_FALSE(IsJsonNumber(t)) << t;
}

const char* kPolicy = R"yaml(policy: p
record: r
fields:
  amount: money
  extra: dyn?
outputs:
  out: string
decisions:
  - id: d
    rules:
      - id: all
        then: {out: "=string(r.amount)"}
)yaml";

std::string Decide(const std::string& line) {
  static const auto pack = [] {
    LoadResult r = Pack::Load(testing_util::WritePack(
        "json_numbers",
        {{"pack.yaml", "pack: n\nversion: '1'\nzone: '+08:00'\n"},
         {"p.yaml", kPolicy}}));
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
    return r.pack;
  }();
  auto ds = pack->EvaluateJsonLines("p", line + "\n", {});
  if (ds.size() != 1) return "no decision";
  const Decision& d = ds[0];
  if (!d.ok())
    return d.error->code + " [" + d.error->field + "] " + d.error->message;
  return d.outputs.at(0).second.as_string();
}

TEST(JsonNumbersTest, AnUndeclaredFieldIsIgnoredWhateverNumberItHolds) {
  for (const char* v :
       {"1e-20", "1e36", "1e400", "-1e-400", "0.1234567890123456789",
        "123456789012345678901234567890123456789012345678901234567890",
        R"({"lat":3.14159265358979323846,"deep":[[1e999]]})", "[1e-20, 2]"}) {
    EXPECT_EQ(Decide(std::string(R"({"amount":12.5,"score":)") + v + "}"),
              "12.5")
        << v;
  }
}

TEST(JsonNumbersTest, AMalformedNumberIsInvalidJsonAnywhere) {
  for (const char* v : {"000060", "-060", "00", "1.", "-"}) {
    std::string declared = Decide(std::string(R"({"amount":)") + v + "}");
    EXPECT_EQ(declared.rfind("invalid_json [amount]", 0), 0u)
        << v << ": " << declared;
    std::string undeclared =
        Decide(std::string(R"({"amount":1,"score":)") + v + "}");
    EXPECT_EQ(undeclared.rfind("invalid_json", 0), 0u)
        << v << ": " << undeclared;
    std::string in_dyn =
        Decide(std::string(R"({"amount":1,"extra":[)") + v + "]}");
    EXPECT_EQ(in_dyn.rfind("invalid_json", 0), 0u) << v << ": " << in_dyn;
  }
}

// A valid number no decimal holds, inside a list, map or dyn field, is that
// field's invalid_value, as it is in a money field: it was "malformed JSON".
TEST(JsonNumbersTest, AnUnholdableNumberInAListIsAnInvalidValue) {
  for (const char* v : {"1e-20", "1e400", "-1e40"}) {
    EXPECT_EQ(Decide(std::string(R"({"amount":1,"extra":[2, )") + v + "]}"),
              std::string("invalid_value [extra] field 'extra': ") + v +
                  " is out of range or too precise")
        << v;
    EXPECT_EQ(Decide(std::string(R"({"amount":1,"extra":{"a":)") + v + "}}"),
              std::string("invalid_value [extra] field 'extra': ") + v +
                  " is out of range or too precise")
        << v;
    EXPECT_EQ(Decide(std::string(R"({"amount":)") + v + "}"),
              std::string("invalid_value [amount] field 'amount': ") + v +
                  " is out of range or too precise")
        << v;
  }
}

}  // namespace
}  // namespace verdict
