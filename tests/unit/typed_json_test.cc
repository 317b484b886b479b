// Typed JSON values (the conformance data's form): every tag read, and the
// error each bad value gives.
#include "src/io/typed_json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace verdict {
namespace {

Value Read(const std::string& json) {
  Value v;
  std::string error;
  EXPECT_TRUE(ParseTypedValue(json, &v, &error)) << json << ": " << error;
  return v;
}

std::string Error(const std::string& json) {
  Value v;
  std::string error;
  EXPECT_FALSE(ParseTypedValue(json, &v, &error)) << json;
  return error;
}

TEST(TypedJsonTest, ReadsEveryTag) {
  EXPECT_TRUE(Read(R"({"null": null})").is_null());
  EXPECT_TRUE(Read(R"({"bool": true})").as_bool());
  EXPECT_EQ(Read(R"({"int64": "-5"})").as_int(), -5);
  EXPECT_EQ(Read(R"({"int64": 7})").as_int(), 7);
  EXPECT_EQ(Read(R"({"uint64": "18446744073709551615"})").as_uint(),
            18446744073709551615ULL);
  EXPECT_EQ(Read(R"({"double": 2})").as_double(), 2.0);
  EXPECT_TRUE(std::isinf(Read(R"({"double": "-Infinity"})").as_double()));
  EXPECT_EQ(Read(R"({"string": "héllo"})").as_string(), "héllo");
  EXPECT_EQ(Read(R"({"bytes_b64": "aGk="})").as_bytes(), "hi");
  EXPECT_EQ(Read(R"({"decimal": "12.50"})").as_decimal().ToString(), "12.5");
  EXPECT_EQ(Read(R"({"date": "2026-11-24"})").kind(), Kind::kDate);
  EXPECT_EQ(Read(R"({"timestamp": "2026-11-24T10:00:00Z"})").kind(),
            Kind::kTimestamp);
  EXPECT_EQ(Read(R"({"duration": "90s"})").as_duration().seconds, 90);
  EXPECT_EQ(Read(R"({"type": "int"})").as_type(), "int");
  Value list = Read(R"({"list": [{"int64": "1"}, {"string": "a"}]})");
  ASSERT_EQ(list.as_list().size(), 2u);
  EXPECT_EQ(list.as_list()[1].as_string(), "a");
  Value map = Read(R"({"map": [[{"string": "k"}, {"bool": false}]]})");
  ASSERT_EQ(map.as_map().size(), 1u);
  EXPECT_EQ(map.as_map()[0].first.as_string(), "k");
}

TEST(TypedJsonTest, NamesWhatIsWrong) {
  EXPECT_EQ(Error(R"({"int64": "5x"})"), "bad int64 '5x'");
  EXPECT_EQ(Error(R"({"uint64": true})"), "uint64 needs a decimal string");
  EXPECT_EQ(Error(R"({"double": "x"})"), "bad double 'x'");
  EXPECT_EQ(Error(R"({"string": 5})"), "string needs a string");
  EXPECT_EQ(Error(R"({"bytes_b64": "***"})"), "bad base64");
  EXPECT_EQ(Error(R"({"decimal": "1.2.3"})"), "bad decimal '1.2.3'");
  EXPECT_EQ(Error(R"({"date": "2026-13-01"})"), "bad date '2026-13-01'");
  EXPECT_EQ(Error(R"({"timestamp": "soon"})"), "bad timestamp 'soon'");
  EXPECT_EQ(Error(R"({"duration": "long"})"), "bad duration 'long'");
  EXPECT_EQ(Error(R"({"list": 1})"), "list needs an array");
  EXPECT_EQ(Error(R"({"map": [[1]]})"), "map entries are [key, value] pairs");
  EXPECT_EQ(Error(R"({"zzz": 1})"), "unknown type tag 'zzz'");
  EXPECT_EQ(Error(R"({"a": 1, "b": 2})").rfind("a typed value is", 0), 0u);
}

// A double is written with a point or an exponent, so that a JSON reader
// takes it for a double: -0.0 keeps its sign, 1.0 is not the integer 1.
// Each written form reads back to the same double (and sign).
TEST(TypedJsonTest, DoublesKeepTheirPointAndSign) {
  EXPECT_EQ(FormatTypedValue(Value::Double(-0.0)), R"({"double": -0.0})");
  EXPECT_EQ(FormatTypedValue(Value::Double(1.0)), R"({"double": 1.0})");
  EXPECT_EQ(FormatTypedValue(Value::Double(0.1)), R"({"double": 0.1})");
  EXPECT_EQ(FormatTypedValue(Value::Double(2.5e300)),
            R"({"double": 2.5e+300})");
  for (double d : {-0.0, 0.0, 1.0, -3.0, 0.1, 1e21, 1e-7, 123456789.0}) {
    const Value back = Read(FormatTypedValue(Value::Double(d)));
    EXPECT_EQ(back.as_double(), d);
    EXPECT_EQ(std::signbit(back.as_double()), std::signbit(d)) << d;
  }
}

}  // namespace
}  // namespace verdict
