// A number literal next to money is read from its source text (README).
// One whose text a decimal cannot hold (more than 18 places, 36 digits)
// while its double reads as another decimal is an error where it is
// written: the double of 0.10000000000000000001 reads as 0.1, so
// `amount < 0.10000000000000000001` was false and `amount + ...` silently
// 0.2. A double with no decimal form at all (1e300, 1e-30) stays a double.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"
#include "verdict/expression.h"

namespace verdict {
namespace {

using testing_util::DiagnosticsText;
using testing_util::WritePack;

ExpressionResult WithMoney(const std::string& src) {
  return EvaluateExpression(src, {{"a", Value::Dec(*Decimal::Parse("0.1"))}},
                            {{"a", "decimal"}});
}

TEST(DecimalLiteralTest, ALiteralThatWouldChangeIsAnErrorWhereItIsWritten) {
  for (const char* src :
       {"a < 0.10000000000000000001", "a == 0.1000000000000000001",
        "a + 0.1000000000000000001", "a in [0.5, 0.1000000000000000001]",
        "[a, 0.3333333333333333334]"}) {
    ExpressionResult r = WithMoney(src);
    EXPECT_NE(r.compile_error.find("has more digits than a decimal holds"),
              std::string::npos)
        << src << ": " << r.compile_error << " / " << r.value.DebugString();
  }
  ExpressionResult r = WithMoney("a < 0.10000000000000000001");
  EXPECT_EQ(r.compile_error.substr(0, 4), "1:5:") << r.compile_error;
  EXPECT_NE(r.compile_error.find("would be read as 0.1"), std::string::npos);
}

TEST(DecimalLiteralTest, ExactLiteralsAndDoublesWithoutADecimalFormStay) {
  struct Case {
    const char* src;
    bool want;
  };
  for (const Case& c : {Case{"a == 0.10000000000000000000", true},
                        Case{"a < 0.100000000000000001", true},  // 18 places
                        Case{"a < 1e300", true}, Case{"a == 1e-30", false},
                        Case{"0.1000000000000000001 < 0.2", true}}) {
    ExpressionResult r = WithMoney(c.src);
    ASSERT_EQ(r.compile_error, "") << c.src;
    ASSERT_EQ(r.value.kind(), Kind::kBool) << c.src;
    EXPECT_EQ(r.value.as_bool(), c.want) << c.src;
  }
}

TEST(DecimalLiteralTest, InAPackConditionAndATableCell) {
  const std::string head =
      "policy: p\nrecord: r\nfields:\n  amount: money\noutputs:\n"
      "  below: bool\ndecisions:\n  - id: d\n    hit: first\n";
  LoadResult when = Pack::Load(WritePack(
      "decimal_literal_when",
      {{"p.yaml", head + "    rules:\n      - id: yes\n        when: "
                         "r.amount < 0.10000000000000000001\n        then: "
                         "{below: true}\n      - id: no\n        then: "
                         "{below: false}\n"}}));
  EXPECT_FALSE(when.ok());
  EXPECT_NE(DiagnosticsText(when).find(
                "p.yaml:12:26: error: the literal 0.10000000000000000001 has "
                "more digits than a decimal holds"),
            std::string::npos)
      << DiagnosticsText(when);
  LoadResult cell = Pack::Load(WritePack(
      "decimal_literal_cell",
      {{"p.yaml", head + "    table:\n      when: [r.amount]\n      then: "
                         "[below]\n      rows:\n        yes: [\"< "
                         "0.10000000000000000001\", true]\n        no: "
                         "[\"-\", false]\n"}}));
  EXPECT_FALSE(cell.ok());
  EXPECT_NE(DiagnosticsText(cell).find(
                "p.yaml:14:18: error: the literal 0.10000000000000000001 has "
                "more digits than a decimal holds"),
            std::string::npos)
      << DiagnosticsText(cell);
}

}  // namespace
}  // namespace verdict
