// One HTTP/1.1 connection (plain TCP or TLS): reads requests one after the
// other (keep-alive), hands whole requests to the Service, streams NDJSON
// decides, and answers every request it has read. All its handlers run on
// the connection's strand, so a session is never touched by two threads at
// once. Timeouts: read_timeout for a request's header and each body chunk,
// idle_timeout between requests; a slow client holds a connection, never a
// worker.
#ifndef VERDICT_SRC_SERVE_SESSION_H_
#define VERDICT_SRC_SERVE_SESSION_H_

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <limits>
#include <optional>
#include <string>

#include "src/serve/server.h"

namespace verdict::serve {

namespace beast = boost::beast;
using error_code = boost::system::error_code;

template <class Stream>
class Session : public SessionBase,
                public std::enable_shared_from_this<Session<Stream>> {
 public:
  // `reject`: over the connection limit; the first request gets 503.
  Session(Stream stream, Server& server, bool reject)
      : stream_(std::move(stream)), server_(server), reject_(reject) {
    server_.service().metrics().ConnectionOpened();
    error_code ec;
    auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec)
      remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  }
  ~Session() override {
    EndRequest();
    server_.Unregister(id_);
    server_.service().metrics().ConnectionClosed();
  }

  void Start() {
    id_ = server_.Register(this->weak_from_this());
    net::dispatch(stream_.get_executor(),
                  [self = this->shared_from_this()] { self->Handshake(); });
  }

