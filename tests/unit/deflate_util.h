// Compressing test data with zlib's deflate: the inverse that the
// inflating code under test (src/io/inflate.h and its users) must undo.
// Shared by the unit tests and the inflate fuzzer (fuzz/fuzz_targets.cc).
#ifndef VERDICT_TESTS_UNIT_DEFLATE_UTIL_H_
#define VERDICT_TESTS_UNIT_DEFLATE_UTIL_H_

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace verdict {

// `text` compressed as gzip (window bits 15 + 16) or zlib (15) at `level`
// (0-9). Throws std::runtime_error if zlib fails, which it should not.
inline std::string Deflate(std::string_view text, bool gzip, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + (gzip ? 16 : 0), 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, text.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

}  // namespace verdict

#endif  // VERDICT_TESTS_UNIT_DEFLATE_UTIL_H_
