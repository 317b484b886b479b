#include "verdict/binding.h"

#include <gtest/gtest.h>

#include "tests/unit/test_util.h"

namespace verdict {
namespace {

struct Customer {
  std::string id;
  Decimal arpu;
  std::optional<Date> birthday;
};

std::shared_ptr<const Pack> Bss() {
  static std::shared_ptr<const Pack> pack =
      Pack::Load(testing_util::RulesDir()).pack;
  return pack;
}

BoundPolicy<Customer> TierBinding() {
  return Binding<Customer>()
      .Field("customer_id", &Customer::id)
      .Field("arpu", &Customer::arpu)
      .Bind(Bss(), "customer_tier");
}

TEST(BindingTest, EvaluatesStructsDirectly) {
  auto tier = TierBinding();
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  std::vector<Customer> cs = {{"a", *Decimal::Parse("60"), std::nullopt},
                              {"b", *Decimal::Parse("59.99"), std::nullopt},
                              {"c", *Decimal::Parse("12"), std::nullopt}};
  std::vector<Decision> ds = tier.EvaluateMany(cs, opt);
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].Get("tier")->as_string(), "high");
  EXPECT_EQ(ds[1].Get("tier")->as_string(), "mid");
  EXPECT_EQ(ds[2].Get("tier")->as_string(), "mass");
  EXPECT_EQ(tier.Evaluate(cs[0], opt).Get("visit_interval_months")->as_int(),
            2);
}

TEST(BindingTest, BindChecksNamesTypesAndRequiredFields) {
  EXPECT_THROW(Binding<Customer>()
                   .Field("customer_id", &Customer::id)
                   .Field("arpuu", &Customer::arpu)
                   .Bind(Bss(), "customer_tier"),
               std::invalid_argument);
  EXPECT_THROW(Binding<Customer>()
                   .Field("customer_id", &Customer::id)
                   .Field("arpu", &Customer::birthday)
                   .Bind(Bss(), "customer_tier"),
               std::invalid_argument);
  try {
    Binding<Customer>()
        .Field("customer_id", &Customer::id)
        .Bind(Bss(), "customer_tier");
    FAIL() << "expected a missing required field";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("required field 'arpu'"),
              std::string::npos);
  }
}

// Every bound member is loaded and validated, read or not, as every other
// entry point validates every field it is given (unread members were once
// skipped as "valid by construction": a std::string that is not UTF-8 and
// a Date out of range were then decided, where a FieldMap or JSON line of
// the same record is refused); values left in the per-thread frame by
// another policy never leak in.
struct Order {
  std::string note;                       // unread
  std::string code;                       // unread, with a pattern
  int64_t qty = 0;                        // read
  std::optional<std::string> memo;        // unread, optional
  std::optional<std::string> ref;         // unread, but required
  Date due = *Date::Parse("2026-01-01");  // unread
};

