// See values.h.
#include "bindings/python/values.h"

#include <cstdio>
#include <string>
#include <string_view>

namespace verdict_py {

using verdict::Kind;
using verdict::Value;

namespace {

struct PyTypes {
  py::object decimal_cls, date_cls, datetime_cls, timedelta_cls, timezone_utc;
  PyTypeObject* decimal_type = nullptr;  // exactly decimal.Decimal
  static const PyTypes& Get() {
    static PyTypes* t = [] {
      auto* p = new PyTypes();
      py::module_ decimal = py::module_::import("decimal");
      py::module_ dt = py::module_::import("datetime");
      p->decimal_cls = decimal.attr("Decimal");
      p->decimal_type = reinterpret_cast<PyTypeObject*>(p->decimal_cls.ptr());
      p->date_cls = dt.attr("date");
      p->datetime_cls = dt.attr("datetime");
      p->timedelta_cls = dt.attr("timedelta");
      p->timezone_utc = dt.attr("timezone").attr("utc");
      return p;
    }();
    return *t;
  }
};

// A decimal.Decimal (or subclass) from its text: str() of a Decimal is
// implemented in C and needs no method lookups. NaN (pandas' missing value)
// is null; an infinity is a float infinity; a value beyond the engine's
// decimal range raises ValueError.
Value DecimalValue(PyObject* raw) {
  py::str text = py::reinterpret_steal<py::str>(PyObject_Str(raw));
  if (!text) throw py::error_already_set();
  Py_ssize_t size;
  const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  const std::string_view view(data, static_cast<size_t>(size));
  if (auto d = verdict::Decimal::Parse(view)) return Value::Dec(*d);
  if (view.find("NaN") != std::string_view::npos) return Value();
  // An infinity is read as float('inf') is: the field's type decides
  // (a money field reports "not a finite amount" for that record).
  if (view.find("Infinity") != std::string_view::npos)
    return Value::Double(view.front() == '-' ? -HUGE_VAL : HUGE_VAL);
  throw FieldValueError("invalid_value",
                        std::string(view) + " is out of range or too precise");
}

// A str (or subclass) as UTF-8 text. A lone surrogate (from
// 'surrogateescape' decoding, or written as '\udcff') has no UTF-8: the
// value is refused as invalid_value, naming the code point, as `verdict
// eval` refuses text that is not UTF-8, instead of a UnicodeEncodeError
// that would end the whole batch.
std::string_view Utf8Of(PyObject* text) {
  Py_ssize_t size;
  const char* data = PyUnicode_AsUTF8AndSize(text, &size);
  if (data != nullptr) return std::string_view(data, static_cast<size_t>(size));
  if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
    throw py::error_already_set();
  PyErr_Clear();
  const Py_ssize_t n = PyUnicode_GetLength(text);
  Py_ssize_t at = 0;
  Py_UCS4 c = 0;
  for (; at < n; ++at) {
    c = PyUnicode_ReadChar(text, at);
    if (c >= 0xD800 && c <= 0xDFFF) break;
  }
  char why[96];
  std::snprintf(why, sizeof why,
                "text is not valid UTF-8 (a lone surrogate U+%04X at index "
                "%zd)",
                static_cast<unsigned>(c), at);
  throw FieldValueError("invalid_value", why);
}

// A new decimal.Decimal for `text`, through vectorcall (no argument tuple).
py::object NewDecimal(const std::string& text) {
  py::str arg(text);
  PyObject* args[] = {arg.ptr()};
  PyObject* d =
      PyObject_Vectorcall(PyTypes::Get().decimal_cls.ptr(), args, 1, nullptr);
  if (d == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(d);
}

// A datetime (or a subclass: pandas.Timestamp, with its nanoseconds) read
// field by field: a naive one is wall time in `zone` (Zone::ToUtc), an
// aware one the instant its UTC offset makes it, exactly, whatever seconds
// and microseconds the offset has (a local mean time such as Amsterdam's
// +01:19:32 of 1930 has them, which offset text cannot carry). Not through
// Python's astimezone(), which overflows next to years 1 and 9999. Throws
// FieldValueError for an instant not Timestamp::InRange(zone).
Value DatetimeValue(py::handle o, const verdict::Zone& zone) {
  auto field = [&](const char* name) { return o.attr(name).cast<int64_t>(); };
  auto refuse = [&]() -> Value {
    std::string iso = py::str(o.attr("isoformat")());
    throw FieldValueError("invalid_value",
                          iso + " is not a datetime Verdict can hold");
  };
  // A pandas.Timestamp's year may be beyond a datetime's 1..9999.
  auto day = verdict::Date::FromYmd(static_cast<int>(field("year")),
                                    static_cast<int>(field("month")),
                                    static_cast<int>(field("day")));
  if (!day) return refuse();
  const int64_t local = int64_t{day->days} * 86400 + field("hour") * 3600 +
                        field("minute") * 60 + field("second");
  int64_t nanos = field("microsecond") * 1000;
  if (Py_TYPE(o.ptr()) !=
          reinterpret_cast<PyTypeObject*>(PyTypes::Get().datetime_cls.ptr()) &&
      py::hasattr(o, "nanosecond")) {
    nanos += field("nanosecond");
  }
  verdict::Timestamp ts;
  py::object offset = o.attr("utcoffset")();
  if (offset.is_none()) {
    ts = verdict::Timestamp{zone.ToUtc(local), static_cast<int32_t>(nanos)};
  } else {
    // local - offset, in nanoseconds (a timedelta is days, seconds and
    // microseconds, each normalized; |offset| < 1 day).
    auto part = [&](const char* name) {
      return offset.attr(name).cast<int64_t>();
    };
    const __int128 offset_ns =
        (static_cast<__int128>(part("days")) * 86400 + part("seconds")) *
            1000000000 +
        part("microseconds") * 1000;
    const __int128 utc_ns =
        static_cast<__int128>(local) * 1000000000 + nanos - offset_ns;
    __int128 secs = utc_ns / 1000000000, frac = utc_ns % 1000000000;
    if (frac < 0) {
      frac += 1000000000;
      --secs;
    }
    ts = verdict::Timestamp{static_cast<int64_t>(secs),
                            static_cast<int32_t>(frac)};
  }
  if (!ts.InRange(zone)) return refuse();
  return Value::TimestampOf(ts);
}

}  // namespace

Value ToValue(py::handle o, const verdict::Zone& zone) {
  // Fast paths for the common exact types, straight through the C API.
  PyObject* raw = o.ptr();
  if (raw == Py_None) return Value();
  if (PyUnicode_CheckExact(raw)) {
    // Straight from Python's UTF-8 buffer: a long text goes to recycled
    // storage, with no std::string in between.
    return Value::StringOf(Utf8Of(raw));
  }
  if (PyFloat_CheckExact(raw)) {
    double d = PyFloat_AS_DOUBLE(raw);
    return std::isnan(d) ? Value() : Value::Double(d);
  }
  const PyTypes& T = PyTypes::Get();
  if (Py_TYPE(raw) == T.decimal_type) return DecimalValue(raw);
  if (py::isinstance<py::bool_>(o)) return Value::Bool(o.cast<bool>());
  if (py::isinstance<py::int_>(o)) {
    try {
      return Value::Int(o.cast<int64_t>());
    } catch (const py::cast_error&) {
      std::string text = py::str(o);
      if (auto d = verdict::Decimal::Parse(text)) return Value::Dec(*d);
      throw FieldValueError("invalid_value",
                            text + " is out of range or too precise");
    }
  }
  if (py::isinstance<py::float_>(o)) {
    double d = o.cast<double>();
    if (std::isnan(d)) return Value();  // pandas' missing value
    return Value::Double(d);
  }
  if (py::isinstance<py::str>(o)) return Value::StringOf(Utf8Of(raw));
  if (py::isinstance<py::bytes>(o))
    return Value::BytesOf(o.cast<std::string>());
  if (py::isinstance(o, T.decimal_cls)) return DecimalValue(raw);
  // pandas' missing values: NaT (a datetime subclass, unequal to itself,
  // in a time-zone-aware column too) and pd.NA are missing, as None is.
  if (py::isinstance(o, T.datetime_cls) && py::bool_(o.attr("__ne__")(o))) {
    return Value();
  }
  if (std::string_view(Py_TYPE(o.ptr())->tp_name) == "NAType") return Value();
  if (py::isinstance(o, T.datetime_cls)) return DatetimeValue(o, zone);
  if (py::isinstance(o, T.date_cls)) {
    auto d = verdict::Date::FromYmd(o.attr("year").cast<int>(),
                                    o.attr("month").cast<int>(),
                                    o.attr("day").cast<int>());
    if (!d) {
      throw FieldValueError("invalid_value",
                            std::string(py::str(o)) + " is out of range");
    }
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
  throw FieldValueError(
      "wrong_type",
      "cannot use a " +
          std::string(py::str(py::type::handle_of(o).attr("__name__"))) +
          " as a record value");
}

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
      return NewDecimal(v.as_decimal().ToString());
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

namespace {

// Whether a Python object made from `v` is immutable, so that rows may share
// it.
bool Immutable(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
    case Kind::kBool:
    case Kind::kInt:
    case Kind::kUint:
    case Kind::kDouble:
    case Kind::kDecimal:
    case Kind::kString:
      return true;
    default:
      return false;
  }
}

}  // namespace

// A new Python list with the items of `list` (shared, not copied).
py::object CopyList(const py::object& list) {
  PyObject* copy = PyList_GetSlice(list.ptr(), 0, PY_SSIZE_T_MAX);
  if (copy == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(copy);
}

py::object OutputConverter::operator()(const Value& v) {
  if (v.kind() == Kind::kList) {
    // A new list each time (the caller may change it), of shared items. A
    // list the policy shares between rows (a constant list, the empty
    // collect: another Value holds it too) is converted once and copied
    // after that; a list built for this row alone is not cached. The cache
    // holds the Value, so no other list can take its address meanwhile.
    const verdict::List& items = v.as_list();
    auto cached = lists_.find(&items);
    if (cached != lists_.end()) return CopyList(cached->second.second);
    py::list out(items.size());
    bool immutable = true;
    for (size_t i = 0; i < items.size(); ++i) {
      immutable = immutable && Immutable(items[i]);
      PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i),
                      (*this)(items[i]).release().ptr());
    }
    if (immutable && v.SharesCollection() && lists_.size() < kMaxShared)
      lists_.emplace(&items, std::make_pair(v, CopyList(out)));
    return out;
  }
  if (v.kind() == Kind::kDecimal) {
    // Decimals are immutable: rows with the same amount share one.
    std::string text = v.as_decimal().ToString();
    auto it = decimals_.find(text);
    if (it != decimals_.end()) return it->second;
    py::object d = NewDecimal(text);
    if (decimals_.size() < kMaxShared) decimals_.emplace(std::move(text), d);
    return d;
  }
  if (v.kind() != Kind::kString) return FromValue(v, zone_);
  auto it = strings_.find(v.as_string());
  if (it != strings_.end()) return it->second;
  if (strings_.size() >= kMaxShared) return py::str(v.as_string());
  return strings_.emplace(v.as_string(), py::str(v.as_string())).first->second;
}

}  // namespace verdict_py
