// Implementations of the builtins declared to the checker through
// src/check/builtins.h: each Register* adds one family to a Registry.
#ifndef VERDICT_SRC_EVALUATE_BUILTINS_H_
#define VERDICT_SRC_EVALUATE_BUILTINS_H_

#include <span>
#include <string_view>

#include "src/check/builtins.h"

namespace verdict {

// The error Value for a call whose argument kinds match no overload.
Value NoOverload(std::string_view fn, std::span<const Value> args);

void RegisterOperators(Registry& r);
void RegisterStrings(Registry& r);
void RegisterConversions(Registry& r);
void RegisterTime(Registry& r);
void RegisterExtensions(Registry& r);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_BUILTINS_H_
