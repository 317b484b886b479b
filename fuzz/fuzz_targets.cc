#include "fuzz/fuzz_targets.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/api/pack_access.h"
#include "src/io/flat_json.h"
#include "src/io/inflate.h"
#include "src/io/json_check.h"
#include "src/io/json_records.h"
#include "tests/unit/deflate_util.h"
#include "tests/unit/record_slots.h"
#include "verdict/engine.h"
#include "verdict/expression.h"
#include "verdict/testing.h"

namespace verdict::fuzz {
namespace {

// A failed property: say which and abort, so libFuzzer keeps the input.
[[noreturn]] void Fail(const std::string& what, std::string_view detail) {
  std::fprintf(stderr, "fuzz property failed: %s\n%.*s\n", what.c_str(),
               static_cast<int>(detail.size() > 2000 ? 2000 : detail.size()),
               detail.data());
  std::abort();
}

Date AsOf() { return *Date::Parse("2026-11-24"); }

// Every decision the engine writes is one valid JSON object (RFC 8259:
// money beyond 64 bits is a JSON number too, which simdjson alone refuses).
void CheckJson(const std::string& json) {
  if (!json.starts_with('{') || !IsOneJsonValue(json)) {
    Fail("ToJson wrote invalid JSON", json);
  }
}

// Lines as Pack::EvaluateJsonLines counts them: a leading BOM is skipped, a
// final newline does not start another line.
size_t CountLines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (text.empty()) return 0;
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n + (text.back() != '\n');
}

// The fast JSON Lines reader (src/io/flat_json.h), tried first by every
// JSON path, reads each line of `input` as the full reader does (its
// reference): through ReadJsonRecord(), the same error and slot values;
// alone (ReadJsonRecord() sits it out after a run of declines), the same
// slot values for every line it reads. Both from slots earlier lines left.
void CheckFlatReader(const Pack& pack, const std::string& policy,
                     std::string_view input, bool strict) {
  const PackImpl& impl = PackAccess::Impl(pack);
  const CompiledPolicy& p = *impl.Find(policy);
  EvalContext ctx;
  ctx.zone = &impl.zone;
  ctx.limits = &impl.limits;
  Frame fast(&ctx, p.frame_size), alone(&ctx, p.frame_size),
      reference(&ctx, p.frame_size);
  simdjson::ondemand::parser a, b;
  const simdjson::padded_string padded(input);
  FlatKeyOrder order;  // learnt over the input's lines
  order.For(p);
  for (std::string_view line :
       SplitLines(std::string_view(padded.data(), input.size()))) {
    const auto got = ReadJsonRecord(p, a, line, fast, strict);
    const auto want = ReadJsonRecordWithSimdjson(p, b, line, reference, strict);
    using testing_util::LoadErrorText;
    using testing_util::RecordSlotsText;
    const std::string slots = RecordSlotsText(p, reference);
    const bool same = LoadErrorText(got) == LoadErrorText(want) &&
                      RecordSlotsText(p, fast) == slots;
    if (!same) Fail("the fast JSON reader differs from simdjson's", line);
    if (ReadFlatJsonRecord(p, line, alone, strict, &order) &&
        (want || RecordSlotsText(p, alone) != slots)) {
      Fail("the flat JSON reader alone differs from simdjson's", line);
    }
  }
}

}  // namespace

void RunExpression(std::string_view input) {
  static const std::map<std::string, Value> bindings = [] {
    std::map<std::string, Value> b;
    b["x"] = Value::Int(7);
    b["u"] = Value::Uint(3);
    b["f"] = Value::Double(2.5);
    b["m"] = Value::Dec(*Decimal::Parse("199.99"));
    b["s"] = Value::String("13800138000");
    b["d"] = Value::DateOf(*Date::Parse("2026-02-28"));
    b["t"] = Value::TimestampOf(
        *Timestamp::Parse("2026-11-20T18:30:00+08:00", Zone::Fixed(8 * 3600)));
    b["l"] = Value::ListOf({Value::Int(1), Value::Int(2), Value::Int(3)});
    b["n"] = Value::MapOf(
        {{Value::String("a"), Value::Int(1)},
         {Value::String("b"), Value::ListOf({Value::String("c")})}});
    b["z"] = Value();
    return b;
  }();
  static const std::map<std::string, std::string> types = {
      {"x", "int"},       {"u", "uint"},      {"f", "double"},
      {"m", "decimal"},   {"s", "string"},    {"d", "date"},
      {"t", "timestamp"}, {"l", "list(int)"}, {"n", "map(string, dyn)"}};
  for (bool check : {true, false}) {
    ExpressionOptions opt;
    opt.check = check;
    opt.zone = Zone::Fixed(8 * 3600);
    ExpressionResult r = EvaluateExpression(input, bindings, types, opt);
    if (!r.compile_error.empty() && !r.value.is_null()) {
      Fail("a compile error came with a value", r.compile_error);
    }
    if (r.compile_error.empty()) (void)r.value.DebugString();
  }
}