TEST(BindingTest, UnreadFieldsAreValidatedAsEveryEntryPointDoes) {
  const char* kPolicy = R"(policy: size
record: order
fields:
  note: string
  code: {type: string, pattern: "[A-Z]{3}"}
  qty: int
  memo: string?
  ref: string
  due: date
outputs:
  size: string
decisions:
  - id: size
    rules:
      - id: big
        when: order.qty >= 10
        then: {size: big}
      - id: small
        when: "true"
        then: {size: small}
)";
  LoadResult r = Pack::Load(testing_util::WritePack(
      "binding_skip", {{"size.yaml", kPolicy},
                       {"calendar.yaml", testing_util::kWeekendCalendar}}));
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_TRUE(r.ok());
  auto size = Binding<Order>()
                  .Field("note", &Order::note)
                  .Field("code", &Order::code)
                  .Field("qty", &Order::qty)
                  .Field("memo", &Order::memo)
                  .Field("ref", &Order::ref)
                  .Field("due", &Order::due)
                  .Bind(r.pack, "size");
  auto tier = TierBinding();
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d;
  // Interleave two policies on one thread, so the frame buffer is shared.
  for (int i = 0; i < 3; ++i) {
    tier.EvaluateInto({"c", *Decimal::Parse("61"), std::nullopt}, opt, &d);
    EXPECT_EQ(d.Get("tier")->as_string(), "high");
    size.EvaluateInto({"", "ABC", 12, std::nullopt, "r"}, opt, &d);
    ASSERT_TRUE(d.ok()) << d.error->message;
    EXPECT_EQ(d.Get("size")->as_string(), "big");
    size.EvaluateInto({"any note", "abc", 1, "m", "r"}, opt, &d);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error->field, "code");
    // An empty optional member is a missing field when the field is
    // required, read or not.
    size.EvaluateInto({"", "ABC", 12, "m", std::nullopt}, opt, &d);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error->code, "missing_field");
    EXPECT_EQ(d.error->field, "ref");
    size.EvaluateInto({"", "ABC", 12, std::nullopt, "r2"}, opt, &d);
    EXPECT_TRUE(d.ok());
    // Text that is not UTF-8, and a date beyond year 9999, though unread.
    size.EvaluateInto({"caf\xC3", "ABC", 12, std::nullopt, "r"}, opt, &d);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error->code, "invalid_value");
    EXPECT_EQ(d.error->message,
              "field 'note': text is not valid UTF-8 (byte 0xC3 at offset 3)");
    size.EvaluateInto({"", "ABC", 12, std::nullopt, "r", Date{999999999}}, opt,
                      &d);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error->code, "invalid_value");
    EXPECT_EQ(d.error->field, "due");
    // The same records as FieldMaps are refused alike.
    FieldMap bad_note = {{"note", Value::StringOf("caf\xC3")},
                         {"code", Value::StringOf("ABC")},
                         {"qty", Value::Int(12)},
                         {"ref", Value::StringOf("r")},
                         {"due", Value::DateOf(*Date::Parse("2026-01-01"))}};
    Decision map = r.pack->Evaluate("size", bad_note, opt);
    ASSERT_FALSE(map.ok());
    EXPECT_EQ(map.error->message,
              "field 'note': text is not valid UTF-8 (byte 0xC3 at offset 3)");
  }
  // The batch form agrees with the single form.
  std::vector<Order> orders = {{"x", "XYZ", 3, std::nullopt, "r"},
                               {"y", "XY", 30, std::nullopt, "r"}};
  std::vector<Decision> ds = size.EvaluateMany(orders, opt);
  EXPECT_EQ(ds[0].Get("size")->as_string(), "small");
  EXPECT_EQ(ds[1].error->field, "code");
}

// Text a C++ caller gives that is not UTF-8 is the record's invalid_value
// on every entry point, as JSON Lines, Arrow and Python refuse it: columns
// and EvaluateEach's loaded values decided it (and ToJson then wrote bytes
// that are not JSON).
TEST(BindingTest, TextThatIsNotUtf8IsRefusedOnEveryEntryPoint) {
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  const std::string bad = "C\xFF";
  std::vector<Pack::Column> columns = {
      {"customer_id", {Value::StringOf("ok"), Value::StringOf(bad)}},
      {"arpu", {Value::Int(61), Value::Int(61)}}};
  Pack::ColumnResults res =
      Bss()->EvaluateColumns("customer_tier", columns, opt);
  ASSERT_EQ(res.errors.size(), 2u);
  EXPECT_FALSE(res.errors[0]);
  ASSERT_TRUE(res.errors[1]);
  EXPECT_EQ(res.errors[1]->code, "invalid_value");
  EXPECT_EQ(res.errors[1]->message,
            "field 'customer_id': text is not valid UTF-8 (byte 0xFF at "
            "offset 1)");
  std::vector<std::string> codes;
  Bss()->EvaluateEach(
      "customer_tier", 1, opt,
      [&](size_t, std::span<Value> fields) -> std::optional<RecordError> {
        fields[0] = Value::StringOf(bad);
        fields[1] = Value::Int(61);
        return std::nullopt;
      },
      [&](size_t, const Decision& d) {
        codes.push_back(d.ok() ? "ok" : d.error->code);
      });
  EXPECT_EQ(codes, std::vector<std::string>{"invalid_value"});
  Decision bound =
      TierBinding().Evaluate({bad, *Decimal::Parse("61"), std::nullopt}, opt);
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error->field, "customer_id");
  // An enum field's value that is none of its values is scanned too (only
  // its own values are known to be UTF-8): the message names the byte
  // instead of quoting it.
  FieldMap refund = {{"request_id", Value::StringOf("r")},
                     {"account_id", Value::StringOf("a")},
                     {"amount", Value::Int(10)},
                     {"cause", Value::StringOf("other\xFF")}};
  Decision enum_bad = Bss()->Evaluate("refund_approval", refund, opt);
  ASSERT_FALSE(enum_bad.ok());
  EXPECT_EQ(enum_bad.error->message,
            "field 'cause': text is not valid UTF-8 (byte 0xFF at offset 5)");
}

