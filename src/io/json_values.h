// Any JSON value read through simdjson's on-demand API into a Value (the
// fields of list, map and dyn type), or only walked (fields a policy does
// not declare). Both fail exactly where the other does.
#ifndef VERDICT_SRC_IO_JSON_VALUES_H_
#define VERDICT_SRC_IO_JSON_VALUES_H_

#include <simdjson.h>

#include <string_view>

#include "verdict/value.h"

namespace verdict {

// A number token without the separators simdjson leaves after it.
std::string_view TrimToken(std::string_view s);

// Converts any JSON value; false when malformed or nested deeper than 64.
bool Generic(simdjson::ondemand::value v, Value* out, int depth);

// As Generic(), building nothing (allocates nothing).
bool Walk(simdjson::ondemand::value v, int depth);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_JSON_VALUES_H_
