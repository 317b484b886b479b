// The fast JSON Lines reader (src/io/flat_json.h) against the full one
// (ReadJsonRecordWithSimdjson, its reference, which shares no scanning code
// with it): on generated lines, plain and broken in every way the fast
// reader must decline (escapes, non-UTF-8 and control bytes, numbers JSON
// or the decimal type refuses, wrong kinds, nesting, undeclared and
// repeated keys, odd white space, trailing content, random byte edits),
// ReadJsonRecord() (the fast reader first, from slots left by an earlier
// record) gives the reference's error and slot values exactly, and so does
// the fast reader alone on every line it reads, in lax and
// strict packs; and the fast reader both reads and declines a good share.
// A line either reader reads holds only UTF-8 text (validation relies on it).
#include "src/io/flat_json.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "src/api/pack_access.h"
#include "src/evaluate/policy_eval.h"
#include "src/io/json_records.h"
#include "src/value/utf8.h"
#include "tests/unit/record_slots.h"
#include "tests/unit/test_util.h"

namespace verdict {
namespace {

const char* kPolicy = R"yaml(policy: p
record: r
fields:
  s: string?
  e: enum(gold, silver)?
  d: date?
  t: datetime?
  b: bool?
  i: int?
  m: money?
  x: double?
  l: list(string)?
  a_long_field_name_of_twenty_six: string?
outputs:
  out: bool
decisions:
  - id: d
    rules:
      - id: all
        then: {out: true}
)yaml";

std::shared_ptr<const Pack> Load(bool strict) {
  LoadOptions o;
  o.strict_fields = strict;
  return testing_util::LoadCleanPack(
      strict ? "flat_json_strict" : "flat_json_lax",
      {{"pack.yaml", "pack: f\nversion: '1'\nzone: '+08:00'\n"},
       {"p.yaml", kPolicy}},
      o);
}

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& from) {
  return from[rng() % from.size()];
}

// A value for field `name` (or an undeclared key): in a plain line, one
// of the field's kind that the fast reader reads; in a hostile line,
// mostly of the field's kind but from everything JSON and the reader meet,
// often of another kind.
std::string ValueFor(std::mt19937& rng, const std::string& name, bool hostile) {
  static const std::vector<std::string> kPlainStrings = {
      R"("")",
      R"("plain")",
      R"("gold")",
      R"("silver")",
      R"("2026-11-24")",
      R"("2026-11-24T08:30:00")",
      R"("a longer text than sixteen bytes")",
      "\"客户经理\"",
      "\"caf\xC3\xA9\"",
      "\"del\x7f\""};
  static const std::vector<std::string> kPlainNumbers = {
      "0",      "-0",     "1",   "12",   "-7",    "12.5",
      "0.0001", "199.99", "1e3", "1E+2", "2.5e-3"};
  static const std::vector<std::string> kStrings = {
      R"("Gold")",
      R"("2026-02-30")",
      R"("2026-11-24T08:30:00+08:00")",
      "\"bad \xC3\x28 byte\"",
      "\"\xED\xA0\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xC0\xAF\"",
      "\"over\xF0\x9F\x98\x80\"",
      R"("esc\"aped")",
      R"("back\\slash")",
      R"("\u00e9")",
      R"("\ud800")",
      "\"tab\there\"",
      "\"nul\x01\"",
      R"("unterminated)"};
  static const std::vector<std::string> kNumbers = {
      "-0.0e-0",
      "01",
      "-",
      "1.",
      ".5",
      "1e",
      "+1",
      "1e400",
      "0.1234567890123456789",
      "123456789012345678901234567890",
      "9223372036854775808",
      "0x10",
      "NaN",
      "Infinity"};
  static const std::vector<std::string> kOthers = {
      "true", "false",        "null",        "nul",          "True",
      "tru",  "nullx",        "[]",          R"(["a","b"])", R"(["a",1])",
      "{}",   R"({"k":"v"})", R"([[1e999]])"};
  const char c = name.empty() ? 's' : name[0];
  const bool text = c == 's' || c == 'e' || c == 'd' || c == 't' || c == 'a';
  const bool number = c == 'i' || c == 'm' || c == 'x';
  const int kind = hostile ? static_cast<int>(rng() % 10) : 0;
  if (kind < 6) {  // the field's own kind
    if (text) return Pick(rng, hostile && rng() % 2 ? kStrings : kPlainStrings);
    if (number)
      return Pick(rng, hostile && rng() % 2 ? kNumbers : kPlainNumbers);
    if (c == 'b') return rng() % 2 ? "true" : "false";
    if (c == 'l') return rng() % 2 ? R"(["a","b"])" : "[]";
    // An undeclared key: a plain scalar.
    return rng() % 2 ? Pick(rng, kPlainStrings) : Pick(rng, kPlainNumbers);
  }
  if (kind < 7) return "null";
  if (kind < 8) return Pick(rng, kStrings);
  if (kind < 9) return Pick(rng, kNumbers);
  return Pick(rng, kOthers);
}

