// Replays every input the fuzzers found (fuzz/regressions/TARGET/*) and the
// seed corpora (fuzz/corpus/TARGET/*) through the fuzz target bodies, so a
// crash, sanitizer report or broken property the fuzzers once hit stays fixed
// under every compiler and sanitizer the unit tests are built with.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> InputsOf(const std::string& kind,
                               const std::string& target) {
  std::vector<fs::path> out;
  fs::path dir = fs::path(VERDICT_SOURCE_DIR) / "fuzz" / kind / target;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class FuzzReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzReplay, RegressionsAndCorpusRunClean) {
  verdict::fuzz::Target run = verdict::fuzz::TargetNamed(GetParam());
  ASSERT_NE(run, nullptr);
  size_t replayed = 0;
  for (const char* kind : {"regressions", "corpus"}) {
    for (const fs::path& p : InputsOf(kind, GetParam())) {
      SCOPED_TRACE(p.string());
      run(Read(p));  // aborts (and so fails) on a broken property
      ++replayed;
    }
  }
  // The seed corpus is committed; an empty replay means a wrong path.
  EXPECT_GT(replayed, 0u);
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay,
                         ::testing::Values("expression", "records", "pack",
                                           "inflate"));

}  // namespace
