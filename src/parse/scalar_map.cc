// See scalar_map.h. Covered by tests/unit/scalar_map_test.cc.
#include "src/parse/scalar_map.h"

#include <algorithm>
#include <string>
#include <utility>

namespace verdict::syntax {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Reads one scalar's source while writing out the text it decodes to. Each
// byte is checked against the text yaml-cpp decoded, so a reading that
// differs from yaml-cpp's stops at the first difference (and gives no map)
// rather than placing anything wrongly; the reading also stops once the
// whole text is out, which is how a plain scalar's end (": ", " #", a flow
// indicator) needs no rules of its own here.
class Tracer {
 public:
  Tracer(std::string_view src, std::string_view value, size_t pos,
         int first_line, int first_col)
      : i(pos), line(first_line), col(first_col), src_(src), value_(value) {}

  size_t i;  // the cursor: a byte of the source
  int line;  // 1-based, of src_[i]
  int col;   // 1-based, in bytes

  bool done() const { return failed_ || size_ == value_.size(); }
  bool ok() const { return !failed_ && size_ == value_.size(); }
  void Fail() { failed_ = true; }

  // Appends `c` to the text, decoded from the source at (at_line, at_col).
  void Put(char c, int at_line, int at_col) {
    if (done()) return;
    if (value_[size_] != c) {
      failed_ = true;
      return;
    }
    const auto off = static_cast<uint32_t>(size_);
    if (anchors_.empty() || anchors_.back().line != at_line ||
        anchors_.back().column +
                static_cast<int>(off - anchors_.back().offset) !=
            at_col) {
      anchors_.push_back({off, at_line, at_col});
    }
    ++size_;
  }

  char peek(size_t k = 0) const {
    return i + k < src_.size() ? src_[i + k] : '\0';
  }
  bool AtEnd(size_t k = 0) const { return i + k >= src_.size(); }
  bool AtBreak(size_t k = 0) const {
    return peek(k) == '\n' || (peek(k) == '\r' && peek(k + 1) == '\n');
  }
  void Step(size_t n = 1) {
    i += n;
    col += static_cast<int>(n);
  }
  void SkipBreak() {
    i += peek() == '\r' ? 2 : 1;
    ++line;
    col = 1;
  }
  void SkipBlanks() {
    while (IsBlank(peek())) Step();
  }
  // Puts the byte under the cursor, as it is, and steps past it.
  void Take() {
    Put(peek(), line, col);
    Step();
  }
  // At blanks: takes them, unless they end the line (then YAML drops them
  // and so does this).
  void TakeBlanks() {
    size_t k = 0;
    while (IsBlank(peek(k))) ++k;
    if (AtEnd(k) || AtBreak(k)) {
      Step(k);
      return;
    }
    for (; k > 0; --k) Take();
  }

  ScalarMap Anchors() && { return std::move(anchors_); }

