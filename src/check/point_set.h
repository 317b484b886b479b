// The value domains of table analysis (src/check/table_analysis.h): every
// column's values are numbered by integer points, so ranges, enums and
// booleans are all finite unions of integer spans. Ints are themselves;
// money and decimals are their value times 10^18 (the most fractional
// digits a Decimal holds, so every decimal value is a point); dates are days
// since 1970-01-01; booleans are 0 (false) and 1 (true); an enum's values
// are their index in declaration order; a string column's values are the
// distinct string literals its cells test (their index, as for an enum)
// and one more point past them for every other string. A nullable column
// has one more point, just below its lowest value, that stands for null.
#ifndef VERDICT_SRC_CHECK_POINT_SET_H_
#define VERDICT_SRC_CHECK_POINT_SET_H_

#include <string>
#include <vector>

namespace verdict::analysis {

using Point = __int128;

// The closed span [lo, hi]; lo <= hi.
struct Span {
  Point lo;
  Point hi;
};

// A finite union of points, kept as sorted, disjoint, non-adjacent spans.
// A value type; not thread-safe to mutate concurrently.
class PointSet {
 public:
  PointSet() = default;
  // [lo, hi]; empty when lo > hi.
  static PointSet Of(Point lo, Point hi);
  PointSet Union(const PointSet& other) const;
  PointSet Intersect(const PointSet& other) const;
  // The points of `within` not in this set.
  PointSet ComplementIn(const PointSet& within) const;
  bool empty() const { return spans_.empty(); }
  bool Contains(Point p) const;
  const std::vector<Span>& spans() const { return spans_; }

 private:
  std::vector<Span> spans_;
};

// What a column's points mean, for printing and picking examples.
struct ColumnDomain {
  enum class Kind { kInt, kDecimal, kDate, kBool, kEnum, kString, kAny };
  static constexpr int kDecimalScale = 18;
  std::string name;  // the column as written: "customer.arpu"
  Kind kind = Kind::kAny;
  // kEnum: the values; kString: the literals (point enum_values.size() is
  // every other string).
  std::vector<std::string> enum_values;
  bool nullable = false;  // null is NullPoint()
  PointSet values;  // the points an input may take (field checks narrow it)
  // Inputs are the multiples of `step` in `values` (and the null point):
  // 1, except for money, whose 4 decimal places make it 10^14. A span
  // holding no multiple (between 1 and 1.0001) is no input at all.
  Point step = 1;
  // Whether `span` holds an input: a multiple of step, or the null point.
  bool HasInput(const Span& span) const;

  // The whole range of the kind (plus the null point when nullable),
  // before any check narrows it.
  static PointSet FullRange(Kind kind, size_t enum_count, bool nullable);
  Point NullPoint() const;
  // The point's value as JSON-like text: -1, 59.5, "2026-01-01", true,
  // "county", null; a string column's "other" point is a string that is
  // none of its literals.
  std::string Print(Point p) const;
  // A readable point of `span` (one that HasInput()): null when the span
  // holds it, else zero when it holds zero, else the value with fewest
  // fractional digits nearest to zero, a multiple of step (dates: the end
  // next to a tested boundary).
  Point Pick(const Span& span) const;
};

// 10^n for 0 <= n <= 36.
Point PowerOfTen(int n);

}  // namespace verdict::analysis

#endif  // VERDICT_SRC_CHECK_POINT_SET_H_
