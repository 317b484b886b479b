// `verdict replay FILE PATH`: decides every record of a decision log (see
// decision_log.h) again with the pack at PATH, at its logged as-of and trace
// setting (the records of one batch-policy request again as one batch), and
// prints one JSON line on stdout for each record whose decision differs:
// {"line", "request_id", "policy", "as_of", "logged", "replayed"}.
// Decisions are compared as the JSON text the service wrote.
#ifndef VERDICT_SRC_SERVE_REPLAY_H_
#define VERDICT_SRC_SERVE_REPLAY_H_

#include <string>

namespace verdict::serve {

// Exit status: 0 no decision differs, 2 some do, 1 the pack did not load,
// the log cannot be read, or a log line is not a decision-log line.
int Replay(const std::string& log_path, const std::string& pack_path,
           bool strict);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_REPLAY_H_
