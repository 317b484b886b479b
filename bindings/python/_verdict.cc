// The private native module of the `verdict` Python package: conversions
// between Python objects and verdict::Value, and thin calls into the public
// C++ API (include/verdict/engine.h). The Pythonic API, errors included,
// lives in verdict/__init__.py. Engine work runs without the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "bindings/python/arrow_binding.h"
#include "verdict/engine.h"

namespace py = pybind11;
using verdict::Kind;
using verdict::Value;

namespace {

struct PyTypes {
  py::object decimal_cls, date_cls, datetime_cls, timedelta_cls, timezone_utc;
  static const PyTypes& Get() {
    static PyTypes* t = [] {
      auto* p = new PyTypes();
      py::module_ decimal = py::module_::import("decimal");
      py::module_ dt = py::module_::import("datetime");
      p->decimal_cls = decimal.attr("Decimal");
      p->date_cls = dt.attr("date");
      p->datetime_cls = dt.attr("datetime");
      p->timedelta_cls = dt.attr("timedelta");
      p->timezone_utc = dt.attr("timezone").attr("utc");
      return p;
    }();
    return *t;
  }
};

// Python -> Value. Raises TypeError for objects with no policy meaning.
Value ToValue(py::handle o, const verdict::Zone& zone) {
  // Fast paths for the common exact types, straight through the C API.
  PyObject* raw = o.ptr();
  if (raw == Py_None) return Value();
  if (PyUnicode_CheckExact(raw)) {
    Py_ssize_t size;
    const char* data = PyUnicode_AsUTF8AndSize(raw, &size);
    if (data == nullptr) throw py::error_already_set();
    return Value::String(std::string(data, static_cast<size_t>(size)));
  }
  if (PyFloat_CheckExact(raw)) {
    double d = PyFloat_AS_DOUBLE(raw);
    return std::isnan(d) ? Value() : Value::Double(d);
  }
  const PyTypes& T = PyTypes::Get();
  if (py::isinstance<py::bool_>(o)) return Value::Bool(o.cast<bool>());
  if (py::isinstance<py::int_>(o)) {
    try {
      return Value::Int(o.cast<int64_t>());
    } catch (const py::cast_error&) {
      std::string text = py::str(o);
      if (auto d = verdict::Decimal::Parse(text)) return Value::Dec(*d);
      throw py::value_error("integer out of range: " + text);
    }
  }
  if (py::isinstance<py::float_>(o)) {
    double d = o.cast<double>();
    if (std::isnan(d)) return Value();  // pandas' missing value
    return Value::Double(d);
  }
  if (py::isinstance<py::str>(o)) return Value::String(o.cast<std::string>());
  if (py::isinstance<py::bytes>(o))
    return Value::BytesOf(o.cast<std::string>());
  if (py::isinstance(o, T.decimal_cls)) {
    if (!o.attr("is_finite")().cast<bool>()) {
      if (o.attr("is_nan")().cast<bool>()) return Value();
      throw py::value_error("infinite Decimal");
    }
    std::string text = py::str(o);
    auto d = verdict::Decimal::Parse(text);
    if (!d) throw py::value_error("Decimal out of range: " + text);
    return Value::Dec(*d);
  }
  if (py::isinstance(o, T.datetime_cls)) {
    // Naive datetimes are in the pack's zone; aware ones are converted.
    py::object tz = o.attr("tzinfo");
    std::string iso = py::str(o.attr("isoformat")());
    auto ts = verdict::Timestamp::Parse(iso, zone);
    if (!ts) throw py::value_error("unsupported datetime: " + iso);
    (void)tz;
    return Value::TimestampOf(*ts);
  }
  if (py::isinstance(o, T.date_cls)) {
    auto d = verdict::Date::FromYmd(o.attr("year").cast<int>(),
                                    o.attr("month").cast<int>(),
                                    o.attr("day").cast<int>());
    if (!d) throw py::value_error("date out of range");
    return Value::DateOf(*d);
  }
  if (py::hasattr(o, "to_pydatetime") &&
      py::hasattr(o, "tzinfo")) {                        // pandas.Timestamp
    if (py::bool_(o.attr("__ne__")(o))) return Value();  // NaT
    return ToValue(o.attr("to_pydatetime")(), zone);
  }
  if (py::isinstance<py::dict>(o)) {
    verdict::MapEntries m;
    for (auto [k, v] : o.cast<py::dict>())
      m.emplace_back(ToValue(k, zone), ToValue(v, zone));
    return Value::MapOf(std::move(m));
  }
  if (py::isinstance<py::list>(o) || py::isinstance<py::tuple>(o)) {
    verdict::List items;
    for (py::handle x : o) items.push_back(ToValue(x, zone));
    return Value::ListOf(std::move(items));
  }
  if (py::hasattr(o, "item") && py::hasattr(o, "dtype")) {  // numpy scalar
    return ToValue(o.attr("item")(), zone);
  }
  throw py::type_error(
      "cannot use a " +
      std::string(py::str(py::type::handle_of(o).attr("__name__"))) +
      " as a record value");
}

// Value -> Python. Datetimes come back naive, in the pack's zone.
py::object FromValue(const Value& v, const verdict::Zone& zone) {
  const PyTypes& T = PyTypes::Get();
  switch (v.kind()) {
    case Kind::kNull:
      return py::none();
    case Kind::kBool:
      return py::bool_(v.as_bool());
    case Kind::kInt:
      return py::int_(v.as_int());
    case Kind::kUint:
      return py::int_(v.as_uint());
    case Kind::kDouble:
      return py::float_(v.as_double());
    case Kind::kDecimal:
      return T.decimal_cls(v.as_decimal().ToString());
    case Kind::kString:
      return py::str(v.as_string());
    case Kind::kBytes:
      return py::bytes(v.as_bytes());
    case Kind::kDate: {
      int y, m, d;
      v.as_date().ToYmd(&y, &m, &d);
      return T.date_cls(y, m, d);
    }
    case Kind::kTimestamp: {
      std::string local = v.as_timestamp().ToLocalString(zone);
      return T.datetime_cls.attr("fromisoformat")(local);
    }
    case Kind::kDuration:
      return T.timedelta_cls(
          py::arg("seconds") = v.as_duration().seconds,
          py::arg("microseconds") = v.as_duration().nanos / 1000);
    case Kind::kList: {
      py::list out;
      for (const Value& x : v.as_list()) out.append(FromValue(x, zone));
      return out;
    }
    case Kind::kMap: {
      py::dict out;
      for (const auto& [k, x] : v.as_map())
        out[FromValue(k, zone)] = FromValue(x, zone);
      return out;
    }
    case Kind::kType:
      return py::str(v.as_type());
    case Kind::kError:
      return py::str("error: " + v.error_message());
    case Kind::kOpaque:  // its text, such as "192.168.0.1"
      return py::str(v.opaque_text());
    case Kind::kOptional:  // its value, or None for optional.none()
      return v.optional_value() ? FromValue(*v.optional_value(), zone)
                                : py::none();
  }
  return py::none();
}

// Converts output values; repeated strings (enum outputs) become one shared
// Python object instead of one per row.
class OutputConverter {
 public:
  explicit OutputConverter(const verdict::Zone& zone) : zone_(zone) {}
  py::object operator()(const Value& v) {
    if (v.kind() != Kind::kString) return FromValue(v, zone_);
    auto it = strings_.find(v.as_string());
    if (it != strings_.end()) return it->second;
    if (strings_.size() >= 4096) return py::str(v.as_string());
    return strings_.emplace(v.as_string(), py::str(v.as_string()))
        .first->second;
  }

