// The private native module of the `verdict` Python package: thin calls
// into the public C++ API (include/verdict/engine.h), with the conversions
// of values.h, the columns of columns.h and the records of records.h. The
// Pythonic API, errors included, lives in verdict/__init__.py. Engine work
// runs without the GIL, except evaluate_records (see there).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings/python/arrow_binding.h"
#include "bindings/python/columns.h"
#include "bindings/python/records.h"
#include "bindings/python/values.h"
#include "verdict/engine.h"
#include "verdict/json_stream.h"

namespace py = pybind11;
using verdict::Kind;
using verdict::Value;
using verdict_py::DictFields;
using verdict_py::FieldValueError;
using verdict_py::FromValue;
using verdict_py::InputColumn;
using verdict_py::Interned;
using verdict_py::OutputColumn;
using verdict_py::OutputConverter;
using verdict_py::ToValue;

namespace {

verdict::Date ParseAsOf(const std::string& text, const verdict::Pack& pack) {
  if (text.empty()) return pack.Today();
  auto d = verdict::Date::Parse(text);
  if (!d)
    throw py::value_error("as_of '" + text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

// A trace as a list of {decision, rule, values} dicts.
py::list TraceList(const std::vector<verdict::TraceEntry>& entries,
                   const verdict::Zone& zone) {
  py::list trace;
  for (const auto& t : entries) {
    py::dict values;
    for (const auto& [k, v] : t.values) values[py::str(k)] = FromValue(v, zone);
    py::dict entry;
    entry["decision"] = t.decision;
    entry["rule"] = t.rule;
    entry["values"] = values;
    trace.append(entry);
  }
  return trace;
}

// One decision as (outputs dict | None, (code, message, field) | None, trace,
// the pack's count of working days read outside its calendar: `outside`).
py::tuple DecisionTuple(const verdict::Decision& d, const verdict::Zone& zone,
                        uint64_t outside) {
  py::object error = py::none();
  py::object outputs = py::none();
  if (d.error) {
    error = py::make_tuple(d.error->code, d.error->message,
                           d.error->field.empty()
                               ? py::object(py::none())
                               : py::object(py::str(d.error->field)));
  } else {
    py::dict out;
    for (const auto& [k, v] : d.outputs) out[py::str(k)] = FromValue(v, zone);
    outputs = out;
  }
  return py::make_tuple(outputs, error, TraceList(d.trace, zone), outside);
}

// {"code": ..., "message": ..., "field": ... | None}
py::dict ErrorDict(const verdict::RecordError& e) {
  py::dict d;
  d["code"] = e.code;
  d["message"] = e.message;
  d["field"] =
      e.field.empty() ? py::object(py::none()) : py::object(py::str(e.field));
  return d;
}

// Pauses Python's cyclic garbage collector while a batch's results are
// built, and resumes it (if it was running) when done. Building a million
// small dicts and lists otherwise triggers collection after collection,
// each one traversing every live object (the caller's input records too):
// measured at half of evaluate_many's time on refund_approval. The objects
// built hold no cycles, so pausing misses nothing; the collector runs as
// usual afterwards.
class GcPause {
 public:
  GcPause() : was_enabled_(PyGC_Disable()) {}
  ~GcPause() {
    if (was_enabled_) PyGC_Enable();
  }
  GcPause(const GcPause&) = delete;
  GcPause& operator=(const GcPause&) = delete;

 private:
  int was_enabled_;
};

class NativePack {
 public:
  NativePack(std::shared_ptr<const verdict::Pack> p, bool strict)
      : pack_(std::move(p)), strict_(strict) {}
  bool strict_fields() const { return strict_; }

  std::string name() const { return pack_->name(); }
  std::string version() const { return pack_->version(); }
  std::string content_hash() const { return pack_->content_hash(); }
  std::vector<std::string> policies() const { return pack_->PolicyNames(); }
  // "file:line:col: warning: message", as `verdict check` prints them.
  std::vector<std::string> warnings() const {
    std::vector<std::string> out;
    for (const auto& d : pack_->Warnings()) out.push_back(d.ToString());
    return out;
  }
  // What `verdict eval` warns for this as-of ("" is today): an as-of after
  // the calendar's last year (Pack::CalendarWarning), or None.
  std::optional<std::string> calendar_warning(const std::string& as_of) const {
    return pack_->CalendarWarning(ParseAsOf(as_of, *pack_));
  }
  // Working-day computations since the load that read days outside the
  // calendar's years (Pack::OutsideCalendarCount), and the warning for
  // `count` of them (Pack::OutsideCalendarWarning).
  uint64_t outside_calendar() const { return pack_->OutsideCalendarCount(); }
  std::string outside_calendar_warning(uint64_t count) const {
    return pack_->OutsideCalendarWarning(count);
  }

  // Arrow C stream capsules in and out (see arrow_binding.h).
  py::object evaluate_arrow(const std::string& policy, py::object stream,
                            const std::string& as_of, bool trace,
                            py::object aggregates, int threads) const {
    return verdict_py::DecideArrowCapsule(pack_, policy, stream,
                                          ParseAsOf(as_of, *pack_), trace,
                                          aggregates, threads);
  }
  py::object evaluate_arrow_rows(const std::string& policy, py::object stream,
                                 const std::string& as_of, int threads) const {
    return verdict_py::DecideArrowRowsCapsule(
        pack_, policy, stream, ParseAsOf(as_of, *pack_), threads);
  }
  int64_t columnar_batches(const std::string& policy, py::object stream) const {
    return verdict_py::ColumnarBatches(pack_, policy, stream);
  }
  int64_t vector_batches(const std::string& policy, py::object stream,
                         const std::string& as_of) const {
    return verdict_py::VectorBatches(pack_, policy, stream,
                                     ParseAsOf(as_of, *pack_));
  }
  py::bytes arrow_aggregates(const std::string& policy, py::object stream,
                             const std::string& as_of) const {
    return verdict_py::ArrowAggregates(pack_, policy, stream,
                                       ParseAsOf(as_of, *pack_));
  }
  py::object finish_aggregates(const std::string& policy,
                               const std::string& bytes) const {
    return verdict_py::FinishAggregates(pack_, policy, bytes);
  }
  py::bytes merge_aggregates(const std::string& policy,
                             const std::vector<std::string>& parts) const {
    return verdict_py::MergeAggregates(pack_, policy, parts);
  }

  py::dict policy_info(const std::string& policy) const {
    const verdict::PolicyInfo& info = pack_->Policy(policy);
    py::dict out;
    out["name"] = info.name;
    out["description"] = info.description;
    out["record"] = info.record;
    out["batch"] = info.batch;
    py::list fields;
    for (const auto& f : info.fields) {
      py::dict fd;
      fd["name"] = f.name;
      fd["type"] = f.type;
      fd["required"] = f.required;
      fd["default"] = FromValue(f.default_value, pack_->zone());
      fields.append(fd);
    }
    out["fields"] = fields;
    py::list outputs;
    for (const auto& [n, t] : info.outputs)
      outputs.append(py::make_tuple(n, t));
    out["outputs"] = outputs;
    return out;
  }

  py::tuple evaluate(const std::string& policy, py::handle record,
                     const std::string& as_of, bool trace) const {
    const verdict::PolicyInfo& info = pack_->Policy(policy);
    verdict::EvalOptions opt;
    opt.as_of = ParseAsOf(as_of, *pack_);
    opt.trace = trace;
    // Evaluate() says a batch policy takes batches (invalid_argument).
    if (info.batch) pack_->Evaluate(policy, verdict::FieldMap(), opt);
    // The dict is read as evaluate_records reads one (GIL held): one record
    // of a pipeline, which names its first faulty field in the policy's
    // order whichever step finds it.
    DictFields reader(info, strict_);
    verdict::Decision d;
    pack_->EvaluateEach(
        policy, 1, opt,
        [&](size_t, std::span<Value> values) {
          return reader.Read(record.ptr(), pack_->zone(), values);
        },
        [&](size_t, const verdict::Decision& decided) { d = decided; });
    // With the pack's count of working days read outside its calendar: no
    // second native call per record to learn it.
    return DecisionTuple(d, pack_->zone(), pack_->OutsideCalendarCount());
  }

  // Columns: name -> numpy array or Python sequence. Numeric, boolean and
  // datetime64 arrays are read from their buffers, without a Python object
  // per cell. Returns (output columns as lists, errors list, traces).
  //
  // Independent records are decided in chunks of kChunk rows: convert a
  // chunk (GIL held), decide it (GIL released), convert its outputs. Memory
  // stays bounded and warm instead of holding every row as a Value at once.
  // A batch policy needs the whole population, so it is one chunk.
  py::tuple evaluate_columns(const std::string& policy, py::dict columns,
                             size_t n, const std::string& as_of,
                             bool trace) const {
    static constexpr size_t kChunk = 16384;
    GcPause gc_pause;
    const verdict::Zone& zone = pack_->zone();
    const verdict::PolicyInfo& info = pack_->Policy(policy);
    std::vector<InputColumn> inputs;
    for (auto [k, v] : columns) inputs.emplace_back(py::str(k), v, n);
    for (InputColumn& in : inputs)
      in.is_date = FieldType(policy, in.name) == "date";

    std::vector<OutputColumn> out_columns;
    for (const auto& [name, type] : info.outputs)
      out_columns.emplace_back(type, n);
    py::list errors(n);
    py::list traces;
    OutputConverter convert(zone);
    // No declared column at all (a frame of other columns, or none): n
    // records without fields. EvaluateColumns counts rows by its columns,
    // so a column of nulls for the first field stands for them.
    const bool no_columns = inputs.empty() && !info.fields.empty() && n > 0;
    std::vector<verdict::Pack::Column> cols(inputs.size() + no_columns);
    const size_t chunk = info.batch ? std::max<size_t>(n, 1) : kChunk;
    size_t start = 0;
    do {  // at least once, so that an empty frame is still checked
      const size_t m = std::min(chunk, n - start);
      for (size_t c = 0; c < inputs.size(); ++c) {
        cols[c].name = inputs[c].name;
        cols[c].values.clear();
        inputs[c].Read(start, m, zone, &cols[c].values);
      }
      if (no_columns) {
        cols.back().name = info.fields.front().name;
        cols.back().values.assign(m, verdict::Value());
      }
      verdict::Pack::ColumnResults res =
          DecideColumns(policy, cols, as_of, trace);
      if (res.errors.size() != m) {
        throw std::logic_error(
            "evaluate_columns: " + std::to_string(res.errors.size()) +
            " decisions for " + std::to_string(m) + " rows");
      }
      for (size_t k = 0; k < res.outputs.size(); ++k) {
        const auto& values = res.outputs[k].values;
        for (size_t i = 0; i < m; ++i) out_columns[k].Add(values[i], convert);
      }
      for (size_t i = 0; i < m; ++i) {
        const auto& e = res.errors[i];
        py::object entry = py::none();
        if (e) entry = ErrorDict(*e);
        PyList_SET_ITEM(errors.ptr(), start + i, entry.release().ptr());
      }
      // An invalid record has no trace (docs/errors.md), as its JSON has no
      // "trace" member and its Arrow trace cell is null: None, not [],
      // which is a decided record's when nothing matched.
      for (size_t i = 0; i < res.traces.size(); ++i) {
        traces.append(res.errors[i]
                          ? py::object(py::none())
                          : py::object(TraceList(res.traces[i], zone)));
      }
      start += m;
    } while (start < n);
    py::dict out;
    for (size_t k = 0; k < info.outputs.size(); ++k)
      out[py::str(info.outputs[k].first)] = out_columns[k].Finish();
    return py::make_tuple(out, errors, traces);
  }

 private:
  // Decides columns with the GIL released.
  verdict::Pack::ColumnResults DecideColumns(
      const std::string& policy, const std::vector<verdict::Pack::Column>& cols,
      const std::string& as_of, bool trace) const {
    verdict::EvalOptions opt;
    opt.as_of = ParseAsOf(as_of, *pack_);
    opt.trace = trace;
    py::gil_scoped_release release;
    return pack_->EvaluateColumns(policy, cols, opt);
  }

  // Records (dicts, or anything `to_dict` turns into one) -> result dicts:
  // the outputs, or {"error": {code, message, field}}; plus "trace" when
  // asked, for a decided record only. Each dict is read straight into the
  // policy's fields as it is decided (Pack::EvaluateEach, DictFields), so the
  // engine runs with the GIL held here.
 public:
  py::list evaluate_records(const std::string& policy, py::iterable records,
                            const std::string& as_of, bool trace,
                            py::object to_dict) const {
    GcPause gc_pause;
    const verdict::Zone& zone = pack_->zone();
    const verdict::PolicyInfo& info = pack_->Policy(policy);
    // A list is read in place; any other iterable is drained once.
    py::list rows = PyList_Check(records.ptr())
                        ? py::reinterpret_borrow<py::list>(records)
                        : py::list(records);
    const size_t n = static_cast<size_t>(PyList_GET_SIZE(rows.ptr()));
    std::vector<py::object> dicts(n);
    // An item that is no record (None, a number, a list) is that item's
    // error, as a JSON line that is not an object is (invalid_json, field
    // ""): the batch's other records are still decided (spec: per-record
    // errors are reported per record, never by dropping records).
    std::vector<std::string> not_records(n);
    for (size_t i = 0; i < n; ++i) {
      py::handle r = PyList_GET_ITEM(rows.ptr(), static_cast<Py_ssize_t>(i));
      if (PyDict_Check(r.ptr())) {
        dicts[i] = py::reinterpret_borrow<py::object>(r);
        continue;
      }
      try {
        dicts[i] = to_dict(r);
      } catch (py::error_already_set& e) {
        if (!e.matches(PyExc_TypeError)) throw;
        not_records[i] = py::str(e.value()).cast<std::string>();
      }
    }
    std::vector<py::str> names;
    for (const auto& [name, type] : info.outputs)
      names.push_back(Interned(name));
    py::str error_key("error"), trace_key("trace");
    OutputConverter convert(zone);
    py::list out(n);
    // A decided row starts as a copy of a dict holding every output name
    // (None values): copying its key table is cheaper than inserting the
    // names one by one, which also resizes the dict past five keys.
    py::dict shape;
    for (const py::str& name : names) shape[name] = py::none();
    auto emit = [&](size_t i, const verdict::Decision& d) {
      py::dict row;
      if (d.error) {
        row[error_key] = ErrorDict(*d.error);
      } else {
        row = py::reinterpret_steal<py::dict>(PyDict_Copy(shape.ptr()));
        if (!row) throw py::error_already_set();
        for (size_t k = 0; k < names.size(); ++k)
          if (PyDict_SetItem(row.ptr(), names[k].ptr(),
                             convert(d.outputs[k].second).ptr()) != 0)
            throw py::error_already_set();
      }
      // An invalid record's dict has no "trace", as its JSON has no member.
      if (trace && !d.error) row[trace_key] = TraceList(d.trace, zone);
      PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i),
                      row.release().ptr());
    };
    verdict::EvalOptions opt;
    opt.as_of = ParseAsOf(as_of, *pack_);
    opt.trace = trace;

    DictFields reader(info, strict_);
    pack_->EvaluateEach(
        policy, n, opt,
        [&](size_t i,
            std::span<Value> values) -> std::optional<verdict::RecordError> {
          if (!not_records[i].empty())
            return verdict::RecordError{"invalid_json", not_records[i], ""};
          return reader.Read(dicts[i].ptr(), zone, values);
        },
        emit);
    return out;
  }

 private:
  std::string FieldType(const std::string& policy,
                        const std::string& field) const {
    for (const auto& f : pack_->Policy(policy).fields) {
      if (f.name == field) return f.type;
    }
    return "";
  }

  std::shared_ptr<const verdict::Pack> pack_;
  bool strict_ = false;
};

// (NativePack | None, [(severity, file, line, column, message), ...])
py::tuple Load(const std::string& path, bool strict_fields) {
  verdict::LoadOptions opt;
  opt.strict_fields = strict_fields;
  verdict::LoadResult r;
  {
    py::gil_scoped_release release;
    r = verdict::Pack::Load(path, opt);
  }
  py::list diags;
  for (const auto& d : r.diagnostics) {
    diags.append(py::make_tuple(
        d.severity == verdict::Diagnostic::Severity::kError ? "error"
                                                            : "warning",
        d.file, d.line, d.column, d.message));
  }
  py::object pack = py::none();
  if (r.ok()) pack = py::cast(NativePack(r.pack, strict_fields));
  return py::make_tuple(pack, diags);
}

}  // namespace

