// The scalar kinds a Value holds by value: exact decimals (money), dates,
// durations and timestamps. Split from verdict/value.h, which includes it.
#ifndef VERDICT_SCALARS_H_
#define VERDICT_SCALARS_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "verdict/zone.h"

namespace verdict {

// An exact decimal: mantissa * 10^-scale, with scale in [0, kMaxScale] and
// |mantissa| < 10^kMaxDigits. Money is a Decimal.
//
// Arithmetic (Add, Sub, Mul, Div) follows one rule:
//  - the result is exact whenever the exact value has at most 18 fractional
//    digits and fits (|mantissa| < 10^36 at its scale);
//  - otherwise it is rounded ONCE, from the exact value, half to even
//    (banker's rounding, IEEE 754's and Python decimal's default), at 18
//    fractional places, or at the most places for which the mantissa stays
//    below 10^36 when the integral part is large;
//  - when even the integral value does not fit, the result is nullopt
//    (overflow: callers turn it into an evaluation error, never a wrap);
//  - except that a sum or difference (Add, Sub) is never rounded: one
//    whose exact value does not fit is nullopt too, so that a total of
//    money is exact or an error, never a silently changed amount.
// Division by zero is nullopt too. Results carry no trailing fractional
// zeros (1.50 becomes 1.5). tests/differential/decimal_reference.py checks
// all of this against Python's exact fractions on generated operands.
class Decimal {
 public:
  static constexpr int kMaxScale = 18;
  static constexpr int kMaxDigits = 36;

  constexpr Decimal() = default;
  static Decimal FromInt(int64_t v) { return Decimal(v, 0); }
  // Parses JSON number text or plain decimal text ("199.99", "-1e3", "12",
  // ".5"). Exact or nothing: nullopt for other text, for a non-zero digit
  // below 10^-18, or a value of 10^36 or more ("1.000000000000000000000"
  // is 1; "0.0000000000000000001" is nullopt).
  static std::optional<Decimal> Parse(std::string_view text);
  // Converts a double through its shortest round-trip decimal text (0.1 is
  // 0.1); nullopt for NaN, infinities and values Parse refuses.
  static std::optional<Decimal> FromDouble(double v);

  // Shortest exact text: trailing fractional zeros dropped ("200", "199.9").
  std::string ToString() const;
  // Appends ToString()'s text to *out, with no string of its own.
  void AppendTo(std::string* out) const;
  // Writes ToString()'s text into `buf` and returns a view of it there (not
  // necessarily at its start), for writers with their own buffer.
  static constexpr size_t kFormatBuffer = 64;
  std::string_view Format(char (&buf)[kFormatBuffer]) const;
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
  // The days of 0001-01-01 and 9999-12-31: every date Verdict holds.
  static constexpr int32_t kMinDays = -719162, kMaxDays = 2932896;
  int32_t days = 0;
  // Parses exactly "YYYY-MM-DD" with a valid day; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);
  // nullopt when the triple is not a real date in years 1..9999.
  static std::optional<Date> FromYmd(int year, int month, int day);
  // The day holding the instant `seconds` after 1970-01-01T00:00:00 of the
  // same clock (add a zone's offset first for its local day). Rounds toward
  // the past: -1 is 1969-12-31. The one days-from-seconds in Verdict.
  static constexpr Date FromEpochSeconds(int64_t seconds) {
    int64_t days =
        seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    return Date{static_cast<int32_t>(days)};
  }
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
  // CEL's range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z,
  // as seconds since the Unix epoch.
  static constexpr int64_t kMinSeconds = -62135596800;
  static constexpr int64_t kMaxSeconds = 253402300799;
  // Whether the instant is within CEL's range and its wall-clock reading in
  // `zone` is within years 1 to 9999 too, so that it can be written as
  // "YYYY-MM-DDTHH:MM:SS" there: a pack's datetimes are its zone's local
  // times, so 9999-12-31T20:00:00Z is beyond a +08:00 pack's range.
  bool InRange(const Zone& zone) const;
  // Parses "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM]". Text without an offset is
  // wall-clock time in `zone` (Zone::ToUtc(): the rule for skipped and
  // repeated local times is documented there). nullopt for any other text,
  // and for an instant not InRange(zone): then `*out_of_range` (when not
  // null) is set to true.
  static std::optional<Timestamp> Parse(std::string_view text,
                                        const Zone& zone = Zone(),
                                        bool* out_of_range = nullptr);
  // RFC 3339 in UTC ("2009-02-13T23:31:30Z"), as CEL prints timestamps.
  std::string ToRfc3339() const;
  // "YYYY-MM-DDTHH:MM:SS", the wall-clock time in `zone` at this instant
  // (with the offset in effect then), without the offset; a fraction of a
  // second follows when there is one ("...:00.5"), never truncated.
  std::string ToLocalString(const Zone& zone) const;
  // Appends ToLocalString(zone)'s text to `out` (no temporary string).
  void AppendLocalString(const Zone& zone, std::string* out) const;
  auto operator<=>(const Timestamp&) const = default;
};

}  // namespace verdict

#endif  // VERDICT_SCALARS_H_