void RunRecords(std::string_view input) {
  struct Packs {
    std::shared_ptr<const Pack> lenient, strict;
  };
  static const Packs packs = [] {
    Packs p;
    LoadResult lenient = Pack::Load(VERDICT_SOURCE_DIR "/rules/bss");
    LoadOptions strict_options;
    strict_options.strict_fields = true;
    LoadResult strict =
        Pack::Load(VERDICT_SOURCE_DIR "/rules/bss", strict_options);
    if (!lenient.ok() || !strict.ok()) Fail("rules/bss does not load", "");
    p.lenient = lenient.pack;
    p.strict = strict.pack;
    return p;
  }();
  const size_t lines = CountLines(input);
  // One of the four configurations per input, picked by the input's hash:
  // four times the inputs per second, and mutations still reach all four.
  const size_t pick = std::hash<std::string_view>{}(input);
  const std::shared_ptr<const Pack>& pack =
      (pick & 1) ? packs.strict : packs.lenient;
  const bool trace = pick & 2;
  EvalOptions opt;
  opt.as_of = AsOf();
  opt.trace = trace;
  opt.audit = trace;
  for (const std::string& policy : pack->PolicyNames()) {
    CheckFlatReader(*pack, policy, input, pick & 1);
    std::vector<Decision> all = pack->EvaluateJsonLines(policy, input, opt);
    if (all.size() != lines) {
      Fail("one decision per line (" + std::to_string(all.size()) +
               " decisions, " + std::to_string(lines) + " lines)",
           input);
    }
    std::vector<std::string> json;
    for (const Decision& d : all) {
      json.push_back(pack->ToJson(d));
      CheckJson(json.back());
    }
    // Streaming gives the same decisions as collecting.
    size_t i = 0;
    pack->EvaluateJsonLines(policy, input, opt, [&](const Decision& d) {
      if (i >= json.size() || pack->ToJson(d) != json[i]) {
        Fail("streaming and collected decisions differ for " + policy, input);
      }
      ++i;
    });
    if (i != json.size()) Fail("streaming lost decisions", input);
    // A two-pass session over the same text decides the same.
    if (pack->Policy(policy).batch) {
      BatchSession session(pack, policy, opt);
      session.Accumulate(input);
      std::vector<Decision> ds = session.Decide(input);
      if (ds.size() != json.size()) Fail("BatchSession size", input);
      for (size_t k = 0; k < ds.size(); ++k) {
        if (pack->ToJson(ds[k]) != json[k]) {
          Fail("BatchSession and EvaluateJsonLines differ for " + policy,
               pack->ToJson(ds[k]) + "\n" + json[k]);
        }
      }
    }
  }
}

namespace {

// A plausible value for a declared field type, so that evaluation reaches
// past record validation.
Value Sample(const std::string& type) {
  std::string t = type;
  if (t.starts_with("optional<")) t = t.substr(9, t.size() - 10);
  if (t == "string") return Value::String("13812348888");
  if (t == "money" || t == "decimal") return Value::Dec(*Decimal::Parse("60"));
  if (t == "int") return Value::Int(2);
  if (t == "double") return Value::Double(1.5);
  if (t == "bool") return Value::Bool(true);
  if (t == "date") return Value::DateOf(AsOf());
  if (t == "datetime")
    return Value::TimestampOf(*Timestamp::Parse("2026-11-20T10:00:00"));
  if (t.starts_with("enum(")) {
    size_t end = t.find_first_of(",)");
    return Value::String(t.substr(5, end - 5));
  }
  if (t.starts_with("list(")) return Value::ListOf({});
  return Value();
}

}  // namespace

