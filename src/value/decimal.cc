// Exact decimal arithmetic over a 128-bit mantissa (see verdict/value.h).
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "verdict/value.h"

namespace verdict {
namespace {

using i128 = __int128;

// |mantissa| stays below 10^36 so that aligning scales cannot overflow.
constexpr i128 Pow10(int n) {
  i128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}
const i128 kLimit = Pow10(36);

bool Fits(i128 m) { return m < kLimit && m > -kLimit; }

// 10^0 .. 10^38, the powers an i128 holds.
struct Pow10Table {
  i128 p[39];
  constexpr Pow10Table() : p() {
    p[0] = 1;
    for (int i = 1; i < 39; ++i) p[i] = p[i - 1] * 10;
  }
};
constexpr Pow10Table kPow10;

// Multiplies by 10^n, false on overflow.
bool ScaleUp(i128 m, int n, i128* out) {
  if (n == 0) {
    *out = m;
    return true;
  }
  if (n < 0 || n > 38) return false;
  return !__builtin_mul_overflow(m, kPow10.p[n], out);
}

// Divides by 10^n rounding half to even.
i128 ScaleDownRounded(i128 m, int n) {
  if (n <= 0) return m;
  i128 d = Pow10(n);
  i128 q = m / d, r = m % d;
  i128 twice = (r < 0 ? -r : r) * 2;
  if (twice > d || (twice == d && (q % 2 != 0))) q += (m < 0 ? -1 : 1);
  return q;
}

// Drops trailing zeros beyond what is needed; keeps values canonical-ish.
Decimal Normalize(i128 m, int scale) {
  while (scale > Decimal::kMaxScale) {
    m = ScaleDownRounded(m, 1);
    --scale;
  }
  while (scale > 0 && m % 10 == 0) {
    m /= 10;
    --scale;
  }
  return Decimal(m, scale);
}

bool Align(const Decimal& a, const Decimal& b, i128* am, i128* bm, int* scale) {
  int s = std::max(a.scale(), b.scale());
  *scale = s;
  return ScaleUp(a.mantissa(), s - a.scale(), am) &&
         ScaleUp(b.mantissa(), s - b.scale(), bm);
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view t) {
  size_t i = 0;
  bool neg = false;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) {
    neg = t[i] == '-';
    ++i;
  }
  i128 m = 0;
  int scale = 0, digits = 0;
  bool any = false;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
    any = true;
    if (m == 0 && t[i] == '0') continue;
    if (++digits > 36) return std::nullopt;
    m = m * 10 + (t[i] - '0');
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    bool frac = false;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      frac = true;
      if (m != 0 || t[i] != '0') ++digits;
      if (digits > 36) return std::nullopt;
      m = m * 10 + (t[i] - '0');
      ++scale;
    }
    if (!frac) return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    int exp = 0;
    auto [p, ec] = std::from_chars(t.data() + i + (t[i] == '+' ? 1 : 0),
                                   t.data() + t.size(), exp);
    if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
    i = t.size();
    if (exp > 40 || exp < -40) {
      if (m == 0) return Decimal();
      return std::nullopt;
    }
    scale -= exp;
    if (scale < 0) {
      if (!ScaleUp(m, -scale, &m)) return std::nullopt;
      scale = 0;
    }
  }
  if (i != t.size()) return std::nullopt;
  if (scale > kMaxScale) {
    // More fractional digits than we keep: only exact if they are zeros.
    i128 rounded = ScaleDownRounded(m, scale - kMaxScale);
    i128 back;
    if (!ScaleUp(rounded, scale - kMaxScale, &back) || back != m) {
      return std::nullopt;
    }
    m = rounded;
    scale = kMaxScale;
  }
  if (!Fits(m)) return std::nullopt;
  return Normalize(neg ? -m : m, scale);
}

std::optional<Decimal> Decimal::FromDouble(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return std::nullopt;
  return Parse(std::string_view(buf, p - buf));
}

std::string Decimal::ToString() const {
  i128 m = mantissa_ < 0 ? -mantissa_ : mantissa_;
  std::string digits;
  do {
    digits.insert(digits.begin(),
                  static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  while (static_cast<int>(digits.size()) <= scale_) digits.insert(0, "0");
  std::string out = mantissa_ < 0 ? "-" : "";
  if (scale_ == 0) return out + digits;
  std::string int_part = digits.substr(0, digits.size() - scale_);
  std::string frac = digits.substr(digits.size() - scale_);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  out += int_part;
  if (!frac.empty()) out += "." + frac;
  return out;
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
  if (!Align(a, b, &am, &bm, &s) || __builtin_add_overflow(am, bm, &r) ||
      !Fits(r)) {
    return std::nullopt;
  }
  return Normalize(r, s);
}

std::optional<Decimal> Decimal::Sub(const Decimal& a, const Decimal& b) {
  return Add(a, b.Negate());
}

std::optional<Decimal> Decimal::Mul(const Decimal& a, const Decimal& b) {
  i128 r;
  if (__builtin_mul_overflow(a.mantissa_, b.mantissa_, &r)) return std::nullopt;
  int s = a.scale_ + b.scale_;
  while (s > kMaxScale) {
    r = ScaleDownRounded(r, 1);
    --s;
  }
  if (!Fits(r)) return std::nullopt;
  return Normalize(r, s);
}

std::optional<Decimal> Decimal::Div(const Decimal& a, const Decimal& b) {
  if (b.mantissa_ == 0) return std::nullopt;
  // a/b = (am / bm) * 10^(bs - as); compute with kMaxScale+1 extra digits.
  int extra = kMaxScale + 1 + b.scale_ - a.scale_;
  i128 num = a.mantissa_;
  int result_scale = kMaxScale + 1;
  if (extra >= 0) {
    if (!ScaleUp(num, extra, &num)) {
      // Too large for full precision: fall back to fewer digits.
      int fit = extra;
      while (fit > 0 && !ScaleUp(a.mantissa_, fit, &num)) --fit;
      if (!ScaleUp(a.mantissa_, fit, &num)) return std::nullopt;
      result_scale -= (extra - fit);
      if (result_scale < 0) return std::nullopt;
    }
  } else {
    num = ScaleDownRounded(num, -extra);
  }
  i128 q = num / b.mantissa_;
  i128 rem = num % b.mantissa_;
  // Round half to even on the last extra digit via the remainder.
  i128 twice = (rem < 0 ? -rem : rem) * 2;
  i128 bm = b.mantissa_ < 0 ? -b.mantissa_ : b.mantissa_;
  bool neg = (num < 0) != (b.mantissa_ < 0);
  if (twice > bm || (twice == bm && q % 2 != 0)) q += neg ? -1 : 1;
  if (!Fits(q)) return std::nullopt;
  return Normalize(q, result_scale);
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
  if (!Align(a, b, &am, &bm, &s)) {
    // Only possible for huge magnitudes with very different scales; the
    // integral parts then decide.
    double da = a.ToDouble(), db = b.ToDouble();
    return da < db ? -1 : (da > db ? 1 : 0);
  }
  return am < bm ? -1 : (am > bm ? 1 : 0);
}

}  // namespace verdict
