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

// AssignString(t) gives the value StringOf(t) gives, whatever the target
// held before: every form of the samples, texts of every length around the
// in-place limit, an empty text, and a text with a NUL byte.
TEST(ValueTextTest, AssignStringIsStringOfOverEveryTarget) {
  const std::vector<Value> targets = {Value::String(kShort),
                                      Value::String(kLong),
                                      Value::String(""),
                                      Value::BytesOf("ab"),
                                      Value::Type(kLong),
                                      Value::Int(7),
                                      Value::Dec(*Decimal::Parse("1.5")),
                                      Value(),
                                      Value::Error("e"),
                                      Value::ListOf({Value::String(kLong)})};
  std::vector<std::string> texts = {"", std::string("a\0b", 3)};
  for (size_t n = Value::kInlineText - 2; n <= Value::kInlineText + 2; ++n)
    texts.push_back(std::string(n, 'x'));
  for (const Value& target : targets) {
    for (const std::string& t : texts) {
      Value x = target;
      x.AssignString(t);
      Value want = Value::StringOf(t);
      EXPECT_EQ(x.kind(), Kind::kString);
      EXPECT_EQ(x.as_string(), t);
      auto eq = Equal(x, want);
      ASSERT_TRUE(eq.has_value());
      EXPECT_TRUE(*eq) << target.DebugString() << " <- " << t.size();
      // The target it came from is untouched (a copy shares nothing it
      // could overwrite).
      EXPECT_EQ(Value(target).DebugString(), target.DebugString());
    }
  }
  // A short text into a short text reuses the target's own buffer.
  Value s = Value::String("abc");
  const char* buffer = s.as_string().data();
  s.AssignString("defgh");
  EXPECT_EQ(s.as_string().data(), buffer);
  EXPECT_EQ(s.as_string(), "defgh");
}

// A text that lies in the value itself: its own error message, a part of its
// own long text, an item of its own list. The short form freed it before
// copying it (ASan: heap-use-after-free).
TEST(ValueTextTest, AssignStringOfItsOwnText) {
  Value e = Value::Error("boom message");
  e.AssignString(e.error_message());
  EXPECT_EQ(e.as_string(), "boom message");
  Value v = Value::String("0123456789abcdefghijklmnopqrstuvwxyz");
  v.AssignString(std::string_view(v.as_string()).substr(0, 3));
  EXPECT_EQ(v.as_string(), "012");
  Value w = Value::String("0123456789abcdefghijklmnopqrstuvwxyz");
  w.AssignString(std::string_view(w.as_string()).substr(1));
  EXPECT_EQ(w.as_string(), "123456789abcdefghijklmnopqrstuvwxyz");
  Value l = Value::ListOf({Value::String("item")});
  l.AssignString(l.as_list()[0].as_string());
  EXPECT_EQ(l.as_string(), "item");
}

// A long text that no other Value shares is overwritten in place (a record's
// long field, slot after slot); one that is shared is replaced, and its
// other holders keep the old text.
TEST(ValueTextTest, AssignStringReusesAnUnsharedLongText) {
  const std::string a(Value::kInlineText + 5, 'a');
  const std::string b(Value::kInlineText + 1, 'b');
  const std::string c(3 * Value::kInlineText, 'c');
  Value x = Value::StringOf(a);
  const char* buffer = x.as_string().data();
  x.AssignString(b);  // shorter, still long: the same buffer
  EXPECT_EQ(x.as_string(), b);
  EXPECT_EQ(x.as_string().data(), buffer);
  x.AssignString(c);  // longer: the same shared string, grown
  EXPECT_EQ(x.as_string(), c);
  auto eq = Equal(x, Value::StringOf(c));
  ASSERT_TRUE(eq.has_value());
  EXPECT_TRUE(*eq);

  Value held = x;  // now shared: assigning must not reach `held`
  x.AssignString(a);
  EXPECT_EQ(x.as_string(), a);
  EXPECT_EQ(held.as_string(), c);
  EXPECT_NE(x.as_string().data(), held.as_string().data());
  x.AssignString("short");  // a short text after a long one
  EXPECT_EQ(x.as_string(), "short");
  EXPECT_EQ(held.as_string(), c);

  // A bytes value of the same length is not a string: replaced, not written.
  Value bytes = Value::BytesOf(a);
  bytes.AssignString(b);
  EXPECT_EQ(bytes.kind(), Kind::kString);
  EXPECT_EQ(bytes.as_string(), b);
}

// Assigning a value the very collection or text it already holds changes
// nothing (and touches no reference count); any other assignment still
// replaces it.
TEST(ValueTest, AssigningTheSameSharedValueKeepsIt) {
  Value list = Value::ListOf({Value::Int(1)});
  Value slot = list;
  const List* held = &slot.as_list();
  slot = list;
  EXPECT_EQ(&slot.as_list(), held);
  EXPECT_TRUE(list.SharesCollection());
  Value other = Value::ListOf({Value::Int(1)});  // equal, not the same
  slot = other;
  EXPECT_EQ(&slot.as_list(), &other.as_list());
  Value map = Value::MapOf({{Value::String("k"), Value::Int(1)}});
  Value mslot = map;
  mslot = map;
  EXPECT_EQ(&mslot.as_map(), &map.as_map());
  Value text = Value::String(kLong);
  Value tslot = text;
  tslot = text;
  EXPECT_EQ(tslot.as_string().data(), text.as_string().data());
  tslot = Value::String(kShort);
  EXPECT_EQ(tslot.as_string(), kShort);
  // Kinds that share a holder but differ are not the same value.
  Value none = Value::OptionalNone();
  Value empty = Value::ListOf({});
  Value x = none;
  x = empty;
  EXPECT_EQ(x.kind(), Kind::kList);
}

}  // namespace
}  // namespace verdict
