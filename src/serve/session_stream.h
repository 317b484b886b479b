// The streamed NDJSON decide of a Session (session.h): the 200 header,
// then one chunk of answer lines per piece of body decided, in bounded
// memory. Member definitions only, included at the foot of session.h (a
// class template's members are defined in a header); never include it
// elsewhere.
#ifndef VERDICT_SRC_SERVE_SESSION_STREAM_H_
#define VERDICT_SRC_SERVE_SESSION_STREAM_H_

#include <algorithm>
#include <limits>
#include <string>

#include "src/serve/session.h"

namespace verdict::serve {

template <class Stream>
void Session<Stream>::StreamBegin() {
  const auto& h = header_->get();
  const std::string coding =
      BodyCoding(std::string_view(h[http::field::content_encoding].data(),
                                  h[http::field::content_encoding].size()));
  stream_body_.emplace(std::move(*header_));
  stream_body_->body_limit(
      std::numeric_limits<uint64_t>::max());  // bounded per line
  chunked_ = version_ >= 11;
  keep_alive_ = stream_body_->get().keep_alive() && !draining_ && chunked_;
  input_.emplace(coding, server_.options().max_body_bytes,
                 LoadOptions().limits.max_record_bytes,
                 [this](std::string_view lines, bool input_start,
                        size_t line_bytes, std::string* out) {
                   stream_req_->Feed(lines, input_start, line_bytes, out);
                 });
  stream_res_.emplace();
  server_.service().StreamHeaders(*stream_req_, ctx_, &stream_res_->base());
  stream_res_->chunked(chunked_);
  stream_res_->keep_alive(keep_alive_);
  serializer_.emplace(*stream_res_);
  header_sent_ = false;
  stream_bytes_ = 0;
  if (!coding.empty()) return StreamRead();
  WriteHeader(&Session::StreamRead);
}

template <class Stream>
void Session<Stream>::WriteHeader(void (Session::*then)()) {
  writing_ = true;
  Timeout(server_.options().idle_timeout_seconds);
  http::async_write_header(
      stream_, *serializer_,
      [self = this->shared_from_this(), then](error_code ec, size_t bytes) {
        self->writing_ = false;
        if (ec) return self->Close();
        self->header_sent_ = self->stream_open_ = true;
        self->stream_bytes_ += bytes;
        ((*self).*then)();
      });
}

template <class Stream>
void Session<Stream>::StreamRead() {
  if (reading_ || read_done_ || closed_ ||
      out_.size() + stream_req_->UnwrittenBytes() >=
          server_.options().max_body_bytes ||
      !input_->Hungry())
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

template <class Stream>
void Session<Stream>::OnStreamRead(error_code ec, size_t) {
  reading_ = false;
  if (ec == http::error::need_buffer) ec = {};
  // After the 200 header there is no way to answer an error but to cut
  // the response short.
  if (ec) return Close();
  size_t n = in_.size() - stream_body_->get().body().size;
  if (!input_->Add(std::string_view(in_.data(), n), &out_)) return Broken();
  if (stream_body_->is_done()) read_done_ = true;
  Progress();
}

template <class Stream>
void Session<Stream>::Progress() {
  if (closed_) return;
  if (!input_->Work(&out_)) return Broken();
  if (read_done_ && !input_done_ && input_->Hungry()) {
    if (!input_->Finish(&out_)) return Broken();
    input_done_ = true;
  }
  MaybeWrite();
  StreamRead();
}

template <class Stream>
void Session<Stream>::Broken() {
  if (header_sent_ || writing_ || !out_.empty() ||
      stream_req_->request().records > 0 || input_->error().empty()) {
    return Close();
  }
  Reply(server_.service().Error(400, "bad_request",
                                "the body is " + input_->error(), ctx_, false));
}

template <class Stream>
void Session<Stream>::MaybeWrite() {
  if (writing_ || closed_) return;
  if (!header_sent_) {
    if (out_.empty() && !input_done_) return;
    return WriteHeader(&Session::Progress);
  }
  if (out_.empty()) {
    if (!input_done_) return;
    if (!chunked_) return StreamEnd();  // the close ends the answer
    writing_ = true;
    Timeout(server_.options().idle_timeout_seconds);  // the write timer only
    return net::async_write(
        stream_, http::make_chunk_last(),
        [self = this->shared_from_this()](error_code ec, size_t bytes) {
          if (ec) return self->Close();
          self->stream_bytes_ += bytes;
          self->StreamEnd();
        });
  }
  chunk_.swap(out_);
  out_.clear();
  chunk_decided_ = stream_req_->Take();  // the records chunk_ answers
  chunk_at_ = 0;
  WritePiece();
}

template <class Stream>
void Session<Stream>::WritePiece() {
  constexpr size_t kPiece = 256 * 1024;
  const size_t n = std::min(kPiece, chunk_.size() - chunk_at_);
  auto piece = net::buffer(chunk_.data() + chunk_at_, n);
  writing_ = true;
  // Sets the write timer (and the read timer only when no read is
  // pending: Beast keeps a pending operation's deadline).
  Timeout(server_.options().idle_timeout_seconds);
  auto done = [self = this->shared_from_this(), n](error_code ec,
                                                   size_t bytes) {
    self->writing_ = false;
    if (ec) return self->Close();  // chunk_decided_ got no answer
    self->stream_bytes_ += bytes;
    self->chunk_at_ += n;
    if (self->chunk_at_ < self->chunk_.size()) return self->WritePiece();
    self->server_.service().Commit(self->stream_req_->request().policy,
                                   &self->chunk_decided_);
    self->chunk_.clear();
    self->Progress();
  };
  if (!chunked_) return net::async_write(stream_, piece, done);
  net::async_write(stream_, http::make_chunk(piece), done);
}

template <class Stream>
void Session<Stream>::StreamEnd() {
  stream_open_ = false;
  server_.Finished({&ctx_, remote_, method_, target_, 200, stream_bytes_});
  EndRequest();
  stream_req_.reset();
  serializer_.reset();
  stream_res_.reset();
  stream_body_.reset();
  chunk_ = std::string();
  out_ = std::string();
  writing_ = reading_ = read_done_ = input_done_ = false;
  input_.reset();
  in_.clear();
  in_.shrink_to_fit();
  if (!keep_alive_ || draining_ || server_.draining()) return Close();
  ReadHeader(false);
}

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_SESSION_STREAM_H_
