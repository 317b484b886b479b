// JSON text out (json_records.h): values, dates and whole decisions, the
// reference writer (DecisionJsonWriter, decision_writer.h, is its fast
// path for plain decisions).
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>

#include "src/io/json_records.h"

namespace verdict {

bool FormatDateJson(Date date, char (&buf)[12]) {
  int y, m, d;
  date.ToYmd(&y, &m, &d);
  if (y < 0 || y > 9999) return false;
  const char text[12] = {'"',
                         static_cast<char>('0' + y / 1000),
                         static_cast<char>('0' + y / 100 % 10),
                         static_cast<char>('0' + y / 10 % 10),
                         static_cast<char>('0' + y % 10),
                         '-',
                         static_cast<char>('0' + m / 10),
                         static_cast<char>('0' + m % 10),
                         '-',
                         static_cast<char>('0' + d / 10),
                         static_cast<char>('0' + d % 10),
                         '"'};
  std::memcpy(buf, text, sizeof text);
  return true;
}

void AppendDate(Date date, std::string* out) {
  char buf[12];
  if (FormatDateJson(date, buf)) {
    out->append(buf, sizeof buf);
  } else {  // outside YYYY: the general formatter
    *out += "\"" + date.ToString() + "\"";
  }
}

void AppendJson(const Value& v, const Zone& zone, std::string* out) {
  switch (v.kind()) {
    case Kind::kNull:
      *out += "null";
      break;
    case Kind::kBool:
      *out += v.as_bool() ? "true" : "false";
      break;
    case Kind::kInt: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out->append(buf, r.ptr);
      break;
    }
    case Kind::kUint:
      *out += std::to_string(v.as_uint());
      break;
    case Kind::kDouble:
      if (std::isfinite(v.as_double())) {
        fmt::format_to(std::back_inserter(*out), "{}", v.as_double());
      } else {
        *out += "null";
      }
      break;
    case Kind::kDecimal:
      v.as_decimal().AppendTo(out);
      break;
    case Kind::kString:
      AppendJsonString(v.as_string(), out);
      break;
    case Kind::kBytes:  // base64: bytes are no text, and JSON text is UTF-8
      *out += '"';
      *out += Base64Encode(v.as_bytes());
      *out += '"';
      break;
    case Kind::kDate:
      AppendDate(v.as_date(), out);
      break;
    case Kind::kTimestamp:
      *out += '"';
      v.as_timestamp().AppendLocalString(zone, out);
      *out += '"';
      break;
    case Kind::kDuration:
      *out += "\"" + v.as_duration().ToString() + "\"";
      break;
    case Kind::kType:
      AppendJsonString(v.as_type(), out);
      break;
    case Kind::kError:
      AppendJsonString("error: " + v.error_message(), out);
      break;
    case Kind::kOpaque:  // its text, such as "192.168.0.0/24"
      AppendJsonString(v.opaque_text(), out);
      break;
    case Kind::kOptional:  // its value, or null for optional.none()
      if (v.optional_value()) {
        AppendJson(*v.optional_value(), zone, out);
      } else {
        *out += "null";
      }
      break;
    case Kind::kList: {
      out->push_back('[');
      bool first = true;
      for (const Value& x : v.as_list()) {
        if (!first) out->push_back(',');
        first = false;
        AppendJson(x, zone, out);
      }
      out->push_back(']');
      break;
    }
    case Kind::kMap: {
      char before = '{';
      for (const auto& [k, x] : v.as_map()) {
        if (k.kind() == Kind::kString) {
          AppendJsonMemberName(before, k.as_string(), out);
        } else {
          AppendJsonMemberName(before, k.DebugString(), out);
        }
        before = ',';
        AppendJson(x, zone, out);
      }
      if (before == '{') out->push_back('{');
      out->push_back('}');
      break;
    }
  }
}

std::string DecisionToJson(const Decision& d, const Zone& zone) {
  std::string out;
  AppendDecisionJson(d, zone, &out);
  return out;
}

void AppendDecisionJson(const Decision& d, const Zone& zone,
                        std::string* out_ptr) {
  std::string& out = *out_ptr;
  out += "{";
  // A comma before a member unless it is the first (a decision without
  // outputs, such as a moved-from one, still gets its audit and trace).
  auto comma = [&] {
    if (out.back() != '{') out += ',';
  };
  if (d.error) {
    out += "\"error\":{\"code\":";
    AppendJsonString(d.error->code, &out);
    out += ",\"message\":";
    AppendJsonString(d.error->message, &out);
    out += ",\"field\":";
    if (d.error->field.empty()) {
      out += "null";
    } else {
      AppendJsonString(d.error->field, &out);
    }
    out += "}";
  } else {
    bool first = true;
    for (const auto& [k, v] : d.outputs) {
      if (!first) out += ",";
      first = false;
      AppendJsonString(k, &out);
      out += ":";
      AppendJson(v, zone, &out);
    }
  }
  if (d.audit) {
    comma();
    out += "\"audit\":{\"pack\":";
    AppendJsonString(d.audit->pack, &out);
    out += ",\"version\":";
    AppendJsonString(d.audit->version, &out);
    out += ",\"content_hash\":";
    AppendJsonString(d.audit->content_hash, &out);
    out += ",\"policy\":";
    AppendJsonString(d.audit->policy, &out);
    out += ",\"as_of\":\"" + d.audit->as_of.ToString() + "\"}";
  }
  if (!d.trace.empty() || (d.traced && !d.error)) {
    comma();
    out += "\"trace\":[";
    for (size_t i = 0; i < d.trace.size(); ++i) {
      const TraceEntry& t = d.trace[i];
      if (i) out += ",";
      out += "{\"decision\":";
      AppendJsonString(t.decision, &out);
      out += ",\"rule\":";
      AppendJsonString(t.rule, &out);
      out += ",\"values\":{";
      for (size_t j = 0; j < t.values.size(); ++j) {
        if (j) out += ",";
        AppendJsonString(t.values[j].first, &out);
        out += ":";
        AppendJson(t.values[j].second, zone, &out);
      }
      out += "}}";
    }
    out += "]";
  }
  out += "}";
}

}  // namespace verdict
