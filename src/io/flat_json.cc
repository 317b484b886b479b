// A hand-written scanner of one flat JSON object (flat_json.h). It accepts
// a strict subset of JSON and declines everything else, so that a line it
// reads is one the full reader reads the same way: correctness rests on
// declining, and every fault's wording stays with the full reader.
#include "src/io/flat_json.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>

#include "src/value/text.h"
#include "src/value/utf8.h"

namespace verdict {
namespace {

using Base = FieldType::Base;

// The bytes a string's scan stops at: the closing quote, a backslash (an
// escape: declined), a control character (invalid in JSON: declined) and
// any non-ASCII byte (checked as UTF-8 once the string ends).
constexpr std::array<bool, 256> kStops = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

class Scanner {
 public:
  explicit Scanner(std::string_view s)
      : at_(s.data()), end_(s.data() + s.size()) {}

  // Skips JSON white space; then whether the next byte is `c` (consumed).
  bool Next(char c) {
    SkipSpace();
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }
  char Peek() {
    SkipSpace();
    return at_ == end_ ? '\0' : *at_;
  }
  bool AtEnd() {
    SkipSpace();
    return at_ == end_;
  }

  // A string without escapes, the scanner at its opening quote: its
  // contents, or false. `ascii_key` refuses any non-ASCII byte (no declared
  // name needs one here: such a key goes to the full reader).
  bool String(std::string_view* out, bool ascii_key) {
    const char* const start = at_ + 1;  // past the quote
    const char* p = start;              // a local: not reloaded per byte
    bool ascii = true;
    for (;;) {
      p = SkipPlain(p, end_);
      if (p == end_) return false;
      const unsigned char c = static_cast<unsigned char>(*p);
      if (c == '"') break;
      if (c < 0x80 || ascii_key) return false;  // escape or control character
      ascii = false;
      ++p;
    }
    *out = std::string_view(start, static_cast<size_t>(p - start));
    at_ = p + 1;  // past the closing quote
    return ascii || FirstInvalidUtf8(*out) == std::string_view::npos;
  }

  // A JSON number (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)
  // starting here: its text, or false.
  bool Number(std::string_view* out) {
    const char* start = at_;
    if (at_ != end_ && *at_ == '-') ++at_;
    if (at_ == end_) return false;
    if (*at_ == '0') {
      ++at_;
    } else if (!Digits()) {
      return false;
    }
    if (at_ != end_ && *at_ == '.') {
      ++at_;
      if (!Digits()) return false;
    }
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
      ++at_;
      if (at_ != end_ && (*at_ == '+' || *at_ == '-')) ++at_;
      if (!Digits()) return false;
    }
    *out = std::string_view(start, static_cast<size_t>(at_ - start));
    return true;
  }

  // The key `"name"` starting here (the scanner at its quote), consumed;
  // false, consuming nothing, when the bytes here are not exactly it.
  bool Key(std::string_view name) {
    if (static_cast<size_t>(end_ - at_) < name.size() + 2 ||
        at_[name.size() + 1] != '"' ||
        std::memcmp(at_ + 1, name.data(), name.size()) != 0)
      return false;
    at_ += name.size() + 2;
    return true;
  }

  // The literal `word` (true, false, null) starting here.
  bool Word(std::string_view word) {
    if (static_cast<size_t>(end_ - at_) < word.size() ||
        std::memcmp(at_, word.data(), word.size()) != 0)
      return false;
    at_ += word.size();
    return true;
  }

