#include "src/io/typed_json.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "src/io/json_records.h"

namespace verdict {

namespace {

namespace dom = simdjson::dom;

bool Base64Decode(std::string_view in, std::string* out) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  int bits = 0, acc = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = val(c);
    if (v < 0) return false;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

// One typed value (see typed_json.h) into `*out`; false with `*error`.
bool Convert(dom::element e, Value* out, std::string* error, int depth);

// The numeric tags: int64 and uint64 (a decimal string, or a JSON number),
// double (a number, or "NaN", "Infinity", "-Infinity"). nullopt when `key`
// is not one of them.
std::optional<bool> ConvertNumber(std::string_view key, dom::element v,
                                  Value* out, std::string* error) {
  std::string_view s;
  if (key == "int64") {
    int64_t i;
    if (v.get(s) == simdjson::SUCCESS) {
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
      if (ec != std::errc() || p != s.data() + s.size()) {
        *error = "bad int64 '" + std::string(s) + "'";
        return false;
      }
    } else if (v.get(i) != simdjson::SUCCESS) {
      *error = "int64 needs a decimal string";
      return false;
    }
    *out = Value::Int(i);
    return true;
  }
  if (key == "uint64") {
    uint64_t u;
    if (v.get(s) == simdjson::SUCCESS) {
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), u);
      if (ec != std::errc() || p != s.data() + s.size()) {
        *error = "bad uint64 '" + std::string(s) + "'";
        return false;
      }
    } else if (v.get(u) != simdjson::SUCCESS) {
      *error = "uint64 needs a decimal string";
      return false;
    }
    *out = Value::Uint(u);
    return true;
  }
  if (key != "double") return std::nullopt;
  double d;
  if (v.get(s) == simdjson::SUCCESS) {
    if (s == "NaN") {
      d = std::nan("");
    } else if (s == "Infinity") {
      d = INFINITY;
    } else if (s == "-Infinity") {
      d = -INFINITY;
    } else {
      *error = "bad double '" + std::string(s) + "'";
      return false;
    }
  } else if (v.get(d) != simdjson::SUCCESS) {
    int64_t i;
    uint64_t u;
    if (v.get(i) == simdjson::SUCCESS) {
      d = static_cast<double>(i);
    } else if (v.get(u) == simdjson::SUCCESS) {
      d = static_cast<double>(u);
    } else {
      *error = "double needs a number";
      return false;
    }
  }
  *out = Value::Double(d);
  return true;
}

// A reader for a type with a static T::Parse(text): its Value via `make`.
template <typename T, Value (*make)(T)>
std::optional<Value> Parsed(std::string_view s) {
  std::optional<T> x = T::Parse(s);
  if (!x) return std::nullopt;
  return make(*x);
}

// The tags whose value is a string, each with its reader: string,
// bytes_b64, decimal, date, timestamp, duration, type. nullopt when `key` is
// not one of them.
std::optional<bool> ConvertText(std::string_view key, dom::element v,
                                Value* out, std::string* error) {
  using Reader = std::optional<Value> (*)(std::string_view);
  static constexpr std::pair<std::string_view, Reader> kReaders[] = {
      {"string",
       [](std::string_view s) -> std::optional<Value> {
         return Value::String(std::string(s));
       }},
      {"bytes_b64",
       [](std::string_view s) -> std::optional<Value> {
         std::string bytes;
         if (!Base64Decode(s, &bytes)) return std::nullopt;
         return Value::BytesOf(bytes);
       }},
      {"decimal", Parsed<Decimal, &Value::Dec>},
      {"date", Parsed<Date, &Value::DateOf>},
      {"timestamp", Parsed<Timestamp, &Value::TimestampOf>},
      {"duration", Parsed<Duration, &Value::DurationOf>},
      {"type",
       [](std::string_view s) -> std::optional<Value> {
         return Value::Type(std::string(s));
       }},
  };
  auto it = std::find_if(std::begin(kReaders), std::end(kReaders),
                         [&](const auto& r) { return r.first == key; });
  if (it == std::end(kReaders)) return std::nullopt;
  std::string_view s;
  if (v.get(s) != simdjson::SUCCESS) {
    *error = std::string(key) + " needs a string";
    return false;
  }
  std::optional<Value> value = it->second(s);
  if (!value) {
    *error = key == "bytes_b64"
                 ? "bad base64"
                 : "bad " + std::string(key) + " '" + std::string(s) + "'";
    return false;
  }
  *out = std::move(*value);
  return true;
}

// list: an array of typed values; map: an array of [key, value] pairs.
// nullopt when `key` is neither.
std::optional<bool> ConvertCollection(std::string_view key, dom::element v,
                                      Value* out, std::string* error,
                                      int depth) {
  if (key != "list" && key != "map") return std::nullopt;
  dom::array arr;
  if (v.get(arr) != simdjson::SUCCESS) {
    *error = key == "list" ? "list needs an array"
                           : "map needs an array of [key, value] pairs";
    return false;
  }
  if (key == "list") {
    List items;
    for (dom::element item : arr) {
      Value x;
      if (!Convert(item, &x, error, depth + 1)) return false;
      items.push_back(std::move(x));
    }
    *out = Value::ListOf(std::move(items));
    return true;
  }
  MapEntries entries;
  for (dom::element pair : arr) {
    dom::array kv;
    if (pair.get(kv) != simdjson::SUCCESS || kv.size() != 2) {
      *error = "map entries are [key, value] pairs";
      return false;
    }
    Value k, x;
    if (!Convert(kv.at(0).value(), &k, error, depth + 1) ||
        !Convert(kv.at(1).value(), &x, error, depth + 1)) {
      return false;
    }
    entries.emplace_back(std::move(k), std::move(x));
  }
  *out = Value::MapOf(std::move(entries));
  return true;
}

