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

// Why text with an invalid byte at `bad` (FirstInvalidUtf8()) is refused,
// naming the byte, never quoting the bytes: "text is not valid UTF-8 (byte
// 0xFF at offset 3)".
std::string NotUtf8Message(std::string_view text, size_t bad);

// `s` with every byte that FirstInvalidUtf8() would stop at replaced by
// U+FFFD (the replacement character): text that must be UTF-8, such as an
// error message quoting what a client sent.
std::string ToValidUtf8(std::string_view s);

// The character that starts at byte `i` of `s` (i < s.size()), named for an
// error message as valid UTF-8 text whatever the bytes are:
//   character '#'                 printable ASCII
//   character '客' (U+5BA2)       any other valid UTF-8 sequence
//   character U+0001              an ASCII control character
//   byte 0xE5 (not UTF-8)         a byte that starts no valid sequence
// Sets `*length` (when given) to the bytes it covers (1 for a bad byte).
std::string DescribeCharAt(std::string_view s, size_t i,
                           size_t* length = nullptr);

// The characters (code points) of UTF-8 text `s`: the bytes that start a
// sequence (CEL's size() of a string; a column in a message).
size_t Utf8Length(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut
// a UTF-8 sequence in two: for quoting the start of valid text.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace verdict

#endif  // VERDICT_SRC_VALUE_UTF8_H_
