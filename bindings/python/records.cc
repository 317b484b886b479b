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

DictFields::DictFields(const std::vector<std::string>& names)
    : names_(names), found_(names.size()) {
  for (const std::string& n : names_) keys_.push_back(Interned(n));
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
  if (static_cast<size_t>(PyDict_GET_SIZE(record)) <= n + 4) {
    Py_ssize_t pos = 0;
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    while (PyDict_Next(record, &pos, &key, &value)) {
      const int k = Find(key);
      if (k >= 0) found[k] = py::reinterpret_borrow<py::object>(value);
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

// `record`'s entries into *m. Returns the record's error for a declared
// field's value of a type no field takes (FieldValueError wrong_type); one
// no field can hold for its value (invalid_value) goes into *m as an error
// Value, which validation reports in the policy's field order. An undeclared
// key's such value is kept as null (ignored, or an unknown field for a
// strict pack). Raises TypeError when `record` is not a dict.
std::optional<verdict::RecordError> ToFieldMap(py::handle record,
                                               const verdict::Zone& zone,
                                               const verdict::PolicyInfo& info,
                                               verdict::FieldMap* m) {
  if (!py::isinstance<py::dict>(record))
    throw py::type_error("a record is a dict");
  std::optional<verdict::RecordError> bad;
  for (auto [k, v] : record.cast<py::dict>()) {
    std::string key = KeyText(k);
    try {
      (*m)[key] = ToValue(v, zone);
    } catch (const FieldValueError& e) {
      const bool declared =
          std::any_of(info.fields.begin(), info.fields.end(),
                      [&](const auto& f) { return f.name == key; });
      // A value no field holds (a number beyond the decimal range) is the
      // field's invalid_value where validation reaches it, so that the
      // first faulty field in the policy's order is named, as on every
      // path (ValidateLoaded); one of a type no field takes refuses the
      // record here.
      if (declared && e.code() == "invalid_value") {
        (*m)[key] = verdict::Value::Error(e.what());
        continue;
      }
      (*m)[key] = verdict::Value();
      if (declared && !bad) bad = e.ForField(key);
    }
  }
  return bad;
}

// The decision of a record refused before it was decided.
verdict::Decision Refused(const std::string& policy, verdict::RecordError e) {
  verdict::Decision d;
  d.policy = policy;
  d.error = std::move(e);
  return d;
}

namespace {

// Whether `field` comes before `than` in the policy's field order; an
// undeclared key (unknown_field) comes before every field.
bool Before(const verdict::PolicyInfo& info, const std::string& field,
            const std::string& than) {
  for (const auto& f : info.fields) {
    if (f.name == than) return false;
    if (f.name == field) return true;
  }
  return true;
}

}  // namespace

// The decision of a record ToFieldMap() refused with `bad` (a value of no
// policy type) given the decision of its FieldMap without that value: a
// field before it that fails validation is named instead, so that the first
// faulty field in the policy's order is, as on every path (ValidateLoaded).
verdict::Decision RefusedInOrder(const verdict::PolicyInfo& info,
                                 const std::string& policy,
                                 verdict::RecordError bad,
                                 verdict::Decision without) {
  // Only the record's own faults: a decision's error (no_rule_matched, ...)
  // comes after every field's.
  const bool record_fault =
      without.error && (without.error->code == "missing_field" ||
                        without.error->code == "wrong_type" ||
                        without.error->code == "invalid_value" ||
                        without.error->code == "unknown_field");
  if (record_fault && Before(info, without.error->field, bad.field))
    return without;
  return Refused(policy, std::move(bad));
}

}  // namespace verdict_py
