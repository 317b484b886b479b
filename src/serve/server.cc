// src/serve/server.h: listening, the worker threads, signals, draining.
#include "src/serve/server.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "src/io/json_records.h"
#include "src/serve/decision_log.h"
#include "verdict/json_stream.h"

namespace verdict::serve {

Server::Server(Service& service, const ServeOptions& options)
    : service_(service),
      options_(options),
      acceptor_(ioc_),
      signals_(ioc_, SIGTERM, SIGINT, SIGHUP),
      drain_timer_(ioc_) {
  std::random_device rd;
  id_prefix_ = fmt::format("{:08x}", rd());
}

std::string Server::RequestId(std::string_view given) {
  bool sane = !given.empty() && given.size() <= 128;
  for (char c : given) {
    sane &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
            (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.' ||
            c == ':';
  }
  if (sane) return std::string(given);
  return fmt::format("{}-{}", id_prefix_, ++id_serial_);
}

void Server::Finished(const AccessRecord& r) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                              r.ctx->start)
                    .count();
  service_.metrics().CountRequest(r.ctx->route, r.status, secs);
  if (!options_.access_log) return;
  std::string line = "{\"time\":\"" + UtcNow() + "\",\"request_id\":";
  AppendJsonString(r.ctx->request_id, &line);
  line += ",\"remote\":";
  AppendJsonString(r.remote, &line);
  line += ",\"method\":";
  AppendJsonString(r.method, &line);
  line += ",\"target\":";
  AppendJsonString(r.target.substr(0, 1024), &line);
  line += fmt::format(",\"status\":{},\"bytes\":{},\"duration_ms\":{:.3f}",
                      r.status, r.bytes_out, secs * 1000);
  if (!r.ctx->pack.empty()) {
    line += ",\"pack\":";
    AppendJsonString(r.ctx->pack, &line);
  }
  line += "}\n";
  // One write: lines from different threads never interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

uint64_t Server::Register(std::weak_ptr<SessionBase> s) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  uint64_t id = ++next_session_;
  sessions_[id] = std::move(s);
  return id;
}

void Server::Unregister(uint64_t id) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_.erase(id);
}

void Server::Accept() {
  acceptor_.async_accept(
      net::make_strand(ioc_),
      [this](boost::system::error_code ec, tcp::socket socket) {
        OnAccept(ec, std::move(socket));
      });
}

void Server::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (draining_) return;
  if (!ec) {
    bool reject = service_.metrics().connections() >= options_.max_connections;
    if (ssl_) {
      StartTlsSession(std::move(socket), *ssl_, *this, reject);
    } else {
      StartSession(std::move(socket), *this, reject);
    }
  } else if (ec == net::error::no_descriptors) {
    // Out of file descriptors: back off instead of spinning.
    auto t = std::make_shared<net::steady_timer>(ioc_);
    t->expires_after(std::chrono::milliseconds(50));
    t->async_wait([this, t](boost::system::error_code) { Accept(); });
    return;
  }
  Accept();
}

void Server::WaitSignal() {
  signals_.async_wait([this](boost::system::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      LoadResult r = service_.Reload();
      std::fprintf(
          stderr, "verdict serve: SIGHUP reload %s\n",
          r.ok() ? ("ok: " + r.pack->version() + " " + r.pack->content_hash())
                       .c_str()
                 : "failed; the previous version keeps serving");
      for (const auto& d : r.diagnostics)
        std::fprintf(stderr, "%s\n", d.ToString().c_str());
      return WaitSignal();
    }
    StartDrain();
  });
}

void Server::StartDrain() {
  draining_ = true;
  service_.set_draining();
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (auto& [id, w] : sessions_)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->Drain();
  live.clear();
  PollDrain(std::chrono::steady_clock::now() +
            std::chrono::seconds(options_.drain_timeout_seconds));
}

void Server::PollDrain(std::chrono::steady_clock::time_point deadline) {
  bool empty;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    empty = sessions_.empty();
  }
  if (empty || std::chrono::steady_clock::now() > deadline) {
    ioc_.stop();
    return;
  }
  drain_timer_.expires_after(std::chrono::milliseconds(20));
  drain_timer_.async_wait(
      [this, deadline](boost::system::error_code) { PollDrain(deadline); });
}

void Server::RunWorker() {
  // Handlers do not throw by design; should one, the connection it served is
  // lost, never the process.
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "verdict serve: unexpected error: %s\n", e.what());
    }
  }
}

int Server::Run() {
  bool tls = !options_.tls_cert.empty();
  if (tls) {
    ssl_.emplace(net::ssl::context::tls_server);
    ssl_->set_options(
        net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
        net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
        net::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    ssl_->use_certificate_chain_file(options_.tls_cert, ec);
    if (!ec)
      ssl_->use_private_key_file(options_.tls_key, net::ssl::context::pem, ec);
    if (ec) {
      std::fprintf(stderr, "verdict serve: TLS certificate or key: %s\n",
                   ec.message().c_str());
      return 1;
    }
  }
  boost::system::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec) {
    // A host name (`--listen localhost:8080`): its first IPv4 address
    // (the resolver's order of IPv4 and IPv6 varies by machine), else its
    // first.
    tcp::resolver resolver(ioc_);
    auto found = resolver.resolve(options_.host, "", ec);
    if (ec || found.empty()) {
      std::fprintf(stderr,
                   "verdict serve: '%s' is neither an IP address nor a host "
                   "name this machine resolves%s%s\n",
                   options_.host.c_str(), ec ? ": " : "",
                   ec ? ec.message().c_str() : "");
      return 1;
    }
    address = found.begin()->endpoint().address();
    for (const auto& entry : found) {
      if (entry.endpoint().address().is_v4()) {
        address = entry.endpoint().address();
        break;
      }
    }
    ec.clear();
  }
  tcp::endpoint ep(address, options_.port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    std::fprintf(stderr, "verdict serve: cannot listen on %s:%u: %s\n",
                 options_.host.c_str(), options_.port, ec.message().c_str());
    return 1;
  }
  tcp::endpoint bound = acceptor_.local_endpoint();
  std::string host = bound.address().is_v6()
                         ? "[" + bound.address().to_string() + "]"
                         : bound.address().to_string();
  auto pack = service_.pack();
  // One line, written at once: readers take the URL up to the space.
  std::fprintf(stderr,
               "verdict serve: listening on %s://%s:%u (pack %s %s, content "
               "hash %s)\n",
               tls ? "https" : "http", host.c_str(), bound.port(),
               pack->name().c_str(), pack->version().c_str(),
               pack->content_hash().c_str());
  std::fflush(stderr);
  pack.reset();
  WaitSignal();
  Accept();
  int n = options_.threads > 0 ? options_.threads : CoresAvailable();
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back([this] { RunWorker(); });
  RunWorker();
  for (auto& t : pool) t.join();
  if (auto* log = service_.decision_log()) log->Sync();
  std::fprintf(stderr, "verdict serve: drained, exiting\n");
  return 0;
}

int RunServer(const ServeOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    std::fprintf(stderr,
                 "verdict serve: --tls-cert and --tls-key go together\n");
    return 1;
  }
  std::unique_ptr<Service> service = Service::Create(options);
  if (!service) return 1;
  // The server lives until the process ends: _exit skips the destruction of
  // sessions whose handlers the stopped io_context still holds.
  auto* server = new Server(*service, options);
  int status = server->Run();
  std::fflush(nullptr);
  _exit(status);
}

}  // namespace verdict::serve
