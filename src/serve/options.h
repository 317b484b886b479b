// Settings of `verdict serve` (src/serve/): what the command line gives,
// with the defaults an operator gets when it gives nothing.
#ifndef VERDICT_SRC_SERVE_OPTIONS_H_
#define VERDICT_SRC_SERVE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace verdict::serve {

struct ServeOptions {
  std::string pack_path;
  std::string host = "127.0.0.1";
  uint16_t port = 8080;           // 0: a free port, named in the startup line
  std::string token_file;         // bearer token for /v1/*; empty: no auth
  std::string decision_log;       // JSON Lines file appended to; empty: none
  int threads = 0;                // worker threads; 0: one per core
  std::string tls_cert, tls_key;  // both or neither
  bool strict = false;            // refuse undeclared record fields
  bool access_log = true;         // one JSON line per request on stderr

  size_t max_body_bytes = 64u << 20;    // buffered bodies; over: 413
  size_t max_header_bytes = 16u << 10;  // request line + headers; over: 413
  // NDJSON bodies of per-record policies larger than this (or chunked) are
  // streamed: decided line by line as they arrive, in bounded memory.
  size_t stream_threshold_bytes = 1u << 20;
  int max_connections = 10000;     // beyond: 503 (not /healthz), close
  int read_timeout_seconds = 10;   // a request's header, a body chunk
  int idle_timeout_seconds = 60;   // keep-alive wait for the next request
  int drain_timeout_seconds = 30;  // SIGTERM: in-flight requests get this long
};

// Runs the service until SIGTERM/SIGINT; returns the process exit status
// (0 after a clean drain, 1 when the pack or the listener cannot start).
// Prints exactly one startup line once ready (`verdict serve: listening on
// http://HOST:PORT (pack NAME VERSION, content hash HASH)`) and load
// diagnostics on stderr.
int RunServer(const ServeOptions& options);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_OPTIONS_H_
