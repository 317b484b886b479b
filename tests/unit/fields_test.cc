// Record fields as compiled: slots, defaults, patterns, checks.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include "src/compile/policy_build.h"
#include "src/evaluate/policy_eval.h"
#include "tests/unit/compile_test_util.h"

namespace verdict {
namespace {

using testing_util::CompilePolicyText;

// A policy of record `r` whose fields are `fields` (the lines under
// `fields:`) and whose one output reads none of them: for the tests of
// field validation below.
testing_util::CompiledPack CompileFields(const std::string& name,
                                         const std::string& fields) {
  return CompilePolicyText(name, "policy: p\nrecord: r\nfields:\n" + fields +
                                     R"yaml(outputs:
  o: bool?
decisions:
  - id: d
    rules:
      - id: k
        then: {o: true}
)yaml");
}

TEST(FieldsTest, SlotsInOrderThenWholeRecordAndAsOf) {
  auto c = CompilePolicyText("fields_ok", R"(policy: p
record: r
fields:
  a: int
  b: money?
  c: string = x
  d: {type: money, check: "> 0"}
  e: {type: string, pattern: "[0-9]+"}
outputs:
  o: int?
decisions:
  - id: d
    rules:
      - id: k
        then: {o: =r.a}
)");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  ASSERT_EQ(p.fields.size(), 5u);
  EXPECT_TRUE(p.fields[0].required);
  EXPECT_FALSE(p.fields[1].required);
  EXPECT_EQ(p.fields[2].default_value.as_string(), "x");
  EXPECT_TRUE(p.fields[3].has_check);
  EXPECT_EQ(p.fields[3].check_text, "> 0");
  EXPECT_EQ(p.fields[4].pattern_text, "[0-9]+");
  EXPECT_EQ(p.whole_record_slot, 5);
  EXPECT_EQ(p.as_of_slot, 6);
  EXPECT_EQ(p.check_slot, 7);
  EXPECT_EQ(p.info.fields.size(), 5u);
}

TEST(FieldsTest, ReportsBadTypesDefaultsAndPatterns) {
  auto c = CompilePolicyText("fields_bad", R"(policy: p
record: r
fields:
  a: integer
  b: int = x
  e: {type: string, pattern: "[0-9"}
outputs:
  o: int?
decisions:
  - id: d
    rules:
      - id: k
        then: {o: 1}
)");
  EXPECT_FALSE(c.pack);
  EXPECT_TRUE(c.Has("p.yaml:4:6: error:")) << c.Diags();
  EXPECT_TRUE(c.Has("default of 'b'")) << c.Diags();
  EXPECT_TRUE(c.Has("invalid pattern")) << c.Diags();
}

// Checks of one comparison or range run on the value itself (fast_check);
// a value of another kind falls back to evaluating the check. Either way
// the verdict and the message are the check's.
// A list field's default written inline: each item of the list's type.
TEST(FieldsTest, ListDefaultsAreWrittenInline) {
  auto c = CompilePolicyText("list_defaults", R"(policy: p
record: r
fields:
  none: list(int) = []
  ints: list(int) = [1, 2]
  texts: list(string) = ['a, b', "c", d]
  any: list = [x, 1, true]
outputs:
  o: string
decisions:
  - id: d
    rules:
      - id: k
        then: {o: x}
)");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  EXPECT_EQ(p.fields[0].default_value.DebugString(), "[]");
  EXPECT_EQ(p.fields[1].default_value.DebugString(), "[1, 2]");
  EXPECT_EQ(p.fields[2].default_value.DebugString(), R"(["a, b", "c", "d"])");
  EXPECT_EQ(p.fields[3].default_value.DebugString(), R"(["x", 1, true])");
  auto places = CompilePolicyText(
      "money_default_places",
      "policy: p\nrecord: r\nfields:\n  m: money = 1.1234\n  d: decimal "
      "= 1.12345\noutputs:\n  o: string\ndecisions:\n  - id: d\n    "
      "rules:\n      - id: k\n        then: {o: x}\n");
  EXPECT_TRUE(places.pack) << places.Diags();
  for (const auto& [type, why] :
       std::vector<std::pair<std::string, std::string>>{
           {"list(int) = [a]", "item 0: expected an integer, got string"},
           {"list(int) = [1, [2]]",
            "is not a list of values written [a, b, c]"},
           {"list(int) = [1,]", "is not a list of values written [a, b, c]"},
           // Money holds 4 places: a default beyond them is a pack error,
           // as a money output literal is (every record that left the
           // field out failed). Decimal holds 18.
           {"money = 1.12345",
            "money has at most 4 decimal places, got 1.12345"},
           {"list(money) = [1, 0.00001]",
            "money has at most 4 decimal places, got 0.00001"}}) {
    auto bad = CompilePolicyText(
        "list_default_bad", "policy: p\nrecord: r\nfields:\n  l: " + type +
                                "\noutputs:\n  o: string\ndecisions:\n  - "
                                "id: d\n    rules:\n      - id: k\n        "
                                "then: {o: x}\n");
    EXPECT_FALSE(bad.pack) << type;
    EXPECT_TRUE(bad.Has("p.yaml:4:")) << bad.Diags();
    EXPECT_TRUE(bad.Has("default of 'l': ")) << bad.Diags();
    EXPECT_TRUE(bad.Has(why)) << type << ": " << bad.Diags();
  }
}

TEST(FieldsTest, ChecksDecideWithAndWithoutTheFastForm) {
  auto c = CompileFields("fields_checks",
                         R"yaml(  amount: {type: money, check: "> 0"}
  n: {type: int, check: "[1..5)"}
)yaml");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  ASSERT_TRUE(p.fields[0].fast_check);
  ASSERT_TRUE(p.fields[1].fast_check);
  EvalContext ctx;
  struct Case {
    Value amount, n;
    const char* error;  // the field reported, or "" for a valid record
  };
  const Case cases[] = {
      {Value::Dec(*Decimal::Parse("0.01")), Value::Int(1), ""},
      {Value::Dec(*Decimal::Parse("0")), Value::Int(1), "amount"},
      {Value::Dec(*Decimal::Parse("-3.5")), Value::Int(4), "amount"},
      {Value::Int(2), Value::Int(4), ""},  // int taken as money
      {Value::Int(0), Value::Int(4), "amount"},
      {Value::Int(2), Value::Int(5), "n"},
      {Value::Int(2), Value::Int(0), "n"},
  };
  for (const Case& k : cases) {
    Frame f(&ctx, p.frame_size);
    f.slot(0) = k.amount;
    f.slot(1) = k.n;
    auto err = ValidateRecord(p, f);
    if (*k.error == 0) {
      EXPECT_FALSE(err) << err->message;
      continue;
    }
    ASSERT_TRUE(err) << k.amount.DebugString() << " " << k.n.DebugString();
    EXPECT_EQ(err->code, "invalid_value");
    EXPECT_EQ(err->field, k.error);
    EXPECT_NE(err->message.find("fails the check"), std::string::npos)
        << err->message;
  }
}

// A field pattern holds for the whole text (anchored at both ends), as the
// spec's `[0-9]{7,11}` for numbers means; RE2's anchored full match itself
// is the reference.
TEST(FieldsTest, PatternsMatchTheWholeText) {
  auto c = CompileFields("fields_pattern",
                         R"yaml(  number: {type: string, pattern: "[0-9]{7,11}"}
)yaml");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  EvalContext ctx;
  for (const char* text : {"1234567", "12345678901", "123456", "123456789012",
                           "12345678a", "a12345678", "1234 567", "",
                           "\xef\xbc\x91"
                           "234567"}) {
    Frame f(&ctx, p.frame_size);
    f.slot(0) = Value::StringOf(text);
    auto err = ValidateRecord(p, f);
    const bool want = RE2::FullMatch(text, RE2("[0-9]{7,11}"));
    EXPECT_EQ(!err, want) << text;
    if (err) {
      EXPECT_EQ(err->code, "invalid_value");
      EXPECT_EQ(err->field, "number");
      EXPECT_NE(err->message.find("does not match [0-9]{7,11}"),
                std::string::npos)
          << err->message;
    }
  }
}

// A pattern matches text: on a field of any other type it is a pack error
// at the pattern (it once loaded, then every record aborted the process
// with std::bad_variant_access). On a string or an enum it loads and holds.
TEST(FieldsTest, APatternNeedsATextField) {
  for (const char* type : {"int", "money", "decimal", "date", "datetime",
                           "bool", "double", "list(string)", "dyn", "int?"}) {
    auto c = CompileFields(
        "fields_pattern_type",
        std::string("  i: {type: \"") + type + "\", pattern: \"[0-9]{3}\"}\n");
    EXPECT_FALSE(c.pack) << type;
    EXPECT_TRUE(c.Has("p.yaml:4:") && c.Has(": error: a pattern matches text, "
                                            "but field 'i' is '"))
        << type << ": " << c.Diags();
  }
  auto c =
      CompileFields("fields_pattern_text",
                    "  s: {type: \"string?\", pattern: \"[a-z]+\"}\n"
                    "  e: {type: \"enum(ab, c)\", pattern: \"[a-z]{2}\"}\n");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  EvalContext ctx;
  Frame f(&ctx, p.frame_size);
  f.slot(0) = Value::StringOf("abc");
  f.slot(1) = Value::StringOf("c");
  auto err = ValidateRecord(p, f);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message, "field 'e': 'c' does not match [a-z]{2}");
}

// `required:` takes YAML's booleans only: `True`, `yes`, `~` or a list
// once made a required field optional silently. `required: true` beside a
// '?' or a default contradicts it: an error, not one of the two ignored.
TEST(FieldsTest, RequiredIsTrueOrFalse) {
  struct Case {
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {"{type: int, required: True}",
       "p.yaml:4:28: error: 'required' is true or false (unquoted), not "
       "'True' (write required: false to make the field optional)"},
      {"{type: int, required: yes}", "not 'yes'"},
      {"{type: int, required: maybe}", "not 'maybe'"},
      {"{type: int, required: ~}", "not null"},
      {"{type: int, required: [true]}", "not a list"},
      {"{type: int, required: \"true\"}", "not 'true' in quotes"},
      {"{type: \"int?\", required: true}",
       "p.yaml:4:31: error: field 'i' says 'required: true', but its type "
       "'int?' is optional: remove one of the two"},
      {"{type: \"int = 3\", required: true}",
       "field 'i' says 'required: true', but it has a default"},
      {"{type: int, default: 3, required: true}", "it has a default"},
  };
  for (const Case& c : cases) {
    auto compiled =
        CompileFields("fields_required", std::string("  i: ") + c.field + "\n");
    // The loader reports it: Pack::Load refuses the pack, which loads
    // with `required: false` in its place.
    auto policy = [](const std::string& field) {
      return "policy: p\nrecord: r\nfields:\n  i: " + field +
             "\noutputs:\n  o: int?\ndecisions:\n  - id: d\n    rules:\n"
             "      - id: k\n        then: {o: 1}\n";
    };
    LoadResult r = Pack::Load(testing_util::WritePack(
        "fields_required_load", {{"p.yaml", policy(c.field)}}));
    LoadResult fine = Pack::Load(testing_util::WritePack(
        "fields_required_fine",
        {{"p.yaml", policy("{type: int, required: false}")}}));
    EXPECT_TRUE(fine.ok()) << testing_util::DiagnosticsText(fine);
    EXPECT_FALSE(r.ok()) << c.field;
    EXPECT_TRUE(compiled.Has(c.message)) << c.field << ": " << compiled.Diags();
  }
  auto c = CompileFields("fields_required_ok",
                         "  a: {type: int, required: true}\n"
                         "  b: {type: int, required: false}\n"
                         "  c: {type: \"int?\", required: false}\n");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  EXPECT_TRUE(p.fields[0].required);
  EXPECT_FALSE(p.fields[1].required);
  EXPECT_FALSE(p.fields[2].required);
}

// An int field takes whole numbers of other kinds; a whole number beyond 64
// bits is reported as out of range, a fraction as not whole. (A double past
// int64 is range-checked before it is converted: the conversion itself
// would be undefined.)
TEST(FieldsTest, IntFieldsSayOutOfRangeOrNotWhole) {
  auto c = CompileFields("fields_int", R"yaml(  n: int
)yaml");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  EvalContext ctx;
  struct Case {
    Value in;
    const char* message;  // "" when taken, as `taken`
    int64_t taken;
  };
  const Case cases[] = {
      {Value::Dec(*Decimal::Parse("-9223372036854775808")), "", INT64_MIN},
      {Value::Dec(*Decimal::Parse("3.000")), "", 3},
      {Value::Double(3.0), "", 3},
      {Value::Uint(7), "", 7},
      {Value::Dec(*Decimal::Parse("9223372036854775808")),
       "field 'n': 9223372036854775808 is out of range for an int (64 bits)",
       0},
      {Value::Dec(*Decimal::Parse("1E+20")),
       "field 'n': 100000000000000000000 is out of range for an int (64 "
       "bits)",
       0},
      {Value::Uint(UINT64_MAX),
       "field 'n': 18446744073709551615 is out of range for an int (64 bits)",
       0},
      {Value::Double(-1e19),
       "field 'n': -1e+19 is out of range for an int (64 bits)", 0},
      {Value::Dec(*Decimal::Parse("1.5")),
       "field 'n': expected a whole number, got 1.5", 0},
      {Value::Double(2.5), "field 'n': expected a whole number", 0},
  };
  for (const Case& k : cases) {
    Frame f(&ctx, p.frame_size);
    f.slot(0) = k.in;
    auto err = ValidateRecord(p, f);
    if (*k.message == 0) {
      ASSERT_FALSE(err) << k.in.DebugString() << ": " << err->message;
      EXPECT_EQ(f.slot(0).as_int(), k.taken);
      continue;
    }
    ASSERT_TRUE(err) << k.in.DebugString();
    EXPECT_EQ(err->code, "invalid_value");
    EXPECT_EQ(err->field, "n");
    EXPECT_EQ(err->message, k.message);
  }
}

// Money has 4 decimal places; a decimal field (such as a share) takes all
// a Decimal holds (18), as its Arrow type decimal128(38, 18) does.
TEST(FieldsTest, MoneyFieldsTakeFourPlacesDecimalFieldsEighteen) {
  auto c = CompileFields("fields_places", R"yaml(  m: money?
  d: decimal?
)yaml");
  ASSERT_TRUE(c.pack) << c.Diags();
  const CompiledPolicy& p = *c.pack->policies[0];
  EvalContext ctx;
  const char* places[] = {"0.1234", "0.12345", "0.123456789012345678"};
  for (int field = 0; field < 2; ++field) {
    for (const char* text : places) {
      Frame f(&ctx, p.frame_size);
      f.slot(field) = Value::Dec(*Decimal::Parse(text));
      auto err = ValidateRecord(p, f);
      bool money_too_precise = field == 0 && std::string(text) != "0.1234";
      ASSERT_EQ(err.has_value(), money_too_precise) << field << " " << text;
      if (err) {
        EXPECT_EQ(err->code, "invalid_value");
        EXPECT_EQ(err->field, "m");
        EXPECT_EQ(err->message,
                  std::string("field 'm': money has at most 4 decimal "
                              "places, got ") +
                      text);
      } else {
        EXPECT_EQ(f.slot(field).as_decimal().ToString(), text);
      }
    }
  }
}

}  // namespace
}  // namespace verdict
