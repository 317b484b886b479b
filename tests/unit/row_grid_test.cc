// RowGrid (src/program/row_grid.h) must pick the same row as testing the
// rows' FastConditions in order (the reference below shares no code with
// the grid's lookup) for every generated table and every value, and must
// refuse to place a value of another kind (the caller then scans).
#include "src/program/row_grid.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/node_builders.h"

namespace verdict {
namespace {

using testing_nodes::And;
using testing_nodes::Const;
using testing_nodes::Slot;

Value Dec(const std::string& s) { return Value::Dec(*Decimal::Parse(s)); }

// A decimal near a few round boundaries, at scales 0 to 3, signed.
std::string DecimalText(std::mt19937_64& rng) {
  static const char* kBase[] = {"0", "30", "60", "199", "200", "500", "-5"};
  std::string s = kBase[rng() % std::size(kBase)];
  switch (rng() % 4) {
    case 0:
      return s;
    case 1:
      return s + "." + std::to_string(rng() % 10);
    case 2:
      return s + ".0" + std::to_string(rng() % 10);
    default:
      return s + "." + std::to_string(100 + rng() % 900);
  }
}

const char* kTexts[] = {"city", "county", "town", "x"};

// A table of 1..12 rows over a decimal slot 0 and a string slot 1: cells
// compare with a literal (any operator on decimals, == or != on strings),
// ranges join two, and some rows have no cell on a slot (or none at all).
struct Table {
  std::vector<std::vector<std::unique_ptr<FastCondition>>> owned;
  std::vector<std::vector<const FastCondition*>> rows;
};

Table MakeTable(std::mt19937_64& rng) {
  Table t;
  const size_t n = 1 + rng() % 12;
  const bool strings = rng() % 2;
  for (size_t r = 0; r < n; ++r) {
    t.owned.emplace_back();
    t.rows.emplace_back();
    std::vector<Node> cells;
    switch (rng() % 4) {
      case 0:
        break;   // no decimal cell
      case 1: {  // a range [a..b)
        cells.push_back(
            And(MakeCompare(kGe, Slot(0), Const(Dec(DecimalText(rng)))),
                MakeCompare(kLt, Slot(0), Const(Dec(DecimalText(rng))))));
        break;
      }
      default: {
        CompareOp op = static_cast<CompareOp>(rng() % 6);
        cells.push_back(MakeCompare(op, Slot(0), Const(Dec(DecimalText(rng)))));
      }
    }
    if (strings && rng() % 3 != 0) {
      cells.push_back(
          MakeCompare(rng() % 4 == 0 ? kNe : kEq, Slot(1),
                      Const(Value::String(kTexts[rng() % std::size(kTexts)]))));
    }
    for (const Node& c : cells) {
      auto fc = FastCondition::From(c);
      EXPECT_TRUE(fc.has_value());
      t.owned.back().push_back(std::make_unique<FastCondition>(*fc));
      t.rows.back().push_back(t.owned.back().back().get());
    }
  }
  return t;
}

// The reference: the first row all of whose conditions hold, tested in
// order; false when a condition cannot decide (kOther).
bool ScanWinner(const Table& t, const Frame& f, int* winner) {
  for (size_t r = 0; r < t.rows.size(); ++r) {
    bool holds = true;
    for (const FastCondition* c : t.rows[r]) {
      Truth truth = c->Test(f);
      if (truth == Truth::kOther) return false;
      if (truth == Truth::kFalse) {
        holds = false;
        break;
      }
    }
    if (holds) {
      *winner = static_cast<int>(r);
      return true;
    }
  }
  *winner = -1;
  return true;
}

TEST(RowGridTest, AgreesWithTheRowScanOnGeneratedTables) {
  std::mt19937_64 rng(20261205);
  EvalContext ctx;
  // What the generated cases reached, so that a generator that stopped
  // reaching a path fails here: no row and some row winning; values with
  // fewer places than a literal (compared through FastOrder) and with at
  // least as many (compared as mantissas); few literals (counted) and many
  // (binary-searched; literals counted with repeats).
  size_t no_row = 0, some_row = 0, fewer_places = 0, enough_places = 0;
  size_t few_literals = 0, many_literals = 0;
  for (int table = 0; table < 400; ++table) {
    Table t = MakeTable(rng);
    std::optional<RowGrid> grid = RowGrid::Build(t.rows);
    ASSERT_TRUE(grid.has_value()) << table;
    int most_places = 0;
    size_t literals = 0;
    for (const auto& row : t.rows) {
      for (const FastCondition* c : row) {
        for (int a = 0; a < c->atom_count(); ++a) {
          if (c->atom_constant(a).kind() != Kind::kDecimal) continue;
          most_places =
              std::max(most_places, c->atom_constant(a).as_decimal().scale());
          ++literals;
        }
      }
    }
    ++(literals <= RowGrid::kCountedBounds ? few_literals : many_literals);
    for (int i = 0; i < 300; ++i) {
      Frame f(&ctx, 2);
      f.slot(0) = Dec(DecimalText(rng));
      f.slot(1) = Value::String(
          rng() % 5 == 0 ? "other" : kTexts[rng() % std::size(kTexts)]);
      int want = -7, got = -7;
      ASSERT_TRUE(ScanWinner(t, f, &want));
      bool placed =
          grid->Winner([&f](int s) -> const Value& { return f.slot(s); }, &got);
      // A table without a string cell leaves slot 1 out of the grid.
      ASSERT_TRUE(placed);
      ASSERT_EQ(got, want) << "table " << table << " value "
                           << f.slot(0).as_decimal().ToString() << " "
                           << f.slot(1).as_string();
      ++(want < 0 ? no_row : some_row);
      ++(f.slot(0).as_decimal().scale() < most_places ? fewer_places
                                                      : enough_places);
    }
  }
  EXPECT_GT(no_row, 1000u);
  EXPECT_GT(some_row, 1000u);
  EXPECT_GT(fewer_places, 1000u);
  EXPECT_GT(enough_places, 1000u);
  EXPECT_GT(few_literals, 40u);
  EXPECT_GT(many_literals, 40u);
}

TEST(RowGridTest, ValuesOfAnotherKindAreLeftToTheScan) {
  FastCondition ge =
      *FastCondition::From(MakeCompare(kGe, Slot(0), Const(Dec("60"))));
  std::vector<std::vector<const FastCondition*>> rows = {{&ge}, {}};
  std::optional<RowGrid> grid = RowGrid::Build(rows);
  ASSERT_TRUE(grid);
  EXPECT_EQ(grid->cells(), 3u);  // below 60, 60, above
  for (Value v : {Value(), Value::Int(70), Value::Double(70.0),
                  Value::String("70"), Value::Error("boom")}) {
    int w = -7;
    EXPECT_FALSE(grid->Winner([&v](int) -> const Value& { return v; }, &w));
    EXPECT_EQ(w, -7);
  }
  for (auto [text, want] : {std::pair{"59.9999", 1},
                            {"60", 0},
                            {"60.000", 0},
                            {"60.0001", 0},
                            {"-60", 1}}) {
    Value v = Dec(text);
    int w = -7;
    ASSERT_TRUE(grid->Winner([&v](int) -> const Value& { return v; }, &w));
    EXPECT_EQ(w, want) << text;
  }
}

TEST(RowGridTest, CellsItCannotPlaceAreRefused) {
  auto refused = [](Node cell) {
    FastCondition c = *FastCondition::From(cell);
    std::vector<std::vector<const FastCondition*>> rows = {{&c}};
    return !RowGrid::Build(rows).has_value();
  };
  // A string compared by order, an int or date literal, a mantissa beyond
  // 64 bits, a set of strings.
  EXPECT_TRUE(refused(MakeCompare(kLt, Slot(0), Const(Value::String("m")))));
  EXPECT_TRUE(refused(MakeCompare(kGe, Slot(0), Const(Value::Int(3)))));
  EXPECT_TRUE(refused(
      MakeCompare(kGe, Slot(0), Const(Dec("123456789012345678901234.5")))));
  Node in;
  in.op = Op::kIn;
  in.kids.push_back(Slot(0));
  in.kids.push_back(Const(Value::ListOf({Value::String("a")})));
  auto set = FastCondition::From(in);
  ASSERT_TRUE(set.has_value());
  std::vector<std::vector<const FastCondition*>> rows = {{&*set}};
  EXPECT_FALSE(RowGrid::Build(rows).has_value());
  // Two kinds of literal on one slot.
  FastCondition a =
      *FastCondition::From(MakeCompare(kEq, Slot(0), Const(Dec("1"))));
  FastCondition b = *FastCondition::From(
      MakeCompare(kEq, Slot(0), Const(Value::String("1"))));
  rows = {{&a}, {&b}};
  EXPECT_FALSE(RowGrid::Build(rows).has_value());
  // More combinations than kMaxCells.
  std::vector<FastCondition> many;
  many.reserve(3000);
  rows.clear();
  for (int i = 0; i < 3000; ++i) {
    many.push_back(*FastCondition::From(
        MakeCompare(kEq, Slot(0), Const(Dec(std::to_string(i) + ".5")))));
    rows.push_back({&many.back()});
  }
  EXPECT_FALSE(RowGrid::Build(rows).has_value());
}

}  // namespace
}  // namespace verdict
