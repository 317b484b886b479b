// The listener and worker pool of `verdict serve`: one io_context run by N
// threads (the bounded pool: a request is handled on the thread that read
// it), an acceptor that sheds connections beyond the limit with 503, the
// signals (SIGTERM/SIGINT drain, SIGHUP reload) and the access log.
#ifndef VERDICT_SRC_SERVE_SERVER_H_
#define VERDICT_SRC_SERVE_SERVER_H_

// clang-format off
// Before Asio: 1.74's awaitable.hpp uses std::exchange without <utility>.
#include <utility>
// clang-format on
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "src/serve/service.h"

namespace verdict::serve {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// What the server needs of a connection: to be told the service drains.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection if it waits for a request; otherwise it closes
  // after the response in flight. Thread-safe (posts to its strand).
  virtual void Drain() = 0;
};

// One finished request, for the access log.
struct AccessRecord {
  const RequestContext* ctx;
  std::string_view remote, method, target;
  int status;
  uint64_t bytes_out;
};

class Server {
 public:
  Server(Service& service, const ServeOptions& options);
  // Binds, prints the startup line, serves until drained. Exit status.
  int Run();

  Service& service() { return service_; }
  const ServeOptions& options() const { return options_; }
  bool draining() const { return draining_.load(); }
  // A request id: the caller's X-Request-Id when it is sane, else new.
  std::string RequestId(std::string_view given);
  // One JSON line on stderr (a single write), and the request's metrics.
  void Finished(const AccessRecord& r);

  uint64_t Register(std::weak_ptr<SessionBase> s);
  void Unregister(uint64_t id);

 private:
  void RunWorker();
  void Accept();
  void OnAccept(boost::system::error_code ec, tcp::socket socket);
  void WaitSignal();
  void StartDrain();
  void PollDrain(std::chrono::steady_clock::time_point deadline);

  Service& service_;
  ServeOptions options_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  std::optional<net::ssl::context> ssl_;
  net::steady_timer drain_timer_;
  std::atomic<bool> draining_{false};
  std::string id_prefix_;
  std::atomic<uint64_t> id_serial_{0};
  std::mutex sessions_mu_;
  uint64_t next_session_ = 0;
  std::unordered_map<uint64_t, std::weak_ptr<SessionBase>> sessions_;
};

// Serves one accepted connection (a Session, session.h) until it closes:
// plain HTTP, or HTTP over TLS with `ssl` (which must outlive the
// connection: the Server's). `reject`: over the connection limit (503).
// Defined one to a file, session_tcp.cc and session_tls.cc: each Session
// instantiation is most of the service's compile time (minutes under the
// sanitizers), and in two files the two compile in parallel.
void StartSession(tcp::socket socket, Server& server, bool reject);
void StartTlsSession(tcp::socket socket, net::ssl::context& ssl, Server& server,
                     bool reject);

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_SERVER_H_
