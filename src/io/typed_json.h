// The typed-value JSON notation of the CEL conformance data
// (../shared/conformance/cel/README.md): {"int64": "5"}, {"double": 1.5},
// {"list": [...]}, {"map": [[k, v], ...]}, ... plus our extensions
// {"decimal": "199.99"} and {"date": "2026-11-24"}. Used by `verdict expr`
// and the conformance runner.
#ifndef VERDICT_SRC_IO_TYPED_JSON_H_
#define VERDICT_SRC_IO_TYPED_JSON_H_

#include <map>
#include <string>
#include <string_view>

#include "verdict/value.h"

namespace verdict {

// Parses one typed value. False with `error` when malformed.
bool ParseTypedValue(std::string_view json, Value* out, std::string* error);
// Parses {"name": typed value, ...}.
bool ParseTypedBindings(std::string_view json_object,
                        std::map<std::string, Value>* out, std::string* error);
// Writes a value in the notation; an error value becomes {"error": "message"}.
std::string FormatTypedValue(const Value& v);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_TYPED_JSON_H_
