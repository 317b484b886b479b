// Conversions between Python objects and verdict::Value for the native
// module (_verdict.cc). Callers hold the GIL.
#ifndef VERDICT_BINDINGS_PYTHON_VALUES_H_
#define VERDICT_BINDINGS_PYTHON_VALUES_H_

#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>
#include <unordered_map>

#include "verdict/engine.h"
#include "verdict/value.h"
#include "verdict/zone.h"

namespace verdict_py {

namespace py = pybind11;

// A Python value no record field can hold: a number beyond the engine's
// decimal range or precision, a date or datetime it cannot represent
// (code invalid_value), an object of a type with no policy meaning
// (wrong_type). The record readers make it that record's error, as the
// JSON path does for `1e400`; the other records are still decided. Escaping
// to Python (where no reader caught it) it is verdict's FieldValueError, a
// ValueError.
class FieldValueError : public std::runtime_error {
 public:
  FieldValueError(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }
  // The record's error: "field 'NAME': message", naming the field.
  verdict::RecordError ForField(const std::string& name) const {
    return verdict::RecordError{code_, "field '" + name + "': " + what(), name};
  }

 private:
  std::string code_;
};

// Python -> Value: None, bool, int, float, str, Decimal, date, datetime
// (naive: wall time in `zone`), dict and list/tuple. Throws FieldValueError
// for a value no field can hold (see there).
verdict::Value ToValue(py::handle o, const verdict::Zone& zone);

// Value -> Python. Datetimes come back naive, in `zone`.
py::object FromValue(const verdict::Value& v, const verdict::Zone& zone);

// Converts output values; repeated strings (enum outputs, and the strings
// in list outputs) and repeated decimals become one shared Python object
// instead of one per row (up to kMaxShared distinct values of each; both
// types are immutable in Python). Lists are new lists on every call; a
// list Value seen before (the same items, shared by the policy) is copied
// from its first conversion instead of converted item by item.
class OutputConverter {
 public:
  explicit OutputConverter(const verdict::Zone& zone) : zone_(zone) {}
  py::object operator()(const verdict::Value& v);

 private:
  static constexpr size_t kMaxShared = 4096;
  verdict::Zone zone_;
  std::unordered_map<std::string, py::object> strings_;
  std::unordered_map<std::string, py::object> decimals_;  // by their text
  // Lists of immutable items by the address of their items, with the Value
  // that keeps that address taken.
  std::unordered_map<const verdict::List*,
                     std::pair<verdict::Value, py::object>>
      lists_;
};

}  // namespace verdict_py

#endif  // VERDICT_BINDINGS_PYTHON_VALUES_H_
