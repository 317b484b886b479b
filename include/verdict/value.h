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
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>  // std::bad_variant_access
#include <vector>

#include "verdict/scalars.h"

namespace verdict {

class Value;
using List = std::vector<Value>;
using MapEntries = std::vector<std::pair<Value, Value>>;

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
  kOptional,  // CEL's optional: optional.of(x) or optional.none()
  kOpaque,    // an extension type (net.IP, net.CIDR): name, key, text
};

// Name of a kind as CEL and our extensions spell it ("int", "decimal", ...).
std::string_view KindName(Kind kind);

// A CEL value. A hand-rolled tagged union rather than std::variant: copying,
// moving and destroying the scalar kinds (null, bool, numbers, decimal, date,
// timestamp, duration) is one branch and a 32-byte copy, with no dispatch
// table, because evaluation copies values into and out of frame slots on
// every record. Strings, bytes and type names are held inline; lists, maps
// and error messages are shared and immutable, so copying them is cheap.
// A moved-from Value is null.
class Value {
 public:
  // The scalar storage is zeroed so that copying it is never a read of
  // uninitialized bytes.
  Value() noexcept : kind_(Kind::kNull) { ZeroScalar(); }
  static Value Null() { return Value(); }
  static Value Bool(bool v) { return Scalar(Kind::kBool, &Value::b_, v); }
  static Value Int(int64_t v) { return Scalar(Kind::kInt, &Value::i_, v); }
  static Value Uint(uint64_t v) { return Scalar(Kind::kUint, &Value::u_, v); }
  static Value Double(double v) { return Scalar(Kind::kDouble, &Value::d_, v); }
  static Value Dec(Decimal v) {
    return Scalar(Kind::kDecimal, &Value::dec_, v);
  }
  // A string Value of `text`. Short texts are held in place; a longer one
  // is copied into storage recycled per thread (src/value/recycle.h), so
  // reading the same field record after record does not allocate.
  static Value StringOf(std::string_view text);
  static Value String(std::string v) {
    return Value(Kind::kString, std::move(v));
  }
  static Value BytesOf(std::string v) {
    return Value(Kind::kBytes, std::move(v));
  }
  static Value DateOf(Date v) { return Scalar(Kind::kDate, &Value::date_, v); }
  static Value TimestampOf(Timestamp v) {
    return Scalar(Kind::kTimestamp, &Value::ts_, v);
  }
  static Value DurationOf(Duration v) {
    return Scalar(Kind::kDuration, &Value::dur_, v);
  }
  // Lists, maps and long texts are shared through storage recycled per
  // thread (src/value/recycle.h): no allocation once a thread has decided a
  // few records.
  static Value ListOf(List v) {
    Value x(Kind::kList);
    new (&x.list_) std::shared_ptr<const List>(ShareList(std::move(v)));
    return x;
  }
  // Entries keep their insertion order; keys are expected to be unique.
  static Value MapOf(MapEntries v) {
    Value x(Kind::kMap);
    new (&x.map_) std::shared_ptr<const MapEntries>(ShareEntries(std::move(v)));
    return x;
  }
  static Value Type(std::string name) {
    return Value(Kind::kType, std::move(name));
  }
  // CEL optionals (optional.of(v), optional.none()): shared and immutable.
  static Value OptionalOf(Value v) {
    Value x(Kind::kOptional);
    new (&x.list_) std::shared_ptr<const List>(
        std::make_shared<const List>(List{std::move(v)}));
    return x;
  }
  static Value OptionalNone() {
    Value x(Kind::kOptional);
    new (&x.list_) std::shared_ptr<const List>(std::make_shared<const List>());
    return x;
  }
  // A value of an extension type such as net.IP: `type` is its CEL type
  // name, `key` its canonical bytes (equality compares type and key) and
  // `text` how it prints.
  static Value Opaque(std::string type, std::string key, std::string text) {
    Value x(Kind::kOpaque);
    new (&x.list_) std::shared_ptr<const List>(std::make_shared<const List>(
        List{Value::Type(std::move(type)), Value::BytesOf(std::move(key)),
             Value::String(std::move(text))}));
    return x;
  }
  static Value Error(std::string message) {
    Value x(Kind::kError);
    new (&x.err_) std::shared_ptr<const std::string>(
        std::make_shared<const std::string>(std::move(message)));
    return x;
  }

