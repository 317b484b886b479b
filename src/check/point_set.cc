#include "src/check/point_set.h"

#include <algorithm>
#include <cstdint>

#include "verdict/value.h"

namespace verdict::analysis {
namespace {

std::string IntText(Point p) {
  if (p == 0) return "0";
  bool neg = p < 0;
  std::string out;
  // Negate digit by digit so the most negative value needs no special case.
  while (p != 0) {
    int digit = static_cast<int>(p % 10);
    out.push_back(static_cast<char>('0' + (digit < 0 ? -digit : digit)));
    p /= 10;
  }
  if (neg) out.push_back('-');
  std::reverse(out.begin(), out.end());
  return out;
}

// A scaled decimal as the shortest exact text: 59.5, -1, 0.000001.
std::string DecimalText(Point p) {
  std::string digits = IntText(p < 0 ? -p : p);
  int scale = ColumnDomain::kDecimalScale;
  if (static_cast<int>(digits.size()) <= scale)
    digits.insert(0, scale + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - scale);
  std::string frac = digits.substr(digits.size() - scale);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return (p < 0 ? "-" : "") + whole + (frac.empty() ? "" : "." + frac);
}

Point FloorTo(Point p, Point unit) {
  Point q = p / unit;
  if (p % unit != 0 && p < 0) --q;
  return q * unit;
}

// A string column's point: its literal, or for the point past them a string
// that is none of them ("", else "other", "other2", ...).
std::string StringPointText(const std::vector<std::string>& literals, Point p) {
  if (p >= 0 && p < static_cast<Point>(literals.size()))
    return literals[static_cast<size_t>(p)];
  auto taken = [&](const std::string& s) {
    return std::find(literals.begin(), literals.end(), s) != literals.end();
  };
  if (!taken("")) return "";
  std::string s = "other";
  for (int n = 2; taken(s); ++n) s = "other" + std::to_string(n);
  return s;
}

}  // namespace

Point PowerOfTen(int n) {
  Point p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

PointSet PointSet::Of(Point lo, Point hi) {
  PointSet s;
  if (lo <= hi) s.spans_.push_back({lo, hi});
  return s;
}

bool PointSet::Contains(Point p) const {
  for (const Span& s : spans_) {
    if (s.lo <= p && p <= s.hi) return true;
  }
  return false;
}

PointSet PointSet::Union(const PointSet& other) const {
  std::vector<Span> all = spans_;
  all.insert(all.end(), other.spans_.begin(), other.spans_.end());
  std::sort(all.begin(), all.end(),
            [](const Span& a, const Span& b) { return a.lo < b.lo; });
  PointSet out;
  for (const Span& s : all) {
    if (!out.spans_.empty() && s.lo <= out.spans_.back().hi + 1) {
      out.spans_.back().hi = std::max(out.spans_.back().hi, s.hi);
    } else {
      out.spans_.push_back(s);
    }
  }
  return out;
}

PointSet PointSet::Intersect(const PointSet& other) const {
  PointSet out;
  for (const Span& a : spans_) {
    for (const Span& b : other.spans_) {
      Point lo = std::max(a.lo, b.lo), hi = std::min(a.hi, b.hi);
      if (lo <= hi) out.spans_.push_back({lo, hi});
    }
  }
  return PointSet().Union(out);  // sorts and merges
}

PointSet PointSet::ComplementIn(const PointSet& within) const {
  PointSet out;
  for (const Span& w : within.spans_) {
    Point next = w.lo;
    for (const Span& s : spans_) {
      if (s.hi < next || s.lo > w.hi) continue;
      if (s.lo > next) out.spans_.push_back({next, s.lo - 1});
      next = s.hi + 1;
      if (next > w.hi) break;
    }
    if (next <= w.hi) out.spans_.push_back({next, w.hi});
  }
  return out;
}

PointSet ColumnDomain::FullRange(Kind kind, size_t enum_count, bool nullable) {
  Point lo = 0, hi = 0;
  switch (kind) {
    case Kind::kInt:
      lo = INT64_MIN;
      hi = INT64_MAX;
      break;
    case Kind::kDecimal:
      hi = PowerOfTen(36) - 1;
      lo = -hi;
      break;
    case Kind::kDate:
      lo = Date::FromYmd(1, 1, 1)->days;
      hi = Date::FromYmd(9999, 12, 31)->days;
      break;
    case Kind::kBool:
      hi = 1;
      break;
    case Kind::kEnum:
      hi = static_cast<Point>(enum_count) - 1;
      break;
    case Kind::kString:
      hi = static_cast<Point>(enum_count);  // the literals, then "other"
      break;
    case Kind::kAny:
      break;
  }
  return PointSet::Of(nullable ? lo - 1 : lo, hi);
}

Point ColumnDomain::NullPoint() const {
  return FullRange(kind, enum_values.size(), false).spans().front().lo - 1;
}

std::string ColumnDomain::Print(Point p) const {
  if (nullable && p == NullPoint()) return "null";
  switch (kind) {
    case Kind::kInt:
      return IntText(p);
    case Kind::kDecimal:
      return DecimalText(p);
    case Kind::kDate:
      return "\"" + Date{static_cast<int32_t>(p)}.ToString() + "\"";
    case Kind::kBool:
      return p ? "true" : "false";
    case Kind::kEnum:
      if (p >= 0 && p < static_cast<Point>(enum_values.size()))
        return "\"" + enum_values[static_cast<size_t>(p)] + "\"";
      return "?";
    case Kind::kString:
      return "\"" + StringPointText(enum_values, p) + "\"";
    case Kind::kAny:
      break;
  }
  return "any";
}

bool ColumnDomain::HasInput(const Span& span) const {
  if (nullable && span.lo == NullPoint()) return true;
  return FloorTo(span.hi, step) >= span.lo;
}

Point ColumnDomain::Pick(const Span& span) const {
  if (nullable && span.lo == NullPoint()) return span.lo;
  if (kind == Kind::kDate) {
    Point min = FullRange(kind, 0, false).spans().front().lo;
    return span.lo <= min ? span.hi : span.lo;
  }
  if (span.lo <= 0 && 0 <= span.hi) return 0;
  if (kind != Kind::kDecimal) return span.lo > 0 ? span.lo : span.hi;
  // The value with fewest fractional digits nearest to zero.
  for (int digits = 0; digits <= kDecimalScale; ++digits) {
    Point unit = PowerOfTen(kDecimalScale - digits);
    if (unit % step != 0) break;  // finer than any input
    Point candidate = span.lo > 0 ? FloorTo(span.lo + unit - 1, unit)
                                  : FloorTo(span.hi, unit);
    if (span.lo <= candidate && candidate <= span.hi) return candidate;
  }
  return span.lo;
}

}  // namespace verdict::analysis
