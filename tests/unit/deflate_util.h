// Compressing test data with zlib's deflate: the inverse that the
// inflating code under test (src/io/inflate.h and its users) must undo.
#ifndef VERDICT_TESTS_UNIT_DEFLATE_UTIL_H_
#define VERDICT_TESTS_UNIT_DEFLATE_UTIL_H_

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace verdict {

// `text` compressed as gzip (window bits 15 + 16) or zlib (15) at `level`.
inline std::string Deflate(const std::string& text, bool gzip, int level = 6) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, 15 + (gzip ? 16 : 0), 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&zs, text.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace verdict

#endif  // VERDICT_TESTS_UNIT_DEFLATE_UTIL_H_