PYBIND11_MODULE(_verdict, m) {
  m.doc() = "Verdict's native core (private; use the verdict package)";
  // Raised where no record reader catches a FieldValueError (a DataFrame
  // column's cell, see verdict._evaluate_frame): a ValueError.
  py::register_exception<FieldValueError>(m, "FieldValueError",
                                          PyExc_ValueError);
  py::class_<NativePack>(m, "NativePack")
      .def_property_readonly("name", &NativePack::name)
      .def_property_readonly("version", &NativePack::version)
      .def_property_readonly("content_hash", &NativePack::content_hash)
      .def_property_readonly("policies", &NativePack::policies)
      .def_property_readonly("warnings", &NativePack::warnings)
      .def_property_readonly("strict_fields", &NativePack::strict_fields)
      .def("calendar_warning", &NativePack::calendar_warning, py::arg("as_of"))
      .def("outside_calendar", &NativePack::outside_calendar)
      .def("outside_calendar_warning", &NativePack::outside_calendar_warning,
           py::arg("count"))
      .def("policy_info", &NativePack::policy_info, py::arg("policy"))
      .def("evaluate", &NativePack::evaluate, py::arg("policy"),
           py::arg("record"), py::arg("as_of"), py::arg("trace"))
      .def("evaluate_records", &NativePack::evaluate_records, py::arg("policy"),
           py::arg("records"), py::arg("as_of"), py::arg("trace"),
           py::arg("to_dict"))
      .def("evaluate_columns", &NativePack::evaluate_columns, py::arg("policy"),
           py::arg("columns"), py::arg("n"), py::arg("as_of"), py::arg("trace"))
      .def("evaluate_arrow", &NativePack::evaluate_arrow, py::arg("policy"),
           py::arg("stream"), py::arg("as_of"), py::arg("trace"),
           py::arg("aggregates") = py::none(), py::arg("threads") = 1)
      .def("evaluate_arrow_rows", &NativePack::evaluate_arrow_rows,
           py::arg("policy"), py::arg("stream"), py::arg("as_of"),
           py::arg("threads") = 1)
      .def("columnar_batches", &NativePack::columnar_batches, py::arg("policy"),
           py::arg("stream"))
      .def("vector_batches", &NativePack::vector_batches, py::arg("policy"),
           py::arg("stream"), py::arg("as_of"))
      .def("arrow_aggregates", &NativePack::arrow_aggregates, py::arg("policy"),
           py::arg("stream"), py::arg("as_of"))
      .def("merge_aggregates", &NativePack::merge_aggregates, py::arg("policy"),
           py::arg("parts"))
      .def("finish_aggregates", &NativePack::finish_aggregates,
           py::arg("policy"), py::arg("aggregates"));
  verdict_py::RegisterArrowTypes(m);
  m.def("load", &Load, py::arg("path"), py::arg("strict_fields"));
  // The default thread count, by the engine's own rule (CPU affinity).
  m.def("cores_available", &verdict::CoresAvailable);
}
