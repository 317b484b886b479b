// src/compile/money_places.h: a money output whose expression can have
// more than 4 decimal places is a warning at its file:line:col when the
// pack loads (it still loads), with the bound; expressions within 4, or
// whose bound is unknown, are not warned about. The bound must hold: the
// same expressions, as decimal outputs (no limit), are decided over
// generated amounts of 0 to 4 places and no value has more places than
// the warning said (4 where there was none), and the bound is reached.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

// name -> expression over r.amount (money), r.share (decimal), r.n (int),
// the lets `fee` (amount * 0.05) and `whole` (math.floor(fee)), and `o1` (a
// money output set by an earlier decision).
const std::vector<std::pair<std::string, std::string>> kExpressions = {
    {"fee_out", "r.amount * 0.05"},                     // 6
    {"doubled", "r.amount * 2"},                        // 4
    {"sum", "r.amount + r.amount"},                     // 4
    {"tiny", "r.amount + 0.00001"},                     // 5
    {"rounded", "math.round(r.amount * 0.05, 2)"},      // 2
    {"via_let", "fee"},                                 // 6
    {"negated", "-(r.amount * 1.5)"},                   // 5
    {"divided", "r.amount / 3"},                        // unknown
    {"either", "r.n > 0 ? r.amount * 0.5 : r.amount"},  // 5
    {"share", "r.share * 1"},                           // 18
    {"times_n", "r.amount * r.n"},                      // 4
    {"floored", "whole + r.amount"},                    // 4
    {"chained", "o1 * 1.1"},                            // 5
    {"absolute", "abs(r.amount - 0.123456)"},           // 6
};

std::string PolicyText(const std::string& name, const std::string& type) {
  std::string text = "policy: " + name +
                     "\nrecord: r\nfields:\n  amount: money\n"
                     "  share: decimal\n  n: int\noutputs:\n  o1: money\n";
  for (const auto& [out, expr] : kExpressions)
    text += "  " + out + ": " + type + "\n";
  text +=
      "let:\n  fee: r.amount * 0.05\n  whole: math.floor(fee)\n"
      "decisions:\n  - id: first\n    rules:\n      - id: o1\n"
      "        then: {o1: \"=r.amount\"}\n"
      "  - id: all\n    rules:\n      - id: all\n        then:\n";
  for (const auto& [out, expr] : kExpressions)
    text += "          " + out + ": \"=" + expr + "\"\n";
  return text;
}

// The warned bound of each output of the money policy (absent: none).
std::map<std::string, int> WarnedBounds(const LoadResult& r, int line0) {
  std::map<std::string, int> bounds;
  std::regex warned(
      R"(/m\.yaml:(\d+):(\d+): warning: money has at most 4 decimal )"
      R"(places, but this expression can have (\d+): a record that needs )"
      R"(more fails with evaluation_error; round it, e.g. =math.round\((.*), 4\))");
  for (const auto& d : r.diagnostics) {
    std::smatch m;
    std::string text = d.ToString();
    if (!std::regex_search(text, m, warned)) {
      ADD_FAILURE() << "unexpected diagnostic: " << text;
      continue;
    }
    const int line = std::stoi(m[1]);
    const size_t k = static_cast<size_t>(line - line0);
    EXPECT_LT(k, kExpressions.size()) << text;
    if (k >= kExpressions.size()) continue;
    EXPECT_EQ(m[4].str(), kExpressions[k].second) << text;
    EXPECT_EQ(std::stoi(m[2]),
              14 + static_cast<int>(kExpressions[k].first.size()))
        << text;  // the column of its "=", inside the quotes
    bounds[kExpressions[k].first] = std::stoi(m[3]);
  }
  return bounds;
}

