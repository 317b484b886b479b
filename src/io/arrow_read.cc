#include "src/io/arrow_read.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "src/io/json_values.h"
#include "src/value/ticks.h"
#include "src/value/utf8.h"

namespace verdict {

namespace {

// Text read from a column: refused (an error Value, see Read()) when it is
// not UTF-8, as `verdict eval` refuses such a line and every result must be
// UTF-8. The message names the offending byte, never the bytes themselves.
Value Utf8Text(std::string_view text) {
  const size_t bad = FirstInvalidUtf8(text);
  if (bad == std::string_view::npos) return Value::StringOf(text);
  return Value::Error(NotUtf8Message(text, bad));
}

// A date from a count of days. FieldType::Accept() refuses one outside
// years 1..9999 with the date in its message; a count beyond any Date (int32
// days) is refused here, by the count.
Value DateCell(int64_t days) {
  if (days >= INT32_MIN && days <= INT32_MAX) {
    return Value::DateOf(Date{static_cast<int32_t>(days)});
  }
  return Value::Error(DayCountText(days) + std::string(kDateRangeText));
}

// The decimal text of `m` at `scale`: 1.00000000000000000001 at scale 20,
// 1000 at scale 0, 1e40 at scale -40 (a negative scale never printed out).
std::string DecimalText(__int128 m, int scale) {
  unsigned __int128 u = m < 0 ? -static_cast<unsigned __int128>(m)
                              : static_cast<unsigned __int128>(m);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + u % 10));
    u /= 10;
  } while (u != 0);
  if (scale < 0) {
    digits += "e" + std::to_string(-scale);
  } else if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) {
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return (m < 0 ? "-" : "") + digits;
}

// Whether m * 10^-scale (scale <= kMaxScale) is a Decimal: its mantissa at
// the smallest scale that holds it exactly, and at a scale of 0 or more,
// is below 10^36 (Decimal::Parse's limit, so that the cell is refused as
// the same number in a JSON line is). Divides out the trailing zeros of
// *m (not below scale 0) and scales up a negative scale, giving the
// Decimal's mantissa and scale when true.
bool FitsDecimal(__int128* m, int* scale) {
  __int128 limit = 1;
  for (int k = 0; k < Decimal::kMaxDigits; ++k) limit *= 10;
  // Only fractional zeros divided out can bring it below the limit.
  while ((*m >= limit || *m <= -limit) && *scale > 0 && *m % 10 == 0) {
    *m /= 10;
    --*scale;
  }
  if (*m >= limit || *m <= -limit) return false;
  if (*m == 0) *scale = std::max(*scale, 0);  // however negative its scale
  for (; *scale < 0; ++*scale) {
    if (*m >= limit / 10 || *m <= -limit / 10) return false;
    *m *= 10;
  }
  return true;
}

template <typename T>
const T* Buf(const ArrowArray& a, int k) {
  return static_cast<const T*>(a.buffers[k]);
}

template <typename T>
class IntReader : public ArrowReader {
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    T v = Buf<T>(a, 1)[j];
    if constexpr (std::is_same_v<T, uint64_t>) {
      if (v > static_cast<uint64_t>(INT64_MAX)) return Value::Uint(v);
    }
    return Value::Int(static_cast<int64_t>(v));
  }
};

template <typename T>
class FloatReader : public ArrowReader {
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    return Value::Double(static_cast<double>(Buf<T>(a, 1)[j]));
  }
};

class BoolReader : public ArrowReader {
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    return Value::Bool(Buf<uint8_t>(a, 1)[j >> 3] & (1 << (j & 7)));
  }
};

class NullReader : public ArrowReader {
  Value ReadValid(const ArrowArray&, int64_t) const override { return Value(); }
};

template <typename Offset>
class StringReader : public ArrowReader {
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    const Offset* off = Buf<Offset>(a, 1);
    const char* data = Buf<char>(a, 2);
    return Utf8Text(std::string_view(data + off[j], off[j + 1] - off[j]));
  }
};

