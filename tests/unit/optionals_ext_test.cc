// CEL optionals (src/evaluate/builtins_optionals_ext.cc and the parser's
// `.?`, `[?]`, `[?x]`, `{?k: v}`, optMap and optFlatMap).
#include <gtest/gtest.h>

#include "src/io/typed_json.h"
#include "tests/unit/expr_test_util.h"
#include "verdict/expression.h"

namespace verdict {
namespace {

using testing_util::Eval;

TEST(OptionalsExtTest, ConstructAndRead) {
  Value some = Eval("optional.of(3)");
  ASSERT_EQ(some.kind(), Kind::kOptional);
  ASSERT_NE(some.optional_value(), nullptr);
  EXPECT_EQ(some.optional_value()->as_int(), 3);
  EXPECT_EQ(Eval("optional.none()").optional_value(), nullptr);
  EXPECT_EQ(FormatTypedValue(Eval("optional.of('a')")),
            "{\"optional\": {\"string\": \"a\"}}");
  EXPECT_EQ(FormatTypedValue(Eval("optional.none()")), "{\"optional\": null}");
  EXPECT_EQ(Eval("optional.none().orValue(7)").as_int(), 7);
  EXPECT_EQ(Eval("optional.of(1).or(optional.of(2)).value()").as_int(), 1);
  EXPECT_FALSE(Eval("optional.ofNonZeroValue('').hasValue()").as_bool());
  EXPECT_FALSE(
      Eval("optional.ofNonZeroValue(decimal('0.00')).hasValue()").as_bool());
  EXPECT_TRUE(Eval("optional.ofNonZeroValue([0]).hasValue()").as_bool());
  EXPECT_TRUE(Eval("optional.none().value()").is_error());
  EXPECT_TRUE(Eval("optional.of(1) == optional.of(1)").as_bool());
  EXPECT_FALSE(Eval("optional.of(1) == optional.none()").as_bool());
  EXPECT_TRUE(Eval("type(optional.none()) == optional_type").as_bool());
}

TEST(OptionalsExtTest, SelectionAndIndexingChain) {
  EXPECT_EQ(Eval("{'a': {'b': 5}}.?a.b.orValue(0)").as_int(), 5);
  EXPECT_EQ(Eval("{'a': {'b': 5}}.?x.b.orValue(0)").as_int(), 0);
  EXPECT_EQ(Eval("{'a': {'b': 5}}.?a.?c.orValue(-1)").as_int(), -1);
  EXPECT_EQ(Eval("[10, 20][?1].value()").as_int(), 20);
  EXPECT_FALSE(Eval("[10, 20][?2].hasValue()").as_bool());
  EXPECT_EQ(Eval("optional.of([10, 20])[1].value()").as_int(), 20);
  EXPECT_FALSE(Eval("has({}.?a.b)").as_bool());
  EXPECT_TRUE(Eval("has({'a': {'b': 1}}.?a.b)").as_bool());
}

TEST(OptionalsExtTest, OptionalEntriesAndMacros) {
  EXPECT_EQ(
      FormatTypedValue(Eval("[1, ?optional.none(), ?optional.of(3), ?{}.?x]")),
      "{\"list\": [{\"int64\": \"1\"}, {\"int64\": \"3\"}]}");
  EXPECT_EQ(Eval("{?'a': optional.none(), 'b': 2, ?'c': optional.of(3)}")
                .as_map()
                .size(),
            2u);
  EXPECT_TRUE(Eval("[?1]").is_error());  // an entry marked ? must be optional
  EXPECT_EQ(Eval("optional.of(4).optMap(x, x * 10).value()").as_int(), 40);
  EXPECT_FALSE(Eval("optional.none().optMap(x, x * 10).hasValue()").as_bool());
  EXPECT_EQ(Eval("optional.of({'k': 1}).optFlatMap(m, m.?k).value()").as_int(),
            1);
  // Parsing: `?` still means the conditional operator elsewhere.
  EXPECT_EQ(Eval("[true ? 1 : 2][0]").as_int(), 1);
}

}  // namespace
}  // namespace verdict