 private:
  // The first byte from `p` on that ends a string's plain run (kStops), or
  // `end`: eight bytes at a time while eight remain, the first stop in a
  // word found from its lowest mark (JsonEscapeBits(); memory order is
  // byte order on a little-endian machine).
  static const char* SkipPlain(const char* p, const char* end) {
    static_assert(std::endian::native == std::endian::little);
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    while (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      const uint64_t stops = JsonEscapeBits(w) | (w & kHigh);
      if (stops != 0) return p + std::countr_zero(stops) / 8;
      p += 8;
    }
    while (p != end && !kStops[static_cast<unsigned char>(*p)]) ++p;
    return p;
  }
  void SkipSpace() {
    const char* p = at_;
    while (p != end_ && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
      ++p;
    at_ = p;
  }
  // One or more ASCII digits.
  bool Digits() {
    const char* const start = at_;
    const char* p = start;
    while (p != end_ && *p >= '0' && *p <= '9') ++p;
    at_ = p;
    return p != start;
  }

  const char* at_;
  const char* end_;
};

// The index of the field named `key` (a key the order did not guess), or
// fields.size() for none.
size_t FieldIndex(const CompiledPolicy& p, std::string_view key) {
  for (size_t i = 0; i < p.fields.size(); ++i) {
    if (SameText(p.fields[i].name, key)) return i;
  }
  return p.fields.size();
}

// A value of a key the policy does not declare, in a lax pack: skipped
// once it is seen to be a plain string, number, boolean or null.
bool SkipValue(Scanner& in) {
  std::string_view text;
  switch (in.Peek()) {
    case 'n':
      return in.Word("null");
    case 't':
      return in.Word("true");
    case 'f':
      return in.Word("false");
    case '"':
      return in.String(&text, false);
    default:
      return in.Number(&text);
  }
}

// The value at the scanner, of a field of kind `base`, into `slot`.
bool ReadValue(Scanner& in, Base base, Value& slot) {
  switch (in.Peek()) {
    case 'n':
      if (!in.Word("null")) return false;
      slot.Reset();
      return true;
    case '"': {
      if (base != Base::kString && base != Base::kEnum && base != Base::kDate &&
          base != Base::kDatetime)
        return false;
      std::string_view text;
      if (!in.String(&text, false)) return false;
      slot.AssignString(text);
      return true;
    }
    case 't':
    case 'f': {
      if (base != Base::kBool) return false;
      const bool b = in.Peek() == 't';
      if (!in.Word(b ? "true" : "false")) return false;
      slot = Value::Bool(b);
      return true;
    }
    default: {
      if (base != Base::kInt && base != Base::kMoney && base != Base::kDouble)
        return false;
      std::string_view text;
      if (!in.Number(&text)) return false;
      std::optional<Decimal> d = Decimal::Parse(text);
      if (!d) return false;
      slot = Value::Dec(*d);  // ValidateRecord converts to the field's type
      return true;
    }
  }
}

}  // namespace

void FlatKeyOrder::For(const CompiledPolicy& p) {
  if (policy == &p) return;
  policy = &p;
  const size_t n = p.fields.size();
  for (size_t k = 0; k < after.size(); ++k)
    after[k] = k < n && k < 64 ? static_cast<uint8_t>(k) : kNone;
}

bool ReadFlatJsonRecord(const CompiledPolicy& p, std::string_view line,
                        Frame& frame, bool strict, FlatKeyOrder* order) {
  if (p.fields.size() > 64) return false;
  // Without the caller's order (or with one made for another policy), the
  // declared order is the guess.
  std::optional<FlatKeyOrder> declared;  // made only then: not per line
  if (!order || order->policy != &p) {
    declared.emplace().For(p);
    order = &*declared;
  }
  Scanner in(line);
  if (!in.Next('{')) return false;
  uint64_t seen = 0;
  size_t prev = 0;  // order->after's index: 0 at the start, then field + 1
  if (!in.Next('}')) {
    do {
      if (in.Peek() != '"') return false;
      size_t idx;
      const uint8_t guess = order->after[prev];
      // (A guess past the fields: an order left by a policy freed since,
      // whose address this one took.)
      if (guess < p.fields.size() && p.fields[guess].plain_name &&
          in.Key(p.fields[guess].name)) {
        idx = guess;
      } else {
        std::string_view key;
        if (!in.String(&key, true)) return false;
        idx = FieldIndex(p, key);
      }
      if (!in.Next(':')) return false;
      if (idx == p.fields.size()) {
        if (strict || !SkipValue(in)) return false;
        continue;
      }
      if ((seen >> idx) & 1) return false;
      seen |= uint64_t{1} << idx;
      order->after[prev] = static_cast<uint8_t>(idx);
      prev = idx + 1;
      if (!ReadValue(in, p.fields[idx].type.base,
                     frame.slot(static_cast<int>(idx))))
        return false;
    } while (in.Next(','));
    if (!in.Next('}')) return false;
  }
  if (!in.AtEnd()) return false;
  // A field the line does not give is null (its default comes later).
  for (size_t i = 0; i < p.fields.size(); ++i) {
    if (!((seen >> i) & 1)) frame.slot(static_cast<int>(i)).Reset();
  }
  return true;
}

}  // namespace verdict
