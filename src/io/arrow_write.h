// Building Arrow columns (C data interface) from Values: the result
// columns of a decision, typed by the policy's declared output types.
#ifndef VERDICT_SRC_IO_ARROW_WRITE_H_
#define VERDICT_SRC_IO_ARROW_WRITE_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "src/compile/field_type.h"
#include "src/io/arrow_export.h"
#include "verdict/arrow.h"
#include "verdict/value.h"

namespace verdict {

// The most a utf8 column's characters (and a list column's items) may
// number in one exported array: Arrow's utf8 and list offsets are int32.
// Builders never switch to large_utf8 (a column whose type depended on the
// data's size would surprise every reader); they refuse instead.
inline constexpr int64_t kMaxArrowOffset = std::numeric_limits<int32_t>::max();

// Appends values one row at a time and hands out the finished column. The
// arrays and schemas it exports own their memory (freed by their release
// callbacks). Not thread-safe.
//
// `name` is the column's name for messages. An Append (or AppendError) that
// would take the rows appended since the last Finish() beyond `max_offset`
// characters of a utf8 column (or items of a list) throws std::length_error
// naming the column and the limit before any offset wraps; the call being
// decided then fails, and the builder is not used again. `max_offset` is
// kMaxArrowOffset but in tests.
class ArrowBuilder {
 public:
  // A builder for an output of `type` (money: decimal128(38, 4); other
  // decimals: decimal128(38, 18); ...; untyped: its JSON text).
  static std::unique_ptr<ArrowBuilder> For(
      const FieldType& type, const Zone& zone, const std::string& name,
      int64_t max_offset = kMaxArrowOffset);
  // A utf8 column.
  static std::unique_ptr<ArrowBuilder> Utf8(
      const std::string& name, int64_t max_offset = kMaxArrowOffset);
  // The `error` struct<code, message, field> column: append with
  // AppendError (or AppendNull for a decided record).
  static std::unique_ptr<ArrowBuilder> ErrorStruct(
      int64_t max_offset = kMaxArrowOffset);

  virtual ~ArrowBuilder() = default;
  // Appends `v` and returns whether the column holds it: true for null or
  // a value written as itself; false for a value the column cannot hold,
  // such as money beyond decimal128(38, 4)'s 34 integer digits, which is
  // appended as null (the caller fails the record instead of writing a
  // null no one asked for). One conversion per value.
  virtual bool Append(const Value& v) = 0;
  // Makes the last appended row null: for the columns of a row appended
  // before a later column refused its value. Its bytes may stay behind the
  // null, as Arrow allows.
  virtual void NullLast() = 0;
  void AppendNull() { Append(Value()); }
  // ErrorStruct only: a non-null row of three strings ("" field: null).
  virtual void AppendError(const std::string& code, const std::string& message,
                           const std::string& field);
  // Exports the rows appended so far as `out` and starts empty again.
  virtual void Finish(ArrowArray* out) = 0;
  // Exports the column's type, named `name`, as `out`.
  virtual void Schema(const std::string& name, ArrowSchema* out) const = 0;
};

}  // namespace verdict

#endif  // VERDICT_SRC_IO_ARROW_WRITE_H_
