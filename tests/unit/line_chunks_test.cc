// src/io/line_chunks.h: the lines of gzip input (as a pipe gives it) are
// the lines of its inflated text, whatever the chunk size; the spool gets
// the inflated text; broken or cut-short data is reported after the lines
// before it; gzip inside gzip is refused. The reference for the lines is
// the same reader over the plain text.
#include "src/io/line_chunks.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "src/io/json_records.h"
#include "tests/unit/deflate_util.h"

namespace verdict {
namespace {

std::string TempFile(const std::string& name, const std::string& bytes) {
  std::string path =
      (std::filesystem::temp_directory_path() /
       ("verdict_lines_" + std::to_string(getpid()) + "_" + name))
          .string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Every line `bytes` gives through a reader of `chunk` bytes, and the
// error that ended reading ("" when none).
struct Read {
  std::vector<std::string> lines;
  std::string error;
  std::string teed;
};

Read ReadLines(const std::string& bytes, size_t chunk) {
  const std::string path = TempFile("in", bytes);
  const std::string tee_path = TempFile("tee", "");
  int fd = ::open(path.c_str(), O_RDONLY);
  int tee = ::open(tee_path.c_str(), O_WRONLY | O_TRUNC);
  Read r;
  {
    LineChunkReader reader(fd, chunk);
    reader.TeeTo(tee);
    std::vector<std::string_view> block;
    try {
      while (reader.Next(&block)) {
        for (auto line : block) r.lines.emplace_back(line);
      }
    } catch (const std::runtime_error& e) {
      r.error = e.what();
    }
  }
  ::close(fd);
  ::close(tee);
  std::ifstream in(tee_path, std::ios::binary);
  r.teed.assign(std::istreambuf_iterator<char>(in), {});
  std::filesystem::remove(path);
  std::filesystem::remove(tee_path);
  return r;
}

// Generated JSON-ish lines (fixed seed): some long, some ending in CRLF,
// a byte order mark first and no newline after the last.
std::string Text(size_t lines) {
  std::mt19937 rng(7);
  std::string text = "\xEF\xBB\xBF";
  for (size_t i = 0; i < lines; ++i) {
    text += "{\"id\":" + std::to_string(i) + ",\"note\":\"";
    text.append(rng() % 5 == 0 ? 3000 + rng() % 2000 : rng() % 40,
                static_cast<char>('a' + rng() % 26));
    text += "\"}";
    if (i + 1 < lines) text += rng() % 3 == 0 ? "\r\n" : "\n";
  }
  return text;
}

TEST(LineChunksTest, GzipInputGivesTheLinesOfItsInflatedText) {
  const std::string text = Text(400);
  const std::string packed = Deflate(text, /*gzip=*/true);
  size_t reached_lines = 0;
  for (size_t chunk : {64, 1000, 1 << 20}) {
    Read plain = ReadLines(text, chunk);
    Read gz = ReadLines(packed, chunk);
    EXPECT_EQ(plain.error, "");
    EXPECT_EQ(gz.error, "") << chunk;
    EXPECT_EQ(gz.lines, plain.lines) << chunk;
    EXPECT_EQ(gz.teed, text) << chunk;  // the spool holds the inflated text
    reached_lines = gz.lines.size();
  }
  EXPECT_EQ(reached_lines, 400u);
  // Two gzip members one after the other: the text of both.
  Read two = ReadLines(packed + Deflate("\n{\"id\":400}\n", true), 100);
  EXPECT_EQ(two.error, "");
  ASSERT_EQ(two.lines.size(), 401u);
  EXPECT_EQ(two.lines.back(), "{\"id\":400}");
  // An empty text compressed: no line at all.
  Read empty = ReadLines(Deflate("", true), 64);
  EXPECT_EQ(empty.error, "");
  EXPECT_TRUE(empty.lines.empty());
}

TEST(LineChunksTest, LinesAreSplitLinesOfTheWholeTextPlainOrGzip) {
  // Differential: generated texts of newlines, carriage returns, a byte
  // order mark now and then and long runs, read in small random chunks,
  // plain and gzip-compressed, against SplitLines() of the whole text.
  std::mt19937 rng(11);
  const std::string alphabet = "ab{}\"\n\n\r";
  size_t with_bom = 0, long_lines = 0;
  for (int round = 0; round < 200; ++round) {
    std::string text = rng() % 4 == 0 ? "\xEF\xBB\xBF" : "";
    with_bom += !text.empty();
    const size_t n = rng() % 600;
    for (size_t i = 0; i < n; ++i) {
      if (rng() % 50 == 0) {
        text.append(100 + rng() % 400, 'x');  // longer than small chunks
        ++long_lines;
      } else {
        text += alphabet[rng() % alphabet.size()];
      }
    }
    std::vector<std::string> want;
    for (auto line : SplitLines(text)) want.emplace_back(line);
    const size_t chunk = 64 + rng() % 200;
    Read plain = ReadLines(text, chunk);
    ASSERT_EQ(plain.error, "") << round;
    ASSERT_EQ(plain.lines, want) << round;
    // Text starting with gzip's magic cannot be plain (it would be taken
    // for gzip); this alphabet never starts so.
    Read gz =
        ReadLines(Deflate(text, true, static_cast<int>(rng() % 10)), chunk);
    ASSERT_EQ(gz.error, "") << round;
    ASSERT_EQ(gz.lines, want) << round;
    ASSERT_EQ(gz.teed, text) << round;
  }
  EXPECT_GT(with_bom, 20u);
  EXPECT_GT(long_lines, 100u);
}

TEST(LineChunksTest, BrokenGzipIsReportedAfterTheLinesBeforeIt) {
  const std::string text = Text(400);
  const std::string packed = Deflate(text, true);
  Read whole = ReadLines(text, 1000);
  // Cut short: some lines first, then the reason.
  Read cut = ReadLines(packed.substr(0, packed.size() / 2), 1000);
  EXPECT_EQ(cut.error,
            "the input is cut short: the compressed data ends early");
  EXPECT_GT(cut.lines.size(), 10u);
  EXPECT_LT(cut.lines.size(), whole.lines.size());
  for (size_t i = 0; i < cut.lines.size(); ++i)
    ASSERT_EQ(cut.lines[i], whole.lines[i]) << i;
  // Corrupt in the middle: zlib's reason.
  std::string corrupt = packed;
  for (size_t i = corrupt.size() / 2; i < corrupt.size() / 2 + 64; ++i)
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  Read bad = ReadLines(corrupt, 1000);
  EXPECT_EQ(bad.error.rfind("the input is not valid gzip data", 0), 0u)
      << bad.error;
  // Only the magic bytes: cut short, no line.
  Read magic = ReadLines("\x1f\x8b", 64);
  EXPECT_EQ(magic.error,
            "the input is cut short: the compressed data ends early");
  EXPECT_TRUE(magic.lines.empty());
  // Gzip inside gzip: one clear error, not lines of compressed bytes.
  Read nested = ReadLines(Deflate(packed, true), 1000);
  EXPECT_EQ(nested.error.rfind("the input is gzip data inside gzip data", 0),
            0u)
      << nested.error;
  EXPECT_TRUE(nested.lines.empty());
}

TEST(LineChunksTest, APipeOfGzipIsReadAsItArrives) {
  // A pipe cannot be read ahead: the reader must take the magic bytes from
  // its own first read. Written whole before reading (it fits the pipe).
  const std::string text = Text(20);
  const std::string packed = Deflate(text, true);
  ASSERT_LT(packed.size(), 60000u);
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  ASSERT_EQ(::write(ends[1], packed.data(), packed.size()),
            static_cast<ssize_t>(packed.size()));
  ::close(ends[1]);
  std::vector<std::string> lines;
  {
    LineChunkReader reader(ends[0], 64);
    std::vector<std::string_view> block;
    while (reader.Next(&block)) {
      for (auto line : block) lines.emplace_back(line);
    }
  }
  ::close(ends[0]);
  EXPECT_EQ(lines, ReadLines(text, 64).lines);
  EXPECT_EQ(lines.size(), 20u);
}

}  // namespace
}  // namespace verdict
