// Functions shaped like a plain handbook table are called without a frame
// (FunctionDecision::direct); the result must be exactly what the general
// path gives, which a tracing caller always takes. Generated tables and
// arguments (fixed seed): ranges on money and int parameters, enum and
// string equality, "-" cells, one and two return values, arguments the
// general path converts (an int for money), refuses (a string outside the
// enum) or cannot decide (null), and no row matching.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

std::string RangeCell(std::mt19937& rng, int scale) {
  const int a = static_cast<int>(rng() % 10) * scale;
  const int b = a + (1 + static_cast<int>(rng() % 5)) * scale;
  switch (rng() % 5) {
    case 0:
      return "\"< " + std::to_string(b) + "\"";
    case 1:
      return "\">= " + std::to_string(a) + "\"";
    case 2:
      return "\"[" + std::to_string(a) + ".." + std::to_string(b) + ")\"";
    default:
      return "\"-\"";
  }
}

// One function over parameters amount, branch, n, s whose first-hit table
// has `cells` (the when columns of each row) and returns the label (and the
// rank, when `with_rank`): row r gives out<r> (and r).
std::string Function(const std::string& name,
                     const std::vector<std::string>& cells, bool with_rank) {
  std::string out = "  " + name +
                    ":\n    params:\n      amount: money\n"
                    "      branch: enum(city, county)\n      n: int\n"
                    "      s: string\n    returns:\n      label: string\n" +
                    (with_rank ? "      rank: int\n" : "") +
                    "    hit: first\n    table:\n"
                    "      when: [amount, branch, n, s]\n      then: " +
                    (with_rank ? "[label, rank]" : "[label]") +
                    "\n      rows:\n";
  for (size_t r = 0; r < cells.size(); ++r) {
    const std::string k = std::to_string(r);
    out += "        r" + k + ": [" + cells[r] + ", out" + k +
           (with_rank ? ", " + k : "") + "]\n";
  }
  return out;
}

// A policy whose functions `band` (one return) and `pair` (two returns)
// share `rows` generated rows; its outputs call both.
std::string GeneratedPolicy(std::mt19937& rng, int rows) {
  std::vector<std::string> cells;
  for (int r = 0; r < rows; ++r) {
    // One draw per statement: the order of operands of `+` is unspecified,
    // and every compiler must generate the same tables.
    const char* branches[] = {"city", "county", "\"-\""};
    const std::string amount = RangeCell(rng, 100);
    const char* branch = branches[rng() % 3];
    const std::string n = RangeCell(rng, 1);
    const char* text = rng() % 3 ? "\"-\"" : rng() % 2 ? "x" : "y";
    cells.push_back(amount + ", " + branch + ", " + n + ", " + text);
  }
  return "policy: gen\nrecord: r\nfields:\n  a: dyn?\n  b: string?\n"
         "  n: int?\n  s: string?\noutputs:\n  label: string?\n"
         "  pair_label: string?\n  pair_rank: int?\nfunctions:\n" +
         Function("band", cells, false) + Function("pair", cells, true) +
         "decisions:\n  - id: out\n    rules:\n      - id: all\n"
         "        then:\n"
         "          label: =band(r.a, r.b, r.n, r.s)\n"
         "          pair_label: =pair(r.a, r.b, r.n, r.s).label\n"
         "          pair_rank: =pair(r.a, r.b, r.n, r.s).rank\n";
}

TEST(DirectFunctionTest, AgreesWithTheGeneralPath) {
  std::mt19937 rng(20261204);
  int tables = 0, decided = 0, errors = 0;
  for (int pack_no = 0; pack_no < 12; ++pack_no) {
    const std::string policy =
        GeneratedPolicy(rng, 2 + static_cast<int>(rng() % 6));
    std::shared_ptr<const Pack> pack = testing_util::LoadCleanPack(
        "direct_fn_" + std::to_string(pack_no), {{"gen.yaml", policy}});
    ASSERT_TRUE(pack) << policy;
    for (const auto& fn : PackAccess::Impl(*pack).functions) {
      ASSERT_TRUE(fn->direct.has_value()) << fn->decision.id << "\n" << policy;
      ++tables;
    }
    EvalOptions fast, general;
    fast.as_of = general.as_of = *Date::Parse("2026-12-04");
    general.trace = true;  // a tracing caller takes the general path
    const std::vector<Value> amounts = {
        Value(),
        Value::Dec(*Decimal::Parse("0")),
        Value::Dec(*Decimal::Parse("99.99")),
        Value::Dec(*Decimal::Parse("100")),
        Value::Dec(*Decimal::Parse("250.5")),
        Value::Dec(*Decimal::Parse("1000")),
        Value::Int(300),  // converted to money by the general path
        Value::String("12")};
    const std::vector<Value> branches = {Value(), Value::String("city"),
                                         Value::String("county"),
                                         Value::String("town")};
    for (int k = 0; k < 200; ++k) {
      // Braced initialisers run in order: the same records everywhere.
      FieldMap rec = {
          {"a", amounts[rng() % amounts.size()]},
          {"b", branches[rng() % branches.size()]},
          {"n",
           rng() % 8 ? Value::Int(static_cast<int>(rng() % 12) - 1) : Value()},
          {"s", rng() % 8 ? Value::String(rng() % 2 ? "x" : "y") : Value()}};
      Decision a = pack->Evaluate("gen", rec, fast);
      Decision b = pack->Evaluate("gen", rec, general);
      b.trace.clear();
      b.traced = false;  // compared with an untraced decision
      ASSERT_EQ(pack->ToJson(a), pack->ToJson(b)) << policy;
      a.ok() ? ++decided : ++errors;
    }
  }
  EXPECT_EQ(tables, 24);
  // Both outcomes occur: decisions, and errors (no row matching, a null or
  // refused argument).
  EXPECT_GT(decided, 500);
  EXPECT_GT(errors, 300);
}

TEST(DirectFunctionTest, TheShippedAmountBandIsDirect) {
  LoadResult r = Pack::Load(testing_util::RulesDir());
  ASSERT_TRUE(r.ok());
  int direct = 0;
  for (const auto& fn : PackAccess::Impl(*r.pack).functions) {
    if (fn->decision.id == "refund_approval.amount_band") {
      EXPECT_TRUE(fn->direct.has_value());
      ++direct;
    }
  }
  EXPECT_EQ(direct, 1);
}

}  // namespace
}  // namespace verdict
