// The Arrow builders' int32 offsets never wrap (src/io/arrow_write.h): a
// utf8 column (the `trace`, a string or JSON-text output, the error's
// texts) or a list column that one output batch would take past its limit
// throws std::length_error naming the column and the limit, where it once
// wrapped into negative offsets (an invalid array, then a segfault in the
// reader). The limit is 2^31 - 1 in use; a small one here, so that no test
// needs gigabytes.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "src/compile/field_type.h"
#include "src/io/arrow_write.h"
#include "verdict/value.h"
#include "verdict/zone.h"

namespace verdict {
namespace {

// The message of the std::length_error `append` throws; "" when none.
template <typename F>
std::string Refusal(F append) {
  try {
    append();
  } catch (const std::length_error& e) {
    return e.what();
  }
  return "";
}

// The offsets of a finished utf8 or list array, released after.
std::vector<int32_t> Offsets(ArrowBuilder& b) {
  ArrowArray a{};
  b.Finish(&a);
  const auto* off = static_cast<const int32_t*>(a.buffers[1]);
  std::vector<int32_t> out(off, off + a.length + 1);
  a.release(&a);
  return out;
}

TEST(ArrowOffsetsTest, Utf8RefusesTextPastItsOffsetsNamingTheColumn) {
  auto b = ArrowBuilder::Utf8("trace", 10);
  EXPECT_TRUE(b->Append(Value::String("12345")));
  EXPECT_TRUE(b->Append(Value::String("67890")));  // exactly the limit
  EXPECT_TRUE(b->Append(Value()));                 // a null takes no text
  const std::string why = Refusal([&] { b->Append(Value::String("x")); });
  EXPECT_NE(why.find("Arrow column 'trace'"), std::string::npos) << why;
  EXPECT_NE(why.find("more than 10 bytes of text"), std::string::npos) << why;
  EXPECT_NE(why.find("smaller record batches"), std::string::npos) << why;
}

TEST(ArrowOffsetsTest, TheLimitIsPerOutputBatch) {
  auto b = ArrowBuilder::Utf8("trace", 10);
  EXPECT_TRUE(b->Append(Value::String("1234567890")));
  EXPECT_EQ(Offsets(*b), (std::vector<int32_t>{0, 10}));
  EXPECT_TRUE(b->Append(Value::String("1234567890")));  // a new batch
  EXPECT_EQ(Offsets(*b), (std::vector<int32_t>{0, 10}));
}

TEST(ArrowOffsetsTest, JsonTextAndErrorColumnsAreCheckedToo) {
  FieldType dyn;  // an untyped output: its JSON text
  auto json = ArrowBuilder::For(dyn, Zone(), "extras", 8);
  EXPECT_TRUE(json->Append(Value::Int(1234567)));  // 7 bytes
  EXPECT_NE(Refusal([&] {
              json->Append(Value::Int(12));
            }).find("Arrow column 'extras'"),
            std::string::npos);

  auto error = ArrowBuilder::ErrorStruct(8);
  error->AppendError("code", "message", "");
  EXPECT_NE(Refusal([&] {
              error->AppendError("c", "long message", "f");
            }).find("Arrow column 'error.message'"),
            std::string::npos);
}

TEST(ArrowOffsetsTest, ListsRefuseItemsAndTextPastTheirOffsets) {
  FieldType list;
  list.base = FieldType::Base::kList;
  auto item = std::make_shared<FieldType>();
  item->base = FieldType::Base::kString;
  list.elem = item;
  auto b = ArrowBuilder::For(list, Zone(), "hits", 3);
  EXPECT_TRUE(
      b->Append(Value::ListOf({Value::String("a"), Value::String("b")})));
  const std::string items = Refusal([&] {
    b->Append(Value::ListOf({Value::String("c"), Value::String("d")}));
  });
  EXPECT_NE(items.find("Arrow column 'hits': one output batch would hold "
                       "more than 3 items"),
            std::string::npos)
      << items;

  auto text = ArrowBuilder::For(list, Zone(), "hits", 3);
  const std::string chars =
      Refusal([&] { text->Append(Value::ListOf({Value::String("long")})); });
  EXPECT_NE(chars.find("Arrow column 'hits.item'"), std::string::npos) << chars;
}

}  // namespace
}  // namespace verdict
