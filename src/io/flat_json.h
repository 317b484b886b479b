// The fast reader of a JSON Lines record that is what most records are: one
// flat object of the policy's own fields, each a plain string, number,
// boolean or null of its field's kind. It reads such a line straight into
// the frame's slots without a parser; every other line it declines, and the
// full reader (ReadJsonRecordWithSimdjson, json_records.h) reads it and
// words its faults. The two share no scanning code: the full reader is the
// reference of the differential test (tests/unit/flat_json_test.cc).
#ifndef VERDICT_SRC_IO_FLAT_JSON_H_
#define VERDICT_SRC_IO_FLAT_JSON_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "src/compile/policy.h"

namespace verdict {

// The order in which the keys of recent lines came, for one policy on one
// thread (the caller keeps one per thread and policy): after each field,
// and at the object's start, the field that came next last time. Where a
// key starts, ReadFlatJsonRecord() first compares the bytes of that
// field's quoted name (one comparison of known length instead of a scan
// for the closing quote and a name lookup), and records the order it
// reads. Only the speed depends on it: a wrong guess reads the key as
// without one, and the answer is the same.
struct FlatKeyOrder {
  static constexpr uint8_t kNone = 0xFF;
  const CompiledPolicy* policy = nullptr;
  // after[0]: the first field; after[i + 1]: the one after field i.
  std::array<uint8_t, 65> after{};

  // Starts over for `p` (its declared order) unless made for it already.
  void For(const CompiledPolicy& p);
};

// Reads `line` into the record slots of `frame` (slots 0 to the policy's
// field count - 1, holding anything on entry: a text is written into the
// buffer its slot already holds, record after record) and returns true,
// every record slot then holding its field's value or null, when the line is
//   {"field": value, ...}   with JSON white space anywhere between tokens,
// every key a declared field's name, given once and written without
// escapes; every value null, or a string without escapes or control
// characters (valid UTF-8) for a string, enum, date or datetime field, true
// or false for a bool field, or a JSON number the decimal type holds for an
// int, money or double field. Unless `strict`, a key the policy does not
// declare may come too (any number of times) with such a string, number,
// boolean or null, which is skipped. The slots then hold what the full
// reader would put there (not validated yet: see ValidateRecord). Returns
// false for any other line (a fault, an escape, a nested value, an
// undeclared key in a strict pack, a repeated field, a policy of more than
// 64 fields), leaving the slots in any
// state: the full reader, which resets them first, reads the line again. Never
// throws; reads only `line`'s bytes.
// Guesses each key from `order` and updates it; without one (null, or one
// made for another policy), from the declared order.
bool ReadFlatJsonRecord(const CompiledPolicy& policy, std::string_view line,
                        Frame& frame, bool strict,
                        FlatKeyOrder* order = nullptr);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_FLAT_JSON_H_
