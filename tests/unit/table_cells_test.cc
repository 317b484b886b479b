// Decision-table cells lowered to tests of the column's slot.
#include "src/compile/table_cells.h"

#include <gtest/gtest.h>

#include "src/evaluate/interpreter.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

class TableCellsTest : public ::testing::Test {
 protected:
  TableCellsTest() : ctx_(&pack_, &diags_), env_(&next_) {
    slot_ = next_++;
    type_ = types::Type::Of(types::TypeKind::kDecimal);
    field_ = *FieldType::Parse("money", nullptr);
  }
  // Compiles `text` as the cell at `line`:`column` of p.yaml.
  bool Compile(const std::string& text, int line, int column, Node* n,
               bool* any) {
    syntax::Scalar cell;
    cell.text = text;
    cell.pos = {syntax::FileName("p.yaml"), line, column};
    std::vector<std::string> reads;
    CellColumn col{slot_, &type_, &field_};
    return CompileCellTest(ctx_, cell, col, env_, n, any, &reads);
  }
  // The cell's truth for a column value of `v`; nullopt when it is "any".
  std::optional<bool> Test(const std::string& text, Value v) {
    Node n;
    bool any = false;
    EXPECT_TRUE(Compile(text, 1, 1, &n, &any)) << text;
    if (any) return std::nullopt;
    EvalContext ec;
    Frame f(&ec, static_cast<size_t>(next_));
    f.slot(slot_) = std::move(v);
    Value out = Eval(n, f);
    EXPECT_EQ(out.kind(), Kind::kBool) << text;
    return out.kind() == Kind::kBool && out.as_bool();
  }
  static Value M(const char* s) { return Value::Dec(*Decimal::Parse(s)); }
  PackImpl pack_;
  std::vector<Diagnostic> diags_;
  CompileContext ctx_;
  int next_ = 0;
  CompileEnv env_;
  int slot_;
  types::Type type_;
  FieldType field_;
};

TEST_F(TableCellsTest, ComparisonsRangesEqualityAndAny) {
  EXPECT_EQ(Test(">= 60", M("60")), true);
  EXPECT_EQ(Test(">= 60", M("59.99")), false);
  EXPECT_EQ(Test("[30..60)", M("30")), true);
  EXPECT_EQ(Test("[30..60)", M("60")), false);
  EXPECT_EQ(Test("(30..60]", M("60")), true);
  EXPECT_EQ(Test("(30..60]", M("30")), false);
  EXPECT_EQ(Test("12.5", M("12.50")), true);
  EXPECT_EQ(Test("!= 1", M("1")), false);
  EXPECT_EQ(Test("-", M("1")), std::nullopt);
  EXPECT_TRUE(diags_.empty());
}

TEST_F(TableCellsTest, AnOperatorNeedsAValue) {
  Node n;
  bool any;
  EXPECT_FALSE(Compile(">=", 3, 5, &n, &any));
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_[0].message, "'>=' needs a value after it");
}

// A blank cell could mean "any" or "the empty text": it is refused, with
// how to write either.
TEST_F(TableCellsTest, ABlankCellIsRefused) {
  for (const char* text : {"", "  "}) {
    diags_.clear();
    Node n;
    bool any = false;
    EXPECT_FALSE(Compile(text, 4, 7, &n, &any));
    ASSERT_EQ(diags_.size(), 1u);
    EXPECT_EQ(diags_[0].ToString(),
              "p.yaml:4:7: error: an empty cell: write \"-\" to match any "
              "value, or an expression cell (\"=COLUMN == ''\") to match the "
              "empty text");
  }
}

// A YAML null cell (an empty item, `~`, `null`) is blank too: it meant
// "any" silently, where a reader may take it for "is null".
TEST(TableCellsYamlTest, AYamlNullCellIsRefused) {
  for (const char* row :
       {"[~, X]", "[null, X]", "\n          -\n          - X"}) {
    auto c = testing_util::CompilePolicyText(
        "null_cell",
        std::string("policy: p\nrecord: r\nfields:\n  n: int?\noutputs:\n"
                    "  o: string\ndecisions:\n  - id: t\n    hit: first\n"
                    "    table:\n      when: [r.n]\n      then: [o]\n"
                    "      rows:\n        blank: ") +
            row + "\n        other: ['-', Y]\n");
    EXPECT_FALSE(c.pack) << row;
    EXPECT_TRUE(
        c.Has("error: a blank cell (YAML null): write \"-\" to match "
              "any value"))
        << row << ": " << c.Diags();
  }
}

// An operand that is not a literal of the column's type is an expression,
// checked as a `when:` comparison is: a date in a datetime column was read
// as 2026 - 11 - 20 and its test failed every record (or never held).
TEST_F(TableCellsTest, AnOperandOfTheWrongTypeIsRefused) {
  type_ = types::Type::Of(types::TypeKind::kTimestamp);
  field_ = *FieldType::Parse("datetime", nullptr);
  struct Case {
    const char* text;
    const char* want;  // after "error: no matching overload for "
  };
  // Positions: the operand's (the cell is at 2:3).
  const Case cases[] = {
      {"2026-11-20",
       "2:3: error: no matching overload for '==' applied to (timestamp, int) "
       "in the cell '2026-11-20'"},
      {">= 2026-11-20",
       "2:6: error: no matching overload for '>=' applied to (timestamp, int) "
       "in the cell '2026-11-20'"},
      {"[2026-11-20..2026-11-21)",
       "2:3: error: no matching overload for '>=' applied to (timestamp, int) "
       "in the cell '2026-11-20'"},
  };
  for (const Case& c : cases) {
    diags_.clear();
    Node n;
    bool any = false;
    EXPECT_FALSE(Compile(c.text, 2, 3, &n, &any)) << c.text;
    ASSERT_FALSE(diags_.empty()) << c.text;
    EXPECT_EQ(diags_[0].ToString(),
              std::string("p.yaml:") + c.want +
                  " (a datetime is written YYYY-MM-DDTHH:MM:SS)");
  }
  // The datetime itself, and an expression of the column's type, compile.
  diags_.clear();
  Node n;
  bool any = false;
  EXPECT_TRUE(Compile(">= 2026-11-20T00:00:00", 2, 3, &n, &any));
  EXPECT_TRUE(Compile("< timestamp('2026-11-21T00:00:00Z')", 2, 3, &n, &any));
  EXPECT_TRUE(diags_.empty()) << diags_[0].ToString();
}

}  // namespace
}  // namespace verdict
