// Compressed request bodies (`Content-Encoding: gzip` or `deflate`),
// inflated with zlib as they arrive: a BSS system sending a large NDJSON
// batch over a slow link may compress it. Output is handed on in bounded
// pieces, so a small body that inflates to gigabytes (a "zip bomb") costs
// no more memory than a plain one; the caller applies its own limits.
#ifndef VERDICT_SRC_IO_INFLATE_H_
#define VERDICT_SRC_IO_INFLATE_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace verdict {

// The two bytes every gzip stream starts with (RFC 1952): how a gzip file
// (GzipInput) and gzip data where JSON Lines were expected
// (LineChunkReader) are recognised.
inline constexpr char kGzipMagic[2] = {'\x1f', '\x8b'};
// Why an input whose inflated bytes start with kGzipMagic is refused, as a
// predicate of "the input is ...".
inline constexpr char kGzipInGzip[] =
    "gzip data inside gzip data: decompress it once first (zcat FILE | ...)";

class Inflater {
 public:
  // Whether `coding` (a Content-Encoding token, lower case) is one this
  // inflates: "gzip", "x-gzip" (members may follow one another) or
  // "deflate" (the zlib format, RFC 9110).
  static bool Supports(std::string_view coding);

  // `coding` must be one Supports() accepts. Throws std::bad_alloc when
  // zlib cannot allocate its state.
  explicit Inflater(std::string_view coding);
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Inflates `in`, the next bytes of the body, handing the output to
  // `sink` in pieces of at most 64 KiB. Returns false when the data is not
  // valid compressed data (then *error says why, as a predicate of "the
  // body is ...": "not valid gzip data (incorrect header check)") or when
  // `sink` returned false (then *error is empty); the Inflater is then
  // spent.
  bool Feed(std::string_view in,
            const std::function<bool(std::string_view)>& sink,
            std::string* error);

  // Inflates from the front of *in, removing what it consumed, and appends
  // at most `max_out` bytes to *out: the form for a reader that must pause
  // while its output waits (see Pending()). Returns false when the data is
  // not valid compressed data (*error as Feed's); the Inflater is then
  // spent. Stops when *in is used up, `max_out` bytes were made, or zlib
  // can make no progress without more input.
  bool Pump(std::string_view* in, size_t max_out, std::string* out,
            std::string* error);
  // Pump() into `room` bytes at `to` (a reader's own buffer), setting *made
  // to how many it wrote there.
  bool PumpInto(std::string_view* in, char* to, size_t room, size_t* made,
                std::string* error);

  // Whether the last Pump() stopped at its `max_out`, so zlib may hold
  // more output even with no input left: call Pump() again.
  bool Pending() const { return full_; }

  // Whether the bytes fed so far end a whole compressed stream: false when
  // the body was cut short.
  bool Complete() const { return complete_; }

 private:
  struct Stream;  // zlib's z_stream, kept out of this header
  std::unique_ptr<Stream> z_;
  bool gzip_;
  bool complete_ = false;
  bool failed_ = false;
  bool full_ = false;
};

// Inflates a whole body of `coding`; false with *error (a predicate, as
// Feed's: "cut short: the compressed data ends early") when it is not valid
// compressed data or cut short, or with *too_large set when it inflates to
// more than `limit` bytes (inflating stops there).
bool InflateBody(std::string_view coding, std::string_view body, size_t limit,
                 std::string* out, std::string* error, bool* too_large);

}  // namespace verdict

#endif  // VERDICT_SRC_IO_INFLATE_H_