 private:
  verdict::Zone zone_;
  std::unordered_map<std::string, py::object> strings_;
};

// One output column of evaluate_columns, built chunk by chunk. Int and bool
// outputs go to typed buffers and come out as the numpy array pandas would
// infer from the same Python values (int64; float64 with NaN when some row
// has no value; bool), so pandas need not inspect a million objects; other
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
    if (any_null_) {
      py::array_t<double> out(static_cast<py::ssize_t>(ints_.size()));
      double* d = out.mutable_data();
      for (size_t i = 0; i < ints_.size(); ++i)
        d[i] = nulls_[i] ? NAN : static_cast<double>(ints_[i]);
      return out;
    }
    py::array_t<int64_t> out(static_cast<py::ssize_t>(ints_.size()));
    std::copy(ints_.begin(), ints_.end(), out.mutable_data());
    return out;
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
        // datetime64[ns]: nanoseconds since the epoch, naive = pack's zone.
        array_ = arr.attr("astype")("datetime64[ns]")
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
        const int64_t* ns = static_cast<const int64_t*>(array_.data()) + start;
        for (size_t i = 0; i < m; ++i) out->push_back(FromNanos(ns[i], zone));
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
  bool is_date = false;  // a date field: datetime64 cells give their day

 private:
  Value FromNanos(int64_t x, const verdict::Zone& zone) const {
    if (x == INT64_MIN) return Value();  // NaT
    int64_t secs = x >= 0 ? x / 1000000000 : -((-x + 999999999) / 1000000000);
    int32_t nanos = static_cast<int32_t>(x - secs * 1000000000);
    // Naive wall time in the pack's zone; date fields take the day.
    if (is_date) {
      return Value::DateOf(verdict::Date::FromEpochSeconds(secs));
    }
    return Value::TimestampOf(verdict::Timestamp{zone.ToUtc(secs), nanos});
  }

