// src/serve/inflate.h: gzip and deflate bodies inflate to the original
// bytes however the compressed bytes are split, in pieces of at most 64
// KiB; gzip members may follow one another; broken, cut short or trailing
// data is reported; InflateBody stops at its limit. The compressed data is
// made here by zlib's deflate, the inverse the inflater must undo.
#include "src/io/inflate.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/unit/deflate_util.h"

namespace verdict {
namespace {

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

TEST(InflateTest, PumpStopsAtItsOutputLimitAndResumes) {
  const std::string text = Lines(20000, 5) + std::string(200000, '\n');
  for (bool gzip : {true, false}) {
    const std::string packed = Deflate(text, gzip);
    for (size_t max_out : {1u, 1000u, 65536u}) {
      Inflater z(gzip ? "gzip" : "deflate");
      std::string out, error;
      std::string_view in;
      size_t at = 0, calls = 0;
      // Input in pieces of 777 bytes, taken only when the last is used up
      // and nothing is pending, as a paced reader takes it.
      while (true) {
        if (in.empty() && !z.Pending()) {
          if (at == packed.size()) break;
          in = std::string_view(packed).substr(at, 777);
          at += in.size();
        }
        const size_t before = out.size();
        ASSERT_TRUE(z.Pump(&in, max_out, &out, &error)) << error;
        ASSERT_LE(out.size() - before, max_out);
        ++calls;
        ASSERT_LT(calls, 10u * text.size()) << "no progress";
      }
      EXPECT_TRUE(z.Complete());
      EXPECT_EQ(out, text) << gzip << " " << max_out;
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