// utf8_view: 16-byte views, short strings inline, long ones in the
// variadic data buffers (buffers[2..]).
class StringViewReader : public ArrowReader {
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    const uint8_t* view = Buf<uint8_t>(a, 1) + 16 * j;
    int32_t len;
    std::memcpy(&len, view, 4);
    if (len <= 12) {
      return Utf8Text(
          std::string_view(reinterpret_cast<const char*>(view + 4), len));
    }
    int32_t buf, off;
    std::memcpy(&buf, view + 8, 4);
    std::memcpy(&off, view + 12, 4);
    const char* data = Buf<char>(a, 2 + buf) + off;
    return Utf8Text(std::string_view(data, len));
  }
};

class Decimal128Reader : public ArrowReader {
 public:
  explicit Decimal128Reader(int scale) : scale_(scale) {}
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    __int128 m;
    std::memcpy(&m, Buf<uint8_t>(a, 1) + 16 * j, 16);  // little-endian
    int scale = scale_;
    // A column's scale is its type's, not the value's: 199.99 arrives as
    // 199.990000 at scale 6. Trailing zeros beyond money's 4 places are
    // dropped, so that the value validates as its text would.
    while (scale > 4 && m % 10 == 0) {
      m /= 10;
      --scale;
    }
    if (scale > Decimal::kMaxScale) {
      // As `verdict eval` words it for the same number in JSON.
      return Value::Error(DecimalText(m, scale) +
                          " is out of range or too precise (more than 18 "
                          "fractional digits)");
    }
    const __int128 given = m;
    const int given_scale = scale;
    if (!FitsDecimal(&m, &scale)) {
      // decimal128 holds 38 digits, a Decimal 36: as `verdict eval` words
      // it for the same number in JSON.
      return Value::Error(DecimalText(given, given_scale) +
                          " is out of range or too precise (more than 36 "
                          "digits)");
    }
    return Value::Dec(Decimal(m, scale));
  }

 private:
  int scale_;
};

class Date32Reader : public ArrowReader {
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    return DateCell(Buf<int32_t>(a, 1)[j]);
  }
};

class Date64Reader : public ArrowReader {
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    int64_t ms = Buf<int64_t>(a, 1)[j];
    // Rounded toward the past, without negating (INT64_MIN has no negation).
    int64_t days = ms / 86400000 - (ms % 86400000 < 0 ? 1 : 0);
    return DateCell(days);
  }
};

// A timestamp with a zone is an instant; without one, wall time in the
// pack's zone (as datetime text without an offset is). TicksValue reads
// the count in its own unit, as the DataFrame path does; for a date field a
// timestamp without a zone at midnight is its day, as a datetime64 cell is
// there (pandas has no date dtype, and pyarrow makes datetime64 such a
// column). A zoned one stays an instant, which a date field refuses, as
// the DataFrame path refuses a zoned pandas Timestamp.
class TimestampReader : public ArrowReader {
 public:
  TimestampReader(TickUnit unit, std::optional<Zone> wall_zone,
                  bool midnight_is_day)
      : unit_(unit),
        wall_zone_(std::move(wall_zone)),
        midnight_is_day_(midnight_is_day) {}
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    return TicksValue(Buf<int64_t>(a, 1)[j], unit_,
                      wall_zone_ ? &*wall_zone_ : nullptr, midnight_is_day_);
  }

 private:
  TickUnit unit_;
  std::optional<Zone> wall_zone_;
  bool midnight_is_day_;
};

template <typename Offset>
class ListReader : public ArrowReader {
 public:
  explicit ListReader(std::unique_ptr<ArrowReader> child)
      : child_(std::move(child)) {}
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    const Offset* off = Buf<Offset>(a, 1);
    const ArrowArray& c = *a.children[0];
    List items;
    items.reserve(static_cast<size_t>(off[j + 1] - off[j]));
    for (int64_t k = off[j]; k < off[j + 1]; ++k) {
      items.push_back(child_->Read(c, k));
      if (items.back().is_error()) {  // the cell is refused whole
        return Value::Error("item " + std::to_string(k - off[j]) + ": " +
                            items.back().error_message());
      }
    }
    return Value::ListOf(std::move(items));
  }

 private:
  std::unique_ptr<ArrowReader> child_;
};

