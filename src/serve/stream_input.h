// The body of a streamed NDJSON decide turned into answer lines as it
// arrives: plain bytes are split into lines and decided at once; compressed
// bytes (`Content-Encoding: gzip` or `deflate`) are kept and inflated only
// while the answers waiting to be written leave room, so a small body that
// inflates to gigabytes is decided in the same bounded memory as a plain
// one (the reader pauses while Hungry() is false). Not thread-safe: one
// request's session at a time.
#ifndef VERDICT_SRC_SERVE_STREAM_INPUT_H_
#define VERDICT_SRC_SERVE_STREAM_INPUT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "src/io/inflate.h"

namespace verdict::serve {

class StreamInput {
 public:
  // Decides whole lines (or the body's last, unterminated line, or the
  // first limit+1 bytes of a line over the record limit, once the line has
  // ended: `line_bytes` is then its whole length, else 0) and appends their
  // answers to *out. May throw (std::bad_alloc): Add(), Work() and Finish()
  // then report a failure with an empty error(). `input_start`: the lines
  // begin the body (only the first call).
  using Feed = std::function<void(std::string_view lines, bool input_start,
                                  size_t line_bytes, std::string* out)>;

  // `coding`: a Content-Encoding Inflater::Supports(), or "" for plain
  // bytes. `room`: inflating stops while *out holds this many bytes.
  // `record_limit`: the longest line decided whole.
  StreamInput(std::string_view coding, size_t room, size_t record_limit,
              Feed feed);

  // Takes the next bytes of the body as read and decides what it can into
  // *out (see Work()). False when the body is broken or deciding failed.
  bool Add(std::string_view raw, std::string* out);
  // Inflates kept bytes and decides their lines while *out has room. False
  // when they are not valid compressed data (error() says why, as a
  // predicate of "the body is ...") or deciding failed (error() empty).
  bool Work(std::string* out);
  // Whether every byte added so far has been decided (but for an
  // unterminated last line): the reader may read more.
  bool Hungry() const;
  // After the body's last bytes, once Hungry(): decides the unterminated
  // last line. False as Work(), or when compressed data ends early ("cut
  // short: the compressed data ends early").
  bool Finish(std::string* out);

  const std::string& error() const { return error_; }

 private:
  // Splits plain bytes into lines and decides the complete ones.
  bool Absorb(std::string_view data, std::string* out);
  bool Decide(std::string_view lines, std::string* out, size_t line_bytes = 0);

  size_t room_, record_limit_;
  bool fed_ = false;  // whether any lines were decided yet
  Feed feed_;
  std::unique_ptr<Inflater> inflater_;  // null: plain bytes
  std::string packed_;                  // compressed bytes not yet inflated
  size_t packed_used_ = 0;              // of packed_, already inflated
  std::string piece_;                   // one inflated piece
  std::string pending_;                 // the line begun, not yet ended
  // Inside a line over the limit: its first limit+1 bytes, its length so
  // far (without a final CR), and whether the last byte seen was a CR. It
  // is answered once it ends, with its whole length, as `verdict eval`
  // words it.
  bool skipping_ = false;
  std::string head_;
  size_t over_bytes_ = 0;
  bool over_cr_ = false;
  bool DecideOver(std::string* out);
  std::string error_;
};

}  // namespace verdict::serve

#endif  // VERDICT_SRC_SERVE_STREAM_INPUT_H_