// White space, or in a hostile line, bytes JSON does not count as such.
std::string Space(std::mt19937& rng, bool hostile) {
  static const std::vector<std::string> kSpace = {
      "", "", "", "", " ", "  ", "\t", "\r", "\n", "\f", "\v", "\xC2\xA0"};
  if (!hostile) return rng() % 8 ? "" : " ";
  return Pick(rng, kSpace);
}

// One generated record line: plain (only white space, the fields' own
// kinds and, in a lax pack, undeclared keys of plain scalars) or hostile.
std::string Line(std::mt19937& rng, bool hostile) {
  static const std::vector<std::string> kNames = {
      "s", "e", "d", "t", "b",
      "i", "m", "x", "l", "a_long_field_name_of_twenty_six"};
  static const std::vector<std::string> kOtherKeys = {
      "extra",
      "S",
      "s ",
      "",
      "a_long_field_name_of_twenty_sx",
      R"(\u0073)",
      "客户",
      "a_long_field_name_of_twenty_six_"};
  std::vector<std::string> keys;
  for (const auto& n : kNames) {
    // The list field (always declined) in one line of four or so.
    if (rng() % 4 != 0 && (n != "l" || rng() % 3 == 0)) keys.push_back(n);
  }
  // Each index drawn in its own statement: the order of two draws in one
  // call is the compiler's choice, and the lines must be the same under
  // every compiler. (No draw modulo an empty list's size.)
  if (rng() % 3 == 0 && !keys.empty()) {
    const size_t a = rng() % keys.size();
    const size_t b = rng() % keys.size();
    std::swap(keys[a], keys[b]);
  }
  if (rng() % (hostile ? 5 : 10) == 0) {
    const size_t at = rng() % (keys.size() + 1);
    keys.insert(keys.begin() + static_cast<std::ptrdiff_t>(at),
                Pick(rng, kOtherKeys));
  }
  if (hostile && rng() % 12 == 0 && !keys.empty())
    keys.push_back(keys[rng() % keys.size()]);
  // One draw per statement here too (the operands of + are unsequenced).
  std::string line = Space(rng, hostile);
  line += "{";
  for (size_t k = 0; k < keys.size(); ++k) {
    if (k > 0) {
      line += Space(rng, hostile);
      line += ",";
    }
    line += Space(rng, hostile);
    line += "\"" + keys[k] + "\"";
    line += Space(rng, hostile);
    line += ":";
    line += Space(rng, hostile);
    line += ValueFor(rng, keys[k], hostile);
  }
  line += Space(rng, hostile);
  line += "}";
  line += Space(rng, hostile);
  if (hostile && rng() % 25 == 0)
    line += Pick(rng, std::vector<std::string>{",", "{}", "x", "}"});
  // Random byte edits: a deletion, an insertion or a replacement.
  static const std::string kBytes =
      std::string("{}[]\":,\\ a0-.e\x80\xff", 16) + '\0';
  for (int edits = hostile && rng() % 8 == 0 ? 1 + static_cast<int>(rng() % 3)
                                             : 0;
       edits > 0; --edits) {
    if (line.empty()) break;
    const size_t at = rng() % line.size();
    const char b = kBytes[rng() % kBytes.size()];
    switch (rng() % 3) {
      case 0:
        line.erase(at, 1);
        break;
      case 1:
        line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), b);
        break;
      default:
        line[at] = b;
    }
  }
  return line;
}

using testing_util::LoadErrorText;
using testing_util::RecordSlotsText;

// Whether every text in the record slots (and in their lists) is UTF-8.
bool AllUtf8(const CompiledPolicy& p, const Frame& f) {
  for (size_t i = 0; i < p.fields.size(); ++i) {
    const Value& v = f.slot(static_cast<int>(i));
    std::vector<Value> texts = {v};
    if (v.kind() == Kind::kList) texts = v.as_list();
    for (const Value& t : texts) {
      if (t.kind() == Kind::kString &&
          FirstInvalidUtf8(t.as_string()) != std::string_view::npos)
        return false;
    }
  }
  return true;
}

