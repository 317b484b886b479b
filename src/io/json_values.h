// Any JSON value read through simdjson's on-demand API into a Value (the
// fields of list, map and dyn type), or only walked (fields a policy does
// not declare).
#ifndef VERDICT_SRC_IO_JSON_VALUES_H_
#define VERDICT_SRC_IO_JSON_VALUES_H_

#include <simdjson.h>

#include <string>
#include <string_view>

#include "verdict/value.h"

namespace verdict {

// A number token without the separators simdjson leaves after it.
std::string_view TrimToken(std::string_view s);

// Whether `token` is a number as JSON writes it (RFC 8259 section 6):
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, whatever its size.
bool IsJsonNumber(std::string_view token);

// Converts any JSON value; false when malformed or nested deeper than 64.
// `*why`, when not null, is set for valid JSON that no Value holds (a
// number beyond the decimal range or with more than 18 fractional digits):
// "1e-19 is out of range or too precise"; it stays empty for malformed
// JSON.
bool Generic(simdjson::ondemand::value v, Value* out, int depth,
             std::string* why = nullptr);

// Checks that `v` is well-formed JSON, building nothing (allocates
// nothing): what a field the policy does not declare must be. Any number
// JSON allows passes, however big or precise (it is never read); false
// when malformed or nested deeper than 64.
bool Walk(simdjson::ondemand::value v, int depth);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_JSON_VALUES_H_
