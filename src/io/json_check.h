#ifndef VERDICT_SRC_IO_JSON_CHECK_H_
#define VERDICT_SRC_IO_JSON_CHECK_H_

#include <string_view>

namespace verdict {

// Whether `text` is exactly one JSON value (RFC 8259: strict grammar, valid
// UTF-8), with white space around it at most.
//
// Numbers of any size count, as RFC 8259 allows and as Verdict writes money
// (an exact decimal, written as a JSON number, may have more integer digits
// than 64 bits hold). simdjson, which checks everything else, refuses an
// integer beyond 64 bits; so when it refuses a number, the integers of 19
// digits or more outside strings are given a ".0" (a float of any size to
// simdjson) and the text is checked again. Nothing else is eased.
//
// Thread-safe (one parser per thread); never throws.
bool IsOneJsonValue(std::string_view text);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_JSON_CHECK_H_
