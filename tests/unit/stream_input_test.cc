// src/serve/stream_input.h: a streamed body's lines reach the decider
// exactly as the whole plain body's would, whether plain or compressed and
// however the bytes arrive; compressed bytes are inflated only while the
// answers waiting leave room; broken and cut-short data are reported. The
// decider here answers each line with itself (or "L" for one over the
// record limit), so the expected answers are computed from the body alone.
#include "src/serve/stream_input.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/unit/deflate_util.h"

namespace verdict::serve {
namespace {

constexpr size_t kLimit = 1000;  // the record limit of these tests

// What the decider answers for `lines` (whole lines, or a last one without
// its newline, or the head of a line over the limit: "L" and the line's
// whole length, given as `line_bytes` when only its head is).
void Echo(std::string_view lines, bool, size_t line_bytes, std::string* out) {
  while (!lines.empty()) {
    size_t nl = lines.find('\n');
    std::string_view line = lines.substr(0, nl);
    if (line.size() > kLimit) {
      out->append("L" + std::to_string(line_bytes ? line_bytes : line.size()));
    } else {
      out->append(line);
    }
    out->push_back('\n');
    lines.remove_prefix(nl == std::string_view::npos ? lines.size() : nl + 1);
  }
}

std::string Expected(const std::string& body) {
  std::string out;
  Echo(body, true, 0, &out);
  return out;
}

std::string Gzip(const std::string& text, int level = 6) {
  return Deflate(text, true, level);
}

// Generated lines: short records, empty lines, lines over the limit, and
// no newline at the very end.
std::string Body(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string body;
  for (int i = 0; i < 3000; ++i) {
    switch (rng() % 10) {
      case 0:
        body += "\n";
        break;
      case 1:
        body += std::string(kLimit + rng() % 3000, 'x') + "\n";
        break;
      default:
        body += "{\"n\":" + std::to_string(rng() % 100000) + "}\n";
    }
  }
  return body + "{\"last\":1}";
}

// Sends `wire` in random pieces the way the session does: the next piece
// only once the input is Hungry(), the answers taken (written) only
// sometimes. Returns every answer; checks the room is kept.
std::string Stream(std::string_view coding, const std::string& wire,
                   size_t room, uint64_t seed, size_t* most_waiting) {
  std::mt19937_64 rng(seed);
  StreamInput input(coding, room, kLimit, Echo);
  std::string out, all;
  *most_waiting = 0;
  auto take = [&] {
    *most_waiting = std::max(*most_waiting, out.size());
    all += out;
    out.clear();
  };
  size_t at = 0;
  while (at < wire.size()) {
    while (!input.Hungry()) {
      take();
      EXPECT_TRUE(input.Work(&out)) << input.error();
    }
    size_t n = std::min<size_t>(1 + rng() % 5000, wire.size() - at);
    EXPECT_TRUE(input.Add(std::string_view(wire).substr(at, n), &out))
        << input.error();
    at += n;
    if (rng() % 3 == 0) take();
  }
  while (!input.Hungry()) {
    take();
    EXPECT_TRUE(input.Work(&out));
  }
  EXPECT_TRUE(input.Finish(&out)) << input.error();
  take();
  return all;
}

TEST(StreamInputTest, AnySplitAnswersAsTheWholePlainBody) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const std::string body = Body(seed);
    const std::string want = Expected(body);
    size_t waiting = 0;
    EXPECT_EQ(Stream("", body, 1 << 20, seed, &waiting), want) << seed;
    for (size_t room : {1u, 4096u, 1u << 20}) {
      EXPECT_EQ(Stream("gzip", Gzip(body), room, seed, &waiting), want)
          << seed << " " << room;
    }
  }
}

TEST(StreamInputTest, CompressedBytesWaitForRoom) {
  // 8 MiB of lines from a few KB: inflated whole at once, their answers
  // would all wait together; paced, no more than the room plus one
  // piece's answers (16 KiB in, a line over the limit at most) ever wait.
  const std::string body(8u << 20, '\n');
  const std::string wire = Gzip(body, 9);
  ASSERT_LT(wire.size(), 16u * 1024);
  const size_t room = 64 * 1024;
  size_t waiting = 0;
  EXPECT_EQ(Stream("gzip", wire, room, 7, &waiting), Expected(body));
  EXPECT_LE(waiting, room + 2 * 16 * 1024 + kLimit);
  // The input is not Hungry() while kept bytes wait: the reader pauses.
  StreamInput input("gzip", room, kLimit, Echo);
  std::string out;
  ASSERT_TRUE(input.Add(wire, &out));
  EXPECT_FALSE(input.Hungry());
  EXPECT_GE(out.size(), room);
  out.clear();
  ASSERT_TRUE(input.Work(&out));
  EXPECT_FALSE(out.empty());
}