// A list member's items must hold the field's items: a std::vector<int>
// for a list(string) was bound and then failed every record.
TEST(BindingTest, BindChecksTheItemsOfListMembers) {
  LoadResult r = Pack::Load(testing_util::WritePack(
      "binding_list_items", {{"tags.yaml", R"(policy: tags
record: r
fields:
  tags: list(string)
  nested: list(list(int))?
  any: list?
outputs:
  n: int
decisions:
  - id: n
    rules:
      - id: all
        then: {n: =size(r.tags)}
)"}}));
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_TRUE(r.ok());
  struct Ints {
    std::vector<int64_t> tags;
  };
  struct MaybeStrings {
    std::vector<std::optional<std::string>> tags;
  };
  struct Good {
    std::vector<std::string> tags;
    std::optional<std::vector<std::vector<int64_t>>> nested;
    std::vector<std::string> any;  // an untyped list takes any items
  };
  struct WrongNested {
    std::vector<std::string> tags;
    std::vector<std::vector<std::string>> nested;
  };
  EXPECT_THROW(Binding<Ints>().Field("tags", &Ints::tags).Bind(r.pack, "tags"),
               std::invalid_argument);
  EXPECT_THROW(Binding<MaybeStrings>()
                   .Field("tags", &MaybeStrings::tags)
                   .Bind(r.pack, "tags"),
               std::invalid_argument);
  EXPECT_THROW(Binding<WrongNested>()
                   .Field("tags", &WrongNested::tags)
                   .Field("nested", &WrongNested::nested)
                   .Bind(r.pack, "tags"),
               std::invalid_argument);
  auto good = Binding<Good>()
                  .Field("tags", &Good::tags)
                  .Field("nested", &Good::nested)
                  .Field("any", &Good::any)
                  .Bind(r.pack, "tags");
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Decision d = good.Evaluate(
      {{"a", "b"}, std::vector<std::vector<int64_t>>{{1}}, {"x"}}, opt);
  ASSERT_TRUE(d.ok()) << d.error->message;
  EXPECT_EQ(d.Get("n")->as_int(), 2);
}

TEST(BindingTest, EvaluateManyIntoReusesDecisionsAndMatchesEvaluateMany) {
  auto tier = TierBinding();
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  std::vector<Customer> cs;
  for (int i = 0; i < 50; ++i) {
    // Every seventh arpu has 5 fractional digits: an invalid record.
    cs.push_back({"c" + std::to_string(i),
                  Decimal(i * 317 % 9000 + (i % 7 == 3 ? 100000 : 0),
                          i % 7 == 3 ? 5 : 2),
                  std::nullopt});
  }
  std::vector<Decision> reused;
  for (size_t n : {size_t{50}, size_t{20}, size_t{50}}) {
    opt.audit = n == 20;  // audit on, then off again: nothing stale stays
    std::span<const Customer> batch(cs.data(), n);
    tier.EvaluateManyInto(batch, opt, &reused);
    std::vector<Decision> fresh = tier.EvaluateMany(batch, opt);
    ASSERT_EQ(reused.size(), n);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(Bss()->ToJson(reused[i]), Bss()->ToJson(fresh[i])) << i;
      EXPECT_EQ(reused[i].ok(), i % 7 != 3) << i;
      EXPECT_EQ(reused[i].policy, "customer_tier");
      EXPECT_EQ(reused[i].audit.has_value(), opt.audit);
    }
  }
}

// An optional list, in and out: it did not compile (the optional forms
// were defined before the vector ones and could not see them).
struct Tagged {
  std::optional<std::vector<std::string>> tags;
};
struct Echoed {
  std::optional<std::vector<std::string>> echo;
};

TEST(BindingTest, OptionalListsBindInAndOut) {
  LoadResult r = Pack::Load(testing_util::WritePack(
      "binding_optional_list",
      {{"e.yaml",
        "policy: e\nrecord: r\nfields:\n  tags: list(string)?\n"
        "outputs:\n  echo: list(string)?\ndecisions:\n  - id: d\n"
        "    rules:\n      - id: given\n        when: has(r.tags)\n"
        "        then: {echo: =r.tags}\n"}}));
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_TRUE(r.ok());
  auto decide = Binding<Tagged>()
                    .Field("tags", &Tagged::tags)
                    .Bind(r.pack, "e")
                    .Returning(Outputs<Echoed>().Output("echo", &Echoed::echo));
  EvalOptions opt;
  opt.as_of = *Date::Parse("2026-11-24");
  Echoed out;
  auto err = decide.EvaluateInto(Tagged{std::vector<std::string>{"a", "b"}},
                                 opt, &out);
  ASSERT_FALSE(err) << err->message;
  ASSERT_TRUE(out.echo);
  EXPECT_EQ(*out.echo, (std::vector<std::string>{"a", "b"}));
  err = decide.EvaluateInto(Tagged{std::nullopt}, opt, &out);
  ASSERT_FALSE(err) << err->message;
  EXPECT_FALSE(out.echo);
}

}  // namespace
}  // namespace verdict