  Value(const Value& o) : kind_(o.kind_) {
    if (IsScalar(kind_)) {
      CopyScalar(o);
    } else {
      CopyHeld(o);
    }
  }
  Value(Value&& o) noexcept : kind_(o.kind_) {
    if (IsScalar(kind_)) {
      CopyScalar(o);
    } else {
      MoveHeld(std::move(o));
    }
  }
  Value& operator=(const Value& o) {
    if (IsScalar(kind_) && IsScalar(o.kind_)) {
      kind_ = o.kind_;
      CopyScalar(o);
    } else {
      AssignHeld(o);
    }
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (IsScalar(kind_) && IsScalar(o.kind_)) {
      kind_ = o.kind_;
      CopyScalar(o);
    } else {
      MoveAssignHeld(std::move(o));
    }
    return *this;
  }
  // Makes this the string `text`: the value `*this = StringOf(text)` gives,
  // but a short text is built in place (no temporary Value to move and
  // destroy), and into this value's own buffer when it already holds a
  // short string. A long text is written into the shared text this value
  // already holds when no other Value shares it (use_count 1: no other
  // holder exists, on any thread, to see it change), so a record's long
  // field reuses its buffer record after record. For the hot loops that
  // read one field per slot.
  void AssignString(std::string_view text) {
    if (text.size() > kInlineText) {
      if (kind_ == Kind::kString && shared_text_ && long_.use_count() == 1) {
        // ShareText() made a non-const std::string: writing it is defined.
        const_cast<std::string&>(*long_).assign(text.data(), text.size());
      } else {
        *this = StringOf(text);
      }
    } else if (kind_ == Kind::kString && !shared_text_) {
      str_.assign(text.data(), text.size());
    } else {
      // Copied first: `text` may lie in what Reset() frees (this value's
      // own error message or list). Short text: no allocation.
      std::string copy(text);
      Reset();
      new (&str_) std::string(std::move(copy));
      kind_ = Kind::kString;
    }
  }
  // Makes this null, keeping nothing.
  void Reset() noexcept {
    if (!IsScalar(kind_)) DestroyHeld();
    kind_ = Kind::kNull;
  }
  ~Value() {
    if (!IsScalar(kind_)) DestroyHeld();
  }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_error() const { return kind_ == Kind::kError; }

  // Accessors; calling one for another kind is a programming error, reported
  // by throwing std::bad_variant_access (never undefined behaviour).
  bool as_bool() const { return Want(Kind::kBool), b_; }
  int64_t as_int() const { return Want(Kind::kInt), i_; }
  uint64_t as_uint() const { return Want(Kind::kUint), u_; }
  double as_double() const { return Want(Kind::kDouble), d_; }
  const Decimal& as_decimal() const { return Want(Kind::kDecimal), dec_; }
  const std::string& as_string() const { return Want(Kind::kString), Text(); }
  const std::string& as_bytes() const { return Want(Kind::kBytes), Text(); }
  Date as_date() const { return Want(Kind::kDate), date_; }
  Timestamp as_timestamp() const { return Want(Kind::kTimestamp), ts_; }
  Duration as_duration() const { return Want(Kind::kDuration), dur_; }
  const List& as_list() const { return Want(Kind::kList), *list_; }
  // For a list or map: whether another Value holds the same collection
  // (collections are immutable and shared on copy), such as a policy's
  // constant list. A hint for caches keyed by the collection: another
  // thread may drop its copy at any time. False for other kinds.
  bool SharesCollection() const {
    if (kind_ == Kind::kList) return list_.use_count() > 1;
    if (kind_ == Kind::kMap) return map_.use_count() > 1;
    return false;
  }
  const MapEntries& as_map() const { return Want(Kind::kMap), *map_; }
  const std::string& as_type() const { return Want(Kind::kType), Text(); }
  const std::string& error_message() const { return Want(Kind::kError), *err_; }
  const std::string& opaque_type() const {
    return Want(Kind::kOpaque), (*list_)[0].as_type();
  }
  const std::string& opaque_key() const {
    return Want(Kind::kOpaque), (*list_)[1].as_bytes();
  }
  const std::string& opaque_text() const {
    return Want(Kind::kOpaque), (*list_)[2].as_string();
  }
  // An optional's value, or nullptr for optional.none().
  const Value* optional_value() const {
    return Want(Kind::kOptional), list_->empty() ? nullptr : &list_->front();
  }

  // Map lookup by CEL equality of keys; nullptr when absent or not a map.
  const Value* Find(const Value& key) const;
  const Value* FindField(std::string_view name) const;

  // Debug/CLI text: a readable, JSON-like rendering.
  std::string DebugString() const;

  // The longest text held in place (std::string's own buffer, 15
  // characters with libstdc++); longer texts are shared.
  static constexpr size_t kInlineText = 15;