TEST(MoneyPlacesTest,
     MoneyOutputsThatMayNeedRoundingAreWarnedAboutWithTheirBound) {
  std::string dir = testing_util::WritePack(
      "money_places",
      {{"pack.yaml", "pack: money\nversion: \"1\"\nzone: '+08:00'\n"},
       {"m.yaml", PolicyText("m", "money")},
       {"d.yaml", PolicyText("d", "decimal")}});
  LoadResult r = Pack::Load(dir);
  ASSERT_TRUE(r.ok());
  // The line of the first output cell (1-based).
  const std::string text = PolicyText("m", "money");
  const size_t at = text.find("          " + kExpressions[0].first + ":");
  int line0 =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  std::map<std::string, int> bounds = WarnedBounds(r, line0);
  const std::map<std::string, int> want = {
      {"fee_out", 6}, {"tiny", 5},   {"via_let", 6}, {"negated", 5},
      {"either", 5},  {"share", 18}, {"chained", 5}, {"absolute", 6}};
  EXPECT_EQ(bounds, want);

  // The bounds hold on decided values, and are reached.
  std::mt19937_64 rng(7);
  std::string lines;
  for (int i = 0; i < 3000; ++i) {
    const int places = static_cast<int>(rng() % 5);
    int64_t mantissa = static_cast<int64_t>(rng() % 2000000) - 1000000;
    std::string amount = std::to_string(mantissa);
    if (places > 0) {
      const bool negative = mantissa < 0;
      std::string digits = std::to_string(negative ? -mantissa : mantissa);
      while (digits.size() <= static_cast<size_t>(places))
        digits.insert(0, "0");
      digits.insert(digits.size() - places, ".");
      amount = (negative ? "-" : "") + digits;
    }
    lines += "{\"amount\": " + amount + ", \"share\": 0." +
             std::to_string(rng() % 1000000000000000000ULL) +
             ", \"n\": " + std::to_string(static_cast<int>(rng() % 7) - 3) +
             "}\n";
  }
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  std::vector<Decision> ds = r.pack->EvaluateJsonLines("d", lines, o);
  std::map<std::string, int> most;
  for (const Decision& d : ds) {
    ASSERT_TRUE(d.ok()) << d.error->message;
    for (const auto& [name, v] : d.outputs) {
      if (v.kind() != Kind::kDecimal) continue;
      most[name] = std::max(most[name], v.as_decimal().scale());
    }
  }
  for (const auto& [name, expr] : kExpressions) {
    if (name == "divided") continue;  // unknown: no bound to hold
    auto it = bounds.find(name);
    const int bound = it == bounds.end() ? 4 : it->second;
    EXPECT_LE(most[name], bound) << name << ": " << expr;
    if (it != bounds.end()) {
      EXPECT_EQ(most[name], bound) << name << ": the bound is reached";
    }
  }
  // The money policy decides the same records; those needing more than 4
  // places fail as before (the warning changes no decision).
  std::vector<Decision> money = r.pack->EvaluateJsonLines("m", lines, o);
  int failed = 0;
  for (const Decision& d : money) failed += !d.ok();
  EXPECT_GT(failed, 0);
}

TEST(MoneyPlacesTest, ListsOfMoneyAreBoundedByTheirItems) {
  LoadResult r = Pack::Load(testing_util::WritePack(
      "money_places_lists",
      {{"pack.yaml", "pack: lists\nversion: \"1\"\nzone: '+08:00'\n"},
       {"l.yaml",
        "policy: l\nrecord: r\nfields:\n  amount: money\noutputs:\n"
        "  halves: list(money)\n  joined: list(money)\n"
        "  fine: list(money)\ndecisions:\n  - id: all\n    rules:\n"
        "      - id: all\n        then:\n"
        "          halves: \"=[r.amount * 0.5, r.amount]\"\n"
        "          joined: \"=[r.amount] + [r.amount * 0.1]\"\n"
        "          fine: \"=[r.amount * 2, 0.001] + [r.amount]\"\n"}}));
  ASSERT_TRUE(r.ok());
  std::vector<std::string> got;
  for (const auto& d : r.diagnostics) {
    std::string text = d.ToString();
    got.push_back(text.substr(text.find("l.yaml:")));
  }
  const std::string tail =
      ": a record that needs more fails with evaluation_error; round its "
      "items, e.g. math.round(x, 4)";
  EXPECT_EQ(got,
            (std::vector<std::string>{
                "l.yaml:14:20: warning: money has at most 4 decimal places, "
                "but this expression can have 5" +
                    tail,
                "l.yaml:15:20: warning: money has at most 4 decimal places, "
                "but this expression can have 5" +
                    tail}));
}

// A record's list(money) holds items of at most 4 places, as a money field
// does; they were taken with any 18, in JSON Lines and from a FieldMap.
TEST(MoneyPlacesTest, ListOfMoneyFieldItemsHaveFourPlaces) {
  LoadResult r = Pack::Load(testing_util::WritePack(
      "money_places_list_field",
      {{"pack.yaml", "pack: lf\nversion: \"1\"\nzone: '+08:00'\n"},
       {"l.yaml",
        "policy: l\nrecord: r\nfields:\n  lm: list(money)\noutputs:\n"
        "  n: int\ndecisions:\n  - id: all\n    rules:\n"
        "      - id: all\n        then: {n: =size(r.lm)}\n"}}));
  ASSERT_TRUE(r.ok());
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  auto lines = r.pack->EvaluateJsonLines(
      "l", "{\"lm\":[1.5, 0.000001]}\n{\"lm\":[1.5, 2.0001]}\n", opt);
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_FALSE(lines[0].ok());
  EXPECT_EQ(lines[0].error->code, "invalid_value");
  EXPECT_EQ(lines[0].error->message,
            "field 'lm': money has at most 4 decimal places, got 0.000001");
  EXPECT_TRUE(lines[1].ok());
  Decision d = r.pack->Evaluate(
      "l", {{"lm", Value::ListOf({Value::Dec(*Decimal::Parse("0.12345"))})}},
      opt);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->field, "lm");
}

}  // namespace
}  // namespace verdict