  char kind_ = 'O';
  py::array array_;
  py::object sequence_;
};

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

// One decision as (outputs dict | None, (code, message, field) | None, trace).
py::tuple DecisionTuple(const verdict::Decision& d, const verdict::Zone& zone) {
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
  return py::make_tuple(outputs, error, TraceList(d.trace, zone));
}

verdict::FieldMap ToFieldMap(py::handle record, const verdict::Zone& zone) {
  if (!py::isinstance<py::dict>(record))
    throw py::type_error("a record is a dict");
  verdict::FieldMap m;
  for (auto [k, v] : record.cast<py::dict>()) {
    m[py::str(k).cast<std::string>()] = ToValue(v, zone);
  }
  return m;
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

class NativePack {
 public:
  NativePack(std::shared_ptr<const verdict::Pack> p, bool strict)
      : pack_(std::move(p)), strict_(strict) {}
  bool strict_fields() const { return strict_; }

  std::string name() const { return pack_->name(); }
  std::string version() const { return pack_->version(); }
  std::string content_hash() const { return pack_->content_hash(); }
  std::vector<std::string> policies() const { return pack_->PolicyNames(); }

  // Arrow C stream capsules in and out (see arrow_binding.h).
  py::object evaluate_arrow(const std::string& policy, py::object stream,
                            const std::string& as_of, bool trace,
                            py::object aggregates) const {
    return verdict_py::DecideArrowCapsule(
        pack_, policy, stream, ParseAsOf(as_of, *pack_), trace, aggregates);
  }
  py::object evaluate_arrow_rows(const std::string& policy, py::object stream,
                                 const std::string& as_of) const {
    return verdict_py::DecideArrowRowsCapsule(pack_, policy, stream,
                                              ParseAsOf(as_of, *pack_));
  }
  int64_t columnar_batches(const std::string& policy,
                           py::object stream) const {
    return verdict_py::ColumnarBatches(pack_, policy, stream);
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
    const verdict::Zone& zone = pack_->zone();
    verdict::FieldMap m = ToFieldMap(record, zone);
    verdict::EvalOptions opt;
    opt.as_of = ParseAsOf(as_of, *pack_);
    opt.trace = trace;
    verdict::Decision d;
    {
      py::gil_scoped_release release;
      d = pack_->Evaluate(policy, m, opt);
    }
    return DecisionTuple(d, zone);
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
    std::vector<verdict::Pack::Column> cols(inputs.size());
    const size_t chunk = info.batch ? std::max<size_t>(n, 1) : kChunk;
    size_t start = 0;
    do {  // at least once, so that an empty frame is still checked
      const size_t m = std::min(chunk, n - start);
      for (size_t c = 0; c < inputs.size(); ++c) {
        cols[c].name = inputs[c].name;
        cols[c].values.clear();
        inputs[c].Read(start, m, zone, &cols[c].values);
      }
      verdict::Pack::ColumnResults res =
          DecideColumns(policy, cols, as_of, trace);
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
      for (const auto& tr : res.traces) traces.append(TraceList(tr, zone));
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

  // Dicts read field by field into columns (only the declared fields are
  // looked up), decided column-wise, and returned as one result per row.
 public:
  // Records (dicts, or anything `to_dict` turns into one) -> result dicts:
  // the outputs, or {"error": {code, message, field}}; plus "trace" when
  // asked. Read by field into columns and decided in chunks, as
  // evaluate_columns does; strict packs go through FieldMaps so that unknown
  // fields are reported per record.
  py::list evaluate_records(const std::string& policy, py::iterable records,
                            const std::string& as_of, bool trace,
                            py::object to_dict) const {
    static constexpr size_t kChunk = 16384;
    const verdict::Zone& zone = pack_->zone();
    const verdict::PolicyInfo& info = pack_->Policy(policy);
    // A list is read in place; any other iterable is drained once.
    py::list rows = PyList_Check(records.ptr())
                        ? py::reinterpret_borrow<py::list>(records)
                        : py::list(records);
    const size_t n = static_cast<size_t>(PyList_GET_SIZE(rows.ptr()));
    std::vector<py::object> dicts(n);
    for (size_t i = 0; i < n; ++i) {
      py::handle r = PyList_GET_ITEM(rows.ptr(), static_cast<Py_ssize_t>(i));
      dicts[i] = PyDict_Check(r.ptr()) ? py::reinterpret_borrow<py::object>(r)
                                       : to_dict(r);
    }
    std::vector<py::str> names;
    for (const auto& [name, type] : info.outputs) names.emplace_back(name);
    py::str error_key("error"), trace_key("trace");
    OutputConverter convert(zone);
    py::list out(n);
    auto emit = [&](size_t i, const verdict::RecordError* e,
                    const std::vector<Value>* values, size_t at,
                    const std::vector<verdict::TraceEntry>* tr) {
      py::dict row;
      if (e) {
        row[error_key] = ErrorDict(*e);
      } else {
        for (size_t k = 0; k < names.size(); ++k)
          row[names[k]] = convert(values[k][at]);
      }
      if (trace) row[trace_key] = tr ? TraceList(*tr, zone) : py::list();
      PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i),
                      row.release().ptr());
    };

    if (strict_) {
      std::vector<verdict::FieldMap> maps;
      for (const py::object& d : dicts) maps.push_back(ToFieldMap(d, zone));
      verdict::EvalOptions opt;
      opt.as_of = ParseAsOf(as_of, *pack_);
      opt.trace = trace;
      std::vector<verdict::Decision> ds;
      {
        py::gil_scoped_release release;
        ds = pack_->EvaluateMany(policy, maps, opt);
      }
      std::vector<std::vector<Value>> values(names.size(),
                                             std::vector<Value>(1));
      for (size_t i = 0; i < n; ++i) {
        const verdict::Decision& d = ds[i];
        if (d.ok()) {
          for (size_t k = 0; k < names.size(); ++k)
            values[k][0] = d.outputs[k].second;
        }
        emit(i, d.ok() ? nullptr : &*d.error, values.data(), 0, &d.trace);
      }
      return out;
    }

    std::vector<verdict::Pack::Column> cols(info.fields.size());
    std::vector<py::str> keys;
    for (size_t k = 0; k < info.fields.size(); ++k) {
      cols[k].name = info.fields[k].name;
      keys.emplace_back(info.fields[k].name);
    }
    const size_t chunk = info.batch ? std::max<size_t>(n, 1) : kChunk;
    size_t start = 0;
    do {  // at least once, so that an empty batch is still checked
      const size_t m = std::min(chunk, n - start);
      for (auto& c : cols) c.values.clear();
      for (size_t i = start; i < start + m; ++i) {
        PyObject* r = dicts[i].ptr();
        if (!PyDict_Check(r)) throw py::type_error("a record is a dict");
        for (size_t k = 0; k < cols.size(); ++k) {
          PyObject* v = PyDict_GetItemWithError(r, keys[k].ptr());
          if (v == nullptr && PyErr_Occurred()) throw py::error_already_set();
          cols[k].values.push_back(v ? ToValue(v, zone) : Value());
        }
      }
      verdict::Pack::ColumnResults res =
          DecideColumns(policy, cols, as_of, trace);
      std::vector<std::vector<Value>> values;
      for (auto& c : res.outputs) values.push_back(std::move(c.values));
      for (size_t i = 0; i < m; ++i) {
        emit(start + i, res.errors[i] ? &*res.errors[i] : nullptr,
             values.data(), i, trace ? &res.traces[i] : nullptr);
      }
      start += m;
    } while (start < n);
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
  py::class_<NativePack>(m, "NativePack")
      .def_property_readonly("name", &NativePack::name)
      .def_property_readonly("version", &NativePack::version)
      .def_property_readonly("content_hash", &NativePack::content_hash)
      .def_property_readonly("policies", &NativePack::policies)
      .def_property_readonly("strict_fields", &NativePack::strict_fields)
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
           py::arg("aggregates") = py::none())
      .def("evaluate_arrow_rows", &NativePack::evaluate_arrow_rows,
           py::arg("policy"), py::arg("stream"), py::arg("as_of"))
      .def("columnar_batches", &NativePack::columnar_batches,
           py::arg("policy"), py::arg("stream"))
      .def("arrow_aggregates", &NativePack::arrow_aggregates, py::arg("policy"),
           py::arg("stream"), py::arg("as_of"))
      .def("merge_aggregates", &NativePack::merge_aggregates, py::arg("policy"),
           py::arg("parts"))
      .def("finish_aggregates", &NativePack::finish_aggregates,
           py::arg("policy"), py::arg("aggregates"));
  verdict_py::RegisterArrowTypes(m);
  m.def("load", &Load, py::arg("path"), py::arg("strict_fields"));
}
