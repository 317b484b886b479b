// A record with several faults is refused for the first faulty field in the
// policy's field order, whichever step finds the fault (the JSON reader's
// type and range tests, validation's required fields, enums and checks) and
// whatever order the line lists its keys in: ValidateLoaded
// (src/evaluate/policy_eval.h), on the JSON Lines path and the FieldMap
// path alike. The reference is the generator's own choice per field.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

const char* kPolicy = R"yaml(policy: p
record: r
fields:
  a: int
  b: money
  c: enum(x, y)
  d: {type: int, check: "> 0"}
  e: string
outputs:
  o: int
decisions:
  - id: k
    rules:
      - id: one
        then: {o: 1}
)yaml";

enum State { kOk, kMissing, kWrongType, kBadValue };

struct FieldCase {
  const char* name;
  // JSON text of the value per state (kMissing: unused; null: no such
  // state for this field).
  std::array<const char*, 4> json;
};

// a and e have no bad value of their own type here.
const FieldCase kFields[] = {
    {"a", {"1", nullptr, "\"q\"", nullptr}},
    {"b", {"2", nullptr, "\"q\"", "1e40"}},  // beyond the decimal range
    {"c", {"\"x\"", nullptr, "5", "\"z\""}},
    {"d", {"1", nullptr, "\"q\"", "-1"}},  // fails its check
    {"e", {"\"s\"", nullptr, "5", nullptr}},
};

// The same value as a FieldMap holds it; a number beyond the decimal range
// is an error Value, as the Python binding passes it.
Value MapValue(const std::string& field, State s) {
  if (s == kWrongType)
    return field == "c" || field == "e" ? Value::Int(5) : Value::String("q");
  if (s == kBadValue) {
    if (field == "b") return Value::Error("1e40 is out of range");
    if (field == "c") return Value::String("z");
    return Value::Int(-1);
  }
  if (field == "c") return Value::String("x");
  if (field == "e") return Value::String("s");
  return Value::Int(field == "b" ? 2 : 1);
}

std::string Expected(const std::vector<State>& states) {
  for (size_t i = 0; i < states.size(); ++i) {
    const std::string name = kFields[i].name;
    switch (states[i]) {
      case kOk:
        continue;
      case kMissing:
        return "missing_field " + name;
      case kWrongType:
        return "wrong_type " + name;
      case kBadValue:
        return "invalid_value " + name;
    }
  }
  return "decided";
}

std::string Got(const Decision& d) {
  if (d.ok()) return "decided";
  return d.error->code + " " + d.error->field;
}

TEST(RecordFaultOrderTest, TheFirstFaultyFieldInThePolicysOrderIsNamed) {
  auto pack = testing_util::LoadCleanPack(
      "fault_order", {{"pack.yaml", "pack: f\nversion: '1'\nzone: '+08:00'\n"},
                      {"p.yaml", kPolicy}});
  ASSERT_TRUE(pack);
  std::mt19937 rng(20261206);
  int several = 0;
  for (int n = 0; n < 600; ++n) {
    std::vector<State> states;
    std::vector<std::string> members;
    FieldMap map;
    for (const FieldCase& f : kFields) {
      State s;
      do {
        s = static_cast<State>(rng() % 4);
      } while (s != kMissing && s != kOk && f.json[s] == nullptr);
      // Mostly faults, so that most records have several.
      if (s == kOk && rng() % 2) s = kMissing;
      states.push_back(s);
      if (s == kMissing) continue;
      members.push_back("\"" + std::string(f.name) + "\":" + f.json[s]);
      map[f.name] = MapValue(f.name, s);
    }
    several += std::count_if(states.begin(), states.end(),
                             [](State s) { return s != kOk; }) > 1;
    std::shuffle(members.begin(), members.end(), rng);
    std::string line = "{";
    for (size_t i = 0; i < members.size(); ++i)
      line += (i ? "," : "") + members[i];
    line += "}";
    const std::string want = Expected(states);
    auto json = pack->EvaluateJsonLines("p", line + "\n", {});
    ASSERT_EQ(json.size(), 1u);
    EXPECT_EQ(Got(json[0]), want) << line;
    EXPECT_EQ(Got(pack->Evaluate("p", map, {})), want) << line;
  }
  EXPECT_GT(several, 300);  // the generator makes records with several
}

// A key the policy does not declare is a strict pack's error before any
// value's fault, in JSON Lines and in a FieldMap.
TEST(RecordFaultOrderTest, AnUnknownKeyComesBeforeValueFaults) {
  LoadOptions o;
  o.strict_fields = true;
  LoadResult r =
      Pack::Load(testing_util::WritePack(
                     "fault_order_strict",
                     {{"pack.yaml", "pack: f\nversion: '1'\nzone: '+08:00'\n"},
                      {"p.yaml", kPolicy}}),
                 o);
  ASSERT_TRUE(r.pack);
  for (const char* line : {R"({"a":"q","zz":1})", R"({"zz":1,"a":"q"})"}) {
    auto ds = r.pack->EvaluateJsonLines("p", std::string(line) + "\n", {});
    ASSERT_EQ(ds.size(), 1u);
    EXPECT_EQ(Got(ds[0]), "unknown_field zz") << line;
  }
  FieldMap map = {{"a", Value::String("q")}, {"zz", Value::Int(1)}};
  EXPECT_EQ(Got(r.pack->Evaluate("p", map, {})), "unknown_field zz");
}

}  // namespace
}  // namespace verdict
