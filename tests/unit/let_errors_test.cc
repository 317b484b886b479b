// A let whose expression fails (docs/errors.md, kind 4): the error is a
// value, named after the let, that fails the record only where it is used
// and not absorbed: a guarded use (`r.b != 0 && ratio > 2`) or no use at all
// decides the record; an unguarded condition, an output, a let built on it
// or a function argument fails it with the let's name.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/test_util.h"
#include "verdict/engine.h"

namespace verdict {
namespace {

const char* kPolicy = R"yaml(policy: p
record: r
fields:
  a: money
  b: money
  use: enum(guarded, unused, condition, output, derived, argument)
outputs:
  out: string
let:
  ratio: r.a / r.b
  twice: ratio * 2
decisions:
  - id: d
    hit: first
    rules:
      - id: guarded
        when: [r.use == 'guarded', r.b != 0 && ratio > 2]
        then: {out: high}
      - id: condition
        when: [r.use == 'condition', ratio > 2]
        then: {out: high}
      - id: output
        when: r.use == 'output'
        then: {out: =string(ratio)}
      - id: derived
        when: r.use == 'derived'
        then: {out: =string(twice)}
      - id: argument
        when: r.use == 'argument'
        then: {out: =band(ratio)}
      - id: otherwise
        then: {out: low}
functions:
  band:
    params: {x: money}
    returns: {band: string}
    hit: first
    table:
      when: [x]
      then: [band]
      rows:
        low: ["< 10", small]
        high: ["-", large]
)yaml";

std::string Decide(const std::string& use, int b, bool trace) {
  static const auto pack = [] {
    LoadResult r = Pack::Load(testing_util::WritePack(
        "let_errors", {{"pack.yaml", "pack: l\nversion: '1'\nzone: '+08:00'\n"},
                       {"p.yaml", kPolicy}}));
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
    return r.pack;
  }();
  EvalOptions o;
  o.trace = trace;
  auto ds = pack->EvaluateJsonLines(
      "p",
      R"({"a":10,"b":)" + std::to_string(b) + R"(,"use":")" + use + "\"}\n", o);
  if (ds.size() != 1) return "no decision";
  if (!ds[0].ok()) return ds[0].error->code + ": " + ds[0].error->message;
  return ds[0].Get("out")->as_string();
}

TEST(LetErrorsTest, AnAbsorbedOrUnusedLetErrorDecidesTheRecord) {
  for (bool trace : {false, true}) {
    EXPECT_EQ(Decide("guarded", 0, trace), "low");
    EXPECT_EQ(Decide("guarded", 1, trace), "high");
    EXPECT_EQ(Decide("unused", 0, trace), "low");
  }
}

TEST(LetErrorsTest, AnUnabsorbedLetErrorFailsTheRecordByName) {
  const std::string why = "let 'ratio': divide by zero";
  for (bool trace : {false, true}) {
    for (const char* use : {"condition", "output", "derived", "argument"}) {
      std::string got = Decide(use, 0, trace);
      EXPECT_EQ(got.rfind("evaluation_error: decision 'd', rule '" +
                              std::string(use) + "': " + why,
                          0),
                0u)
          << use << ": " << got;
    }
    // The same uses decide when b is not zero.
    EXPECT_EQ(Decide("condition", 1, trace), "high");
    EXPECT_EQ(Decide("output", 4, trace), "2.5");
    EXPECT_EQ(Decide("derived", 4, trace), "5");
    EXPECT_EQ(Decide("argument", 4, trace), "small");
  }
}

}  // namespace
}  // namespace verdict
