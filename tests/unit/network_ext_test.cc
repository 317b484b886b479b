// The network extension (src/evaluate/builtins_network_ext.cc): net.IP and
// net.CIDR values, their tests, containment and rendering.
#include <gtest/gtest.h>

#include "src/io/typed_json.h"
#include "tests/unit/expr_test_util.h"
#include "verdict/expression.h"

namespace verdict {
namespace {

using testing_util::Eval;

bool True(const std::string& src) {
  Value v = Eval(src);
  EXPECT_EQ(v.kind(), Kind::kBool) << src << " gave " << v.DebugString();
  return v.kind() == Kind::kBool && v.as_bool();
}

TEST(NetworkExtTest, AddressesAndPrefixes) {
  EXPECT_EQ(Eval("string(ip('2001:0DB8:0:0::1'))").as_string(), "2001:db8::1");
  EXPECT_TRUE(True("ip('10.1.2.3') == ip('::ffff:a01:203')"));
  EXPECT_FALSE(True("ip('10.1.2.3') == ip('10.1.2.4')"));
  EXPECT_TRUE(True("cidr('10.0.0.0/8').containsIP('10.255.0.1')"));
  EXPECT_FALSE(True("cidr('10.0.0.0/8').containsIP('11.0.0.1')"));
  EXPECT_TRUE(True("cidr('10.0.0.0/8').containsCIDR('10.4.0.0/14')"));
  EXPECT_FALSE(True("cidr('10.4.0.0/14').containsCIDR('10.0.0.0/8')"));
  EXPECT_EQ(Eval("string(cidr('10.1.2.3/13').masked())").as_string(),
            "10.0.0.0/13");
  EXPECT_EQ(Eval("string(cidr('2001:db8:ffff::1/35').masked())").as_string(),
            "2001:db8:e000::/35");
  EXPECT_EQ(Eval("cidr('2001:db8::/35').prefixLength()").as_int(), 35);
  EXPECT_TRUE(True("ip('fe80::9').isLinkLocalUnicast()"));
  EXPECT_FALSE(True("ip('10.0.0.1').isLoopback()"));
  EXPECT_EQ(FormatTypedValue(Eval("ip('10.0.0.1')")),
            "{\"net.IP\": \"10.0.0.1\"}");
}

TEST(NetworkExtTest, BadInputIsAnEvaluationError) {
  EXPECT_TRUE(Eval("ip('10.0.0.256')").is_error());
  EXPECT_TRUE(Eval("cidr('10.0.0.0/33')").is_error());
  EXPECT_TRUE(Eval("cidr('10.0.0.0/x')").is_error());
  EXPECT_TRUE(Eval("cidr('2001:db8::/129')").is_error());
  EXPECT_TRUE(Eval("ip('fe80::1%eth0')").is_error());
  EXPECT_FALSE(True("isIP('::ffff:1.2.3.4')"));
  EXPECT_TRUE(Eval("ip('10.0.0.1').prefixLength()").is_error());
}

}  // namespace
}  // namespace verdict
