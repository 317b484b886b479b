// Reading Arrow columns (C data interface) cell by cell into Values, for
// the record slots of a policy's frame: numbers, decimal128, strings
// (utf8, large utf8, utf8 view), dates, timestamps, lists and dictionaries.
#ifndef VERDICT_SRC_IO_ARROW_READ_H_
#define VERDICT_SRC_IO_ARROW_READ_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/compile/field_type.h"
#include "verdict/arrow.h"
#include "verdict/value.h"

namespace verdict {

// How one Arrow type is read; built once per column from its schema.
class ArrowReader {
 public:
  // A reader for columns of `schema`'s type holding field `field` of type
  // `type`. nullopt with `*error` when the type is unsupported, or cannot
  // hold the field exactly (floating point money).
  static std::unique_ptr<ArrowReader> Make(const ArrowSchema& schema,
                                           const FieldType* type,
                                           const std::string& field,
                                           const Zone& zone,
                                           std::string* error);
  virtual ~ArrowReader() = default;
  // The value at logical index `i` of `array` (offset applied here), null
  // where the validity bitmap says so. `array` must be of the schema's type.
  // A cell no field can hold as it is (text that is not UTF-8, a date
  // outside years 1 to 9999, a decimal with more than 18 fractional digits
  // or more than 36 digits, or a list holding such an item) is an error
  // Value whose message says why without echoing the bytes: record
  // validation makes it the record's invalid_value, naming the field. So is
  // a number field's text in JSON's number notation beyond a decimal's
  // range or precision, whose message quotes the number (ASCII), as a JSON
  // line's does; text in no such notation is returned as text.
  Value Read(const ArrowArray& array, int64_t i) const {
    int64_t j = array.offset + i;
    if (array.null_count != 0 && array.buffers[0] != nullptr) {
      auto bits = static_cast<const uint8_t*>(array.buffers[0]);
      if (!(bits[j >> 3] & (1 << (j & 7)))) return Value();
    }
    return ReadValid(array, j);
  }

 protected:
  // `j` is the physical index (offset applied).
  virtual Value ReadValid(const ArrowArray& array, int64_t j) const = 0;
};

// Whether Read() would return no error Value for any of the cells at
// logical indices [from, from + length) of `array`, a column of the C data
// interface `format`: its text is UTF-8 (utf8, large utf8, utf8 view), its
// date32 days fall within years 1 to 9999; true for every other format.
// Null cells may be checked too (whatever their bytes): false only means
// "read cell by cell", where Read() gives the exact answer. Readers that skip a
// column (a field nothing reads, see SkippableFormat; the columnar path) must
// check it first, or an invalid cell would pass unseen.
bool ArrowCellsValid(const ArrowArray& array, std::string_view format,
                     int64_t from, int64_t length);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_ARROW_READ_H_
