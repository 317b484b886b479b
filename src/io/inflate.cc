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
  error->clear();
  if (failed_) {
    *error = "not valid compressed data";
    return false;
  }
  z_stream& zs = z_->zs;
  char piece[64 * 1024];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  // `full`: the last call filled the piece, so zlib may hold more output
  // even with no input left.
  bool full = false;
  while (zs.avail_in > 0 || full) {
    if (complete_) {
      if (zs.avail_in == 0) break;
      // A stream ended and bytes follow: gzip allows another member;
      // anything after a zlib stream is not the body's.
      if (!gzip_) {
        *error = "followed by data after the end of the deflate stream";
        failed_ = true;
        return false;
      }
      inflateReset(&zs);
      complete_ = false;
    }
    zs.next_out = reinterpret_cast<Bytef*>(piece);
    zs.avail_out = sizeof piece;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      *error = std::string("not valid ") + (gzip_ ? "gzip" : "deflate") +
               " data" + (zs.msg ? std::string(" (") + zs.msg + ")" : "");
      failed_ = true;
      return false;
    }
    const size_t made = sizeof piece - zs.avail_out;
    full = zs.avail_out == 0;
    if (made > 0 && !sink(std::string_view(piece, made))) {
      failed_ = true;
      return false;
    }
    if (rc == Z_STREAM_END) complete_ = true;
    if (rc == Z_BUF_ERROR) break;  // no progress without more input
  }
  return true;
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
