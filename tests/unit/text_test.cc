// The shared text helpers: one Trim, one JSON string escaper.
#include "src/value/text.h"

#include <gtest/gtest.h>

namespace verdict {
namespace {

TEST(TextTest, TrimRemovesYamlWhitespaceAndLineBreaksOnly) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim("\t\n"), "");
  EXPECT_EQ(Trim(""), "");
  // Form feed and vertical tab are content, as YAML and CEL see them.
  EXPECT_EQ(Trim("\fa\v"), "\fa\v");
  std::string_view s = " x ";
  EXPECT_EQ(TrimView(s).data(), s.data() + 1);  // a view, no copy
}

TEST(TextTest, AppendJsonStringEscapesQuotesBackslashesAndControls) {
  std::string out = "[";
  AppendJsonString("a\"b\\c\n\r\t\x01 é", &out);
  EXPECT_EQ(out, "[\"a\\\"b\\\\c\\n\\r\\t\\u0001 é\"");
}

}  // namespace
}  // namespace verdict