void RunPack(std::string_view input) {
  namespace fs = std::filesystem;
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() /
                 ("verdict_fuzz_pack_" + std::to_string(getpid()));
    fs::remove_all(d);
    fs::create_directories(d / "tests");
    std::ofstream(d / "pack.yaml") << "pack: fuzz\nversion: \"1\"\nzone: "
                                      "\"+08:00\"\n";
    std::ofstream(d / "calendar.yaml")
        << "calendar: c\nweekend: [saturday, sunday]\nholidays: "
           "[2026-10-01, 2026-10-02]\nworkdays: [2026-10-10]\n";
    return d;
  }();
  // An optional test file follows a "#tests" line.
  std::string_view policy = input, tests;
  static constexpr std::string_view kMarker = "\n#tests\n";
  if (size_t at = input.find(kMarker); at != std::string_view::npos) {
    policy = input.substr(0, at);
    tests = input.substr(at + kMarker.size());
  }
  {
    std::ofstream out(dir / "policy.yaml", std::ios::binary | std::ios::trunc);
    out.write(policy.data(), static_cast<std::streamsize>(policy.size()));
  }
  std::error_code ec;
  fs::remove(dir / "tests" / "cases.yaml", ec);
  if (!tests.empty()) {
    std::ofstream out(dir / "tests" / "cases.yaml", std::ios::binary);
    out.write(tests.data(), static_cast<std::streamsize>(tests.size()));
  }
  LoadResult r = Pack::Load(dir.string());
  bool any_error = false;
  for (const Diagnostic& d : r.diagnostics) {
    (void)d.ToString();
    any_error |= d.severity == Diagnostic::Severity::kError;
  }
  if (r.ok() == any_error) {
    Fail(r.ok() ? "a pack with errors loaded" : "a pack failed without error",
         input);
  }
  if (!r.ok()) return;
  EvalOptions opt;
  opt.as_of = AsOf();
  opt.trace = true;
  for (const std::string& name : r.pack->PolicyNames()) {
    const PolicyInfo& info = r.pack->Policy(name);
    FieldMap sample;
    for (const FieldInfo& f : info.fields) sample[f.name] = Sample(f.type);
    std::vector<FieldMap> records = {sample, FieldMap{}};
    for (const Decision& d : r.pack->EvaluateMany(name, records, opt))
      CheckJson(r.pack->ToJson(d));
    if (!info.batch) CheckJson(r.pack->ToJson(r.pack->Evaluate(name, {}, opt)));
    for (const Decision& d :
         r.pack->EvaluateJsonLines(name, "{}\n{\"a\": 1}\n\n[]\n", opt))
      CheckJson(r.pack->ToJson(d));
  }
  (void)RunPackTests(*r.pack);
}

namespace {

// Inflates `data` in pieces of 1..(split) bytes through Pump() with output
// limit `max_out`, taking more input only when the last is used up and
// nothing is pending, as a paced reader does. Returns whether it was valid.
bool PumpAll(std::string_view coding, std::string_view data, size_t split,
             size_t max_out, std::string* out, bool* complete) {
  Inflater z(coding);
  std::string error;
  std::string_view in;
  size_t at = 0, steps = 0;
  while (true) {
    if (in.empty() && !z.Pending()) {
      if (at == data.size()) break;
      in = data.substr(at, 1 + (at * 31 + split) % split);
      at += in.size();
    }
    const size_t before = out->size();
    if (!z.Pump(&in, max_out, out, &error)) return false;
    if (out->size() - before > max_out) Fail("Pump exceeded max_out", data);
    // Each step consumes input or makes output, or zlib needs more input.
    if (++steps > 64 * (data.size() + out->size() + 16))
      Fail("Pump made no progress", data);
    // Nothing made and nothing pending: all input must have been taken in,
    // or a paced reader (StreamInput) waiting for room would wait forever.
    if (out->size() == before && !z.Pending() && !in.empty())
      Fail("Pump kept input without making output", data);
  }
  *complete = z.Complete();
  return true;
}

}  // namespace

void RunInflate(std::string_view input) {
  if (input.empty()) return;
  const unsigned char knob = static_cast<unsigned char>(input[0]);
  const std::string_view data = input.substr(1);
  const std::string_view coding = (knob & 1) ? "deflate" : "gzip";
  const size_t split = 1 + (knob >> 1) % 97;
  const size_t max_out = (knob & 2) ? 1 + knob % 13 : 4096;
  // Any bytes: Feed() whole and Pump() in pieces agree on validity, and on
  // the bytes and completeness of valid data.
  Inflater whole(coding);
  std::string fed, error;
  const bool fed_ok = whole.Feed(
      data,
      [&](std::string_view piece) {
        if (piece.size() > 64 * 1024) Fail("Feed piece over 64 KiB", data);
        fed.append(piece);
        return true;
      },
      &error);
  std::string pumped;
  bool complete = false;
  const bool pumped_ok =
      PumpAll(coding, data, split, max_out, &pumped, &complete);
  if (fed_ok != pumped_ok) Fail("Feed and Pump disagree on validity", data);
  if (fed_ok && (fed != pumped || complete != whole.Complete()))
    Fail("Feed and Pump inflate differently", data);
  if (!fed_ok && error.empty()) Fail("invalid data without a reason", data);
  // The bytes deflated: inflated back exactly, however they are split.
  const std::string packed = Deflate(data, !(knob & 1), knob % 10);
  std::string back;
  if (!PumpAll(coding, packed, split, max_out, &back, &complete) || !complete ||
      back != data) {
    Fail("deflated bytes do not inflate back", data);
  }
}

Target TargetNamed(std::string_view name) {
  if (name == "inflate") return RunInflate;
  if (name == "expression") return RunExpression;
  if (name == "records") return RunRecords;
  if (name == "pack") return RunPack;
  return nullptr;
}

}  // namespace verdict::fuzz
