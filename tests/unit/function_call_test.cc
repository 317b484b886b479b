// Policy function calls (FunctionDecision, src/evaluate/policy_eval.cc): a
// call whose arguments are slots or constants passes them in place
// (Callable::CallInPlace), one with computed arguments passes copies
// (Call), and a traced call takes the general path (the function's
// decision run on a frame). Over generated records, including arguments
// the function converts or refuses and rows none of which match, all three
// decide the same.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;
using testing_util::DecisionText;

const char* kPolicy = R"yaml(policy: p
record: r
fields:
  a: money?
  b: string?
  n: int?
outputs:
  in_place: string?
  copied: string?
  constant: string?
functions:
  band:
    params:
      amount: money
      branch: enum(city, county)
    returns:
      approver: string
    hit: first
    table:
      when: [amount, branch]
      then: [approver]
      rows:
        county_below_200: ["< 200", county, county_head]
        below_200: ["< 200", "-", department_head]
        from_200: ["[200..500)", city, deputy_manager]
        from_500: [">= 500", "-", general_manager]
decisions:
  - id: d
    rules:
      - id: only
        then:
          in_place: =band(r.a, r.b)
          copied: "=band(r.a * 1, r.b + '')"
  - id: e
    rules:
      - id: only
        then:
          constant: "=band(r.n, 'county')"
)yaml";

TEST(FunctionCallTest, InPlaceCopiedAndTracedCallsDecideAlike) {
  auto c = CompilePolicyText("function_call", kPolicy);
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  auto money = [](const char* t) { return Value::Dec(*Decimal::Parse(t)); };
  const std::vector<Value> as = {
      Value(),           money("0"),   money("199.99"), money("200"),
      money("499.9999"), money("500"), money("-5"),     money("1000000")};
  const std::vector<Value> bs = {Value(), Value::String("city"),
                                 Value::String("county"),
                                 Value::String("other"), Value::String("")};
  const std::vector<Value> ns = {Value(), Value::Int(150), Value::Int(700)};
  int decided = 0, errors = 0, same = 0;
  for (const Value& a : as) {
    for (const Value& b : bs) {
      for (const Value& n : ns) {
        const std::vector<Value> fields = {a, b, n};
        const std::string fast = DecisionText(p, fields, false);
        EXPECT_EQ(fast, DecisionText(p, fields, true))
            << a.DebugString() << " " << b.DebugString() << " "
            << n.DebugString();
        if (fast.starts_with("error")) {
          ++errors;
          continue;
        }
        ++decided;
        // In place and copied arguments name the same approver.
        const size_t i = fast.find("in_place="), k = fast.find("copied=");
        ASSERT_NE(i, std::string::npos);
        ASSERT_NE(k, std::string::npos);
        const std::string x = fast.substr(i + 9, fast.find(' ', i) - i - 9);
        const std::string y = fast.substr(k + 7, fast.find(' ', k) - k - 7);
        same += x == y;
        EXPECT_EQ(x, y) << fast;
      }
    }
  }
  EXPECT_GT(decided, 20);
  EXPECT_GT(errors, 20);
  EXPECT_EQ(same, decided);
}

}  // namespace
}  // namespace verdict
