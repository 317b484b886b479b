// Deciding the records of one decide request with one pack version, as
// `verdict eval` would (the same public API calls and the same JSON writer,
// so the lines are byte-identical), counting outcomes and appending to the
// decision log. Used by the buffered and the streaming paths alike.
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

// One request's decision state. Not thread-safe (one request, one thread at
// a time); holds the pack snapshot so a reload never splits a request.
struct DecideRequest {
  std::shared_ptr<const Pack> pack;
  std::string policy;
  EvalOptions options;
  std::string request_id;
  DecisionLog* log = nullptr;  // null: no decision log
  std::string batch_id;        // set for batch policies when logging
  std::map<std::string, uint64_t> outcomes;  // "ok" or error code -> count
  std::string last_error_code;  // of the last record decided; "" when ok
  uint64_t records = 0;
};

// Decides JSON Lines `text` (whole lines; for a batch policy the whole body,
// which is then the population) and appends one output line per input line
// to *out, each ending in '\n'. Logs every decided record with one write.
// Throws only what the public API throws (std::invalid_argument for an
// unknown policy, which callers rule out first; std::bad_alloc).
void DecideLines(DecideRequest& r, std::string_view text, std::string* out);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_DECIDE_H_
