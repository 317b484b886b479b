// See range_cell.h.
#include "src/compile/range_cell.h"

#include <vector>

#include "src/value/text.h"

namespace verdict {
namespace {

// RE2's \s (Perl's): space, \t, \n, \f, \r; not \v.
bool Space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

}  // namespace

std::optional<RangeCell> SplitRangeCell(std::string_view t) {
  if (t.size() < 2) return std::nullopt;
  const char open = t.front(), close = t.back();
  if ((open != '[' && open != '(') || (close != ']' && close != ')'))
    return std::nullopt;
  const std::string_view in = t.substr(1, t.size() - 2);
  const size_t n = in.size();
  // skip[p]: the first non-space at or after p; nl[p]: the first line break
  // at or after p (n when none). Linear, so that no text costs more than
  // its length times a constant (the regex was linear too).
  std::vector<size_t> skip(n + 1, n), nl(n + 1, n);
  for (size_t p = n; p-- > 0;) {
    skip[p] = Space(in[p]) ? skip[p + 1] : p;
    nl[p] = in[p] == '\n' ? p : nl[p + 1];
  }
  size_t end_text = n;  // after the last non-space
  while (end_text > 0 && Space(in[end_text - 1])) --end_text;
  const size_t last_not_nl = in.find_last_not_of('\n');
  // The upper bound when the text after ".." starts at q: after the greedy
  // \s*, the shortest non-empty bound followed only by whitespace, with no
  // line break in it.
  auto upper = [&](size_t q) -> std::optional<std::string_view> {
    const size_t first = skip[q];
    if (first < end_text) {
      if (nl[first] < end_text) return std::nullopt;
      return in.substr(first, end_text - first);
    }
    // Only whitespace: one character, the last that is not a line break
    // (the \s* before it takes the most it can).
    if (last_not_nl == std::string_view::npos || last_not_nl < q)
      return std::nullopt;
    return in.substr(last_not_nl, 1);
  };
  auto dots_at = [&](size_t p) { return in.substr(p, 2) == ".."; };
  // The lower bound starts after the leading whitespace (greedy \s*) and
  // is as short as can be (lazy), without a line break.
  const size_t start = skip[0];
  for (size_t lo_end = start + 1; lo_end <= nl[start] && lo_end <= n;
       ++lo_end) {
    const size_t dots = skip[lo_end];
    if (!dots_at(dots)) continue;
    if (auto hi = upper(dots + 2)) {
      return RangeCell{open == '[', close == ']',
                       in.substr(start, lo_end - start), *hi};
    }
  }
  // Else \s* gives back a whitespace character to be the lower bound: any
  // longer bound from there was tried above. The latest one that is not a
  // line break, when ".." follows the whitespace.
  if (start == 0 || !dots_at(start)) return std::nullopt;
  auto hi = upper(start + 2);
  if (!hi) return std::nullopt;
  for (size_t j = start; j-- > 0;) {
    if (in[j] != '\n')
      return RangeCell{open == '[', close == ']', in.substr(j, 1), *hi};
  }
  return std::nullopt;
}

std::string CellOperandText(std::string_view text, bool* quoted) {
  std::string_view t = TrimView(text);
  if (!*quoted && t.size() >= 2 && (t.front() == '\'' || t.front() == '"') &&
      t.back() == t.front()) {
    t = t.substr(1, t.size() - 2);
    *quoted = true;
  }
  return std::string(t);
}

}  // namespace verdict