TEST(StreamInputTest, BrokenAndCutShortDataAreReported) {
  std::string out;
  StreamInput junk("gzip", 1 << 20, kLimit, Echo);
  EXPECT_FALSE(junk.Add("{\"not\":\"gzip\"}\n", &out));
  EXPECT_EQ(junk.error().rfind("the body is", 0), std::string::npos);
  EXPECT_EQ(junk.error().rfind("not valid gzip data (", 0), 0u) << junk.error();
  EXPECT_EQ(out, "");

  const std::string body = Body(9);
  const std::string wire = Gzip(body);
  StreamInput cut("gzip", 1 << 30, kLimit, Echo);
  ASSERT_TRUE(cut.Add(std::string_view(wire).substr(0, wire.size() / 2), &out));
  EXPECT_TRUE(cut.Hungry());
  EXPECT_FALSE(cut.Finish(&out));
  EXPECT_EQ(cut.error(), "cut short: the compressed data ends early");
  EXPECT_EQ(Expected(body).rfind(out, 0), 0u);  // what came is a prefix

  StreamInput throws("", 1 << 20, kLimit,
                     [](std::string_view, bool, size_t, std::string*) {
                       throw std::bad_alloc();
                     });
  EXPECT_FALSE(throws.Add("{}\n", &out));
  EXPECT_EQ(throws.error(), "");
}

// Only the lines that begin the body are fed as its start (where a byte
// order mark may be dropped): the first call, never a later block.
TEST(StreamInputTest, OnlyTheFirstBlockStartsTheBody) {
  std::vector<bool> starts;
  StreamInput input("", 1 << 20, kLimit,
                    [&](std::string_view lines, bool input_start,
                        size_t line_bytes, std::string* out) {
                      starts.push_back(input_start);
                      Echo(lines, input_start, line_bytes, out);
                    });
  std::string out;
  for (const char* piece :
       {"{\"a\":1}\n{\"b\"", ":2}\n", "\xEF\xBB\xBF{}\n", "x"})
    ASSERT_TRUE(input.Add(piece, &out));
  ASSERT_TRUE(input.Finish(&out));
  ASSERT_GE(starts.size(), 3u);
  EXPECT_TRUE(starts[0]);
  for (size_t i = 1; i < starts.size(); ++i) EXPECT_FALSE(starts[i]) << i;
  EXPECT_EQ(out, "{\"a\":1}\n{\"b\":2}\n\xEF\xBB\xBF{}\nx\n");
}

// A line over the limit is answered once it ends, with its whole length
// (without a CR before its newline), in order with the lines around it.
TEST(StreamInputTest, ALineOverTheLimitIsAnsweredWithItsWholeLength) {
  for (const std::string& end : {std::string("\n"), std::string("\r\n")}) {
    StreamInput input("", 1 << 20, kLimit, Echo);
    std::string out;
    const std::string longer(kLimit * 3 + 7, 'y');
    ASSERT_TRUE(input.Add("{\"a\":1}\n" + longer.substr(0, 1500), &out));
    ASSERT_TRUE(input.Add(longer.substr(1500, 1000), &out));
    EXPECT_EQ(out, "{\"a\":1}\n");  // the long line is not answered yet
    ASSERT_TRUE(input.Add(longer.substr(2500) + end + "{\"b\":2}", &out));
    ASSERT_TRUE(input.Finish(&out));
    EXPECT_EQ(out,
              "{\"a\":1}\nL" + std::to_string(longer.size()) + "\n{\"b\":2}\n");
  }
  // Unterminated at the end of the body.
  StreamInput last("", 1 << 20, kLimit, Echo);
  std::string out;
  ASSERT_TRUE(last.Add(std::string(kLimit + 10, 'z'), &out));
  ASSERT_TRUE(last.Add(std::string(5, 'z'), &out));
  ASSERT_TRUE(last.Finish(&out));
  EXPECT_EQ(out, "L" + std::to_string(kLimit + 15) + "\n");
}

}  // namespace
}  // namespace verdict::serve
