#include "src/io/inflate.h"

#include <zlib.h>

#include <new>

namespace verdict {

struct Inflater::Stream {
  z_stream zs{};
};

bool Inflater::Supports(std::string_view coding) {
  return coding == "gzip" || coding == "x-gzip" || coding == "deflate";
}

Inflater::Inflater(std::string_view coding)
    : z_(std::make_unique<Stream>()), gzip_(coding != "deflate") {
  // 15: the largest window; +16 reads a gzip header, +0 a zlib one.
  if (inflateInit2(&z_->zs, 15 + (gzip_ ? 16 : 0)) != Z_OK) {
    throw std::bad_alloc();
  }
}

Inflater::~Inflater() { inflateEnd(&z_->zs); }

bool Inflater::Feed(std::string_view in,
                    const std::function<bool(std::string_view)>& sink,
                    std::string* error) {
  std::string piece;
  do {
    piece.clear();
    // What inflated before bad data is handed on first, as it arrived.
    const bool ok = Pump(&in, 64 * 1024, &piece, error);
    if (!piece.empty() && !sink(piece)) {
      failed_ = true;
      return false;
    }
    if (!ok) return false;
    // No output while input is left: zlib needs more than there is.
    if (piece.empty() && !full_) break;
  } while (!in.empty() || full_);
  return true;
}

bool Inflater::Pump(std::string_view* in, size_t max_out, std::string* out,
                    std::string* error) {
  const size_t base = out->size();
  out->resize(base + max_out);
  size_t made = 0;
  const bool ok = PumpInto(in, out->data() + base, max_out, &made, error);
  out->resize(base + made);
  return ok;
}

bool Inflater::PumpInto(std::string_view* in, char* to, size_t room,
                        size_t* made, std::string* error) {
  error->clear();
  *made = 0;
  if (failed_) {
    *error = "not valid compressed data";
    return false;
  }
  z_stream& zs = z_->zs;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in->data()));
  zs.avail_in = static_cast<uInt>(in->size());
  zs.next_out = reinterpret_cast<Bytef*>(to);
  zs.avail_out = static_cast<uInt>(room);
  bool ok = true;
  // `full_` on entry: the last call filled its output, so zlib may hold
  // more even with no input left.
  while (zs.avail_out > 0 && (zs.avail_in > 0 || full_)) {
    full_ = false;
    if (complete_) {
      if (zs.avail_in == 0) break;
      // A stream ended and bytes follow: gzip allows another member;
      // anything after a zlib stream is not the body's.
      if (!gzip_) {
        *error = "followed by data after the end of the deflate stream";
        ok = false;
        break;
      }
      inflateReset(&zs);
      complete_ = false;
    }
    const uInt before_in = zs.avail_in, before_out = zs.avail_out;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      *error = std::string("not valid ") + (gzip_ ? "gzip" : "deflate") +
               " data" + (zs.msg ? std::string(" (") + zs.msg + ")" : "");
      ok = false;
      break;
    }
    if (rc == Z_STREAM_END) complete_ = true;
    // No progress without more input (Z_BUF_ERROR, or nothing moved).
    if (rc == Z_BUF_ERROR ||
        (zs.avail_in == before_in && zs.avail_out == before_out))
      break;
  }
  full_ = ok && zs.avail_out == 0 && !complete_;
  const size_t used = in->size() - zs.avail_in;
  in->remove_prefix(used);
  *made = room - zs.avail_out;
  if (!ok) failed_ = true;
  return ok;
}

bool InflateBody(std::string_view coding, std::string_view body, size_t limit,
                 std::string* out, std::string* error, bool* too_large) {
  *too_large = false;
  Inflater z(coding);
  auto sink = [&](std::string_view piece) {
    if (out->size() + piece.size() > limit) {
      *too_large = true;
      return false;
    }
    out->append(piece);
    return true;
  };
  if (!z.Feed(body, sink, error)) return false;
  if (!z.Complete()) {
    *error = "cut short: the compressed data ends early";
    return false;
  }
  return true;
}

}  // namespace verdict
