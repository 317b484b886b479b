// Exact decimal arithmetic over a 128-bit mantissa (see verdict/value.h).
#include <boost/multiprecision/cpp_int.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "verdict/value.h"

namespace verdict {
namespace {

using i128 = __int128;
// Exact intermediates of every operation: a product of two mantissas below
// 10^36 times 10^18 is below 10^90 < 2^300, so 512 bits never overflow.
using Wide = boost::multiprecision::int512_t;

// 10^0 .. 10^38, the powers an i128 holds.
struct Pow10Table {
  i128 p[39];
  constexpr Pow10Table() : p() {
    p[0] = 1;
    for (int i = 1; i < 39; ++i) p[i] = p[i - 1] * 10;
  }
};
constexpr Pow10Table kPow10;

// |mantissa| < 10^36, so aligning two scales (at most 10^18 more) never
// overflows 128 bits.
constexpr i128 kLimit = kPow10.p[Decimal::kMaxDigits];

bool Fits(i128 m) { return m < kLimit && m > -kLimit; }

// 10^n for n in [0, 54] (the largest scaling any operation needs: 10^36
// mantissas times 10^18), computed once rather than on every call.
const Wide& WidePow10(int n) {
  static const std::vector<Wide> kTable = [] {
    std::vector<Wide> t(55);
    t[0] = 1;
    for (size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return kTable.at(static_cast<size_t>(n));
}

// Multiplies by 10^n, false on overflow.
bool ScaleUp(i128 m, int n, i128* out) {
  if (n == 0) {
    *out = m;
    return true;
  }
  if (n < 0 || n > 38) return false;
  return !__builtin_mul_overflow(m, kPow10.p[n], out);
}

// Drops trailing fractional zeros (1.50 -> 1.5). `scale` is in [0, 18].
Decimal Normalize(i128 m, int scale) {
  while (scale > 0 && m % 10 == 0) {
    m /= 10;
    --scale;
  }
  return Decimal(m, scale);
}

// The quotient n / d (d != 0) rounded once, half to even.
template <typename Int>
Int DivRoundHalfEven(const Int& n, const Int& d) {
  const bool neg = (n < 0) != (d < 0);
  const Int an = n < 0 ? Int(-n) : n;
  const Int ad = d < 0 ? Int(-d) : d;
  Int q = an / ad;
  const Int twice = (an - q * ad) * 2;
  if (twice > ad || (twice == ad && (q & 1) != 0)) q += 1;
  return neg ? Int(-q) : q;
}

// The exact rational num / den (den > 0) as a Decimal: exact when it has at
// most 18 fractional digits and fits; otherwise rounded once, half to even,
// at 18 places or at the most places whose mantissa stays below 10^36.
// nullopt when even the integral value does not fit (overflow).
std::optional<Decimal> RoundRational(const Wide& num, const Wide& den) {
  static const Wide kWideLimit = WidePow10(Decimal::kMaxDigits);
  Wide scaled = num * WidePow10(Decimal::kMaxScale);
  for (int t = Decimal::kMaxScale; t >= 0; --t) {
    Wide q = DivRoundHalfEven(scaled, den);
    if (q < kWideLimit && q > -kWideLimit) {
      return Normalize(static_cast<i128>(q), t);
    }
    if (t > 0) scaled = num * WidePow10(t - 1);  // round num itself again
  }
  return std::nullopt;
}

bool Align(const Decimal& a, const Decimal& b, i128* am, i128* bm, int* scale) {
  int s = std::max(a.scale(), b.scale());
  *scale = s;
  return ScaleUp(a.mantissa(), s - a.scale(), am) &&
         ScaleUp(b.mantissa(), s - b.scale(), bm);
}

// Digits of a decimal number's text, split into its parts (see Parse).
struct NumberText {
  bool negative = false;
  std::string_view int_digits, frac_digits;
  int64_t exponent = 0;
};

// Splits `t` per the grammar [+-] digits [. digits] [(e|E) [+-] digits],
// with at least one digit before or after the point. Exponents beyond
// +-100000 are clamped: no decimal that large or small exists anyway.
std::optional<NumberText> SplitNumber(std::string_view t) {
  NumberText n;
  size_t i = 0;
  auto digits = [&]() {
    size_t b = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return t.substr(b, i - b);
  };
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) n.negative = t[i++] == '-';
  n.int_digits = digits();
  if (i < t.size() && t[i] == '.') {
    ++i;
    n.frac_digits = digits();
    if (n.frac_digits.empty()) return std::nullopt;
  }
  if (n.int_digits.empty() && n.frac_digits.empty()) return std::nullopt;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool neg_exp = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) neg_exp = t[i++] == '-';
    std::string_view e = digits();
    if (e.empty()) return std::nullopt;
    for (char c : e)
      n.exponent = std::min<int64_t>(n.exponent * 10 + (c - '0'), 100000);
    if (neg_exp) n.exponent = -n.exponent;
  }
  if (i != t.size()) return std::nullopt;
  return n;
}

// A number as JSON money mostly is: an optional '-', digits, and an optional
// '.' with more digits; at most 18 digits, no exponent. Its digits as one
// integer and how many of them follow the point, or nullopt for any other
// text (which the general path then reads, or refuses).
struct PlainNumber {
  bool negative;
  uint64_t digits;
  int fraction;  // digits after the point
};
std::optional<PlainNumber> ReadPlain(std::string_view t) {
  PlainNumber n{false, 0, -1};
  size_t i = 0;
  if (!t.empty() && t[0] == '-') n.negative = true, i = 1;
  int count = 0;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (c >= '0' && c <= '9') {
      if (++count > 18) return std::nullopt;
      n.digits = n.digits * 10 + static_cast<uint64_t>(c - '0');
      if (n.fraction >= 0) ++n.fraction;
    } else if (c == '.' && n.fraction < 0 && count > 0) {
      n.fraction = 0;
    } else {
      return std::nullopt;
    }
  }
  if (count == 0 || n.fraction == 0) return std::nullopt;  // "-", "1."
  if (n.fraction < 0) n.fraction = 0;
  return n;
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  // The quick path gives what the general one would (the same mantissa and
  // scale: trailing fractional zeros dropped, so zero is 0 at scale 0),
  // without splitting the text first.
  if (std::optional<PlainNumber> q = ReadPlain(text)) {
    while (q->fraction > 0 && q->digits % 10 == 0) {
      q->digits /= 10;
      --q->fraction;
    }
    const i128 m = static_cast<i128>(q->digits);
    return Decimal(q->negative ? -m : m, q->fraction);
  }
  std::optional<NumberText> n = SplitNumber(text);
  if (!n) return std::nullopt;
  // The digits are int_digits then frac_digits, read in place; the
  // significant ones run from the first non-zero to the last non-zero.
  const std::string_view a = n->int_digits, b = n->frac_digits;
  const size_t total = a.size() + b.size();
  auto digit = [&](size_t i) { return i < a.size() ? a[i] : b[i - a.size()]; };
  size_t first = 0;
  while (first < total && digit(first) == '0') ++first;
  if (first == total) return Decimal();
  size_t last = total - 1;
  while (digit(last) == '0') --last;
  // The power of ten of the last significant digit.
  const int64_t exp = n->exponent - static_cast<int64_t>(b.size()) +
                      static_cast<int64_t>(total - 1 - last);
  const size_t count = last - first + 1;
  // Exact or nothing: no digit below 10^-18, no mantissa of 10^36 or more.
  if (exp < -kMaxScale) return std::nullopt;
  if (static_cast<int64_t>(count) + std::max<int64_t>(exp, 0) > kMaxDigits) {
    return std::nullopt;
  }
  i128 m = 0;
  if (count <= 18) {  // fits 64 bits: no 128-bit multiplications
    uint64_t u = 0;
    for (size_t i = first; i <= last; ++i) u = u * 10 + (digit(i) - '0');
    m = u;
  } else {
    for (size_t i = first; i <= last; ++i) m = m * 10 + (digit(i) - '0');
  }
  for (int64_t i = 0; i < exp; ++i) m *= 10;
  return Decimal(n->negative ? -m : m, static_cast<int>(exp < 0 ? -exp : 0));
}