  void Drain() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->draining_ = true;
      // A request whose bytes already arrived is in flight: it is read and
      // answered (then the connection closes); a silent connection closes.
      error_code ec;
      bool waiting = self->Lowest().socket().available(ec) > 0;
      if (self->idle_ && !waiting) self->Lowest().close();
    });
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  auto& Lowest() { return beast::get_lowest_layer(stream_); }
  // The request read by OnHeader is answered (or its connection is gone).
  void EndRequest() {
    if (!in_flight_) return;
    in_flight_ = false;
    server_.service().metrics().RequestEnded();
  }
  void Timeout(int seconds) {
    Lowest().expires_after(std::chrono::seconds(seconds));
  }

  void Handshake() {
    if constexpr (kTls) {
      Timeout(server_.options().read_timeout_seconds);
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
                                if (!ec) self->ReadHeader(true);
                              });
    } else {
      ReadHeader(true);
    }
  }

  void ReadHeader(bool first) {
    header_.emplace();
    // Checked in OnHeader, per path. (Not boost::none: 1.74 compares a
    // length against an empty optional as "over the limit".)
    header_->body_limit(std::numeric_limits<uint64_t>::max());
    header_->header_limit(
        static_cast<uint32_t>(server_.options().max_header_bytes));
    idle_ = buffer_.size() == 0;
    if (draining_ && idle_) return Close();
    Timeout(first || !idle_ ? server_.options().read_timeout_seconds
                            : server_.options().idle_timeout_seconds);
    http::async_read_header(stream_, buffer_, *header_,
                            beast::bind_front_handler(
                                &Session::OnHeader, this->shared_from_this()));
  }

  void OnHeader(error_code ec, size_t) {
    idle_ = false;
    ctx_ = RequestContext();
    if (ec) {
      if (ec == http::error::body_limit) return Reply(TooLarge());
      if (ec == http::error::header_limit) {
        return Reply(server_.service().Error(
            413, "too_large", "the request header is over the limit", ctx_,
            false));
      }
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == net::error::operation_aborted || ec == net::error::eof ||
          ec == net::error::connection_reset || buffer_.size() == 0) {
        return Close();
      }
      return Reply(server_.service().Error(
          400, "bad_request", "malformed HTTP request: " + ec.message(), ctx_,
          false));
    }
    if (!in_flight_) {
      in_flight_ = true;
      server_.service().metrics().RequestStarted();
    }
    const auto& h = header_->get();
    method_ = std::string(h.method_string());
    target_ = std::string(h.target());
    auto rid = h.find("X-Request-Id");
    ctx_.request_id = server_.RequestId(
        rid == h.end()
            ? std::string_view()
            : std::string_view(rid->value().data(), rid->value().size()));
    if (reject_ || server_.draining()) {
      bool shed = reject_;
      return Reply(server_.service().Error(
          503, shed ? "overloaded" : "not_ready",
          shed ? "too many connections" : "the service is shutting down", ctx_,
          false));
    }
    if ((stream_req_ = server_.service().StartStream(
             h, header_->chunked(),
             header_->content_length()
                 ? std::optional<uint64_t>(*header_->content_length())
                 : std::nullopt,
             ctx_))) {
      return Continue(
          [self = this->shared_from_this()] { self->StreamBegin(); });
    }
    if (auto len = header_->content_length();
        len && *len > server_.options().max_body_bytes) {
      return Reply(TooLarge());
    }
    Continue([self = this->shared_from_this()] { self->ReadBody(); });
  }

  Response TooLarge() {
    return server_.service().Error(
        413, "too_large",
        "the body is over the limit of " +
            std::to_string(server_.options().max_body_bytes) + " bytes",
        ctx_, false);
  }

  // Answers `Expect: 100-continue` before reading a body, then runs next.
  template <class Next>
  void Continue(Next next) {
    const auto& h = header_->get();
    auto expect = h.find(http::field::expect);
    if (expect == h.end() || !beast::iequals(expect->value(), "100-continue")) {
      return next();
    }
    auto res = std::make_shared<http::response<http::empty_body>>(
        http::status::continue_, 11);
    http::async_write(
        stream_, *res,
        [self = this->shared_from_this(), res, next](error_code ec, size_t) {
          if (ec) return self->Close();
          next();
        });
  }

  void ReadBody() {
    body_.emplace(std::move(*header_));
    body_->body_limit(server_.options().max_body_bytes);
    Timeout(server_.options().read_timeout_seconds);
    http::async_read(
        stream_, buffer_, *body_,
        beast::bind_front_handler(&Session::OnBody, this->shared_from_this()));
  }

  void OnBody(error_code ec, size_t) {
    if (ec == http::error::body_limit) return Reply(TooLarge());
    if (ec == beast::error::timeout || ec == net::error::eof ||
        ec == http::error::partial_message ||
        ec == net::error::connection_reset) {
      return Close();
    }
    if (ec) {
      return Reply(server_.service().Error(
          400, "bad_request", "malformed HTTP body: " + ec.message(), ctx_,
          false));
    }
    Request req = body_->release();
    Reply(server_.service().Handle(req, ctx_));
  }

  void Reply(Response res) {
    if (draining_ || server_.draining()) res.keep_alive(false);
    res_ = std::make_shared<Response>(std::move(res));
    Timeout(server_.options().idle_timeout_seconds);
    http::async_write(
        stream_, *res_,
        beast::bind_front_handler(&Session::OnWrite, this->shared_from_this()));
  }

  void OnWrite(error_code ec, size_t bytes) {
    server_.Finished({&ctx_, remote_, method_, target_,
                      static_cast<int>(res_->result_int()), bytes});
    EndRequest();
    bool keep = res_->keep_alive();
    res_.reset();
    if (ec || !keep) return Close();
    ReadHeader(false);
  }

  // ---- streamed NDJSON decide: the 200 header first, then one chunk of
  // answer lines per chunk of body lines, in bounded memory.
  void StreamBegin() {
    stream_body_.emplace(std::move(*header_));
    stream_body_->body_limit(
        std::numeric_limits<uint64_t>::max());  // bounded per line
    keep_alive_ = stream_body_->get().keep_alive() && !draining_;
    stream_res_.emplace();
    server_.service().StreamHeaders(*stream_req_, ctx_, &stream_res_->base());
    stream_res_->chunked(true);
    stream_res_->keep_alive(keep_alive_);
    serializer_.emplace(*stream_res_);
    Timeout(server_.options().idle_timeout_seconds);
    http::async_write_header(
        stream_, *serializer_,
        [self = this->shared_from_this()](error_code ec, size_t) {
          if (ec) return self->Close();
          self->StreamRead();
        });
  }

  // Reading and writing overlap (one read and one write at a time, both on
  // the strand): a client that sends its whole body before reading the
  // answer still gets it, as long as the answer waiting to be written stays
  // under max_body_bytes; beyond that reading pauses until the client reads.
  void StreamRead() {
    if (reading_ || read_done_ ||
        out_.size() >= server_.options().max_body_bytes)
      return;
    reading_ = true;
    in_.resize(64 * 1024);
    stream_body_->get().body().data = in_.data();
    stream_body_->get().body().size = in_.size();
    Timeout(server_.options().read_timeout_seconds);
    // read_some: back as soon as some body arrived, so lines are answered
    // without waiting for a full buffer.
    http::async_read_some(stream_, buffer_, *stream_body_,
                          beast::bind_front_handler(&Session::OnStreamRead,
                                                    this->shared_from_this()));
  }

  void OnStreamRead(error_code ec, size_t) {
    reading_ = false;
    if (ec == http::error::need_buffer) ec = {};
    // After the 200 header there is no way to answer an error but to cut
    // the response short.
    if (ec) return Close();
    size_t n = in_.size() - stream_body_->get().body().size;
    Absorb(std::string_view(in_.data(), n), &out_);
    if (failed_) return Close();
    if (stream_body_->is_done()) {
      read_done_ = true;
      if (!pending_.empty() && !skipping_) Feed(pending_, &out_);
      pending_.clear();
      if (failed_) return Close();
    }
    MaybeWrite();
    StreamRead();
  }

  void MaybeWrite() {
    if (writing_ || closed_) return;
    if (out_.empty()) {
      if (!read_done_) return;
      writing_ = true;
      Timeout(server_.options().idle_timeout_seconds);  // the write timer only
      return net::async_write(
          stream_, http::make_chunk_last(),
          [self = this->shared_from_this()](error_code ec, size_t) {
            if (ec) return self->Close();
            self->StreamEnd();
          });
    }
    chunk_.swap(out_);
    out_.clear();
    writing_ = true;
    // Sets the write timer (and the read timer only when no read is
    // pending: Beast keeps a pending operation's deadline).
    Timeout(server_.options().idle_timeout_seconds);
    net::async_write(stream_, http::make_chunk(net::buffer(chunk_)),
                     [self = this->shared_from_this()](error_code ec, size_t) {
                       self->writing_ = false;
                       if (ec) return self->Close();
                       self->chunk_.clear();
                       self->MaybeWrite();
                       self->StreamRead();
                     });
  }

  // Decides lines of a streamed request. Out of memory there cannot be
  // answered with a status any more: the response is cut short.
  void Feed(std::string_view lines, std::string* out) {
    try {
      stream_req_->Feed(lines, out);
    } catch (const std::exception&) {
      failed_ = true;
    }
  }

  // Adds body bytes; decides every line now complete. A line over the
  // record limit is decided from its first limit+1 bytes (an invalid_json
  // "record too long" answer) and the rest of it skipped.
  void Absorb(std::string_view data, std::string* out) {
    size_t limit = LoadOptions().limits.max_record_bytes;
    while (!data.empty()) {
      if (skipping_) {
        size_t nl = data.find('\n');
        if (nl == std::string_view::npos) return;
        data.remove_prefix(nl + 1);
        skipping_ = false;
        continue;
      }
      size_t nl = data.rfind('\n');
      if (nl == std::string_view::npos) {
        pending_.append(data);
        data = {};
      } else {
        pending_.append(data.substr(0, nl + 1));
        data.remove_prefix(nl + 1);
        Feed(pending_, out);
        pending_.clear();
        pending_.append(data);
        data = {};
      }
      if (pending_.size() > limit) {
        std::string head = pending_.substr(0, limit + 1);
        Feed(head, out);
        pending_.clear();
        skipping_ = true;
      }
    }
  }

  void StreamEnd() {
    server_.service().FinishStream(*stream_req_);
    server_.Finished({&ctx_, remote_, method_, target_, 200, 0});
    EndRequest();
    stream_req_.reset();
    serializer_.reset();
    stream_res_.reset();
    stream_body_.reset();
    chunk_ = std::string();
    out_ = std::string();
    writing_ = reading_ = read_done_ = false;
    in_.clear();
    in_.shrink_to_fit();
    if (!keep_alive_ || draining_ || server_.draining()) return Close();
    ReadHeader(false);
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    if constexpr (kTls) {
      Timeout(2);
      stream_.async_shutdown([self = this->shared_from_this()](error_code) {
        self->Lowest().close();
      });
    } else {
      error_code ec;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      Lowest().close();
    }
  }

  Stream stream_;
  Server& server_;
  bool reject_;
  uint64_t id_ = 0;
  std::string remote_, method_, target_;
  beast::flat_buffer buffer_;
  RequestContext ctx_;
  std::optional<http::request_parser<http::empty_body>> header_;
  std::optional<http::request_parser<http::string_body>> body_;
  std::shared_ptr<Response> res_;
  bool idle_ = false, draining_ = false, closed_ = false;
  bool in_flight_ = false;  // counted in verdict_requests_in_flight
  // streaming state
  std::unique_ptr<DecideStream> stream_req_;
  std::optional<http::request_parser<http::buffer_body>> stream_body_;
  std::optional<http::response<http::empty_body>> stream_res_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::string in_, pending_, out_, chunk_;
  bool skipping_ = false, keep_alive_ = true;
  bool reading_ = false, writing_ = false, read_done_ = false;
  bool failed_ = false;
};

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_SESSION_H_
