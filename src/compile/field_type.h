// Types of record fields and policy outputs as policy authors write them:
// string, bool, int, money (= decimal), double, date, datetime,
// enum(a, b, ...), list, list(T), dyn. Knows how to accept a Value of that
// type from any front end (JSON, YAML tests, Python, C++ structs).
#ifndef VERDICT_SRC_COMPILE_FIELD_TYPE_H_
#define VERDICT_SRC_COMPILE_FIELD_TYPE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/check/types.h"
#include "src/parse/tree.h"
#include "verdict/engine.h"
#include "verdict/value.h"

namespace verdict {

struct FieldType {
  enum class Base {
    kString,
    kBool,
    kInt,
    kMoney,
    kDouble,
    kDate,
    kDatetime,
    kEnum,
    kList,
    kMap,
    kDyn
  };
  Base base = Base::kDyn;
  std::shared_ptr<const FieldType> elem;  // kList
  std::string text;  // as written, e.g. "enum(city, county)"

  // Money holds at most kMoneyPlaces decimal places; "decimal" and
  // "number" (the same base) hold what a Decimal holds (18).
  static constexpr int kMoneyPlaces = 4;
  bool IsMoney() const {
    return base == Base::kMoney && text.starts_with("money");
  }
  // Why `v` does not fit this money type, or a list of money (more decimal
  // places than money has): "money has at most 4 decimal places, got X";
  // empty when it fits or the type is not money.
  std::string MoneyPlacesError(const Value& v) const;

  // Parses type text; nullopt (and `error`) when malformed or when more
  // than `max_depth` list(...) nest (a pack's Limits::max_depth, as for
  // expressions). Linear in the text's length.
  static std::optional<FieldType> Parse(std::string_view text,
                                        std::string* error,
                                        int max_depth = Limits{}.max_depth);

  types::Type CheckType() const;

  // Accepts `v` as a value of this type, converting where the front end
  // could not know the type (text for dates, ints for money, a float by its
  // shortest decimal text for money). A date or datetime must fall within
  // years 1 to 9999 (a datetime both in UTC and in `zone`); an error Value
  // (one its reader could not hold, src/value/ticks.h) is refused with its
  // message by every type but dyn. On failure returns false and sets `code`
  // (wrong_type / invalid_value) and `why`.
  bool Accept(Value& v, const Zone& zone, std::string* code,
              std::string* why) const;
  // Whether Accept() takes `v` exactly as it is, with no conversion (for an
  // enum: one of its values): the common case, cheap enough for every
  // record. False does not mean refused: Accept() then decides.
  bool AcceptsAsIs(const Value& v) const {
    return (base == Base::kMoney && v.kind() == Kind::kDecimal) ||
           (base == Base::kString && v.kind() == Kind::kString) ||
           (base == Base::kInt && v.kind() == Kind::kInt) ||
           (base == Base::kBool && v.kind() == Kind::kBool) ||
           (base == Base::kEnum && IsEnumValue(v));
  }
  // An enum's values in their written order (empty for other types).
  const std::vector<std::string>& enum_values() const { return enum_values_; }
  // Sets an enum's values (Parse() sets them from the text) and indexes
  // them, so the index can never go stale.
  void SetEnumValues(std::vector<std::string> values);
  // Whether the values are hashed (IsEnumValue() then compares one value,
  // not each): fewer than 32 values, none empty, one to a slot under one of
  // the seeds tried.
  bool enum_indexed() const { return enum_seed_ != 0; }
  // Whether `v` is a string among enum_values().
  bool IsEnumValue(const Value& v) const;
  // The index of `text` in enum_values(), or -1 when it is none of them.
  int EnumIndex(std::string_view text) const;
  // The slot of the enum index for `text` (not empty) under `seed`.
  static uint32_t EnumHash(std::string_view text, uint32_t seed) {
    const uint32_t x =
        static_cast<uint32_t>(text.size()) * 0x9E3779B1u ^
        static_cast<uint32_t>(static_cast<unsigned char>(text.front())) << 8 ^
        static_cast<uint32_t>(static_cast<unsigned char>(text.back())) << 16 ^
        static_cast<unsigned char>(text[text.size() / 2]);
    return (x * seed) >> 26;
  }

  // Converts a YAML scalar, sequence or mapping (a test record's value) to
  // a value of this type. False with `why` when it does not fit.
  bool FromTree(const syntax::Tree& node, const Zone& zone, Value* out,
                std::string* why) const;
  // Converts literal text as written in a policy (unquoted YAML scalar).
  bool FromText(const std::string& text, bool quoted, const Zone& zone,
                Value* out, std::string* why) const;

 private:
  // Builds the index for enum_values_; leaves none (seed 0) when no seed
  // tried spreads them one to a slot.
  void IndexEnumValues();

  std::vector<std::string> enum_values_;
  // Slot EnumHash(text, enum_seed_) holds 1 + the index of the one value
  // that hashes there (0: none).
  std::array<uint8_t, 64> enum_index_{};
  uint32_t enum_seed_ = 0;
};

// Infers a value from untyped YAML text: true/false, integers, decimals,
// null; anything else is a string.
Value InferLiteral(const std::string& text, bool quoted);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_FIELD_TYPE_H_
