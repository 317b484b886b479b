// Validation of a loaded record against its policy's fields (types,
// checks, patterns, defaults), and placing a FieldMap into a frame (see
// policy_eval.h).
#include <re2/re2.h>

#include <algorithm>

#include "src/evaluate/interpreter.h"
#include "src/evaluate/policy_eval.h"
#include "src/value/utf8.h"

namespace verdict {

namespace {

std::string PolicyFieldError(const std::string& name, const std::string& why) {
  return "field '" + name + "': " + why;
}

// Why `v` holds text that is not UTF-8, in itself or in an item: empty
// when it holds none. JSON Lines, Arrow and Python refuse such text as
// they read it; what a C++ caller gives (a FieldMap, a bound struct's
// std::string, columns, EvaluateEach's values) is checked here, read or
// not, as those readers check every field.
std::string NotUtf8In(const Value& v) {
  if (v.kind() == Kind::kString) {
    const size_t bad = FirstInvalidUtf8(v.as_string());
    return bad == std::string_view::npos ? ""
                                         : NotUtf8Message(v.as_string(), bad);
  }
  if (v.kind() == Kind::kList) {
    for (size_t i = 0; i < v.as_list().size(); ++i) {
      std::string why = NotUtf8In(v.as_list()[i]);
      if (!why.empty()) return "item " + std::to_string(i) + ": " + why;
    }
  }
  return "";
}

}  // namespace

std::optional<RecordError> ValidateRecord(const CompiledPolicy& p, Frame& f,
                                          const std::vector<uint32_t>* checked,
                                          size_t before, Utf8Check utf8) {
  const Zone& zone = *f.ctx().zone;
  // Every field, or the listed ones.
  const size_t count = checked ? checked->size() : p.fields.size();
  for (size_t j = 0; j < count; ++j) {
    const size_t i = checked ? (*checked)[j] : j;
    if (i >= before) break;  // ascending either way
    const CompiledField& cf = p.fields[i];
    Value& v = f.slot(static_cast<int>(i));
    if (v.is_null()) {
      if (cf.required) {
        return RecordError{"missing_field",
                           "required field '" + cf.name + "' is missing",
                           cf.name};
      }
      v = cf.default_value;
      continue;
    }
    // A cell its reader refused (Arrow text that is not UTF-8, a date
    // outside years 1 to 9999, a decimal with more than 18 fractional
    // digits: ArrowReader::Read): a bad value of the field, as the same
    // value in JSON Lines is.
    if (v.is_error()) {
      return RecordError{"invalid_value",
                         PolicyFieldError(cf.name, v.error_message()), cf.name};
    }
    const bool as_is = cf.type.AcceptsAsIs(v);
    // Text that is not UTF-8, before any message quotes it; an enum's own
    // values are UTF-8, so one of them is not scanned again, nor is text
    // its reader has checked.
    if (utf8 == Utf8Check::kScan &&
        (v.kind() == Kind::kString || v.kind() == Kind::kList) &&
        !(as_is && cf.type.base == FieldType::Base::kEnum)) {
      if (std::string why = NotUtf8In(v); !why.empty()) {
        return RecordError{"invalid_value", PolicyFieldError(cf.name, why),
                           cf.name};
      }
    }
    if (!as_is) {  // else no conversion, no message buffers
      std::string code, why;
      if (!cf.type.Accept(v, zone, &code, &why)) {
        return RecordError{code, PolicyFieldError(cf.name, why), cf.name};
      }
    }
    // Money has 4 decimal places; a "decimal" field takes all 18.
    if (v.kind() == Kind::kDecimal &&
        v.as_decimal().scale() > FieldType::kMoneyPlaces && cf.type.IsMoney()) {
      return RecordError{"invalid_value",
                         PolicyFieldError(cf.name, cf.type.MoneyPlacesError(v)),
                         cf.name};
    }
    // ... and so has each item of a list of money.
    if (v.kind() == Kind::kList && cf.type.base == FieldType::Base::kList) {
      if (std::string why = cf.type.MoneyPlacesError(v); !why.empty())
        return RecordError{"invalid_value", PolicyFieldError(cf.name, why),
                           cf.name};
    }
    // Match() itself: FullMatch() adds argument plumbing for captures. The
    // loader gives a pattern only to a string or enum field; the kind test
    // keeps any other value (a `dyn` slot filled by hand) from aborting.
    if (cf.pattern && v.kind() == Kind::kString &&
        !(cf.fast_pattern
              ? cf.fast_pattern->FullMatch(v.as_string())
              : cf.pattern->Match(v.as_string(), 0, v.as_string().size(),
                                  RE2::ANCHOR_BOTH, nullptr, 0))) {
      return RecordError{
          "invalid_value",
          PolicyFieldError(cf.name, "'" + v.as_string() + "' does not match " +
                                        cf.pattern_text),
          cf.name};
    }
    if (cf.has_check) {
      bool ok;
      Truth t = cf.fast_check ? cf.fast_check->TestValue(v) : Truth::kOther;
      if (t != Truth::kOther) {
        ok = t == Truth::kTrue;
      } else {
        f.slot(p.check_slot) = v;
        Value r = Eval(cf.check, f);
        ok = r.kind() == Kind::kBool && r.as_bool();
      }
      if (!ok) {
        return RecordError{
            "invalid_value",
            PolicyFieldError(cf.name, v.DebugString() + " fails the check '" +
                                          cf.check_text + "'"),
            cf.name};
      }
    }
  }
  return std::nullopt;
}

std::optional<RecordError> ValidateLoaded(const CompiledPolicy& p, Frame& f,
                                          const std::vector<uint32_t>* checked,
                                          std::optional<RecordError> load_error,
                                          Utf8Check utf8) {
  if (!load_error) return ValidateRecord(p, f, checked, SIZE_MAX, utf8);
  if (load_error->code != "wrong_type" && load_error->code != "invalid_value")
    return load_error;
  for (size_t i = 0; i < p.fields.size(); ++i) {
    if (p.fields[i].name != load_error->field) continue;
    // The faulty field's slot is left null by its reader; the fields
    // before it are checked as they would be without the fault.
    if (auto earlier = ValidateRecord(p, f, checked, i, utf8)) return earlier;
    break;
  }
  return load_error;
}

std::optional<RecordError> PlaceFieldMap(const CompiledPolicy& p,
                                         const FieldMap& record, Frame& f,
                                         bool strict) {
  // Each value is validated with the rest of the record (ValidateRecord:
  // its type, and its text UTF-8).
  for (size_t i = 0; i < p.fields.size(); ++i) {
    auto it = record.find(p.fields[i].name);
    f.slot(static_cast<int>(i)) = it == record.end() ? Value() : it->second;
  }
  // An undeclared key is the record's error before any value's fault, as
  // in JSON Lines (ReadJsonRecord).
  if (strict) {
    for (const auto& entry : record) {
      const std::string& name = entry.first;
      bool known =
          std::any_of(p.fields.begin(), p.fields.end(),
                      [&](const CompiledField& cf) { return cf.name == name; });
      if (!known) {
        return RecordError::UnknownField(p.info.name, name);
      }
    }
  }
  return std::nullopt;
}

}  // namespace verdict
