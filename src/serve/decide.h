// Deciding the records of one decide request with one pack version, as
// `verdict eval` would (the same public API calls and the same JSON writer,
// so the lines are byte-identical), counting outcomes and building the
// decision log's lines. Used by the buffered and the streaming paths alike.
#ifndef VERDICT_SRC_SERVE_DECIDE_H_
#define VERDICT_SRC_SERVE_DECIDE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "src/serve/decision_log.h"
#include "verdict/engine.h"

namespace verdict::serve {

// Records decided whose answers are not yet written to the client. The
// session hands them to Service::Commit (log, metrics) once the answer
// carrying them is written, and drops them when it is not: the contract
// logs nothing for a record that got no answer.
struct Unwritten {
  std::string log_text;  // whole decision log lines; "" without a log
  uint64_t ok = 0;       // records decided
  std::map<std::string, uint64_t> outcomes;  // error code -> count
};

// One request's decision state. Not thread-safe (one request, one thread at
// a time); holds the pack snapshot so a reload never splits a request.
struct DecideRequest {
  std::shared_ptr<const Pack> pack;
  std::string policy;
  EvalOptions options;
  std::string request_id;
  bool log = false;             // whether to build decision log lines
  std::string batch_id;         // set for batch policies when logging
  Unwritten unwritten;          // decided since the last hand-over
  std::string last_error_code;  // of the last record decided; "" when ok
  uint64_t records = 0;
};

// Decides JSON Lines `text` (whole lines; for a batch policy the whole body,
// which is then the population) and appends one output line per input line
// to *out, each ending in '\n'. Counts every decided record in
// r.unwritten and appends its decision log line there.
// `line_bytes` (not 0): `text` is the head of one line over the record
// limit, that many bytes long, whose answer names that length.
// `input_start`: `text` begins the body (a byte order mark there is
// dropped; at the start of a later block of a streamed body it is content,
// as in `verdict eval`'s input). Throws only what the public API throws
// (std::invalid_argument for an unknown policy, which callers rule out
// first; std::bad_alloc).
void DecideLines(DecideRequest& r, std::string_view text, std::string* out,
                 bool input_start = true, size_t line_bytes = 0);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_DECIDE_H_
