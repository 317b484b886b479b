// Reading record dicts straight into a policy's field values, for
// evaluate_many on dicts (see Pack::EvaluateEach). Callers hold the GIL.
#ifndef VERDICT_BINDINGS_PYTHON_RECORDS_H_
#define VERDICT_BINDINGS_PYTHON_RECORDS_H_

#include <pybind11/pybind11.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "verdict/engine.h"
#include "verdict/value.h"
#include "verdict/zone.h"

namespace verdict_py {

namespace py = pybind11;

// An interned Python string of `text`: record dicts built from literals (or
// by most decoders) hold the same object as their keys, and callers looking
// up output names with literals match by pointer too.
py::str Interned(const std::string& text);

// The declared fields of one policy, and how a dict's entries map to them.
// A dict no bigger than a few entries past the policy's fields is walked
// once (PyDict_Next) and each key matched to a field: by identity first
// (record dicts usually share the interned key strings this class holds, as
// literals and most decoders' keys do), else by its characters. A bigger
// dict is looked up field by field instead, so that a record with many
// undeclared columns costs no more than the declared ones. Both read the
// same entries: a key that is not a str, or names no field, is ignored.
class DictFields {
 public:
  // `names`: the policy's fields, in order.
  explicit DictFields(const std::vector<std::string>& names);

  // Puts `record`'s values (converted by ToValue) into `out`, one per
  // field (out.size() == the number of names, every one null on entry); a
  // field the dict does not hold stays null. Returns the record's error for
  // a value no field can hold (FieldValueError, the first field in order),
  // else nullopt. Raises TypeError when `record` is not a dict. Not
  // reentrant (one scratch buffer): one reader per call, under the GIL.
  std::optional<verdict::RecordError> Read(PyObject* record,
                                           const verdict::Zone& zone,
                                           std::span<verdict::Value> out);

 private:
  // The field `key` names, or -1.
  int Find(PyObject* key) const;

  std::vector<std::string> names_;
  std::vector<py::str> keys_;  // interned, one per name
  // The entries found in the record being read, held (not borrowed) while
  // they are converted: a conversion may run Python code (a subclass's
  // __str__) that changes the dict. Emptied after each record.
  std::vector<py::object> found_;
};

// `record`'s entries into *m. Returns the record's error for a declared
// field's value of a type no field takes (FieldValueError wrong_type); one
// no field can hold for its value (invalid_value) goes into *m as an error
// Value, which validation reports in the policy's field order. An
// undeclared key's such value is kept as null (ignored, or an unknown field
// for a strict pack). Raises TypeError when `record` is not a dict.
std::optional<verdict::RecordError> ToFieldMap(py::handle record,
                                               const verdict::Zone& zone,
                                               const verdict::PolicyInfo& info,
                                               verdict::FieldMap* m);

// The decision of a record refused before it was decided.
verdict::Decision Refused(const std::string& policy, verdict::RecordError e);

// The decision of a record ToFieldMap() refused with `bad` (a value of no
// policy type) given the decision `without` of its FieldMap without that
// value: a field before it that fails validation is named instead, so that
// the first faulty field in the policy's order is, as on every path
// (ValidateLoaded).
verdict::Decision RefusedInOrder(const verdict::PolicyInfo& info,
                                 const std::string& policy,
                                 verdict::RecordError bad,
                                 verdict::Decision without);

}  // namespace verdict_py

#endif  // VERDICT_BINDINGS_PYTHON_RECORDS_H_
