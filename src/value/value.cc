// Value equality, ordering and rendering (see verdict/value.h).
#include "verdict/value.h"

#include <fmt/format.h>

#include <cmath>

#include "src/value/text.h"

namespace verdict {

void Value::AssignHeld(const Value& o) {
  if (this == &o) return;
  // Only called when one side holds something (operator= copies two
  // scalars itself). When this one holds nothing (a null slot, most often),
  // `o` cannot live inside it: construct the copy in place.
  if (IsScalar(kind_)) {
    kind_ = o.kind_;
    CopyHeld(o);
    return;
  }
  if (kind_ == o.kind_ && !shared_text_ && !o.shared_text_ &&
      (kind_ == Kind::kString || kind_ == Kind::kBytes ||
       kind_ == Kind::kType)) {
    str_ = o.str_;  // short texts: no allocation
    return;
  }
  // The very same shared list, map or text again (a constant assigned to
  // the slot it already fills, record after record): nothing to change, and
  // no reference count to touch (each an atomic operation).
  if (kind_ == o.kind_) {
    if ((kind_ == Kind::kList || kind_ == Kind::kOptional ||
         kind_ == Kind::kOpaque) &&
        list_ == o.list_)
      return;
    if (kind_ == Kind::kMap && map_ == o.map_) return;
    if (shared_text_ && o.shared_text_ && long_ == o.long_) return;
  }
  // Copy first: `o` may live inside what this value holds.
  Value copy(o);
  MoveAssignHeld(std::move(copy));
}

void Value::DestroyHeld() noexcept {
  switch (kind_) {
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kType:
      if (shared_text_) {
        long_.~shared_ptr();
      } else {
        str_.~basic_string();
      }
      shared_text_ = false;
      break;
    case Kind::kList:
    case Kind::kOptional:
    case Kind::kOpaque:
      list_.~shared_ptr();
      break;
    case Kind::kMap:
      map_.~shared_ptr();
      break;
    case Kind::kError:
      err_.~shared_ptr();
      break;
    default:
      break;
  }
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null_type";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kUint:
      return "uint";
    case Kind::kDouble:
      return "double";
    case Kind::kDecimal:
      return "decimal";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "bytes";
    case Kind::kDate:
      return "date";
    case Kind::kTimestamp:
      return "google.protobuf.Timestamp";
    case Kind::kDuration:
      return "google.protobuf.Duration";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
    case Kind::kType:
      return "type";
    case Kind::kError:
      return "error";
    case Kind::kOptional:
      return "optional_type";
    case Kind::kOpaque:
      return "opaque";
  }
  return "unknown";
}

namespace {

bool IsNumber(Kind k) {
  return k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble ||
         k == Kind::kDecimal;
}

std::partial_ordering Cmp3(int c) {
  return c < 0 ? std::partial_ordering::less
               : (c > 0 ? std::partial_ordering::greater
                        : std::partial_ordering::equivalent);
}

Decimal ToDec(const Value& v) {
  switch (v.kind()) {
    case Kind::kInt:
      return Decimal::FromInt(v.as_int());
    case Kind::kUint:
      return Decimal(static_cast<__int128>(v.as_uint()), 0);
    default:
      return v.as_decimal();
  }
}

std::partial_ordering NumberOrder(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  // Decimal against double: exact, through the double's shortest text.
  if ((ka == Kind::kDecimal && kb == Kind::kDouble) ||
      (ka == Kind::kDouble && kb == Kind::kDecimal)) {
    const Value& d = ka == Kind::kDouble ? a : b;
    if (auto dd = Decimal::FromDouble(d.as_double())) {
      int c = ka == Kind::kDouble ? Compare(*dd, b.as_decimal())
                                  : Compare(a.as_decimal(), *dd);
      return Cmp3(c);
    }
  }
  if (ka == Kind::kDouble || kb == Kind::kDouble) {
    // CEL compares an int or uint with a double as doubles.
    auto as_d = [](const Value& v) -> double {
      switch (v.kind()) {
        case Kind::kInt:
          return static_cast<double>(v.as_int());
        case Kind::kUint:
          return static_cast<double>(v.as_uint());
        case Kind::kDouble:
          return v.as_double();
        default:
          return v.as_decimal().ToDouble();
      }
    };
    return as_d(a) <=> as_d(b);
  }
  if (ka == Kind::kInt && kb == Kind::kInt) return a.as_int() <=> b.as_int();
  if (ka == Kind::kUint && kb == Kind::kUint)
    return a.as_uint() <=> b.as_uint();
  return Cmp3(Compare(ToDec(a), ToDec(b)));
}

}  // namespace