std::optional<Decimal> Decimal::FromDouble(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  char buf[64];
  // Scientific keeps the shortest round-trip digits; plain to_chars may
  // print a large double's exact binary value in fixed notation instead.
  auto [p, ec] =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  if (ec != std::errc()) return std::nullopt;
  return Parse(std::string_view(buf, p - buf));
}

std::string Decimal::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

std::string_view Decimal::Format(char (&buf)[kFormatBuffer]) const {
  // Digits written backwards from the end of `buf` (at most 37 digits, a
  // sign and a point), then trailing fractional zeros dropped.
  char* end = buf + kFormatBuffer;
  char* p = end;
  i128 m = mantissa_ < 0 ? -mantissa_ : mantissa_;
  int written = 0;
  // 128-bit division is a library call: its digits only while the rest
  // does not fit 64 bits (money nearly always does from the start).
  while (m > static_cast<i128>(UINT64_MAX)) {
    *--p = static_cast<char>('0' + static_cast<int>(m % 10));
    m /= 10;
    ++written;
  }
  uint64_t u = static_cast<uint64_t>(m);
  do {
    *--p = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
    ++written;
  } while (u != 0);
  while (written <= scale_) *--p = '0', ++written;  // "0.05", not ".05"
  char* frac_end = end;
  if (scale_ > 0) {
    char* point = end - scale_;
    while (frac_end > point && frac_end[-1] == '0') --frac_end;
    if (frac_end > point) {  // keep the fraction: shift the integer part left
      std::memmove(p - 1, p, static_cast<size_t>(point - p));
      --p;
      point[-1] = '.';
    } else {
      frac_end = point;  // no fraction left
    }
  }
  if (mantissa_ < 0) *--p = '-';
  return std::string_view(p, static_cast<size_t>(frac_end - p));
}

