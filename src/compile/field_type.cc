#include "src/compile/field_type.h"

#include <charconv>
#include <cmath>

#include "src/value/text.h"
#include "src/value/ticks.h"

namespace verdict {

namespace {

bool DateInRange(Date d) {
  return d.days >= Date::kMinDays && d.days <= Date::kMaxDays;
}

// A date out of range as text: "YYYY-MM-DD" while <chrono>'s civil calendar
// (years -32767..32767) can write it, else its count of days.
std::string DateRangeText(Date d) {
  constexpr int32_t kPrintable = 10000000;  // about 27,000 years
  if (d.days >= -kPrintable && d.days <= kPrintable) return d.ToString();
  return DayCountText(d.days);
}

// A type that is not list(T): a simple name or enum(a, b, ...). `s` is
// trimmed.
std::optional<FieldType> ParseUnnested(std::string_view s, std::string* error) {
  using Base = FieldType::Base;
  FieldType t;
  t.text = std::string(s);
  static const std::pair<const char*, Base> kSimple[] = {
      {"string", Base::kString}, {"bool", Base::kBool},
      {"int", Base::kInt},       {"money", Base::kMoney},
      {"decimal", Base::kMoney}, {"double", Base::kDouble},
      {"date", Base::kDate},     {"datetime", Base::kDatetime},
      {"dyn", Base::kDyn},       {"list", Base::kList},
      {"map", Base::kMap},       {"number", Base::kMoney}};
  for (auto [name, base] : kSimple) {
    if (s == name) {
      t.base = base;
      return t;
    }
  }
  if (s.starts_with("enum(") && s.ends_with(")")) {
    t.base = Base::kEnum;
    std::string_view inner = s.substr(5, s.size() - 6);
    std::vector<std::string> values;
    size_t start = 0;
    while (start <= inner.size()) {
      size_t comma = inner.find(',', start);
      std::string v = Trim(inner.substr(start, comma == std::string::npos
                                                   ? std::string::npos
                                                   : comma - start));
      if (v.empty()) {
        *error = "empty value in " + t.text;
        return std::nullopt;
      }
      values.push_back(v);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    t.SetEnumValues(std::move(values));
    return t;
  }
  *error =
      "unknown type '" + t.text +
      "' (expected string, bool, int, money, decimal, double, date, datetime, "
      "enum(a, b, ...), list, list(T) or dyn)";
  return std::nullopt;
}

}  // namespace

std::optional<FieldType> FieldType::Parse(std::string_view raw,
                                          std::string* error, int max_depth) {
  // The list(...) around the element type, outermost first, as views of
  // `raw`: peeled by counting, not by parsing a copy of the inside at each
  // level (which was quadratic in the depth, and recursed once per level).
  std::vector<std::string_view> lists;
  std::string_view s = TrimView(raw);
  while (s.starts_with("list(") && s.ends_with(")")) {
    if (static_cast<int>(lists.size()) >= max_depth) {
      *error = "type nested too deeply: more than " +
               std::to_string(max_depth) +
               " levels of list(...) (Limits::max_depth)";
      return std::nullopt;
    }
    lists.push_back(s);
    s = TrimView(s.substr(5, s.size() - 6));
  }
  std::optional<FieldType> t = ParseUnnested(s, error);
  for (auto it = lists.rbegin(); t && it != lists.rend(); ++it) {
    FieldType list;
    list.base = Base::kList;
    list.text = std::string(*it);
    list.elem = std::make_shared<const FieldType>(std::move(*t));
    t = std::move(list);
  }
  return t;
}

types::Type FieldType::CheckType() const {
  using types::Type;
  using types::TypeKind;
  switch (base) {
    case Base::kString:
    case Base::kEnum:
      return Type::Of(TypeKind::kString);
    case Base::kBool:
      return Type::Of(TypeKind::kBool);
    case Base::kInt:
      return Type::Of(TypeKind::kInt);
    case Base::kMoney:
      return Type::Of(TypeKind::kDecimal);
    case Base::kDouble:
      return Type::Of(TypeKind::kDouble);
    case Base::kDate:
      return Type::Of(TypeKind::kDate);
    case Base::kDatetime:
      return Type::Of(TypeKind::kTimestamp);
    case Base::kList:
      return Type::List(elem ? elem->CheckType() : Type::Dyn());
    case Base::kMap:
      return Type::Map(Type::Of(TypeKind::kString), Type::Dyn());
    case Base::kDyn:
      return Type::Dyn();
  }
  return Type::Dyn();
}

void FieldType::SetEnumValues(std::vector<std::string> values) {
  enum_values_ = std::move(values);
  IndexEnumValues();
}

void FieldType::IndexEnumValues() {
  enum_seed_ = 0;
  enum_index_.fill(0);
  if (enum_values_.size() >= enum_index_.size() / 2) return;
  // Odd multipliers (golden-ratio and other well-mixing constants); the
  // first that leaves no two values in one slot is kept.
  static constexpr uint32_t kSeeds[] = {0x85EBCA6Bu, 0xC2B2AE35u, 0x27D4EB2Fu,
                                        0x165667B1u, 0x9E3779B1u, 0xD3A2646Du,
                                        0xFD7046C5u, 0xB55A4F09u};
  for (uint32_t seed : kSeeds) {
    std::array<uint8_t, 64> index{};
    bool spread = true;
    for (size_t i = 0; i < enum_values_.size() && spread; ++i) {
      if (enum_values_[i].empty()) return;
      uint8_t& cell = index[EnumHash(enum_values_[i], seed)];
      spread = cell == 0;
      cell = static_cast<uint8_t>(i + 1);
    }
    if (spread) {
      enum_index_ = index;
      enum_seed_ = seed;
      return;
    }
  }
}

bool FieldType::IsEnumValue(const Value& v) const {
  return v.kind() == Kind::kString && EnumIndex(v.as_string()) >= 0;
}

int FieldType::EnumIndex(std::string_view text) const {
  if (enum_seed_ == 0 || text.empty()) {
    for (size_t i = 0; i < enum_values_.size(); ++i) {
      if (enum_values_[i] == text) return static_cast<int>(i);
    }
    return -1;
  }
  const uint32_t at = enum_index_[EnumHash(text, enum_seed_)];
  return at != 0 && at <= enum_values_.size() && enum_values_[at - 1] == text
             ? static_cast<int>(at) - 1
             : -1;
}

bool FieldType::Accept(Value& v, const Zone& zone, std::string* code,
                       std::string* why) const {
  if (AcceptsAsIs(v)) return true;
  auto wrong = [&](const char* want) {
    *code = "wrong_type";
    *why = std::string("expected ") + want + ", got " +
           std::string(KindName(v.kind()));
    if (v.kind() == Kind::kTimestamp)
      *why = std::string("expected ") + want + ", got datetime";
    return false;
  };
  auto invalid = [&](std::string msg) {
    *code = "invalid_value";
    *why = std::move(msg);
    return false;
  };
  // A value its reader could not hold (a time beyond any datetime, from a
  // column of ticks: src/value/ticks.h) is its field's invalid_value,
  // whatever the field's type, as Python's unholdable values are. (dyn
  // takes any value, an error included, as it always has.)
  if (v.is_error() && base != Base::kDyn) return invalid(v.error_message());
  switch (base) {
    case Base::kDyn:
      return true;
    case Base::kString:
      return v.kind() == Kind::kString || wrong("a string");
    case Base::kBool:
      return v.kind() == Kind::kBool || wrong("a boolean");
    case Base::kInt: {
      // A whole number beyond 64 bits is out of range, not "not whole".
      auto out_of_range = [&](const std::string& text) {
        return invalid(text + " is out of range for an int (64 bits)");
      };
      if (v.kind() == Kind::kInt) return true;
      if (v.kind() == Kind::kUint) {
        if (v.as_uint() > INT64_MAX) {
          return out_of_range(std::to_string(v.as_uint()));
        }
        v = Value::Int(static_cast<int64_t>(v.as_uint()));
        return true;
      }
      if (v.kind() == Kind::kDecimal) {
        const Decimal& d = v.as_decimal();
        if (auto i = d.ToInt64()) {
          v = Value::Int(*i);
          return true;
        }
        if (d.scale() == 0) return out_of_range(d.ToString());
        return invalid("expected a whole number, got " + d.ToString());
      }
      if (v.kind() == Kind::kDouble) {
        // The range first: converting a double beyond int64 is undefined.
        const double d = v.as_double();
        if (d < 9.2e18 && d > -9.2e18 &&
            d == static_cast<double>(static_cast<int64_t>(d))) {
          v = Value::Int(static_cast<int64_t>(d));
          return true;
        }
        if (std::isfinite(d) && d == std::trunc(d)) {
          return out_of_range(v.DebugString());
        }
        return invalid("expected a whole number");
      }
      return wrong("an integer");
    }
    case Base::kMoney:
      if (v.kind() == Kind::kDecimal) return true;
      if (v.kind() == Kind::kInt) {
        v = Value::Dec(Decimal::FromInt(v.as_int()));
        return true;
      }
      if (v.kind() == Kind::kUint) {
        v = Value::Dec(Decimal(static_cast<__int128>(v.as_uint()), 0));
        return true;
      }
      if (v.kind() == Kind::kDouble) {
        // A float is taken by its shortest decimal text, and nothing else:
        // 59.99999999 is that amount (then refused for its places, as the
        // same number in JSON is), never rounded to 60 across a boundary.
        // Float noise such as 6.5600000000000005 is refused the same way:
        // the caller rounds (round(x, 4)) or passes a Decimal.
        auto d = Decimal::FromDouble(v.as_double());
        if (!d) return invalid("not a finite amount");
        v = Value::Dec(*d);
        return true;
      }
      return wrong("a number (money)");
    case Base::kDouble:
      if (v.kind() == Kind::kDouble) return true;
      if (v.kind() == Kind::kInt) {
        v = Value::Double(static_cast<double>(v.as_int()));
        return true;
      }
      if (v.kind() == Kind::kDecimal) {
        v = Value::Double(v.as_decimal().ToDouble());
        return true;
      }
      return wrong("a number");
    case Base::kDate:
      if (v.kind() == Kind::kDate) {
        // Text and Python dates are checked when read; a Date handed in as
        // one (Arrow's date32, a DataFrame's midnight) is checked here.
        if (DateInRange(v.as_date())) return true;
        return invalid(DateRangeText(v.as_date()) +
                       std::string(kDateRangeText));
      }
      if (v.kind() == Kind::kString) {
        auto d = Date::Parse(v.as_string());
        if (!d)
          return invalid("'" + v.as_string() + "' is not a date (YYYY-MM-DD)");
        v = Value::DateOf(*d);
        return true;
      }
      return wrong("a date (YYYY-MM-DD)");
    case Base::kDatetime: {
      // Text is checked by Parse; a Timestamp handed in as one (a struct,
      // a DataFrame, Arrow) here: either must be one the zone can write.
      const std::string_view kRange = kDatetimeRangeText;
      if (v.kind() == Kind::kTimestamp) {
        if (v.as_timestamp().InRange(zone)) return true;
        return invalid(v.as_timestamp().ToRfc3339() + std::string(kRange));
      }
      if (v.kind() == Kind::kString) {
        bool out_of_range = false;
        auto t = Timestamp::Parse(v.as_string(), zone, &out_of_range);
        if (out_of_range) {
          return invalid("'" + v.as_string() + "'" + std::string(kRange));
        }
        if (!t) {
          return invalid(
              "'" + v.as_string() +
              "' is not a datetime (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])");
        }
        v = Value::TimestampOf(*t);
        return true;
      }
      return wrong("a datetime (YYYY-MM-DDTHH:MM:SS)");
    }
    case Base::kEnum: {
      if (v.kind() != Kind::kString) return wrong("a string");
      if (IsEnumValue(v)) return true;
      std::string list;
      for (const auto& e : enum_values_) list += (list.empty() ? "" : ", ") + e;
      return invalid("'" + v.as_string() + "' is not one of: " + list);
    }
    case Base::kList: {
      if (v.kind() != Kind::kList) return wrong("a list");
      if (!elem) return true;
      List items = v.as_list();
      for (size_t i = 0; i < items.size(); ++i) {
        if (!elem->Accept(items[i], zone, code, why)) {
          *why = "item " + std::to_string(i) + ": " + *why;
          return false;
        }
      }
      v = Value::ListOf(std::move(items));
      return true;
    }
    case Base::kMap:
      return v.kind() == Kind::kMap || wrong("a mapping");
  }
  return true;
}

Value InferLiteral(const std::string& text, bool quoted) {
  if (quoted) return Value::String(text);
  if (text == "true") return Value::Bool(true);
  if (text == "false") return Value::Bool(false);
  if (text == "null" || text == "~" || text.empty()) return Value::Null();
  int64_t i;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec == std::errc() && p == text.data() + text.size()) return Value::Int(i);
  if (text.find_first_of("0123456789") != std::string::npos) {
    if (auto d = Decimal::Parse(text)) return Value::Dec(*d);
  }
  return Value::String(text);
}

std::string FieldType::MoneyPlacesError(const Value& v) const {
  if (base == Base::kList && elem && v.kind() == Kind::kList) {
    for (const Value& item : v.as_list()) {
      std::string why = elem->MoneyPlacesError(item);
      if (!why.empty()) return why;
    }
    return "";
  }
  if (!IsMoney() || v.kind() != Kind::kDecimal ||
      v.as_decimal().scale() <= kMoneyPlaces) {
    return "";
  }
  return "money has at most " + std::to_string(kMoneyPlaces) +
         " decimal places, got " + v.as_decimal().ToString();
}

}  // namespace verdict