void Differential(bool strict, uint32_t seed, int lines) {
  const auto pack = Load(strict);
  ASSERT_TRUE(pack);
  const PackImpl& impl = PackAccess::Impl(*pack);
  const CompiledPolicy& p = *impl.Find("p");
  EvalContext ctx;
  ctx.zone = &impl.zone;
  ctx.limits = &impl.limits;
  Frame fast(&ctx, p.frame_size), reference(&ctx, p.frame_size),
      alone(&ctx, p.frame_size);
  simdjson::ondemand::parser parser_a, parser_b;
  std::mt19937 rng(seed);
  int read = 0, declined = 0;
  // The key order the fast reader alone guesses from, learnt over the
  // lines before (their keys come in any order: most guesses are wrong).
  FlatKeyOrder order;
  order.For(p);
  for (int n = 0; n < lines; ++n) {
    const std::string text = Line(rng, rng() % 2 == 0);
    const simdjson::padded_string padded(text);
    const std::string_view line(padded.data(), text.size());
    // `fast` keeps the slots of the line before (texts, decimals, lists,
    // converted dates): ReadJsonRecord() must not depend on them.
    const auto got = ReadJsonRecord(p, parser_a, line, fast, strict);
    const auto want =
        ReadJsonRecordWithSimdjson(p, parser_b, line, reference, strict);
    ASSERT_EQ(LoadErrorText(got), LoadErrorText(want))
        << "line " << n << ": " << text;
    ASSERT_EQ(RecordSlotsText(p, fast), RecordSlotsText(p, reference))
        << "line " << n << ": " << text;
    // Validation does not scan JSON Lines texts again (Utf8Check): a line
    // either reader reads holds only UTF-8 text, escapes included.
    ASSERT_TRUE(want || AllUtf8(p, reference)) << text;
    // The fast reader alone, on every line (ReadJsonRecord() sits it out
    // after a run of declines), from whatever the lines before left in
    // `alone`, a declined one's partial reading included.
    if (ReadFlatJsonRecord(p, line, alone, strict, &order)) {
      ++read;
      ASSERT_EQ(LoadErrorText(want), "ok")
          << "read by the fast reader: " << text;
      ASSERT_EQ(RecordSlotsText(p, alone), RecordSlotsText(p, reference))
          << text;
      (void)ValidateRecord(p, alone);
    } else {
      ++declined;
    }
    // Validation may convert slots (a date text to a date): the next line
    // then starts from such values, as in a run.
    (void)ValidateRecord(p, fast);
  }
  // The generator reaches both answers, often.
  EXPECT_GT(read, lines / 10) << "declined " << declined;
  EXPECT_GT(declined, lines / 10) << "read " << read;
}

TEST(FlatJsonTest, AgreesWithTheFullReaderInALaxPack) {
  Differential(false, 20261207, 60000);
}

TEST(FlatJsonTest, AgreesWithTheFullReaderInAStrictPack) {
  Differential(true, 7, 60000);
}

TEST(FlatJsonTest, ReadsAPlainRecordAndDeclinesWhatItDoesNotRead) {
  const auto pack = Load(false);
  ASSERT_TRUE(pack);
  const PackImpl& impl = PackAccess::Impl(*pack);
  const CompiledPolicy& p = *impl.Find("p");
  EvalContext ctx;
  Frame f(&ctx, p.frame_size);
  auto read = [&](const std::string& line) {
    return ReadFlatJsonRecord(p, line, f, false);
  };
  EXPECT_TRUE(read(R"({"s":"x","m":12.50,"b":true,"unknown":3})"));
  EXPECT_EQ(f.slot(0).as_string(), "x");
  EXPECT_EQ(f.slot(6).as_decimal().ToString(), "12.5");
  EXPECT_TRUE(f.slot(5).is_null());  // not given
  EXPECT_TRUE(read(" { } "));
  EXPECT_TRUE(f.slot(0).is_null());
  for (const char* line :
       {R"({"s":"a\"b"})", R"({"l":["a"]})", R"({"s":1})", R"({"m":"1"})",
        R"({"s":"x","s":"y"})", R"({"m":01})", R"({"x":1e400})",
        R"({"unknown":[1]})", R"({"s":"x"} x)", R"({"s":"x",})",
        "{\"s\":\"\xC3\x28\"}", R"([])", ""}) {
    EXPECT_FALSE(read(line)) << line;
  }
}

TEST(FlatJsonTest, AGuessedKeyIsTakenOnlyWhenItsBytesAreExactlyTheKey) {
  const auto pack = Load(false);
  ASSERT_TRUE(pack);
  const CompiledPolicy& p = *PackAccess::Impl(*pack).Find("p");
  EvalContext ctx;
  Frame f(&ctx, p.frame_size);
  FlatKeyOrder order;
  order.For(p);  // the declared order: "s" first
  auto read = [&](const std::string& line) {
    return ReadFlatJsonRecord(p, line, f, false, &order);
  };
  ASSERT_TRUE(read(R"({"s":"x","m":1})"));
  EXPECT_EQ(f.slot(0).as_string(), "x");
  // Where "s" is guessed: a longer key is another (undeclared) key, and a
  // quote missing or misplaced declines the line.
  EXPECT_TRUE(read(R"({"sZ":"y","m":2})"));
  EXPECT_TRUE(f.slot(0).is_null());
  for (const char* line : {R"({"sZ:"y"})", R"({"s)", R"({"s")", R"({"s:"y"})",
                           R"({"s\u0022":"y"})", R"({"s" "y"})"}) {
    EXPECT_FALSE(read(line)) << line;
  }
  // After "m" came first, "m" is guessed first, "s" after it.
  ASSERT_TRUE(read(R"({"m":3,"s":"z"})"));
  EXPECT_EQ(order.after[0], 6);  // field m
  ASSERT_TRUE(read(R"({"m":4,"s":"w"})"));
  EXPECT_EQ(f.slot(0).as_string(), "w");
  EXPECT_EQ(f.slot(6).as_decimal().ToString(), "4");
}

}  // namespace
}  // namespace verdict