 private:
  explicit Value(Kind k) noexcept : kind_(k) { ZeroScalar(); }
  template <typename T>
  static Value Scalar(Kind k, T Value::* member, T v) {
    Value x(k);
    x.*member = v;
    return x;
  }
  // The shared storage of ListOf(), MapOf() and long texts (recycle.cc).
  static std::shared_ptr<const List> ShareList(List&& items);
  static std::shared_ptr<const MapEntries> ShareEntries(MapEntries&& entries);
  static std::shared_ptr<const std::string> ShareText(std::string&& text);
  // A text longer than std::string keeps in place (kInlineText) is
  // shared: copying the Value (a slot read, a constant output, a function's
  // result) then copies a reference, never the characters. Texts are
  // immutable, so sharing is invisible to callers.
  Value(Kind k, std::string&& s) : kind_(k) {
    if (s.size() > kInlineText) {
      new (&long_) std::shared_ptr<const std::string>(ShareText(std::move(s)));
      shared_text_ = true;
    } else {
      new (&str_) std::string(std::move(s));
    }
  }
  const std::string& Text() const { return shared_text_ ? *long_ : str_; }
  static constexpr bool IsScalar(Kind k) {
    return k <= Kind::kDecimal || (k >= Kind::kDate && k <= Kind::kDuration);
  }
  void Want(Kind k) const {
    if (kind_ != k) throw std::bad_variant_access();
  }
  void CopyScalar(const Value& o) {
    std::memcpy(static_cast<void*>(&dec_), static_cast<const void*>(&o.dec_),
                sizeof(Decimal));
  }
  void ZeroScalar() noexcept {
    std::memset(static_cast<void*>(&dec_), 0, sizeof(Decimal));
  }
  // Constructs this value's held part (kind_ already set) from `o`'s,
  // copying for a const Value&, moving for a Value&&.
  template <typename V>
  void TakeHeld(V&& o);
  void CopyHeld(const Value& o) { TakeHeld(o); }
  void MoveHeld(Value&& o) noexcept;
  // The assignments where either side holds a string, list, map or error.
  void AssignHeld(const Value& o);
  void MoveAssignHeld(Value&& o) noexcept;
  void DestroyHeld() noexcept;

  Kind kind_;
  // For kString, kBytes and kType: the text is in long_, not str_.
  bool shared_text_ = false;
  union {
    bool b_;
    int64_t i_;
    uint64_t u_;
    double d_;
    Decimal dec_;
    Date date_;
    Timestamp ts_;
    Duration dur_;
    std::string str_;  // kString, kBytes, kType up to kInlineText characters
    std::shared_ptr<const std::string> long_;  // longer ones (shared_text_)
    std::shared_ptr<const List> list_;  // kList, kOptional (0/1 item), kOpaque
    std::shared_ptr<const MapEntries> map_;
    std::shared_ptr<const std::string> err_;  // kError
  };
  static_assert(sizeof(Decimal) >= sizeof(Timestamp) &&
                sizeof(Decimal) >= sizeof(Duration) &&
                sizeof(Decimal) >= sizeof(double));
};

// CEL equality: numbers compare across int/uint/double/decimal by value;
// lists and maps element-wise; values of unrelated kinds are unequal.
// Returns nullopt when either side is an error.
std::optional<bool> Equal(const Value& a, const Value& b);

// Ordering for comparable kinds (numbers across kinds, strings, bytes, bools,
// dates, timestamps, durations). nullopt when not comparable; for NaN,
// returns std::partial_ordering::unordered.
std::optional<std::partial_ordering> Order(const Value& a, const Value& b);

// Copies and moves are inline: they are most of what evaluation does with
// Values. One switch serves both (TakeHeld).
template <typename V>
inline void Value::TakeHeld(V&& o) {
  // std::forward<V>(o).member is an rvalue exactly when `o` is one.
  switch (kind_) {
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kType:
      shared_text_ = o.shared_text_;
      if (shared_text_) {
        new (&long_)
            std::shared_ptr<const std::string>(std::forward<V>(o).long_);
      } else {
        new (&str_) std::string(std::forward<V>(o).str_);
      }
      break;
    case Kind::kList:
    case Kind::kOptional:
    case Kind::kOpaque:
      new (&list_) std::shared_ptr<const List>(std::forward<V>(o).list_);
      break;
    case Kind::kMap:
      new (&map_) std::shared_ptr<const MapEntries>(std::forward<V>(o).map_);
      break;
    case Kind::kError:
      new (&err_) std::shared_ptr<const std::string>(std::forward<V>(o).err_);
      break;
    default:
      break;
  }
}

// Moving leaves `o`'s holder empty (a null shared pointer, an empty string
// in its own buffer), whose destructor would do nothing, so `o` is simply
// marked null instead of being destroyed.
inline void Value::MoveHeld(Value&& o) noexcept {
  TakeHeld(std::move(o));
  o.kind_ = Kind::kNull;
  o.shared_text_ = false;
}

inline void Value::MoveAssignHeld(Value&& o) noexcept {
  if (this == &o) return;
  if (!IsScalar(kind_)) DestroyHeld();
  kind_ = o.kind_;
  if (IsScalar(kind_)) {
    CopyScalar(o);
  } else {
    MoveHeld(std::move(o));
  }
}

}  // namespace verdict

#endif  // VERDICT_VALUE_H_
