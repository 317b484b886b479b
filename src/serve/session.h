// One HTTP/1.1 connection (plain TCP or TLS): reads requests one after the
// other (keep-alive), hands whole requests to the Service, streams NDJSON
// decides, and answers every request it has read. An HTTP/1.0 request gets
// neither a chunked answer nor a 1xx one (RFC 9112 6.1, RFC 9110 15.2),
// and keeps the connection only when it asks for it and is told so. All its
// handlers run on the connection's strand, so a session is never touched by two
// threads at once. Timeouts: read_timeout for a request's header and each body
// chunk, idle_timeout between requests; a slow client holds a connection, never
// a worker.
#ifndef VERDICT_SRC_SERVE_SESSION_H_
#define VERDICT_SRC_SERVE_SESSION_H_

#include <algorithm>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "src/serve/request_target.h"
#include "src/serve/server.h"
#include "src/serve/stream_input.h"

namespace verdict::serve {

namespace beast = boost::beast;
using error_code = boost::system::error_code;

template <class Stream>
class Session : public SessionBase,
                public std::enable_shared_from_this<Session<Stream>> {
 public:
  // `reject`: over the connection limit; the first request gets 503 (but
  // the liveness probe, answered as ever), then the connection closes.
  Session(Stream stream, Server& server, bool reject)
      : stream_(std::move(stream)), server_(server), reject_(reject) {
    server_.service().metrics().ConnectionOpened();
    error_code ec;
    auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec)
      remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  }
  ~Session() override {
    // A streamed answer cut short (the client went away, a timeout): its
    // 200 went out, and the access log says how much of it did. Only here
    // is every write of it settled.
    if (stream_open_) {
      server_.Finished({&ctx_, remote_, method_, target_, 200, stream_bytes_});
    }
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
    method_.clear();  // not the previous request's, in a malformed one's log
    target_.clear();
    version_ = 11;
    if (ec) {
      // No X-Request-Id was read: the answer (and the access log) still
      // gets an id to quote.
      ctx_.request_id = server_.RequestId({});
      if (ec == http::error::body_limit) return Reply(TooLarge());
      if (ec == http::error::header_limit) {
        const auto& partial = header_->get();
        method_ = std::string(partial.method_string());
        target_ = std::string(partial.target());
        return Reply(server_.service().Error(
            413, "too_large", "the request header is over the limit", ctx_,
            false));
      }
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == net::error::operation_aborted || ec == net::error::eof ||
          ec == net::error::connection_reset || buffer_.size() == 0) {
        return Close();
      }
      // What the parser read before the fault is this request's: the
      // access log names it, and a decide target gets its Verdict-Pack.
      const auto& partial = header_->get();
      method_ = std::string(partial.method_string());
      target_ = std::string(partial.target());
      return Reply(server_.service().Error(
          400, "bad_request",
          "malformed HTTP request: " +
              MalformedHeader(
                  ec, header_->get().count(http::field::transfer_encoding) > 0),
          ctx_, false));
    }
    if (!in_flight_) {
      in_flight_ = true;
      server_.service().metrics().RequestStarted();
    }
    const auto& h = header_->get();
    method_ = std::string(h.method_string());
    target_ = std::string(h.target());
    version_ = h.version();
    auto rid = h.find("X-Request-Id");
    ctx_.request_id = server_.RequestId(
        rid == h.end()
            ? std::string_view()
            : std::string_view(rid->value().data(), rid->value().size()));
    // Beast refuses Content-Length after chunked and Transfer-Encoding
    // after Content-Length, but takes any other coding as "no body" (or
    // Content-Length), leaving the body to be read as the next request.
    std::vector<std::string_view> te;
    for (auto [f, end] = h.equal_range(http::field::transfer_encoding);
         f != end; ++f)
      te.emplace_back(f->value().data(), f->value().size());
    if (auto why = UntrustedFraming(te, header_->content_length().has_value(),
                                    h.version())) {
      return Reply(
          server_.service().Error(400, "bad_request", *why, ctx_, false));
    }
    if ((reject_ && !server_.service().IsLiveness(h)) || server_.draining()) {
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
  // A request its header alone refuses (no token, ...) is answered at once
  // instead, without 100 Continue (RFC 9110 10.1.1), and the connection
  // then closes: the client may still send the body, which is not read.
  // An HTTP/1.0 request's expectation is ignored (RFC 9110 10.1.1).
  template <class Next>
  void Continue(Next next) {
    const auto& h = header_->get();
    auto expect = h.find(http::field::expect);
    if (version_ < 11 || expect == h.end() ||
        !beast::iequals(expect->value(), "100-continue")) {
      return next();
    }
    if (auto refused = server_.service().Refusal(h, ctx_)) {
      refused->keep_alive(false);
      return Reply(std::move(*refused));
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
    if (draining_ || server_.draining() || reject_) res.keep_alive(false);
    // The answer says HTTP/1.1 (RFC 9110 6.2), and a 1.0 client closes
    // the connection unless it reads this.
    if (version_ < 11 && res.keep_alive())
      res.set(http::field::connection, "keep-alive");
    server_.service().NamePack(target_, ctx_, &res.base());
    res_ = std::make_shared<Response>(std::move(res));
    Timeout(server_.options().idle_timeout_seconds);
    http::async_write(
        stream_, *res_,
        beast::bind_front_handler(&Session::OnWrite, this->shared_from_this()));
  }

  void OnWrite(error_code ec, size_t bytes) {
    // Only an answer written whole is logged: a client that went away got
    // none (a response cut short is no answer to an HTTP client).
    if (!ec) server_.service().Commit(ctx_.policy, &ctx_.unwritten);
    server_.Finished({&ctx_, remote_, method_, target_,
                      static_cast<int>(res_->result_int()), bytes});
    EndRequest();
    bool keep = res_->keep_alive();
    res_.reset();
    if (ec || !keep) return Close();
    ReadHeader(false);
  }

  // ---- streamed NDJSON decide: the 200 header, then one chunk of answer
  // lines per piece of body decided, in bounded memory. A compressed body's
  // header waits for its first answer, so data that is not gzip (or
  // deflate) at all still gets a 400. An HTTP/1.0 client knows no chunks:
  // it gets the lines as they are, ended by closing the connection.
  void StreamBegin();
  // Writes the 200 header (its serializer_), then runs `then`.
  void WriteHeader(void (Session::*then)());
  // Reading and writing overlap (one read and one write at a time, both on
  // the strand): a client that sends its whole body before reading the
  // answer still gets it, as long as the answer waiting to be written (and
  // its decision log lines, logged once it is) stays under max_body_bytes;
  // beyond that reading (and inflating) pauses until the client reads.
  void StreamRead();
  void OnStreamRead(error_code ec, size_t);
  // After a read or a write: inflates and decides what waited for room,
  // ends the input once all of it is decided, writes, reads on.
  void Progress();
  // The body cannot be decided further (not valid compressed data, or out
  // of memory): a 400 while nothing has been answered, else the response
  // is cut short.
  void Broken();
  void MaybeWrite();
  // Writes chunk_ from chunk_at_ a piece at a time, each with its own
  // deadline: the write timeout then means a client that stopped reading,
  // not one too slow to take a whole chunk (up to max_body_bytes) within
  // it (a client reading a steady 1 MB/s was cut off after 60 s). The
  // records chunk_ answers are committed once all of it is written.
  void WritePiece();
  void StreamEnd();

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
  unsigned version_ = 11;  // of the request read: 10 for HTTP/1.0
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
  std::optional<StreamInput> input_;
  std::string in_, out_, chunk_;
  size_t chunk_at_ = 0;  // of chunk_, written
  bool keep_alive_ = true, header_sent_ = true;
  bool chunked_ = true;  // false: the answer ends when the connection closes
  bool stream_open_ = false;   // its 200 header is out, its end is not
  uint64_t stream_bytes_ = 0;  // of the streamed answer, written
  Unwritten chunk_decided_;    // the records chunk_ answers
  bool reading_ = false, writing_ = false, read_done_ = false;
  bool input_done_ = false;  // every line of the body decided
};

}  // namespace verdict::serve

#include "src/serve/session_stream.h"  // IWYU pragma: keep

#endif  // VERDICT_SRC_SERVE_SESSION_H_
