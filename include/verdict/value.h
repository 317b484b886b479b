// Values that flow through Verdict: record fields, expression results and
// decision outputs.
//
// A Value is a small tagged union (null, bool, int, uint, double, decimal,
// string, bytes, date, timestamp, duration, list, map, type, error). Lists and
// maps are shared immutably, so copying a Value never deep-copies a
// collection. Values are immutable once built and safe to share across
// threads.
#ifndef VERDICT_VALUE_H_
#define VERDICT_VALUE_H_

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace verdict {

// An exact decimal: mantissa * 10^-scale, scale in [0, kMaxScale].
// Money is a Decimal. Arithmetic is exact for + - *; division rounds half to
// even at kMaxScale digits. Operations that would overflow return nullopt.
class Decimal {
 public:
  static constexpr int kMaxScale = 18;

  constexpr Decimal() = default;
  static Decimal FromInt(int64_t v) { return Decimal(v, 0); }
  // Parses JSON number text or plain decimal text ("199.99", "-1e3", "12").
  // Returns nullopt for anything else or when the value does not fit.
  static std::optional<Decimal> Parse(std::string_view text);
  // Converts a double through its shortest round-trip decimal text.
  static std::optional<Decimal> FromDouble(double v);

  // Shortest exact text: trailing fractional zeros dropped ("200", "199.9").
  std::string ToString() const;
  double ToDouble() const;
  // Returns the integral value when there is no fractional part and it fits.
  std::optional<int64_t> ToInt64() const;
  bool IsZero() const { return mantissa_ == 0; }
  int Sign() const { return mantissa_ < 0 ? -1 : (mantissa_ > 0 ? 1 : 0); }

  static std::optional<Decimal> Add(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Sub(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Mul(const Decimal& a, const Decimal& b);
  // nullopt on division by zero or overflow.
  static std::optional<Decimal> Div(const Decimal& a, const Decimal& b);
  Decimal Negate() const { return Decimal(-mantissa_, scale_); }
  Decimal Abs() const { return mantissa_ < 0 ? Negate() : *this; }

  // Total order by numeric value (1.50 == 1.5).
  friend int Compare(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) {
    return Compare(a, b) == 0;
  }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
    return Compare(a, b) <=> 0;
  }

  __int128 mantissa() const { return mantissa_; }
  int scale() const { return scale_; }
  Decimal(__int128 mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}

 private:
  __int128 mantissa_ = 0;
  int scale_ = 0;
};

// A calendar date, as days since 1970-01-01 (proleptic Gregorian).
struct Date {
  int32_t days = 0;
  // Parses exactly "YYYY-MM-DD" with a valid day; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);
  // nullopt when the triple is not a real date in years 1..9999.
  static std::optional<Date> FromYmd(int year, int month, int day);
  void ToYmd(int* year, int* month, int* day) const;
  std::string ToString() const;  // "YYYY-MM-DD"
  auto operator<=>(const Date&) const = default;
};

// Signed span of time, seconds + nanos (nanos has the sign of seconds).
struct Duration {
  int64_t seconds = 0;
  int32_t nanos = 0;
  // Parses CEL/Go duration text such as "4h", "1.5s", "-1m30s".
  static std::optional<Duration> Parse(std::string_view text);
  std::string ToString() const;  // CEL form: "1.5s"
  auto operator<=>(const Duration&) const = default;
};

// An instant in time: seconds + nanos since the Unix epoch, UTC.
struct Timestamp {
  int64_t seconds = 0;
  int32_t nanos = 0;  // always in [0, 1e9)
  // Parses "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM]". Text without an offset is
  // local time at `default_offset_seconds` east of UTC.
  static std::optional<Timestamp> Parse(std::string_view text,
                                        int default_offset_seconds = 0);
  // RFC 3339 in UTC ("2009-02-13T23:31:30Z"), as CEL prints timestamps.
  std::string ToRfc3339() const;
  // "YYYY-MM-DDTHH:MM:SS" at the given offset, without the offset.
  std::string ToLocalString(int offset_seconds) const;
  auto operator<=>(const Timestamp&) const = default;
};

class Value;
using List = std::vector<Value>;
using MapEntries = std::vector<std::pair<Value, Value>>;

// A CEL type value, such as the result of type(1) ("int").
struct TypeName {
  std::string name;
  bool operator==(const TypeName&) const = default;
};

// An evaluation error carried as a value (CEL's error channel).
struct ErrorValue {
  std::shared_ptr<const std::string> message;
};

struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};

enum class Kind : uint8_t {
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kDecimal,
  kString,
  kBytes,
  kDate,
  kTimestamp,
  kDuration,
  kList,
  kMap,
  kType,
  kError,
};

// Name of a kind as CEL and our extensions spell it ("int", "decimal", ...).
std::string_view KindName(Kind kind);

class Value {
 public:
  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Bool(bool v) { return Value(Rep(v)); }
  static Value Int(int64_t v) { return Value(Rep(v)); }
  static Value Uint(uint64_t v) { return Value(Rep(v)); }
  static Value Double(double v) { return Value(Rep(v)); }
  static Value Dec(Decimal v) { return Value(Rep(v)); }
  static Value String(std::string v) { return Value(Rep(std::move(v))); }
  static Value BytesOf(std::string v) {
    return Value(Rep(Bytes{std::move(v)}));
  }
  static Value DateOf(Date v) { return Value(Rep(v)); }
  static Value TimestampOf(Timestamp v) { return Value(Rep(v)); }
  static Value DurationOf(Duration v) { return Value(Rep(v)); }
  static Value ListOf(List v) {
    return Value(Rep(std::make_shared<const List>(std::move(v))));
  }
  // Entries keep their insertion order; keys are expected to be unique.
  static Value MapOf(MapEntries v) {
    return Value(Rep(std::make_shared<const MapEntries>(std::move(v))));
  }
  static Value Type(std::string name) {
    return Value(Rep(TypeName{std::move(name)}));
  }
  static Value Error(std::string message) {
    return Value(Rep(
        ErrorValue{std::make_shared<const std::string>(std::move(message))}));
  }

  Kind kind() const { return static_cast<Kind>(rep_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_error() const { return kind() == Kind::kError; }

  // Accessors; calling one for another kind is a programming error (UB-free:
  // std::get throws std::bad_variant_access).
  bool as_bool() const { return std::get<bool>(rep_); }
  int64_t as_int() const { return std::get<int64_t>(rep_); }
  uint64_t as_uint() const { return std::get<uint64_t>(rep_); }
  double as_double() const { return std::get<double>(rep_); }
  const Decimal& as_decimal() const { return std::get<Decimal>(rep_); }
  const std::string& as_string() const { return std::get<std::string>(rep_); }
  const std::string& as_bytes() const { return std::get<Bytes>(rep_).data; }
  Date as_date() const { return std::get<Date>(rep_); }
  Timestamp as_timestamp() const { return std::get<Timestamp>(rep_); }
  Duration as_duration() const { return std::get<Duration>(rep_); }
  const List& as_list() const {
    return *std::get<std::shared_ptr<const List>>(rep_);
  }
  const MapEntries& as_map() const {
    return *std::get<std::shared_ptr<const MapEntries>>(rep_);
  }
  const std::string& as_type() const { return std::get<TypeName>(rep_).name; }
  const std::string& error_message() const {
    return *std::get<ErrorValue>(rep_).message;
  }

  // Map lookup by CEL equality of keys; nullptr when absent or not a map.
  const Value* Find(const Value& key) const;
  const Value* FindField(std::string_view name) const;

  // Debug/CLI text: a readable, JSON-like rendering.
  std::string DebugString() const;

 private:
  using Rep =
      std::variant<std::monostate, bool, int64_t, uint64_t, double, Decimal,
                   std::string, Bytes, Date, Timestamp, Duration,
                   std::shared_ptr<const List>,
                   std::shared_ptr<const MapEntries>, TypeName, ErrorValue>;
  explicit Value(Rep rep) : rep_(std::move(rep)) {}
  Rep rep_;
};

// CEL equality: numbers compare across int/uint/double/decimal by value;
// lists and maps element-wise; values of unrelated kinds are unequal.
// Returns nullopt when either side is an error.
std::optional<bool> Equal(const Value& a, const Value& b);

// Ordering for comparable kinds (numbers across kinds, strings, bytes, bools,
// dates, timestamps, durations). nullopt when not comparable; for NaN,
// returns std::partial_ordering::unordered.
std::optional<std::partial_ordering> Order(const Value& a, const Value& b);

}  // namespace verdict

#endif  // VERDICT_VALUE_H_
