// JSON Lines in and out: a record line read straight into a policy's frame
// slots (money from the number's own text, never through double), and
// decisions written as one JSON object per line.
#ifndef VERDICT_SRC_IO_JSON_RECORDS_H_
#define VERDICT_SRC_IO_JSON_RECORDS_H_

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/compile/policy.h"
#include "src/value/text.h"

namespace verdict {

// The message of a record over Limits::max_record_bytes: "the record is
// N bytes long (limit L)".
std::string RecordTooLongMessage(size_t bytes, size_t limit);

// Splits text into lines (LF or CRLF); a final newline does not start an
// extra line. A UTF-8 byte order mark at the start is dropped when `text`
// starts the input (`input_start`); elsewhere it is content (the line is
// then invalid JSON), as in a line in the middle of a file.
std::vector<std::string_view> SplitLines(std::string_view text,
                                         bool input_start = true);

// Reads one JSON object from `line` into the record slots of `frame` (not
// validated yet: see ValidateRecord). `line` must be followed in memory by
// at least simdjson::SIMDJSON_PADDING readable bytes. `line_bytes`, when
// not 0, is the whole length of a line of which `line` is only the head (a
// streamed line over the record limit, not buffered whole): the record-too-
// long error names it.
std::optional<RecordError> ReadJsonRecord(const CompiledPolicy& policy,
                                          simdjson::ondemand::parser& parser,
                                          std::string_view line, Frame& frame,
                                          bool strict, size_t line_bytes = 0);

// ReadJsonRecord() without its fast reader (ReadFlatJsonRecord(), which
// ReadJsonRecord() tries first): every line through simdjson. The one that
// words every fault, and the reference of the fast reader's differential
// test. Same contract.
std::optional<RecordError> ReadJsonRecordWithSimdjson(
    const CompiledPolicy& policy, simdjson::ondemand::parser& parser,
    std::string_view line, Frame& frame, bool strict, size_t line_bytes = 0);

// JSON text of a value: dates "YYYY-MM-DD", datetimes as wall-clock time
// in `zone` (its offset at that instant) without an offset, decimals as
// JSON numbers, bytes as a base64 string (Base64Encode: valid UTF-8
// whatever the bytes, as CEL's JSON mapping writes bytes). Every JSON and
// Arrow JSON-text writer of values (decisions, traces, the decision log)
// comes here for bytes.
void AppendJson(const Value& v, const Zone& zone, std::string* out);

// A date as a JSON string "YYYY-MM-DD" (Date::ToString's text), appended.
void AppendDate(Date date, std::string* out);
// The same 12 bytes, quotes included, written to `buf`; false (nothing
// written) for a year outside 0000-9999, which AppendDate() words.
bool FormatDateJson(Date date, char (&buf)[12]);

// One decision as one JSON object (no newline).
std::string DecisionToJson(const Decision& d, const Zone& zone);
// As DecisionToJson(), appended to `out` (no temporary string).
void AppendDecisionJson(const Decision& d, const Zone& zone, std::string* out);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_JSON_RECORDS_H_
