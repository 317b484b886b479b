// src/parse/columns.h: columns in messages count characters, not bytes, on
// every path a position leaves the library (a pack's diagnostics, YAML's
// own errors, table findings, an expression's errors).
#include "src/parse/columns.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/analysis.h"
#include "verdict/engine.h"
#include "verdict/expression.h"

namespace verdict {
namespace {

using syntax::CharacterColumn;
using syntax::TextLines;
using testing_util::DiagnosticsText;
using testing_util::WritePack;

TEST(ColumnsTest, CharacterColumnCountsCodePoints) {
  EXPECT_EQ(CharacterColumn("abc", 1), 1);
  EXPECT_EQ(CharacterColumn("abc", 3), 3);
  // '客' is 3 bytes, '€' 3, 'é' 2, '😀' 4: one character each.
  EXPECT_EQ(CharacterColumn("客x", 4), 2);
  EXPECT_EQ(CharacterColumn("é€😀x", 10), 4);
  EXPECT_EQ(CharacterColumn("客", 4), 2);  // just past the end
  EXPECT_EQ(CharacterColumn("客", 6), 4);  // bytes past the end count one
  EXPECT_EQ(CharacterColumn("客", 0), 0);
  EXPECT_EQ(TextLines("a\r\nb客\nc").Line(2), "b客");
  EXPECT_EQ(TextLines("a\nb").Line(3), "");
  EXPECT_EQ(TextLines("a\nb\n").Line(3), "");
}

constexpr const char* kHead = R"(policy: p
record: r
description: 客户
fields: {a: int, s: string}
outputs: {o: bool}
decisions:
  - id: d
    hit: first
    rules:
      - id: x
)";

TEST(ColumnsTest, APackDiagnosticCountsCharacters) {
  // `b` is the 18th character of the expression (from column 16) and its
  // 22nd byte.
  LoadResult r = Pack::Load(
      WritePack("cols_expr",
                {{"p.yaml", std::string(kHead) +
                                "        when: \"r.s == '客户' && r.b > 1\"\n"
                                "        then: {o: true}\n"}}));
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << DiagnosticsText(r);
  EXPECT_EQ(r.diagnostics[0].line, 11);
  EXPECT_EQ(r.diagnostics[0].column, 16 + 17) << DiagnosticsText(r);
  EXPECT_NE(r.diagnostics[0].message.find("no field 'b'"), std::string::npos);
}

TEST(ColumnsTest, YamlsOwnErrorCountsCharacters) {
  // The flow mapping's stray `]` is the 35th character of line 12.
  LoadResult r = Pack::Load(
      WritePack("cols_yaml",
                {{"p.yaml", std::string(kHead) +
                                "        when: r.a > 1\n"
                                "        then: {o: true, 客户: x, q: ]}\n"}}));
  ASSERT_FALSE(r.ok());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].line, 12) << DiagnosticsText(r);
  const std::string line = "        then: {o: true, 客户: x, q: ]}";
  // 客户 is 6 bytes and 2 characters.
  const int want = static_cast<int>(line.find(']')) + 1 - 4;
  EXPECT_EQ(r.diagnostics[0].column, want) << DiagnosticsText(r);
}

TEST(ColumnsTest, AnInvalidByteCountsCharacters) {
  // The loader finds the byte itself; its column is converted once, as
  // every other (it was counted in characters there, then again).
  LoadResult r = Pack::Load(WritePack(
      "cols_utf8",
      {{"p.yaml", std::string(kHead) + "        when: r.a > 1 # 客户\xff\n"
                                       "        then: {o: true}\n"}}));
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << DiagnosticsText(r);
  EXPECT_EQ(r.diagnostics[0].line, 11);
  // `        when: r.a > 1 # ` is 24 characters, then 客, 户, the byte.
  EXPECT_EQ(r.diagnostics[0].column, 24 + 3) << DiagnosticsText(r);
  EXPECT_NE(r.diagnostics[0].message.find("invalid UTF-8"), std::string::npos);
}

TEST(ColumnsTest, ATestFilesDiagnosticCountsCharacters) {
  const std::string line =
      "  - {name: 客户, record: {a: 1}, expect: {o: true}, bogus: 1}";
  LoadResult r = Pack::Load(
      WritePack("cols_tests",
                {{"p.yaml", std::string(kHead) + "        when: r.a > 1\n"
                                                 "        then: {o: true}\n"},
                 {"tests/t.yaml", "policy: p\ncases:\n" + line + "\n"}}));
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << DiagnosticsText(r);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  // 客户 is 6 bytes and 2 characters.
  EXPECT_EQ(r.diagnostics[0].column,
            static_cast<int>(line.find("bogus")) + 1 - 4)
      << DiagnosticsText(r);
}

TEST(ColumnsTest, AnExpressionsErrorCountsCharacters) {
  ExpressionResult e = EvaluateExpression("'客户' + 1 +", {}, {});
  // The end of the text: 10 characters, so the error is at column 11.
  EXPECT_EQ(e.compile_error.rfind("1:11: ", 0), 0u) << e.compile_error;
  e = EvaluateExpression("'é'\n  + '€' + x", {}, {});
  EXPECT_EQ(e.compile_error.rfind("2:11: ", 0), 0u) << e.compile_error;
}

TEST(ColumnsTest, ATableFindingCountsCharacters) {
  // The dead row `late` follows a Chinese cell on its line.
  LoadResult r = Pack::Load(WritePack("cols_table", {{"p.yaml", R"(policy: p
record: r
fields: {a: int}
outputs: {o: string}
decisions:
  - id: d
    hit: first
    table:
      when: [r.a]
      then: [o]
      rows: {low: ["< 10", "低"], late: ["< 5", "低"], rest: ["-", "高"]}
)"}}));
  ASSERT_TRUE(r.ok()) << DiagnosticsText(r);
  bool found = false;
  const std::string line =
      R"(      rows: {low: ["< 10", "低"], late: ["< 5", "低"], rest: ["-", "高"]})";
  for (const TableFinding& f : AnalyzeTables(*r.pack)) {
    if (f.kind != TableFinding::Kind::kDeadRow) continue;
    found = true;
    EXPECT_EQ(f.row, "late");
    EXPECT_EQ(f.line, 11);
    // The byte column, less 2 for each of 低's two continuation bytes.
    const int byte_col = static_cast<int>(line.find("late")) + 1;
    EXPECT_EQ(f.column, byte_col - 2);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace verdict