void Decimal::AppendTo(std::string* out) const {
  char buf[kFormatBuffer];
  out->append(Format(buf));
}

double Decimal::ToDouble() const {
  return std::strtod(ToString().c_str(), nullptr);
}

std::optional<int64_t> Decimal::ToInt64() const {
  i128 m = mantissa_;
  for (int i = 0; i < scale_; ++i) {
    if (m % 10 != 0) return std::nullopt;
    m /= 10;
  }
  if (m > INT64_MAX || m < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(m);
}

std::optional<Decimal> Decimal::Add(const Decimal& a, const Decimal& b) {
  i128 am, bm, r;
  int s;
  if (Align(a, b, &am, &bm, &s) && !__builtin_add_overflow(am, bm, &r) &&
      Fits(r)) {
    return Normalize(r, s);  // exact, the common case
  }
  // The exact sum needs more than 36 digits. A sum is never rounded (it
  // would silently change money, such as the last cent of a total near the
  // top of the range): one that does not fit exactly is an overflow.
  s = std::max(a.scale(), b.scale());
  Wide sum = Wide(a.mantissa()) * WidePow10(s - a.scale()) +
             Wide(b.mantissa()) * WidePow10(s - b.scale());
  std::optional<Decimal> q = RoundRational(sum, WidePow10(s));
  if (q && Wide(q->mantissa()) * WidePow10(s) != sum * WidePow10(q->scale()))
    return std::nullopt;
  return q;
}

std::optional<Decimal> Decimal::Sub(const Decimal& a, const Decimal& b) {
  return Add(a, b.Negate());
}

std::optional<Decimal> Decimal::Mul(const Decimal& a, const Decimal& b) {
  i128 r;
  const int s = a.scale_ + b.scale_;
  if (s <= kMaxScale && !__builtin_mul_overflow(a.mantissa_, b.mantissa_, &r) &&
      Fits(r)) {
    return Normalize(r, s);  // exact, the common case
  }
  return RoundRational(Wide(a.mantissa_) * Wide(b.mantissa_), WidePow10(s));
}

std::optional<Decimal> Decimal::Div(const Decimal& a, const Decimal& b) {
  if (b.mantissa_ == 0) return std::nullopt;
  // a / b = (am * 10^(18 + bs - as) / bm) * 10^-18.
  const int e = kMaxScale + b.scale_ - a.scale_;
  i128 num;
  if (ScaleUp(a.mantissa_, e, &num)) {
    i128 q = DivRoundHalfEven<i128>(num, b.mantissa_);
    if (Fits(q)) return Normalize(q, kMaxScale);  // rounded once, at 18 places
  }
  Wide n = Wide(a.mantissa_) * WidePow10(b.scale_);
  Wide d = Wide(b.mantissa_) * WidePow10(a.scale_);
  if (d < 0) {
    n = -n;
    d = -d;
  }
  return RoundRational(n, d);
}

int Compare(const Decimal& a, const Decimal& b) {
  if (a.scale() == b.scale()) {
    return a.mantissa() < b.mantissa() ? -1
                                       : (a.mantissa() > b.mantissa() ? 1 : 0);
  }
  {
    // Common case (money against a literal): both mantissas fit in 63 bits
    // and the scales differ by at most 18, so aligning is one widening
    // 64x64->128 multiply that cannot overflow.
    int diff = a.scale() - b.scale();
    const i128 am = a.mantissa(), bm = b.mantissa();
    if (am == static_cast<int64_t>(am) && bm == static_cast<int64_t>(bm) &&
        diff >= -18 && diff <= 18) {
      i128 x = am, y = bm;
      if (diff > 0) {
        y = static_cast<i128>(static_cast<int64_t>(bm)) *
            static_cast<int64_t>(kPow10.p[diff]);
      } else {
        x = static_cast<i128>(static_cast<int64_t>(am)) *
            static_cast<int64_t>(kPow10.p[-diff]);
      }
      return x < y ? -1 : (x > y ? 1 : 0);
    }
  }
  i128 am, bm;
  int s;
  if (Align(a, b, &am, &bm, &s)) return am < bm ? -1 : (am > bm ? 1 : 0);
  // Scales far apart on large magnitudes: compare exactly in wide integers.
  s = std::max(a.scale(), b.scale());
  Wide x = Wide(a.mantissa()) * WidePow10(s - a.scale());
  Wide y = Wide(b.mantissa()) * WidePow10(s - b.scale());
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace verdict