// Dictionary-encoded (pandas categoricals, Spark/polars categories): the
// indices are this array's, the values the dictionary's.
class DictionaryReader : public ArrowReader {
 public:
  DictionaryReader(std::unique_ptr<ArrowReader> index,
                   std::unique_ptr<ArrowReader> values)
      : index_(std::move(index)), values_(std::move(values)) {}
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    Value k = index_->Read(a, j - a.offset);
    return values_->Read(*a.dictionary, k.as_int());
  }

 private:
  std::unique_ptr<ArrowReader> index_;
  std::unique_ptr<ArrowReader> values_;
};

// A number or bool field given as text in the JSON Lines notation
// (scale.md: "199.99", "12", "true"): read exactly as the same text written
// as a JSON number in a JSON line is (the field's type check then converts
// it, as for JSON input). Text in JSON's number notation (IsJsonNumber)
// that no Decimal holds (1e400, 19 fractional digits) is an error Value,
// the field's invalid_value, as in a JSON line. Any other text ("0100",
// ".5", "+60", "abc") is no number: it stays a string, which the field's
// type check refuses as wrong_type naming the field, as it refuses any
// JSON string. "true" and "false" are the bools of a bool field.
class JsonTextReader : public ArrowReader {
 public:
  JsonTextReader(std::unique_ptr<ArrowReader> text, bool boolean)
      : text_(std::move(text)), boolean_(boolean) {}
  Value ReadValid(const ArrowArray& a, int64_t j) const override {
    Value v = text_->Read(a, j - a.offset);
    if (v.kind() != Kind::kString) return v;
    const std::string& t = v.as_string();
    if (boolean_) {
      if (t == "true") return Value::Bool(true);
      if (t == "false") return Value::Bool(false);
      return v;
    }
    if (!IsJsonNumber(t)) return v;
    auto d = Decimal::Parse(t);
    if (!d) return Value::Error(t + " is out of range or too precise");
    return Value::Dec(*d);
  }

 private:
  std::unique_ptr<ArrowReader> text_;
  bool boolean_;
};

std::unique_ptr<ArrowReader> Scalar(std::string_view f, const FieldType* type,
                                    const std::string& field, const Zone& zone,
                                    std::string* error) {
  bool money = type && type->base == FieldType::Base::kMoney;
  auto floating = [&]() -> std::unique_ptr<ArrowReader> {
    if (money) {
      *error = "column '" + field + "' is floating point (Arrow '" +
               std::string(f) +
               "'), but the field is money, which must be exact: cast it to "
               "decimal128(38, 4) (or to a string of the exact amount)";
      return nullptr;
    }
    if (f == "g") return std::make_unique<FloatReader<double>>();
    return std::make_unique<FloatReader<float>>();
  };
  if (f == "n") return std::make_unique<NullReader>();
  if (f == "b") return std::make_unique<BoolReader>();
  if (f == "c") return std::make_unique<IntReader<int8_t>>();
  if (f == "C") return std::make_unique<IntReader<uint8_t>>();
  if (f == "s") return std::make_unique<IntReader<int16_t>>();
  if (f == "S") return std::make_unique<IntReader<uint16_t>>();
  if (f == "i") return std::make_unique<IntReader<int32_t>>();
  if (f == "I") return std::make_unique<IntReader<uint32_t>>();
  if (f == "l") return std::make_unique<IntReader<int64_t>>();
  if (f == "L") return std::make_unique<IntReader<uint64_t>>();
  if (f == "f" || f == "g") return floating();
  if (f == "e") {
    *error = "column '" + field + "': half floats are not supported";
    return nullptr;
  }
  using B = FieldType::Base;
  const bool text = f == "u" || f == "U" || f == "vu";
  if (text && type &&
      (money || type->base == B::kInt || type->base == B::kDouble ||
       type->base == B::kBool)) {
    return std::make_unique<JsonTextReader>(
        Scalar(f, nullptr, field, zone, error), type->base == B::kBool);
  }
  if (f == "u") return std::make_unique<StringReader<int32_t>>();
  if (f == "U") return std::make_unique<StringReader<int64_t>>();
  if (f == "vu") return std::make_unique<StringViewReader>();
  if (f == "tdD") return std::make_unique<Date32Reader>();
  if (f == "tdm") return std::make_unique<Date64Reader>();
  if (f.starts_with("d:")) {
    // d:precision,scale[,bitwidth]
    std::string spec(f.substr(2));
    int precision = 0, scale = 0, bits = 128;
    int n = std::sscanf(spec.c_str(), "%d,%d,%d", &precision, &scale, &bits);
    if (n < 2 || bits != 128) {
      *error = "column '" + field + "': decimal type '" + std::string(f) +
               "' is not supported (decimal128 is)";
      return nullptr;
    }
    return std::make_unique<Decimal128Reader>(scale);
  }
  if (f.size() >= 4 && f.starts_with("ts") && f[3] == ':') {
    TickUnit unit = f[2] == 's'   ? TickUnit{1000000000, "s"}
                    : f[2] == 'm' ? TickUnit{1000000, "ms"}
                    : f[2] == 'u' ? TickUnit{1000, "us"}
                                  : TickUnit{1, "ns"};
    bool zoned = f.size() > 4;
    bool date = type && type->base == FieldType::Base::kDate;
    return std::make_unique<TimestampReader>(
        unit, zoned ? std::nullopt : std::optional<Zone>(zone), date && !zoned);
  }
  *error = "column '" + field + "': Arrow type '" + std::string(f) +
           "' is not supported";
  return nullptr;
}

}  // namespace

