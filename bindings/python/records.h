// Reading record dicts straight into a policy's field values, for evaluate
// and evaluate_many on dicts (see Pack::EvaluateEach). Callers hold the GIL.
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
// same entries: a key that is not a str, or names no field, is ignored,
// except by a strict pack's reader, which walks every dict and refuses it.
class DictFields {
 public:
  // `info`: the policy's fields, in order. `strict`: a key that names no
  // field is the record's unknown_field (the pack's strict_fields).
  DictFields(const verdict::PolicyInfo& info, bool strict);

  // Puts `record`'s values (converted by ToValue) into `out`, one per
  // field (out.size() == the number of names, every one null on entry); a
  // field the dict does not hold stays null. Returns the record's error:
  // for a strict pack, the first key in the dict's order that names no
  // field (unknown_field, before any value's fault, as in JSON Lines); for
  // a value no field can hold (FieldValueError), the first such field in
  // the policy's order (the pipeline names an earlier field that fails
  // validation instead: ValidateLoaded); else nullopt. Raises TypeError when
  // `record` is not a dict. Not reentrant (one scratch buffer): one reader per
  // call, under the GIL.
  std::optional<verdict::RecordError> Read(PyObject* record,
                                           const verdict::Zone& zone,
                                           std::span<verdict::Value> out);

 private:
  // The field `key` names, or -1.
  int Find(PyObject* key) const;

  std::vector<std::string> names_;
  std::string policy_;
  bool strict_;
  std::vector<py::str> keys_;  // interned, one per name
  // The entries found in the record being read, held (not borrowed) while
  // they are converted: a conversion may run Python code (a subclass's
  // __str__) that changes the dict. Emptied after each record.
  std::vector<py::object> found_;
};

}  // namespace verdict_py

#endif  // VERDICT_BINDINGS_PYTHON_RECORDS_H_
