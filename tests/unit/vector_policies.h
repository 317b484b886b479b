// The generated policies of the vector path's differential tests
// (arrow_vector_generated_test.cc from Arrow, arrow_vector_records_test.cc
// from JSON Lines): lets, a collect, a first hit with computed outputs, a
// function on a decimal and an enum, conditions of every kernel (decimals
// with coded lets of numbers, null and text); `unset` leaves two outputs
// null throughout. With `records` (only JSON Lines takes them), an int, a
// date and a text that is new on most rows (its memo goes per row).
#ifndef VERDICT_TESTS_UNIT_VECTOR_POLICIES_H_
#define VERDICT_TESTS_UNIT_VECTOR_POLICIES_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "verdict/engine.h"

namespace verdict {

// A fresh directory for a generated pack, its pack.yaml written: under
// the temporary directory, named by `name` and the process.
inline std::filesystem::path GeneratedPackDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("verdict_" + name + "_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "pack.yaml")
      << "pack: g\nversion: \"1\"\nzone: \"+08:00\"\n";
  return dir;
}

// The tests' as-of date (2026-11-24), column at a time or record by record
// (EvalOptions::columnar).
inline EvalOptions VectorOptions(bool columnar) {
  EvalOptions o;
  o.as_of = *Date::Parse("2026-11-24");
  o.columnar = columnar;
  return o;
}

inline const char* kHeader = R"yaml(policy: gen
record: r
fields:
  a: money
  b: money = 0
  c: money?
  k: enum(x, y, z)
  flag: bool = false
  s: string?
%FIELDS%outputs:
  tags: list(string)
  level: enum(l1, l2, l3)
  amount: money?
  label: string?
let:
  total: r.a + r.b
  pick: "r.k == 'x' ? 1.5 : (r.k == 'y' ? null : 100)"
  tag: "r.k == 'z' ? 'text' : 2"
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

inline std::string Condition(std::mt19937& rng, int depth, bool records) {
  const std::vector<std::string> money = {"r.a", "r.b", "total", "r.c"};
  const unsigned simple = records ? 9 : 8;  // kinds of leaf
  const unsigned kind = rng() % (depth < 2 ? simple + 2 : simple);
  switch (kind) {
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
    case 7: {
      const std::string d = Pick(rng, money), c = Pick(rng, {"pick", "tag"});
      const std::string op = Pick(rng, {"<", "<=", ">", ">=", "==", "!="});
      return rng() % 2 ? d + " " + op + " " + c : c + " " + op + " " + d;
    }
  }
  if (kind < simple) {  // 8: the records' own fields
    return Pick(rng, {"r.n > 1", "r.n == 2", "r.n + 1 == 3",
                      "has(r.d) && r.d < as_of", "r.d == as_of",
                      "size(r.id) > 4", "r.id.startsWith('A1')", "!has(r.id)"});
  }
  const std::string a = Condition(rng, depth + 1, records);
  const std::string b = Condition(rng, depth + 1, records);
  return "(" + a + ")" + (rng() % 2 ? " && " : " || ") + "(" + b + ")";
}

inline std::string Policy(std::mt19937& rng, bool unset, bool records = false) {
  std::string text = kHeader;
  text.replace(text.find("%FIELDS%"), 8,
               records ? "  n: int = 0\n  d: date?\n  id: string?\n" : "");
  text += "  - id: tags\n    hit: collect\n    into: tags\n    rules:\n";
  for (int i = 0; i < 2; ++i) {
    std::string c = Condition(rng, 0, records);
    while (c.find("size(tags)") != std::string::npos)
      c = Condition(rng, 0, records);
    text += "      - id: t" + std::to_string(i) + "\n        when: \"" + c +
            "\"\n        then: tag" + std::to_string(i) + "\n";
  }
  text += "  - id: main\n    hit: first\n    rules:\n";
  const int rules = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < rules; ++i) {
    text += "      - id: m" + std::to_string(i) + "\n";
    if (i < rules - 1)
      text += "        when: \"" + Condition(rng, 0, records) + "\"\n";
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