 private:
  std::string_view src_, value_;
  size_t size_ = 0;  // bytes of the text put so far
  bool failed_ = false;
  ScalarMap anchors_;
};

// At a line break inside a flow scalar (plain or quoted): YAML's line
// folding. One break is a space, n + 1 breaks (n empty lines) n newlines;
// they are put where the first break is. Leaves the cursor on the next
// line's first byte that is not blank.
void FoldFlowBreaks(Tracer& t) {
  const int at_line = t.line, at_col = t.col;
  int breaks = 0;
  while (t.AtBreak()) {
    t.SkipBreak();
    ++breaks;
    t.SkipBlanks();
  }
  if (breaks == 1) t.Put(' ', at_line, at_col);
  for (int k = 1; k < breaks; ++k) t.Put('\n', at_line, at_col);
}

void TracePlain(Tracer& t) {
  while (!t.done() && !t.AtEnd()) {
    if (t.AtBreak()) {
      FoldFlowBreaks(t);
    } else if (IsBlank(t.peek())) {
      t.TakeBlanks();
    } else {
      t.Take();
    }
  }
}

int HexValue(char h) {
  if (h >= '0' && h <= '9') return h - '0';
  if (h >= 'a' && h <= 'f') return h - 'a' + 10;
  if (h >= 'A' && h <= 'F') return h - 'A' + 10;
  return -1;
}

std::string Utf8Of(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

// The code point of the one-character escape `\e`, or of \x \u \U (then
// `*hex` is the number of hex digits that follow); false for no escape.
bool EscapeOf(char e, uint32_t* cp, int* hex) {
  static constexpr std::pair<char, uint32_t> kSimple[] = {
      {'0', 0},    {'a', 7},      {'b', 8},     {'t', 9},     {'\t', 9},
      {'n', 10},   {'v', 11},     {'f', 12},    {'r', 13},    {'e', 0x1B},
      {' ', ' '},  {'"', '"'},    {'/', '/'},   {'\\', '\\'}, {'N', 0x85},
      {'_', 0xA0}, {'L', 0x2028}, {'P', 0x2029}};
  *hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
  if (*hex > 0) return true;
  for (auto [c, v] : kSimple) {
    if (c == e) {
      *cp = v;
      return true;
    }
  }
  return false;
}

// At a backslash of a double-quoted scalar. The bytes an escape decodes to
// are all put at its backslash.
void TraceEscape(Tracer& t) {
  const int at_line = t.line, at_col = t.col;
  t.Step();
  if (t.AtBreak()) {
    // An escaped line break: neither it nor the next line's indentation is
    // text (empty lines after it still are newlines).
    t.SkipBreak();
    t.SkipBlanks();
    while (t.AtBreak()) {
      t.Put('\n', t.line, t.col);
      t.SkipBreak();
      t.SkipBlanks();
    }
    return;
  }
  uint32_t cp = 0;
  int hex = 0;
  if (!EscapeOf(t.peek(), &cp, &hex)) return t.Fail();
  t.Step();
  for (int k = 0; k < hex; ++k, t.Step()) {
    int v = HexValue(t.peek());
    if (v < 0) return t.Fail();
    cp = cp * 16 + static_cast<uint32_t>(v);
  }
  for (char b : Utf8Of(cp)) t.Put(b, at_line, at_col);
}

// At the opening quote of a single- or double-quoted scalar.
void TraceQuoted(Tracer& t) {
  const char q = t.peek();
  t.Step();
  while (!t.done() && !t.AtEnd()) {
    const char c = t.peek();
    if (c == q && q == '\'' && t.peek(1) == '\'') {
      t.Put('\'', t.line, t.col);  // '' is one quote, put at the first
      t.Step(2);
    } else if (c == q) {
      return;  // the closing quote: the text should be out by now
    } else if (t.AtBreak()) {
      FoldFlowBreaks(t);
    } else if (IsBlank(c)) {
      t.TakeBlanks();
    } else if (q == '"' && c == '\\') {
      TraceEscape(t);
    } else {
      t.Take();
    }
  }
}

// A block scalar's lines, from `body` (the start of the line after its
// header), as content indented `indent` spaces: literal, or folded (a break
// between two lines that do not start with a blank is a space, or gone when
// empty lines follow it; other breaks are kept). Trailing newlines (as
// chomping leaves them) are put where the last line ends.
ScalarMap TraceBlockLines(std::string_view src, std::string_view value,
                          size_t body, int body_line, bool folded, int indent,
                          bool* ok) {
  Tracer t(src, value, body, body_line, 1);
  const auto k = static_cast<size_t>(indent);
  int empties = 0;  // empty lines since the last content line
  bool any = false, prev_more = false;
  int end_line = body_line, end_col = 1;  // where the last content line ends
  while (!t.done() && !t.AtEnd()) {
    size_t s = 0;
    while (t.peek(s) == ' ') ++s;
    size_t e = s;
    while (IsBlank(t.peek(e))) ++e;
    const bool blank = t.AtEnd(e) || t.AtBreak(e);
    if ((blank && s < k) || (s <= k && (t.AtEnd(s) || t.AtBreak(s)))) {
      ++empties;
      t.Step(e);
      if (!t.AtEnd()) t.SkipBreak();
      continue;
    }
    if (s < k) break;  // less indented: the scalar has ended
    const bool more = folded && IsBlank(t.peek(k));
    if (!any) {
      for (; empties > 0; --empties) t.Put('\n', t.line, 1);
    } else if (!folded || more || prev_more) {
      for (int n = 0; n <= empties; ++n) t.Put('\n', end_line, end_col);
    } else if (empties == 0) {
      t.Put(' ', end_line, end_col);
    } else {
      for (; empties > 0; --empties) t.Put('\n', end_line, end_col);
    }
    empties = 0;
    any = true;
    prev_more = more;
    t.Step(k);
    while (!t.done() && !t.AtEnd() && !t.AtBreak()) t.Take();
    end_line = t.line;
    end_col = t.col;
    if (!t.AtEnd() && t.AtBreak()) t.SkipBreak();
  }
  while (!t.done()) t.Put('\n', end_line, end_col);
  *ok = t.ok();
  return std::move(t).Anchors();
}

// At the `|` or `>` of a block scalar. Its indentation is the first content
// line's, unless an indentation indicator says less: then yaml-cpp's value
// decides which (each smaller one is tried).
std::optional<ScalarMap> TraceBlock(std::string_view src, size_t pos, int line,
                                    std::string_view value) {
  const bool folded = src[pos] == '>';
  bool explicit_indent = false;
  size_t i = pos + 1;
  for (int n = 0; n < 2 && i < src.size(); ++n, ++i) {
    if (src[i] >= '1' && src[i] <= '9') {
      explicit_indent = true;
    } else if (src[i] != '+' && src[i] != '-') {
      break;
    }
  }
  size_t body = src.find('\n', i);
  if (body == std::string_view::npos) return std::nullopt;
  ++body;
  int body_line = line + 1;
  // The first content line's indentation.
  int indent = 0;
  for (size_t at = body; at < src.size();) {
    size_t s = at;
    while (s < src.size() && src[s] == ' ') ++s;
    size_t e = s;
    while (e < src.size() && IsBlank(src[e])) ++e;
    if (e < src.size() && src[e] != '\n' && src[e] != '\r') {
      indent = static_cast<int>(s - at);
      break;
    }
    at = src.find('\n', e);
    if (at == std::string_view::npos) break;
    ++at;
  }
  if (indent == 0) return std::nullopt;
  for (int k = indent; k >= 1; --k) {
    bool ok = false;
    ScalarMap m = TraceBlockLines(src, value, body, body_line, folded, k, &ok);
    if (ok) return m;
    if (!explicit_indent) break;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ScalarMap> MapScalar(std::string_view source, size_t pos,
                                   int line, int column,
                                   std::string_view value) {
  if (value.empty() || pos >= source.size()) return std::nullopt;
  const char c = source[pos];
  const bool quoted = c == '\'' || c == '"';
  const bool block = c == '|' || c == '>';
  const int first_line = line + 1, first_col = column + 1 + (quoted ? 1 : 0);
  // The common case, decided without a trace: the text is the source's
  // bytes (then none of them is a line break).
  if (!block && source.substr(pos + (quoted ? 1 : 0), value.size()) == value)
    return std::nullopt;
  std::optional<ScalarMap> map;
  if (block) {
    map = TraceBlock(source, pos, first_line, value);
  } else {
    Tracer t(source, value, pos, first_line, column + 1);
    if (quoted) {
      TraceQuoted(t);
    } else {
      TracePlain(t);
    }
    if (t.ok()) map = std::move(t).Anchors();
  }
  if (!map) return ScalarMap{};
  if (map->size() == 1 && map->front().line == first_line &&
      map->front().column == first_col) {
    return std::nullopt;  // as good as none
  }
  return map;
}

Pos PosInScalar(const Pos& start, std::string_view text, const ScalarMap* map,
                size_t offset) {
  Pos p = start;
  if (map == nullptr) {
    const size_t end = std::min(offset, text.size());
    const size_t nl = text.substr(0, end).rfind('\n');
    if (nl == std::string_view::npos) {
      p.column += static_cast<int>(end);
    } else {
      p.line += static_cast<int>(std::count(
          text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
      p.column = static_cast<int>(end - nl);
    }
    return p;
  }
  auto after = std::upper_bound(
      map->begin(), map->end(), offset,
      [](size_t o, const TextAnchor& a) { return o < a.offset; });
  if (after == map->begin()) return p;  // also the empty map
  const TextAnchor& a = *(after - 1);
  p.line = a.line;
  p.column = a.column + static_cast<int>(offset - a.offset);
  return p;
}

}  // namespace verdict::syntax
