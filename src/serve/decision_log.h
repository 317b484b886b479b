// The decision log (`--decision-log FILE`): one JSON line per decided
// record, appended to FILE. Each call to Append() is one write(2) of whole
// lines on a descriptor opened with O_APPEND, so concurrent requests never
// interleave, and no user-space buffer holds a line that was not written.
//
// Lines are appended once the answers they record are written to the
// client (Service::Commit), never before: a record whose answer was not
// written is not logged. The price: a process killed between the write of
// an answer and the append of its lines loses those lines.
//
// kill -9: Linux may stop a write(2) of several pages between two pages when
// the process gets SIGKILL, so a killed server can leave one unterminated
// fragment at the end of the file. A fragment is not a line. `verdict
// replay` ignores a final fragment, and Open() truncates it before
// appending, so a restarted server never glues a new line to it. Every line
// that ends in '\n' is whole.
//
// A line: {"time", "request_id", "policy", "as_of", "pack": {"name",
// "version", "content_hash"}, "trace", ["batch": {"id", "index", "size"}],
// "record": <the record as received> | "record_text": "<not JSON>" |
// "record_base64": "<not UTF-8>", "decision": <what the response said>}.
// "batch" marks the records of one batch-policy request (decided together).
#ifndef VERDICT_SRC_SERVE_DECISION_LOG_H_
#define VERDICT_SRC_SERVE_DECISION_LOG_H_

#include <memory>
#include <string>
#include <string_view>

#include "src/value/text.h"  // Base64Encode, for record text not UTF-8
#include "verdict/engine.h"

namespace verdict::serve {

class DecisionLog {
 public:
  // Opens (creating) `path` for appending, first dropping a torn tail
  // (DropTornTail); null and *error when it cannot.
  static std::unique_ptr<DecisionLog> Open(const std::string& path,
                                           std::string* error);
  ~DecisionLog();
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Writes `lines` (whole lines, each ending in '\n') with one write(2).
  // Thread-safe; never throws. Returns the errno of a failed write (disk
  // full, ...), which the caller reports and counts, else 0.
  int Append(std::string_view lines);
  // fdatasync, for the drain at shutdown.
  void Sync();

 private:
  explicit DecisionLog(int fd) : fd_(fd) {}
  // Truncates `fd` after its last '\n' (a file without one to empty): the
  // fragment a killed writer may leave. Leaves the file alone on a read
  // error.
  static void DropTornTail(int fd);
  int fd_;
};

// The part of a log line shared by every record of one request, up to and
// excluding the record: `{"time":...,"trace":false`.
std::string LogLinePrefix(std::string_view request_id, const Pack& pack,
                          std::string_view policy, Date as_of, bool trace);

// Appends one whole line: prefix, the batch marker when `batch_id` is not
// empty, the record (as JSON when `line` is valid JSON, else as text) and the
// decision's JSON, then '\n'. `record_bytes`, when not 0, is the whole
// length of a streamed line over the record limit of which `line` is only
// the head: logged as "record_bytes", so that `verdict replay` decides the
// head as that long line (its record-too-long error names the length).
void AppendLogLine(std::string_view prefix, std::string_view batch_id,
                   size_t index, size_t size, std::string_view line,
                   std::string_view decision_json, std::string* out,
                   size_t record_bytes = 0);

// UTC now as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string UtcNow();

// False when `text` is not padded base64.
bool Base64Decode(std::string_view text, std::string* out);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_DECISION_LOG_H_
