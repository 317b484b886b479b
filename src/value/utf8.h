// UTF-8 validation shared by the YAML loader, the CEL lexer and string
// conversions.
#ifndef VERDICT_SRC_VALUE_UTF8_H_
#define VERDICT_SRC_VALUE_UTF8_H_

#include <string>
#include <string_view>

namespace verdict {

// Byte offset of the first byte that does not start or continue a valid
// UTF-8 sequence (overlongs and surrogates included), or npos when valid.
size_t FirstInvalidUtf8(std::string_view s);

// `s` with every byte that FirstInvalidUtf8() would stop at replaced by
// U+FFFD (the replacement character): text that must be UTF-8, such as an
// error message quoting what a client sent.
std::string ToValidUtf8(std::string_view s);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_UTF8_H_
