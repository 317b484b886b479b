// Take() (src/io/arrow_take.h) against its reference: the same rows
// appended one by one to a fresh builder of the output's type (no code in
// common with Take), both read back cell by cell through ArrowReader, on
// generated values of every type the vector path gathers: texts (empty,
// long, not ASCII), lists of texts (empty, null, with and without null
// items), money, bools, ints, dates; nulls; sliced sources; fixed seeds.
// Texts come in four sets of lengths (by seed), so that each of Take's
// moves is taken: texts of at most 16, 32 and 64 bytes, longer ones; lists
// of up to 8 items of at most 48 bytes (one fixed move of 64 a row), of up
// to 4 items of at most 128 (of 128), and longer.
#include "src/io/arrow_take.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "src/compile/field_type.h"
#include "src/io/arrow_read.h"
#include "src/io/arrow_write.h"
#include "verdict/value.h"
#include "verdict/zone.h"

namespace verdict {
namespace {

FieldType TypeOf(const std::string& text) {
  std::string error;
  auto t = FieldType::Parse(text, &error);
  EXPECT_TRUE(t) << error;
  return *t;
}

// A text of length set `lengths` (0 to 3: at most 6, 32, 64 bytes, longer).
std::string Text(std::mt19937& rng, int lengths) {
  static const char* kShort[] = {"", "a", "ok", "reason", "市分"};
  static const char* kTexts[] = {
      "", "a", "department_head", "市分公司总经理",
      "a text of more than sixteen bytes, surely",
      // (Parenthesized: one literal in two pieces, not two elements.)
      ("a text of more than sixty-four bytes: a long description of a "
       "reason given")};
  if (lengths == 0) return kShort[rng() % 5];
  // Set 1 without the two longest, set 2 without the longest.
  return kTexts[rng() % (lengths == 1 ? 4 : lengths == 2 ? 5 : 6)];
}

Value Generate(const FieldType& type, std::mt19937& rng, bool null_items,
               int lengths) {
  if (rng() % 7 == 0) return Value();
  switch (type.base) {
    case FieldType::Base::kString:
      return Value::String(Text(rng, lengths));
    case FieldType::Base::kMoney:
      return Value::Dec(Decimal(static_cast<int64_t>(rng() % 2000000) - 1000000,
                                static_cast<int>(rng() % 5)));
    case FieldType::Base::kBool:
      return Value::Bool(rng() % 2);
    case FieldType::Base::kInt:
      return Value::Int(static_cast<int64_t>(rng()) - (1ll << 31));
    case FieldType::Base::kDate:
      return Value::DateOf(Date{static_cast<int32_t>(rng() % 40000)});
    default: {  // list(string)
      List items;
      // Null items for odd seeds' lists: Take's general list path.
      for (size_t k = rng() % (lengths == 0 ? 9 : 5); k > 0; --k) {
        items.push_back(null_items && rng() % 4 == 0
                            ? Value()
                            : Value::String(Text(rng, lengths)));
      }
      return Value::ListOf(std::move(items));
    }
  }
}

// Every cell of `a` (of `schema`'s type) as the reader gives it.
std::vector<std::string> Cells(const ArrowSchema& schema, const ArrowArray& a,
                               const FieldType& type) {
  std::string error;
  auto reader = ArrowReader::Make(schema, &type, "f", Zone(), &error);
  EXPECT_TRUE(reader) << error;
  std::vector<std::string> out;
  for (int64_t i = 0; i < a.length; ++i)
    out.push_back(reader->Read(a, i).DebugString());
  return out;
}

void Check(const std::string& type_text, uint32_t seed) {
  SCOPED_TRACE(type_text);
  const FieldType type = TypeOf(type_text);
  std::mt19937 rng(seed);
  std::vector<Value> values(1 + rng() % 40);
  for (Value& v : values) {
    v = Generate(type, rng, seed % 2 == 1, static_cast<int>(seed / 2 % 4));
  }
  auto dict = ArrowBuilder::For(type, Zone(), "d");
  for (const Value& v : values) ASSERT_TRUE(dict->Append(v));
  ArrowArray from{};
  dict->Finish(&from);
  ArrowSchema schema{};
  dict->Schema("f", &schema);
  ASSERT_TRUE(TakeSupports(schema));
  // Rows of the whole array, then of a slice of it (an offset).
  for (int64_t skip : {int64_t{0}, int64_t{1}}) {
    if (skip >= from.length) continue;
    ArrowArray view = from;
    view.offset = skip;
    view.length = from.length - skip;
    view.release = nullptr;  // a view: `from` owns the buffers
    std::vector<uint32_t> idx(3000);
    for (uint32_t& i : idx) i = rng() % static_cast<uint32_t>(view.length);
    auto reference = ArrowBuilder::For(type, Zone(), "r");
    for (uint32_t i : idx) ASSERT_TRUE(reference->Append(values[skip + i]));
    ArrowArray want{}, got{};
    reference->Finish(&want);
    ASSERT_TRUE(Take(schema, view, idx, &got));
    EXPECT_EQ(got.length, want.length);
    EXPECT_EQ(got.null_count, want.null_count);
    EXPECT_EQ(Cells(schema, got, type), Cells(schema, want, type));
    got.release(&got);
    want.release(&want);
  }
  from.release(&from);
  schema.release(&schema);
}

TEST(ArrowTakeTest, GathersEveryTypeAsTheBuilderWritesIt) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    for (const char* type :
         {"string", "list(string)", "money", "bool", "int", "date"}) {
      Check(type, seed);
    }
  }
}

TEST(ArrowTakeTest, RefusesTextBeyondInt32Offsets) {
  // Not gigabytes here: the refusal is checked by the offsets' sum, so a
  // dictionary of one long text taken often enough stands for it.
  auto dict = ArrowBuilder::Utf8("d");
  ASSERT_TRUE(dict->Append(Value::String(std::string(1 << 20, 'x'))));
  ArrowArray from{};
  dict->Finish(&from);
  ArrowSchema schema{};
  dict->Schema("f", &schema);
  std::vector<uint32_t> idx(2048, 0);  // 2^31 bytes: one too many
  ArrowArray out{};
  EXPECT_FALSE(Take(schema, from, idx, &out));
  EXPECT_EQ(out.release, nullptr);
  from.release(&from);
  schema.release(&schema);
}

}  // namespace
}  // namespace verdict
