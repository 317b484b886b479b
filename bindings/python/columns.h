// The input and output columns of evaluate_columns (_verdict.cc): numpy
// buffers and Python sequences read into Values chunk by chunk, and output
// Values gathered into typed numpy arrays or lists of Python objects.
// Callers hold the GIL.
#ifndef VERDICT_BINDINGS_PYTHON_COLUMNS_H_
#define VERDICT_BINDINGS_PYTHON_COLUMNS_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "bindings/python/values.h"
#include "src/value/ticks.h"
#include "verdict/value.h"

namespace verdict_py {

using verdict::Kind;
using verdict::Value;

// One output column of evaluate_columns, built chunk by chunk. Int and bool
// outputs go to typed buffers and come out as typed arrays (int64, or
// pandas' nullable Int64 when some row has no value; bool), so pandas need
// not inspect a million objects; other
// outputs (and bools with missing values, which pandas keeps as objects) are
// lists of Python objects.
class OutputColumn {
 public:
  OutputColumn(const std::string& type, size_t n) : n_(n) {
    if (type == "int" || type == "int?") {
      mode_ = kInts;
      ints_.reserve(n);
    } else if (type == "bool" || type == "bool?") {
      mode_ = kBools;
      ints_.reserve(n);
    } else {
      list_ = py::list(n);
    }
  }

  void Add(const Value& v, OutputConverter& convert) {
    if (mode_ != kObjects) {
      Kind want = mode_ == kInts ? Kind::kInt : Kind::kBool;
      if (v.is_null()) {
        ints_.push_back(0);
        nulls_.resize(ints_.size(), 0);
        nulls_.back() = 1;
        any_null_ = true;
        return;
      }
      if (v.kind() == want) {
        ints_.push_back(mode_ == kInts ? v.as_int() : v.as_bool());
        return;
      }
      ToObjects(convert);  // not what the declaration promised: stay exact
    }
    PyList_SET_ITEM(list_.ptr(), static_cast<Py_ssize_t>(next_++),
                    convert(v).release().ptr());
  }

  py::object Finish() {
    if (mode_ == kObjects) return list_;
    nulls_.resize(ints_.size(), 0);
    if (mode_ == kBools && any_null_) {
      py::list out(ints_.size());
      for (size_t i = 0; i < ints_.size(); ++i) {
        PyObject* o = nulls_[i] ? Py_None : (ints_[i] ? Py_True : Py_False);
        Py_INCREF(o);
        PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), o);
      }
      return out;
    }
    if (mode_ == kBools) {
      py::array_t<bool> out(static_cast<py::ssize_t>(ints_.size()));
      bool* b = out.mutable_data();
      for (size_t i = 0; i < ints_.size(); ++i) b[i] = ints_[i] != 0;
      return out;
    }
    py::array_t<int64_t> out(static_cast<py::ssize_t>(ints_.size()));
    std::copy(ints_.begin(), ints_.end(), out.mutable_data());
    if (!any_null_) return out;
    // Gaps: pandas' nullable Int64 (values and a mask), never float64 with
    // NaN, which is inexact beyond 2^53.
    py::array_t<bool> mask(static_cast<py::ssize_t>(nulls_.size()));
    bool* m = mask.mutable_data();
    for (size_t i = 0; i < nulls_.size(); ++i) m[i] = nulls_[i] != 0;
    return py::module_::import("pandas").attr("arrays").attr("IntegerArray")(
        out, mask);
  }

 private:
  enum Mode { kObjects, kInts, kBools };
  void ToObjects(OutputConverter& convert) {
    list_ = py::list(n_);
    nulls_.resize(ints_.size(), 0);
    for (size_t i = 0; i < ints_.size(); ++i) {
      Value v = nulls_[i]        ? Value()
                : mode_ == kInts ? Value::Int(ints_[i])
                                 : Value::Bool(ints_[i] != 0);
      PyList_SET_ITEM(list_.ptr(), static_cast<Py_ssize_t>(i),
                      convert(v).release().ptr());
    }
    next_ = ints_.size();
    mode_ = kObjects;
  }

  size_t n_;
  Mode mode_ = kObjects;
  std::vector<int64_t> ints_;
  std::vector<uint8_t> nulls_;
  bool any_null_ = false;
  py::list list_;
  size_t next_ = 0;
};

