#include "bindings/python/records.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "bindings/python/values.h"

namespace verdict_py {

py::str Interned(const std::string& text) {
  PyObject* s = PyUnicode_FromStringAndSize(
      text.data(), static_cast<Py_ssize_t>(text.size()));
  if (s == nullptr) throw py::error_already_set();
  PyUnicode_InternInPlace(&s);
  return py::reinterpret_steal<py::str>(s);
}

namespace {

// A record key as UTF-8 text. A key holding a lone surrogate has no UTF-8:
// it is written with the surrogate escaped ('n\\udcff'), which names no
// declared field (every name is UTF-8 YAML), so it is ignored as any
// undeclared key, or reported (escaped) by a strict pack.
std::string KeyText(py::handle k) {
  py::str text(k);
  Py_ssize_t size;
  if (const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size))
    return std::string(data, static_cast<size_t>(size));
  PyErr_Clear();
  PyObject* b =
      PyUnicode_AsEncodedString(text.ptr(), "utf-8", "backslashreplace");
  if (b == nullptr) throw py::error_already_set();
  return std::string(py::reinterpret_steal<py::bytes>(b));
}

}  // namespace

DictFields::DictFields(const verdict::PolicyInfo& info, bool strict)
    : policy_(info.name), strict_(strict), found_(info.fields.size()) {
  for (const auto& f : info.fields) {
    names_.push_back(f.name);
    keys_.push_back(Interned(f.name));
  }
}

int DictFields::Find(PyObject* key) const {
  for (size_t k = 0; k < keys_.size(); ++k)
    if (key == keys_[k].ptr()) return static_cast<int>(k);
  if (!PyUnicode_Check(key)) return -1;
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(key, &size);
  if (text == nullptr) {  // a lone surrogate: no field has that name
    PyErr_Clear();
    return -1;
  }
  for (size_t k = 0; k < names_.size(); ++k) {
    const std::string& n = names_[k];
    if (n.size() == static_cast<size_t>(size) &&
        std::memcmp(n.data(), text, n.size()) == 0)
      return static_cast<int>(k);
  }
  return -1;
}

std::optional<verdict::RecordError> DictFields::Read(
    PyObject* record, const verdict::Zone& zone,
    std::span<verdict::Value> out) {
  if (!PyDict_Check(record)) throw py::type_error("a record is a dict");
  const size_t n = keys_.size();
  std::vector<py::object>& found = found_;
  // Emptied however this returns, so that nothing is held past the record.
  struct Clear {
    std::vector<py::object>& v;
    ~Clear() {
      for (py::object& o : v) o = py::object();
    }
  } clear{found};
  if (strict_ || static_cast<size_t>(PyDict_GET_SIZE(record)) <= n + 4) {
    Py_ssize_t pos = 0;
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    while (PyDict_Next(record, &pos, &key, &value)) {
      const int k = Find(key);
      if (k >= 0) {
        found[k] = py::reinterpret_borrow<py::object>(value);
      } else if (strict_) {
        return verdict::RecordError::UnknownField(policy_, KeyText(key));
      }
    }
  } else {
    for (size_t k = 0; k < n; ++k) {
      PyObject* v = PyDict_GetItemWithError(record, keys_[k].ptr());
      if (v == nullptr && PyErr_Occurred()) throw py::error_already_set();
      if (v != nullptr) found[k] = py::reinterpret_borrow<py::object>(v);
    }
  }
  for (size_t k = 0; k < n; ++k) {
    if (!found[k]) continue;
    try {
      out[k] = ToValue(found[k].ptr(), zone);
    } catch (const FieldValueError& e) {
      return e.ForField(names_[k]);  // the first field in the policy's order
    }
  }
  return std::nullopt;
}

}  // namespace verdict_py
