#include "src/io/json_values.h"

namespace verdict {

namespace od = simdjson::ondemand;

std::string_view TrimToken(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
          s.back() == '\r' || s.back() == ',' || s.back() == '}' ||
          s.back() == ']')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsJsonNumber(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > from;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

// Converts any JSON value (for list, map and dyn fields).
bool Generic(od::value v, Value* out, int depth, std::string* why) {
  if (depth > 64) return false;
  od::json_type t;
  if (v.type().get(t)) return false;
  switch (t) {
    case od::json_type::null:
      *out = Value();
      return true;
    case od::json_type::boolean: {
      bool b;
      if (v.get_bool().get(b)) return false;
      *out = Value::Bool(b);
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s)) return false;
      *out = Value::StringOf(s);
      return true;
    }
    case od::json_type::number: {
      std::string_view raw = TrimToken(v.raw_json_token());
      if (!IsJsonNumber(raw)) return false;
      if (raw.find_first_of(".eE") == std::string_view::npos) {
        int64_t i;
        if (!v.get_int64().get(i)) {
          *out = Value::Int(i);
          return true;
        }
      }
      auto d = Decimal::Parse(raw);
      if (!d) {
        if (why) *why = std::string(raw) + " is out of range or too precise";
        return false;
      }
      *out = Value::Dec(*d);
      return true;
    }
    case od::json_type::array: {
      od::array arr;
      if (v.get_array().get(arr)) return false;
      List items;
      for (auto item : arr) {
        od::value iv;
        if (item.get(iv)) return false;
        Value x;
        if (!Generic(iv, &x, depth + 1, why)) return false;
        items.push_back(std::move(x));
      }
      *out = Value::ListOf(std::move(items));
      return true;
    }
    case od::json_type::object: {
      od::object obj;
      if (v.get_object().get(obj)) return false;
      MapEntries entries;
      for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        Value x;
        if (!Generic(field.value(), &x, depth + 1, why)) return false;
        entries.emplace_back(Value::String(std::string(key)), std::move(x));
      }
      *out = Value::MapOf(std::move(entries));
      return true;
    }
  }
  return false;
}

// Generic() without building the value (a field the policy does not
// declare): fails exactly where Generic() fails, allocates nothing.
bool Walk(od::value v, int depth) {
  if (depth > 64) return false;
  od::json_type t;
  if (v.type().get(t)) return false;
  switch (t) {
    case od::json_type::null:
      return true;
    case od::json_type::boolean: {
      bool b;
      return !v.get_bool().get(b);
    }
    case od::json_type::string: {
      std::string_view s;
      return !v.get_string().get(s);
    }
    case od::json_type::number:
      return IsJsonNumber(TrimToken(v.raw_json_token()));
    case od::json_type::array: {
      od::array arr;
      if (v.get_array().get(arr)) return false;
      for (auto item : arr) {
        od::value iv;
        if (item.get(iv) || !Walk(iv, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::object: {
      od::object obj;
      if (v.get_object().get(obj)) return false;
      for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        if (!Walk(field.value(), depth + 1)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace verdict
