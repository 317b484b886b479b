// Value's text storage (verdict/value.h): short texts in place, longer ones
// shared, and every copy, move and assignment between the two forms keeping
// the text and its kind.
#include "verdict/value.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace verdict {
namespace {

const std::string kShort = "department_head";            // 15: in place
const std::string kLong = "city_branch_deputy_manager";  // 26: shared

TEST(ValueTextTest, ALongTextIsSharedByItsCopies) {
  Value a = Value::String(kLong);
  Value b = a;
  EXPECT_EQ(b.as_string(), kLong);
  // The same characters: a copy did not copy them.
  EXPECT_EQ(a.as_string().data(), b.as_string().data());
  Value c;
  c = b;
  EXPECT_EQ(c.as_string().data(), a.as_string().data());
}

TEST(ValueTextTest, AShortTextIsCopied) {
  Value a = Value::String(kShort);
  Value b = a;
  EXPECT_EQ(b.as_string(), kShort);
  EXPECT_NE(a.as_string().data(), b.as_string().data());
}

TEST(ValueTextTest, EveryAssignmentBetweenTheFormsKeepsTheText) {
  const std::vector<Value> samples = {Value::String(kShort),
                                      Value::String(kLong),
                                      Value::BytesOf(kLong),
                                      Value::BytesOf("ab"),
                                      Value::Type(kLong),
                                      Value::Int(7),
                                      Value(),
                                      Value::ListOf({Value::String(kLong)})};
  for (const Value& from : samples) {
    for (const Value& to : samples) {
      Value x = to;
      x = from;
      EXPECT_EQ(x.DebugString(), from.DebugString());
      EXPECT_EQ(x.kind(), from.kind());
      Value y = to;
      Value moved = from;
      y = std::move(moved);
      EXPECT_EQ(y.DebugString(), from.DebugString());
      Value z(std::move(y));
      EXPECT_EQ(z.DebugString(), from.DebugString());
    }
  }
}

TEST(ValueTextTest, SelfAssignmentKeepsALongText) {
  Value a = Value::String(kLong);
  const Value& alias = a;
  a = alias;
  EXPECT_EQ(a.as_string(), kLong);
}

TEST(ValueTextTest, ALongTextOutlivesTheValueItCameFrom) {
  Value kept;
  {
    Value a = Value::String(kLong);
    kept = a;
  }
  EXPECT_EQ(kept.as_string(), kLong);
  auto eq = Equal(kept, Value::String(kLong));
  ASSERT_TRUE(eq.has_value());
  EXPECT_TRUE(*eq);
  EXPECT_EQ(kept.kind(), Kind::kString);
  EXPECT_THROW(kept.as_bytes(), std::bad_variant_access);
}

TEST(ValueTextTest, ATextInAListIsTheText) {
  Value list = Value::ListOf({Value::String(kLong), Value::String(kShort)});
  Value copy = list;
  EXPECT_EQ(copy.as_list()[0].as_string(), kLong);
  EXPECT_EQ(copy.as_list()[1].as_string(), kShort);
}

TEST(ValueTest, SharesCollectionWhenAnotherValueHoldsIt) {
  Value list = Value::ListOf({Value::Int(1)});
  EXPECT_FALSE(list.SharesCollection());
  {
    Value copy = list;
    EXPECT_TRUE(list.SharesCollection());
    EXPECT_TRUE(copy.SharesCollection());
  }
  EXPECT_FALSE(list.SharesCollection());
  Value map = Value::MapOf({{Value::String("k"), Value::Int(1)}});
  Value map_copy = map;
  EXPECT_TRUE(map.SharesCollection());
  EXPECT_FALSE(
      Value::String("a long text that is shared on copy").SharesCollection());
}

}  // namespace
}  // namespace verdict