bool Convert(dom::element e, Value* out, std::string* error, int depth) {
  if (depth > 100) {
    *error = "nested too deeply";
    return false;
  }
  dom::object obj;
  if (e.get(obj) != simdjson::SUCCESS || obj.size() != 1) {
    *error =
        "a typed value is an object with exactly one key, e.g. {\"int64\": "
        "\"5\"}";
    return false;
  }
  auto kv = *obj.begin();
  std::string_view key = kv.key;
  dom::element v = kv.value;
  if (key == "null") {
    *out = Value();
    return true;
  }
  if (key == "bool") {
    bool b;
    if (v.get(b) != simdjson::SUCCESS) {
      *error = "bool needs true or false";
      return false;
    }
    *out = Value::Bool(b);
    return true;
  }
  if (auto done = ConvertNumber(key, v, out, error)) return *done;
  if (auto done = ConvertText(key, v, out, error)) return *done;
  if (auto done = ConvertCollection(key, v, out, error, depth)) return *done;
  *error = "unknown type tag '" + std::string(key) + "'";
  return false;
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "\"NaN\"";
  if (std::isinf(d)) return d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  // fmt writes 1.0 as "1" and -0.0 as "-0", which JSON readers take for
  // the integers 1 and 0 (the sign of zero lost): a double keeps a point.
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

bool ParseTypedValue(std::string_view json, Value* out, std::string* error) {
  dom::parser parser;
  simdjson::padded_string padded(json);
  dom::element e;
  if (auto err = parser.parse(padded).get(e)) {
    *error = std::string("invalid JSON: ") + simdjson::error_message(err);
    return false;
  }
  return Convert(e, out, error, 0);
}

bool ParseTypedBindings(std::string_view json,
                        std::map<std::string, Value>* out, std::string* error) {
  dom::parser parser;
  simdjson::padded_string padded(json);
  dom::element e;
  if (auto err = parser.parse(padded).get(e)) {
    *error = std::string("invalid JSON: ") + simdjson::error_message(err);
    return false;
  }
  dom::object obj;
  if (e.get(obj) != simdjson::SUCCESS) {
    *error = "bindings are a JSON object of name: typed value";
    return false;
  }
  for (auto [k, v] : obj) {
    Value x;
    if (!Convert(v, &x, error, 0)) {
      *error = std::string(k) + ": " + *error;
      return false;
    }
    (*out)[std::string(k)] = std::move(x);
  }
  return true;
}

std::string FormatTypedValue(const Value& v) {
  std::string out;
  auto str = [&](const std::string& s) {
    std::string q;
    AppendJsonString(s, &q);
    return q;
  };
  switch (v.kind()) {
    case Kind::kNull:
      return "{\"null\": null}";
    case Kind::kBool:
      return std::string("{\"bool\": ") + (v.as_bool() ? "true" : "false") +
             "}";
    case Kind::kInt:
      return "{\"int64\": \"" + std::to_string(v.as_int()) + "\"}";
    case Kind::kUint:
      return "{\"uint64\": \"" + std::to_string(v.as_uint()) + "\"}";
    case Kind::kDouble:
      return "{\"double\": " + FormatDouble(v.as_double()) + "}";
    case Kind::kDecimal:
      return "{\"decimal\": \"" + v.as_decimal().ToString() + "\"}";
    case Kind::kString:
      return "{\"string\": " + str(v.as_string()) + "}";
    case Kind::kBytes:
      return "{\"bytes_b64\": \"" + Base64Encode(v.as_bytes()) + "\"}";
    case Kind::kDate:
      return "{\"date\": \"" + v.as_date().ToString() + "\"}";
    case Kind::kTimestamp:
      return "{\"timestamp\": \"" + v.as_timestamp().ToRfc3339() + "\"}";
    case Kind::kDuration:
      return "{\"duration\": \"" + v.as_duration().ToString() + "\"}";
    case Kind::kType:
      return "{\"type\": " + str(v.as_type()) + "}";
    case Kind::kError:
      return "{\"error\": " + str(v.error_message()) + "}";
    case Kind::kOpaque:  // {"net.IP": "192.168.0.1"}
      return "{" + str(v.opaque_type()) + ": " + str(v.opaque_text()) + "}";
    case Kind::kOptional:  // {"optional": value}, or null for none
      return "{\"optional\": " +
             (v.optional_value() ? FormatTypedValue(*v.optional_value())
                                 : std::string("null")) +
             "}";
    case Kind::kList: {
      out = "{\"list\": [";
      for (size_t i = 0; i < v.as_list().size(); ++i) {
        if (i) out += ", ";
        out += FormatTypedValue(v.as_list()[i]);
      }
      return out + "]}";
    }
    case Kind::kMap: {
      out = "{\"map\": [";
      bool first = true;
      for (const auto& [k, x] : v.as_map()) {
        if (!first) out += ", ";
        first = false;
        out += "[" + FormatTypedValue(k) + ", " + FormatTypedValue(x) + "]";
      }
      return out + "]}";
    }
  }
  return "{\"error\": \"unknown value\"}";
}

}  // namespace verdict
