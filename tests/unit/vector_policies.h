// The generated policies of the vector path's differential tests
// (arrow_vector_generated_test.cc from Arrow, arrow_vector_records_test.cc
// from JSON Lines): lets, a collect, a first hit with computed outputs, a
// function on a decimal and an enum, conditions of every kernel; `unset`
// leaves two outputs null throughout.
#ifndef VERDICT_TESTS_UNIT_VECTOR_POLICIES_H_
#define VERDICT_TESTS_UNIT_VECTOR_POLICIES_H_

#include <random>
#include <string>
#include <vector>

namespace verdict {

inline const char* kHeader = R"yaml(policy: gen
record: r
fields:
  a: money
  b: money = 0
  c: money?
  k: enum(x, y, z)
  flag: bool = false
  s: string?
outputs:
  tags: list(string)
  level: enum(l1, l2, l3)
  amount: money?
  label: string?
let:
  total: r.a + r.b
functions:
  band:
    params:
      v: money
      k: enum(x, y, z)
    returns:
      out: string
    hit: first
    table:
      when: [v, k]
      then: [out]
      rows:
        r1: ["< 1", x, low_x]
        r2: ["[1..100)", "-", mid]
        r3: ["-", "-", high]
decisions:
)yaml";

inline std::string Pick(std::mt19937& rng,
                        const std::vector<std::string>& from) {
  return from[rng() % from.size()];
}

inline std::string Condition(std::mt19937& rng, int depth) {
  const std::vector<std::string> money = {"r.a", "r.b", "total", "r.c"};
  switch (rng() % (depth < 2 ? 9 : 7)) {
    case 0:
      return Pick(rng, money) + " " + Pick(rng, {"<", "<=", ">", ">=", "=="}) +
             " " + Pick(rng, {"0", "1", "2.5", "-1", "100"});
    case 1:
      return "r.k == '" + Pick(rng, {"x", "y", "z"}) + "'";
    case 2:
      return Pick(rng, {"r.flag", "!r.flag", "has(r.c)", "!has(r.s)"});
    case 3:
      return "r.s == '" + Pick(rng, {"v", ""}) + "'";
    case 4:
      return "band(" + Pick(rng, money) + ", r.k) == '" +
             Pick(rng, {"low_x", "mid", "high"}) + "'";
    case 5:
      return "size(tags) > " + Pick(rng, {"0", "1"});
    case 6:
      return "r.k in ['x', 'z']";
    case 7:
      return "(" + Condition(rng, depth + 1) + ") && (" +
             Condition(rng, depth + 1) + ")";
    default:
      return "(" + Condition(rng, depth + 1) + ") || (" +
             Condition(rng, depth + 1) + ")";
  }
}

inline std::string Policy(std::mt19937& rng, bool unset) {
  std::string text = kHeader;
  text += "  - id: tags\n    hit: collect\n    into: tags\n    rules:\n";
  for (int i = 0; i < 2; ++i) {
    std::string c = Condition(rng, 0);
    while (c.find("size(tags)") != std::string::npos) c = Condition(rng, 0);
    text += "      - id: t" + std::to_string(i) + "\n        when: \"" + c +
            "\"\n        then: tag" + std::to_string(i) + "\n";
  }
  text += "  - id: main\n    hit: first\n    rules:\n";
  const int rules = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < rules; ++i) {
    text += "      - id: m" + std::to_string(i) + "\n";
    if (i < rules - 1) text += "        when: \"" + Condition(rng, 0) + "\"\n";
    text += "        then:\n          level: " + Pick(rng, {"l1", "l2", "l3"}) +
            "\n";
    if (unset) continue;  // amount and label: null throughout
    text += "          amount: " +
            Pick(rng, {"\"=r.a\"", "\"=total\"", "\"=r.c\"", "1.5", "null"}) +
            "\n";
    text += "          label: " +
            Pick(rng, {"\"=r.s\"", "fixed", "null", "\"=band(total, r.k)\""}) +
            "\n";
  }
  return text;
}

}  // namespace verdict

#endif  // VERDICT_TESTS_UNIT_VECTOR_POLICIES_H_
