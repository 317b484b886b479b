// src/serve/inflate.h: gzip and deflate bodies inflate to the original
// bytes however the compressed bytes are split, in pieces of at most 64
// KiB; gzip members may follow one another; broken, cut short or trailing
// data is reported; InflateBody stops at its limit. The compressed data is
// made here by zlib's deflate, the inverse the inflater must undo.
#include "src/io/inflate.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

namespace verdict {
namespace {

// `text` compressed as gzip (window bits 15 + 16) or zlib (15).
std::string Deflate(const std::string& text, bool gzip) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 15 + (gzip ? 16 : 0), 8,
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

// Feeds `data` to an Inflater in pieces of the given sizes (cycled).
std::string Inflate(std::string_view coding, const std::string& data,
                    const std::vector<size_t>& sizes, bool* complete,
                    std::string* error, size_t* largest_piece) {
  Inflater z(coding);
  std::string out;
  *largest_piece = 0;
  auto sink = [&](std::string_view piece) {
    *largest_piece = std::max(*largest_piece, piece.size());
    out.append(piece);
    return true;
  };
  size_t at = 0, k = 0;
  while (at < data.size()) {
    size_t n = std::min(sizes[k++ % sizes.size()], data.size() - at);
    if (!z.Feed(std::string_view(data).substr(at, n), sink, error)) break;
    at += n;
  }
  *complete = z.Complete();
  return out;
}

std::string Lines(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    text += "{\"customer_id\":\"C" + std::to_string(rng() % 100000) +
            "\",\"arpu\":" + std::to_string(rng() % 50000) + ".5}\n";
  }
  return text;
}

TEST(InflateTest, AnySplitGivesTheOriginalBytesInBoundedPieces) {
  const std::string text = Lines(40000, 1) + std::string(300000, 'x');
  for (bool gzip : {true, false}) {
    const std::string packed = Deflate(text, gzip);
    for (const auto& sizes : std::vector<std::vector<size_t>>{
             {1}, {7, 1, 300}, {4096}, {packed.size()}}) {
      bool complete = false;
      std::string error;
      size_t largest = 0;
      std::string got = Inflate(gzip ? "gzip" : "deflate", packed, sizes,
                                &complete, &error, &largest);
      EXPECT_EQ(error, "");
      EXPECT_TRUE(complete);
      EXPECT_EQ(got, text) << gzip << " " << sizes[0];
      EXPECT_LE(largest, 64u * 1024);
    }
  }
}

TEST(InflateTest, GzipMembersFollowOneAnother) {
  const std::string a = Lines(100, 2), b = Lines(50, 3);
  const std::string packed = Deflate(a, true) + Deflate(b, true);
  bool complete = false;
  std::string error;
  size_t largest = 0;
  EXPECT_EQ(Inflate("x-gzip", packed, {13}, &complete, &error, &largest),
            a + b);
  EXPECT_TRUE(complete);
  // A zlib stream takes nothing after its end.
  const std::string zlib = Deflate(a, false) + "junk";
  EXPECT_EQ(
      Inflate("deflate", zlib, {zlib.size()}, &complete, &error, &largest), a);
  EXPECT_EQ(error, "followed by data after the end of the deflate stream");
}

TEST(InflateTest, BrokenCutShortAndTooLargeBodiesAreReported) {
  const std::string text = Lines(2000, 4);
  const std::string packed = Deflate(text, true);
  std::string out, error;
  bool too_large = false;
  EXPECT_TRUE(
      InflateBody("gzip", packed, text.size(), &out, &error, &too_large));
  EXPECT_EQ(out, text);
  out.clear();
  EXPECT_FALSE(
      InflateBody("gzip", packed, text.size() - 1, &out, &error, &too_large));
  EXPECT_TRUE(too_large);
  EXPECT_LE(out.size(), text.size() - 1);
  out.clear();
  EXPECT_FALSE(InflateBody("gzip", packed.substr(0, packed.size() / 2), 1 << 30,
                           &out, &error, &too_large));
  EXPECT_FALSE(too_large);
  EXPECT_EQ(error, "cut short: the compressed data ends early");
  out.clear();
  EXPECT_FALSE(InflateBody("gzip", "{\"not\": \"gzip\"}", 1 << 30, &out, &error,
                           &too_large));
  EXPECT_EQ(error.rfind("not valid gzip data (", 0), 0u) << error;
  std::string flipped = Deflate(text, false);
  flipped[flipped.size() / 2] ^= 0x55;
  out.clear();
  EXPECT_FALSE(
      InflateBody("deflate", flipped, 1 << 30, &out, &error, &too_large));
  EXPECT_NE(error, "");
  EXPECT_TRUE(Inflater::Supports("gzip") && Inflater::Supports("x-gzip") &&
              Inflater::Supports("deflate"));
  EXPECT_FALSE(Inflater::Supports("br") || Inflater::Supports("identity") ||
               Inflater::Supports("GZIP"));
}

}  // namespace
}  // namespace verdict