// One input column of evaluate_columns: a numpy array read from its buffer
// (numeric, bool, datetime64) or a Python sequence read object by object.
// Read() appends the Values of rows [start, start + m).
class InputColumn {
 public:
  InputColumn(std::string name, py::handle v, size_t n)
      : name(std::move(name)) {
    if (py::isinstance<py::array>(v)) {
      py::array arr = py::reinterpret_borrow<py::array>(v);
      kind_ = arr.dtype().kind();
      if (kind_ == 'f') {
        array_ = arr.cast<py::array_t<double, py::array::forcecast>>();
      } else if (kind_ == 'i' || kind_ == 'u') {
        array_ = arr.cast<py::array_t<int64_t, py::array::forcecast>>();
      } else if (kind_ == 'b') {
        array_ = arr.cast<py::array_t<bool, py::array::forcecast>>();
      } else if (kind_ == 'M') {
        // datetime64 of any unit, read as counts of that unit: a cast to
        // [ns] would wrap the years beyond 1677..2262 that [s], [ms] and
        // [us] hold (pandas 2 makes all four). Naive: the pack's zone.
        ReadTick(arr.dtype());
        py::object native = arr.dtype().attr("newbyteorder")("=");
        array_ = arr.attr("astype")(native, py::arg("copy") = false)
                     .attr("view")("int64")
                     .cast<py::array_t<int64_t>>();
      } else {
        kind_ = 'O';
        sequence_ = py::list(arr.attr("tolist")());
      }
      if (kind_ != 'O' && static_cast<size_t>(array_.size()) != n) {
        throw py::value_error("column '" + this->name + "' has " +
                              std::to_string(array_.size()) +
                              " values, expected " + std::to_string(n));
      }
    } else {
      kind_ = 'O';
      sequence_ = py::reinterpret_borrow<py::object>(v);
      if (!PyList_Check(sequence_.ptr())) sequence_ = py::list(sequence_);
    }
    if (kind_ == 'O' &&
        static_cast<size_t>(PyList_GET_SIZE(sequence_.ptr())) != n) {
      throw py::value_error("column '" + this->name + "' has " +
                            std::to_string(PyList_GET_SIZE(sequence_.ptr())) +
                            " values, expected " + std::to_string(n));
    }
  }

  void Read(size_t start, size_t m, const verdict::Zone& zone,
            std::vector<Value>* out) const {
    out->reserve(m);
    switch (kind_) {
      case 'f': {
        const double* d = static_cast<const double*>(array_.data()) + start;
        for (size_t i = 0; i < m; ++i)
          out->push_back(std::isnan(d[i]) ? Value() : Value::Double(d[i]));
        break;
      }
      case 'i':
      case 'u': {
        const int64_t* x = static_cast<const int64_t*>(array_.data()) + start;
        for (size_t i = 0; i < m; ++i) out->push_back(Value::Int(x[i]));
        break;
      }
      case 'b': {
        const bool* x = static_cast<const bool*>(array_.data()) + start;
        for (size_t i = 0; i < m; ++i) out->push_back(Value::Bool(x[i]));
        break;
      }
      case 'M': {
        // Naive wall time in the pack's zone. pandas has no date dtype, so
        // a date field takes a datetime64 at midnight as its day; any other
        // time of day stays a datetime, which the field refuses as a dict's
        // datetime is refused (never silently cut to its day). A count no
        // datetime can be is the row's invalid_value (TicksValue).
        const int64_t* x = static_cast<const int64_t*>(array_.data()) + start;
        const verdict::TickUnit tick{tick_nanos_, tick_name_};
        for (size_t i = 0; i < m; ++i) {
          out->push_back(x[i] == INT64_MIN  // NaT
                             ? Value()
                             : verdict::TicksValue(x[i], tick, &zone, is_date));
        }
        break;
      }
      default: {
        PyObject* list = sequence_.ptr();
        for (size_t i = 0; i < m; ++i) {
          out->push_back(ToValue(py::handle(PyList_GET_ITEM(
                                     list, static_cast<Py_ssize_t>(start + i))),
                                 zone));
        }
      }
    }
  }

  std::string name;
  bool is_date = false;  // a date field: midnight datetime64 cells are days

 private:
  // Reads the tick of a datetime64 dtype, numpy's (unit, count), into
  // tick_nanos_ and tick_name_. Units of fixed length from weeks to
  // nanoseconds; a ValueError for the others (years, months: no fixed
  // length; finer than ns: beyond Verdict's precision), which pandas never
  // makes.
  void ReadTick(const py::dtype& dtype) {
    static constexpr std::pair<const char*, int64_t> kUnits[] = {
        {"W", 604800000000000}, {"D", 86400000000000},
        {"h", 3600000000000},   {"m", 60000000000},
        {"s", 1000000000},      {"ms", 1000000},
        {"us", 1000},           {"ns", 1}};
    py::tuple unit = py::module_::import("numpy").attr("datetime_data")(dtype);
    const std::string unit_name = unit[0].cast<std::string>();
    const int64_t count = unit[1].cast<int64_t>();
    for (const auto& [known, nanos] : kUnits) {
      if (unit_name == known && count > 0 &&
          !__builtin_mul_overflow(nanos, count, &tick_nanos_)) {
        tick_name_ = count == 1 ? unit_name : std::to_string(count) + unit_name;
        return;
      }
    }
    throw py::value_error("column '" + name +
                          "': " + std::string(py::str(dtype)) +
                          " is not supported: use a unit from weeks to "
                          "nanoseconds (pandas' s, ms, us or ns)");
  }

  char kind_ = 'O';
  int64_t tick_nanos_ = 1;  // a datetime64 column's tick (ReadTick)
  std::string tick_name_;
  py::array array_;
  py::object sequence_;
};

}  // namespace verdict_py

#endif  // VERDICT_BINDINGS_PYTHON_COLUMNS_H_
