// The encoders extension (base64) and the bindings and block macros
// (cel.bind, cel.block), which the parser expands into comprehensions.
#include <gtest/gtest.h>

#include "verdict/expression.h"

namespace verdict {
namespace {

Value Eval(const std::string& src,
           const std::map<std::string, Value>& bindings = {},
           const std::map<std::string, std::string>& types = {}) {
  ExpressionResult r = EvaluateExpression(src, bindings, types);
  EXPECT_EQ(r.compile_error, "") << src;
  return r.value;
}

TEST(EncodersExtTest, Base64) {
  // RFC 4648 section 10's test vectors.
  const std::pair<const char*, const char*> kVectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, coded] : kVectors) {
    EXPECT_EQ(Eval(std::string("base64.encode(b'") + plain + "')").as_string(),
              coded);
    EXPECT_EQ(Eval(std::string("base64.decode('") + coded + "')").as_bytes(),
              plain);
  }
  EXPECT_EQ(Eval("base64.decode('Zm9vYg')").as_bytes(), "foob");  // unpadded
  EXPECT_EQ(Eval("base64.encode(b'\\xff\\xfe')").as_string(), "//4=");
  EXPECT_TRUE(Eval("base64.decode('Zm9v!')").is_error());
  EXPECT_TRUE(Eval("base64.decode('Z')").is_error());
  EXPECT_NE(EvaluateExpression("base64.encode('text')", {}, {}).compile_error,
            "");
}

TEST(BindingsExtTest, BindNamesAValue) {
  EXPECT_EQ(Eval("cel.bind(x, 20, x * x + x)").as_int(), 420);
  EXPECT_TRUE(Eval("cel.bind(a, [1, 2], cel.bind(b, [2, 3], "
                   "a.exists(e, e in b) && !b.all(e, e in a)))")
                  .as_bool());
  // The bound name shadows a variable of the same name.
  EXPECT_EQ(
      Eval("cel.bind(x, 1, x) + x", {{"x", Value::Int(10)}}, {{"x", "int"}})
          .as_int(),
      11);
  // The body keeps its own static type (a bool, not the list bound).
  EXPECT_NE(EvaluateExpression("cel.bind(l, [1], size(l) > 0) + 1", {}, {})
                .compile_error,
            "");
  EXPECT_NE(EvaluateExpression("cel.bind(1, 2, 3)", {}, {}).compile_error, "");
}

TEST(BlockExtTest, IndexesReferToEarlierEntries) {
  EXPECT_EQ(Eval("cel.block([2, cel.index(0) * 10, cel.index(1) + 1], "
                 "cel.index(2) - cel.index(0))")
                .as_int(),
            19);
  EXPECT_EQ(Eval("cel.block([[1, 2, 3]], cel.index(0).map(cel.iterVar(0, 0), "
                 "cel.iterVar(0, 0) * 2))")
                .as_list()
                .size(),
            3u);
  // An index beyond the block is not a name.
  EXPECT_NE(
      EvaluateExpression("cel.block([1], cel.index(1))", {}, {}).compile_error,
      "");
}

}  // namespace
}  // namespace verdict
