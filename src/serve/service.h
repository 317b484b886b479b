// The decision service's request handling, independent of sockets: routes
// a request to its handler and builds the response (statuses and error
// codes of ../shared/spec/service.md). The session (session.h) reads and
// writes; this decides what to answer. Thread-safe: handlers run on every
// worker thread at once; each request takes one pack snapshot.
#ifndef VERDICT_SRC_SERVE_SERVICE_H_
#define VERDICT_SRC_SERVE_SERVICE_H_

#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "src/serve/decide.h"
#include "src/serve/decision_log.h"
#include "src/serve/metrics.h"
#include "src/serve/options.h"
#include "verdict/engine.h"

namespace verdict::serve {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using RequestHeader = http::request_header<>;
using Response = http::response<http::string_body>;

// What the session knows about a request for the access log and metrics.
struct RequestContext {
  std::string request_id;
  std::string route = "other";  // path template, for metrics
  std::string pack;             // NAME/VERSION/HASH that decided, if any
  // A buffered decide's records, for Service::Commit once the response
  // carrying their answers is written.
  std::string policy;
  Unwritten unwritten;
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};

// A streamed NDJSON decide of a per-record policy: fed whole lines as the
// body arrives, answering each line at once.
class DecideStream {
 public:
  explicit DecideStream(DecideRequest r) : request_(std::move(r)) {}
  // Decides whole lines (or the body's last, unterminated line) and appends
  // the answer lines to *out; `input_start`: they begin the body.
  void Feed(std::string_view lines, bool input_start, size_t line_bytes,
            std::string* out) {
    DecideLines(request_, lines, out, input_start, line_bytes);
  }
  const DecideRequest& request() const { return request_; }
  // The records decided since the last call, whose answers Feed appended
  // to `out` since: the session takes them with the answers it writes.
  Unwritten Take() { return std::exchange(request_.unwritten, Unwritten()); }
  // The bytes of log lines waiting in the records not yet taken.
  size_t UnwrittenBytes() const { return request_.unwritten.log_text.size(); }

 private:
  DecideRequest request_;
};

// Whether `pack` has `policy` (a reload may have removed one that an earlier
// snapshot had).
bool HasPolicy(const Pack& pack, std::string_view policy);

class Service {
 public:
  // Loads the pack; null (diagnostics printed on stderr as `verdict check`
  // prints them) when it does not load or a file cannot be read.
  static std::unique_ptr<Service> Create(const ServeOptions& options);

  // Whether this request is streamed: an authorized, valid NDJSON decide of
  // a per-record policy whose body is chunked or over the stream threshold.
  // Null when the body is to be read whole and given to Handle (which also
  // answers every error).
  // `chunked` and `length` as the parser read them.
  std::unique_ptr<DecideStream> StartStream(const RequestHeader& h,
                                            bool chunked,
                                            std::optional<uint64_t> length,
                                            RequestContext& ctx);
  // Answers a whole request (a HEAD as its GET, without the body). Never
  // throws.
  Response Handle(const Request& req, RequestContext& ctx);
  // The headers of a streamed decide's 200 response.
  void StreamHeaders(const DecideStream& s, const RequestContext& ctx,
                     http::response_header<>* h) const;
  // Records decided whose answers were written to the client: appends
  // their decision log lines and counts them in the metrics, then clears
  // *u. Decisions whose answers were not written are never committed.
  void Commit(std::string_view policy, Unwritten* u);
  // Sets Verdict-Pack on any response to the decide route (an error too:
  // the contract puts it on every decide response): the version that
  // decided, or the one serving now when none did (401, 404, 413, ...).
  // Other targets are left alone.
  void NamePack(std::string_view target, const RequestContext& ctx,
                http::response_header<>* h) const;

  // Reloads the pack folder (POST /v1/reload, SIGHUP); the old version
  // keeps serving when it fails.
  LoadResult Reload();
  // An error response with the contract's body, "field" null included, so
  // that every error object has one shape.
  Response Error(int status, std::string_view code, std::string_view message,
                 const RequestContext& ctx, bool keep_alive = true) const;

  // The error a request's header alone earns (a missing token, no such
  // policy, a media type or query refused: Precheck's), or null. Asked
  // before `100 Continue`, so that a client waiting for it never sends a
  // body only to be refused. Of a workbench path only the token is checked
  // (HandleWorkbench answers the rest).
  std::unique_ptr<Response> Refusal(const RequestHeader& h,
                                    RequestContext& ctx);
  // Whether the request is the liveness probe (GET or HEAD /healthz). It is
  // not shed over the connection limit: the process does serve, and a
  // probe that failed then would get a busy process restarted; /readyz
  // says 503 instead.
  bool IsLiveness(const RequestHeader& h) const;
  // Whether the request carries the token (always, when none is set).
  bool TokenAccepted(const RequestHeader& h) const { return Authorized(h); }
  Metrics& metrics() { return metrics_; }
  const ServeOptions& options() const { return options_; }
  DecisionLog* decision_log() { return log_.get(); }
  std::shared_ptr<const Pack> pack() const { return handle_->Get(); }
  // The workbench's `pack_policies` JSON of `pack` (PackPoliciesJson(),
  // which describes every policy): made once per pack version, not per
  // page view. Thread-safe.
  std::string PackPolicies(const std::shared_ptr<const Pack>& pack);
  void set_draining() { draining_ = true; }

 private:
  Service(const ServeOptions& options, std::unique_ptr<PackHandle> handle)
      : options_(options), handle_(std::move(handle)) {}
  // Handle() before HEAD drops the body.
  Response Answer(const Request& req, RequestContext& ctx);

  // An error answer that needs no body (401, 404, 405, 415, 400 for the
  // query), or null.
  std::unique_ptr<Response> Precheck(const RequestHeader& h,
                                     RequestContext& ctx);
  Response Route(const Request& req, RequestContext& ctx);
  Response Decide(const Request& req, RequestContext& ctx,
                  std::string_view policy);
  Response Policies(const Request& req, RequestContext& ctx,
                    std::string_view policy);
  Response DoReload(const Request& req, RequestContext& ctx);
  Response Json(int status, std::string body, const RequestContext& ctx,
                bool keep_alive) const;
  bool Authorized(const RequestHeader& h) const;

  ServeOptions options_;
  std::unique_ptr<PackHandle> handle_;
  std::string token_;  // empty: no auth
  std::unique_ptr<DecisionLog> log_;
  Metrics metrics_;
  std::atomic<bool> draining_{false};
  std::atomic<uint64_t> batch_serial_{0};
  // PackPolicies()'s last answer and the pack it is of (weak: it keeps no
  // old version loaded; a live one is that very pack).
  std::mutex pack_policies_mu_;
  std::weak_ptr<const Pack> pack_policies_of_;
  std::string pack_policies_;
};

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_SERVICE_H_
