// FieldType's enum index (IsEnumValue, EnumIndex): the hashed lookup
// agrees with a plain search of enum_values, index for index, on generated
// enums and texts of 1 to 21 bytes, including values alike in length,
// first, middle and last byte, and texts one byte from a value.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "src/compile/field_type.h"

namespace verdict {
namespace {

bool Reference(const std::vector<std::string>& values, const Value& v) {
  return v.kind() == Kind::kString &&
         std::find(values.begin(), values.end(), v.as_string()) != values.end();
}

std::string RandomText(std::mt19937& rng) {
  // A small alphabet, so that values often share length and bytes.
  static const char kAlphabet[] = "ab_Z9\xC3\xA9";
  std::string s(1 + rng() % 20, 'a');
  for (char& c : s) c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
  return s;
}

// Texts near `s`: one byte changed, one added, one removed.
std::vector<std::string> Neighbours(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) {
    std::string t = s;
    t[i] = t[i] == 'a' ? 'b' : 'a';
    out.push_back(t);
  }
  out.push_back(s + "a");
  out.push_back(s.substr(0, s.size() - 1));
  out.push_back("a" + s);
  return out;
}

TEST(EnumIndexTest, AgreesWithASearchOfTheValues) {
  std::mt19937 rng(20261206);
  size_t indexed = 0, checked = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> values;
    const size_t n = 1 + rng() % (round % 10 == 0 ? 40 : 9);
    while (values.size() < n) {
      std::string s = RandomText(rng);
      if (std::find(values.begin(), values.end(), s) == values.end())
        values.push_back(s);
    }
    std::string text = "enum(";
    for (size_t i = 0; i < values.size(); ++i)
      text += (i ? ", " : "") + values[i];
    std::string error;
    auto t = FieldType::Parse(text + ")", &error);
    ASSERT_TRUE(t) << text << ": " << error;
    ASSERT_EQ(t->enum_values(), values);
    indexed += t->enum_indexed();
    std::vector<std::string> probes;
    for (const auto& v : values) {
      probes.push_back(v);
      for (auto& near : Neighbours(v)) probes.push_back(near);
    }
    for (int i = 0; i < 20; ++i) probes.push_back(RandomText(rng));
    probes.push_back("");
    for (const auto& p : probes) {
      Value v = Value::String(p);
      ASSERT_EQ(t->IsEnumValue(v), Reference(values, v)) << text << " / " << p;
      const auto at = std::find(values.begin(), values.end(), p);
      ASSERT_EQ(t->EnumIndex(p),
                at == values.end() ? -1 : static_cast<int>(at - values.begin()))
          << text << " / " << p;
      ++checked;
    }
    EXPECT_FALSE(t->IsEnumValue(Value::Int(1)));
    EXPECT_FALSE(t->IsEnumValue(Value()));
  }
  // Most enums are indexed; the ones with 32 values or more never are.
  EXPECT_GT(indexed, 300u);
  EXPECT_GT(checked, 20000u);
}

TEST(EnumIndexTest, ValuesSetAgainAreIndexedAgain) {
  // Values set after Parse() replace the index with theirs: the old values
  // are no longer found, the new ones are, through the index.
  std::string error;
  auto t = FieldType::Parse("enum(city, county)", &error);
  ASSERT_TRUE(t && t->enum_indexed()) << error;
  t->SetEnumValues({"town", "city"});
  EXPECT_TRUE(t->enum_indexed());
  EXPECT_FALSE(t->IsEnumValue(Value::String("county")));
  EXPECT_TRUE(t->IsEnumValue(Value::String("town")));
  const Zone utc = Zone::Fixed(0);
  Value town = Value::String("town");
  std::string code, why;
  EXPECT_TRUE(t->Accept(town, utc, &code, &why)) << why;
  Value county = Value::String("county");
  EXPECT_FALSE(t->Accept(county, utc, &code, &why));
  EXPECT_EQ(code, "invalid_value");
  EXPECT_EQ(why, "'county' is not one of: town, city");
}

}  // namespace
}  // namespace verdict