std::unique_ptr<ArrowReader> ArrowReader::Make(const ArrowSchema& schema,
                                               const FieldType* type,
                                               const std::string& field,
                                               const Zone& zone,
                                               std::string* error) {
  std::string_view f = schema.format;
  if (schema.dictionary) {
    auto index = Scalar(f, nullptr, field, zone, error);
    if (!index) return nullptr;
    auto values = Make(*schema.dictionary, type, field, zone, error);
    if (!values) return nullptr;
    return std::make_unique<DictionaryReader>(std::move(index),
                                              std::move(values));
  }
  if (f == "+l" || f == "+L") {
    const FieldType* elem = type && type->base == FieldType::Base::kList
                                ? type->elem.get()
                                : nullptr;
    auto child = Make(*schema.children[0], elem, field, zone, error);
    if (!child) return nullptr;
    if (f == "+l")
      return std::make_unique<ListReader<int32_t>>(std::move(child));
    return std::make_unique<ListReader<int64_t>>(std::move(child));
  }
  return Scalar(f, type, field, zone, error);
}

namespace {

// Whether `bytes` are all ASCII, eight at a time: then every cell cut from
// them is UTF-8, wherever the offsets fall.
bool AllAscii(const char* bytes, int64_t n) {
  int64_t i = 0;
  uint64_t high = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    high |= word;
  }
  for (; i < n; ++i) high |= static_cast<unsigned char>(bytes[i]);
  return (high & 0x8080808080808080ull) == 0;
}

template <typename Offset>
bool TextCellsValid(const ArrowArray& a, int64_t first, int64_t length) {
  const Offset* off = Buf<Offset>(a, 1) + first;
  const char* data = Buf<char>(a, 2);
  if (AllAscii(data + off[0], static_cast<int64_t>(off[length] - off[0])))
    return true;
  for (int64_t i = 0; i < length; ++i) {
    std::string_view cell(data + off[i],
                          static_cast<size_t>(off[i + 1] - off[i]));
    if (FirstInvalidUtf8(cell) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

bool ArrowCellsValid(const ArrowArray& array, std::string_view format,
                     int64_t from, int64_t length) {
  if (length <= 0) return true;
  const int64_t first = array.offset + from;
  if (format == "u") return TextCellsValid<int32_t>(array, first, length);
  if (format == "U") return TextCellsValid<int64_t>(array, first, length);
  if (format == "vu") {
    // Few columns arrive as views; each cell is checked as Read() would.
    StringViewReader text;
    for (int64_t i = 0; i < length; ++i) {
      if (text.Read(array, from + i).is_error()) return false;
    }
    return true;
  }
  if (format == "tdD") {
    const int32_t* days = Buf<int32_t>(array, 1) + first;
    bool ok = true;
    for (int64_t i = 0; i < length; ++i)
      ok &= days[i] >= Date::kMinDays && days[i] <= Date::kMaxDays;
    return ok;
  }
  return true;
}

}  // namespace verdict