std::optional<std::partial_ordering> Order(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (IsNumber(ka) && IsNumber(kb)) return NumberOrder(a, b);
  if (ka != kb) return std::nullopt;
  switch (ka) {
    case Kind::kBool:
      return a.as_bool() <=> b.as_bool();
    case Kind::kString:
      return Cmp3(a.as_string().compare(b.as_string()));
    case Kind::kBytes:
      return Cmp3(a.as_bytes().compare(b.as_bytes()));
    case Kind::kDate:
      return a.as_date() <=> b.as_date();
    case Kind::kTimestamp:
      return a.as_timestamp() <=> b.as_timestamp();
    case Kind::kDuration:
      return a.as_duration() <=> b.as_duration();
    default:
      return std::nullopt;
  }
}

std::optional<bool> Equal(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kError || kb == Kind::kError) return std::nullopt;
  if (IsNumber(ka) && IsNumber(kb)) {
    return NumberOrder(a, b) == std::partial_ordering::equivalent;
  }
  if (ka != kb) return false;
  switch (ka) {
    case Kind::kNull:
      return true;
    // Texts and bools are equal exactly when Order() would call them
    // equivalent; asked directly, without its dispatch (table cells and
    // `in` lists compare strings on every record).
    case Kind::kString:
      return a.as_string() == b.as_string();
    case Kind::kBytes:
      return a.as_bytes() == b.as_bytes();
    case Kind::kBool:
      return a.as_bool() == b.as_bool();
    case Kind::kList: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (x.size() != y.size()) return false;
      bool errored = false;
      for (size_t i = 0; i < x.size(); ++i) {
        auto e = Equal(x[i], y[i]);
        if (!e) {
          errored = true;
        } else if (!*e) {
          return false;
        }
      }
      if (errored) return std::nullopt;
      return true;
    }
    case Kind::kMap: {
      const MapEntries& x = a.as_map();
      const MapEntries& y = b.as_map();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x) {
        const Value* other = b.Find(k);
        if (other == nullptr) return false;
        auto e = Equal(v, *other);
        if (!e) return std::nullopt;
        if (!*e) return false;
      }
      return true;
    }
    case Kind::kType:
      return a.as_type() == b.as_type();
    case Kind::kOpaque:
      return a.opaque_type() == b.opaque_type() &&
             a.opaque_key() == b.opaque_key();
    case Kind::kOptional: {
      const Value *x = a.optional_value(), *y = b.optional_value();
      if (!x || !y) return x == y;
      return Equal(*x, *y);
    }
    default: {
      auto o = Order(a, b);
      return o && *o == std::partial_ordering::equivalent;
    }
  }
}

const Value* Value::Find(const Value& key) const {
  if (kind() != Kind::kMap) return nullptr;
  for (const auto& [k, v] : as_map()) {
    auto e = Equal(k, key);
    if (e && *e) return &v;
  }
  return nullptr;
}

const Value* Value::FindField(std::string_view name) const {
  if (kind() != Kind::kMap) return nullptr;
  for (const auto& [k, v] : as_map()) {
    if (k.kind() == Kind::kString && k.as_string() == name) return &v;
  }
  return nullptr;
}

namespace {
std::string Quote(const std::string& s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}
}  // namespace

std::string Value::DebugString() const {
  switch (kind()) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return as_bool() ? "true" : "false";
    case Kind::kInt:
      return std::to_string(as_int());
    case Kind::kUint:
      return std::to_string(as_uint()) + "u";
    case Kind::kDouble: {
      double d = as_double();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      std::string s = fmt::format("{}", d);
      if (s.find_first_of(".eE") == std::string::npos) s += ".0";
      return s;
    }
    case Kind::kDecimal:
      return as_decimal().ToString();
    case Kind::kString:
      return Quote(as_string());
    case Kind::kBytes:
      return "b" + Quote(as_bytes());
    case Kind::kDate:
      return "date(\"" + as_date().ToString() + "\")";
    case Kind::kTimestamp:
      return "timestamp(\"" + as_timestamp().ToRfc3339() + "\")";
    case Kind::kDuration:
      return "duration(\"" + as_duration().ToString() + "\")";
    case Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < as_list().size(); ++i) {
        if (i) out += ", ";
        out += as_list()[i].DebugString();
      }
      return out + "]";
    }
    case Kind::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : as_map()) {
        if (!first) out += ", ";
        first = false;
        out += k.DebugString() + ": " + v.DebugString();
      }
      return out + "}";
    }
    case Kind::kType:
      return as_type();
    case Kind::kError:
      return "error(" + Quote(error_message()) + ")";
    case Kind::kOptional:
      return optional_value()
                 ? "optional.of(" + optional_value()->DebugString() + ")"
                 : "optional.none()";
    case Kind::kOpaque:
      return opaque_type() + "(" + Quote(opaque_text()) + ")";
  }
  return "?";
}

}  // namespace verdict
