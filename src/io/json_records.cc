// JSON Lines records in (json_records.h): the flat reader first
// (flat_json.h), simdjson for every other line.
#include "src/io/json_records.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "src/io/flat_json.h"
#include "src/io/json_values.h"

namespace verdict {

namespace od = simdjson::ondemand;

std::string RecordTooLongMessage(size_t bytes, size_t limit) {
  return "the record is " + std::to_string(bytes) + " bytes long (limit " +
         std::to_string(limit) + ")";
}

std::vector<std::string_view> SplitLines(std::string_view text,
                                         bool input_start) {
  std::vector<std::string_view> lines;
  // A UTF-8 byte order mark (as some Windows tools write) is not content.
  if (input_start && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

namespace {

// `field`: the one field the message names, if any.
RecordError Bad(std::string msg, std::string field = "") {
  return RecordError{"invalid_json", std::move(msg), std::move(field)};
}

const char* JsonTypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "a list";
    case od::json_type::object:
      return "an object";
    case od::json_type::number:
      return "a number";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "?";
}

std::optional<RecordError> ReadField(const CompiledField& cf, od::value v,
                                     Value* out) {
  od::json_type t;
  if (v.type().get(t))
    return Bad("malformed JSON in field '" + cf.name + "'", cf.name);
  if (t == od::json_type::null) {
    out->Reset();
    return std::nullopt;
  }
  auto wrong = [&](const char* want) {
    return RecordError{"wrong_type",
                       "field '" + cf.name + "': expected " + want + ", got " +
                           JsonTypeName(t),
                       cf.name};
  };
  using B = FieldType::Base;
  switch (cf.type.base) {
    case B::kString:
    case B::kEnum:
    case B::kDate:
    case B::kDatetime: {
      if (t != od::json_type::string) {
        return wrong(cf.type.base == B::kDate ? "a date string (YYYY-MM-DD)"
                     : cf.type.base == B::kDatetime ? "a datetime string"
                                                    : "a string");
      }
      std::string_view s;
      if (v.get_string().get(s))
        return Bad("malformed string in field '" + cf.name + "'", cf.name);
      out->AssignString(s);
      return std::nullopt;
    }
    case B::kBool: {
      if (t != od::json_type::boolean) return wrong("true or false");
      bool b;
      if (v.get_bool().get(b))
        return Bad("malformed boolean in field '" + cf.name + "'", cf.name);
      *out = Value::Bool(b);
      return std::nullopt;
    }
    case B::kInt:
    case B::kMoney:
    case B::kDouble: {
      if (t != od::json_type::number) {
        return wrong(cf.type.base == B::kInt ? "an integer" : "a number");
      }
      std::string_view raw = TrimToken(v.raw_json_token());
      if (!IsJsonNumber(raw)) {
        return Bad("invalid JSON: malformed number " + std::string(raw) +
                       " in field '" + cf.name + "'",
                   cf.name);
      }
      auto d = Decimal::Parse(raw);
      if (!d) {
        return RecordError{"invalid_value",
                           "field '" + cf.name + "': " + std::string(raw) +
                               " is out of range or too precise",
                           cf.name};
      }
      *out = Value::Dec(*d);  // ValidateRecord converts to the field's type
      return std::nullopt;
    }
    default: {
      std::string why;
      if (!Generic(v, out, 0, &why)) {
        if (!why.empty()) {
          return RecordError{"invalid_value", "field '" + cf.name + "': " + why,
                             cf.name};
        }
        return Bad("malformed JSON in field '" + cf.name + "'", cf.name);
      }
      return std::nullopt;
    }
  }
}

// The end of the JSON object `line` starts with (its closing brace's
// index), found by brackets and strings alone, or npos.
size_t ObjectEnd(std::string_view line) {
  size_t at = line.find_first_not_of(" \t");
  if (at == std::string_view::npos || line[at] != '{') return line.npos;
  int depth = 0;
  bool in_string = false;
  for (size_t i = at; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i;
    }
  }
  return line.npos;
}

// A record simdjson refuses, worded: a whole valid object followed by more
// than white space (which simdjson reports as a document that "ended
// early") is said to be so; anything else in simdjson's words.
RecordError InvalidJson(std::string_view line, simdjson::error_code err) {
  const size_t end = ObjectEnd(line);
  if (end != line.npos &&
      line.find_first_not_of(" \t\r\n", end + 1) != line.npos) {
    simdjson::dom::parser alone;
    simdjson::padded_string object(line.substr(0, end + 1));
    if (!alone.parse(object).error()) {
      return Bad("invalid JSON: trailing content after the object");
    }
  }
  return Bad(std::string("invalid JSON: ") + simdjson::error_message(err));
}

// The record-too-long error of `line`, if it is one.
std::optional<RecordError> TooLong(std::string_view line, const Frame& frame,
                                   size_t line_bytes) {
  const size_t bytes = std::max(line.size(), line_bytes);
  if (frame.ctx().limits && bytes > frame.ctx().limits->max_record_bytes) {
    return Bad(
        RecordTooLongMessage(bytes, frame.ctx().limits->max_record_bytes));
  }
  return std::nullopt;
}

// Whether this thread tries the flat reader on its next line. A line it
// declines is scanned twice (up to all of it, then by simdjson), about 15%
// more for records that all hold a nested value at the end; so after
// kDeclinesInARow declines in a row it sits out kSkippedLines lines, then
// tries again. Only the speed depends on it: both readers give the same
// answer (tests/unit/flat_json_test.cc).
class FlatOdds {
 public:
  bool Try() {
    if (skip_ == 0) return true;
    --skip_;
    return false;
  }
  void Read() { declined_ = 0; }
  void Declined() {
    if (++declined_ < kDeclinesInARow) return;
    declined_ = 0;
    skip_ = kSkippedLines;
  }

 private:
  static constexpr uint32_t kDeclinesInARow = 8;
  static constexpr uint32_t kSkippedLines = 1024;
  uint32_t declined_ = 0;
  uint32_t skip_ = 0;
};

}  // namespace

std::optional<RecordError> ReadJsonRecord(const CompiledPolicy& p,
                                          od::parser& parser,
                                          std::string_view line, Frame& frame,
                                          bool strict, size_t line_bytes) {
  thread_local FlatOdds odds;
  thread_local FlatKeyOrder order;
  if (odds.Try()) {
    order.For(p);
    if (!TooLong(line, frame, line_bytes) &&
        ReadFlatJsonRecord(p, line, frame, strict, &order)) {
      odds.Read();
      return std::nullopt;
    }
    odds.Declined();
  }
  return ReadJsonRecordWithSimdjson(p, parser, line, frame, strict, line_bytes);
}

std::optional<RecordError> ReadJsonRecordWithSimdjson(const CompiledPolicy& p,
                                                      od::parser& parser,
                                                      std::string_view line,
                                                      Frame& frame, bool strict,
                                                      size_t line_bytes) {
  for (size_t i = 0; i < p.fields.size(); ++i)
    frame.slot(static_cast<int>(i)).Reset();
  if (auto err = TooLong(line, frame, line_bytes)) return err;
  size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return Bad("empty line: expected a JSON object");
  od::document doc;
  if (auto err = parser
                     .iterate(line.data(), line.size(),
                              line.size() + simdjson::SIMDJSON_PADDING)
                     .get(doc)) {
    return InvalidJson(line, err);
  }
  od::object obj;
  od::json_type t;
  if (auto err = doc.type().get(t)) {
    return InvalidJson(line, err);
  }
  if (t != od::json_type::object) return Bad("a record must be a JSON object");
  if (auto err = doc.get_object().get(obj)) {
    return InvalidJson(line, err);
  }
  uint64_t seen = 0;
  size_t next = 0;  // the field after the previous key's
  std::optional<RecordError> field_error;
  size_t field_error_index = 0;  // of field_error, when it is a field's
  for (auto field : obj) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) {
      return InvalidJson(line, err);
    }
    // Records mostly list their fields in the declared order: the field
    // after the previous one is tried first, then all of them.
    size_t idx = p.fields.size();
    if (next < p.fields.size() && p.fields[next].name == key) {
      idx = next;
    } else {
      for (size_t i = 0; i < p.fields.size(); ++i) {
        if (p.fields[i].name == key) {
          idx = i;
          break;
        }
      }
    }
    next = idx + 1;
    od::value v;
    if (auto err = field.value().get(v)) {
      return InvalidJson(line, err);
    }
    if (idx == p.fields.size()) {
      // A key the policy does not declare is the record's error before any
      // of its values' faults (the record's shape is wrong), the first
      // such key in the line.
      if (strict && (!field_error || field_error->code != "unknown_field")) {
        field_error = RecordError::UnknownField(p.info.name, key);
      }
      // Still walk it, so that malformed JSON anywhere is caught.
      if (!Walk(v, 0))
        return Bad("malformed JSON in field '" + std::string(key) + "'",
                   std::string(key));
      continue;
    }
    if (idx < 64) {
      if (seen & (uint64_t{1} << idx)) {
        return RecordError{"invalid_json",
                           "field '" + std::string(key) + "' appears twice",
                           std::string(key)};
      }
      seen |= uint64_t{1} << idx;
    }
    // Read straight into the field's slot (null since the start): no
    // temporary to move. A field in error leaves its slot null.
    Value& slot = frame.slot(static_cast<int>(idx));
    if (auto err = ReadField(p.fields[idx], v, &slot)) {
      slot.Reset();
      if (err->code == "invalid_json") return err;
      // The first faulty field in the policy's order, as every path names
      // it (ValidateLoaded), not in the line's order.
      if (!field_error ||
          (field_error->code != "unknown_field" && idx < field_error_index)) {
        field_error = err;
        field_error_index = idx;
      }
    }
  }
  const char* trailing = nullptr;
  if (!doc.current_location().get(trailing)) {
    return Bad("invalid JSON: trailing content after the object");
  }
  return field_error;
}

}  // namespace verdict
