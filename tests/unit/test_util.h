// Helpers for tests that write small packs to a temporary folder.
#ifndef VERDICT_TESTS_UNIT_TEST_UTIL_H_
#define VERDICT_TESTS_UNIT_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "verdict/engine.h"

namespace verdict::testing_util {

// A fresh folder under the system temp dir holding `files` (name -> text).
// The process id keeps tests that ctest runs in parallel apart.
inline std::string WritePack(const std::string& name,
                             const std::map<std::string, std::string>& files) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("verdict_test_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [file, text] : files) {
    fs::create_directories((dir / file).parent_path());
    std::ofstream(dir / file) << text;
  }
  return dir.string();
}

// Loads the pack WritePack(name, files) writes, with `options`; every
// diagnostic (warnings too) fails the calling test. Null when the pack did
// not load.
inline std::shared_ptr<const Pack> LoadCleanPack(
    const std::string& name, const std::map<std::string, std::string>& files,
    const LoadOptions& options = {}) {
  LoadResult r = Pack::Load(WritePack(name, files), options);
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  return r.pack;
}

inline std::string RulesDir() { return VERDICT_SOURCE_DIR "/rules/bss"; }

// This process's threads, as /proc lists them.
inline size_t ThreadCount() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++n;
  }
  return n;
}

// This process's threads once the count has held still for 200 ms (then the
// count as it is, after 10 s at most): the baseline a test counts its own
// threads from. A thread an earlier test joined can still be listed for a
// moment, and a baseline that includes it is one too high.
inline size_t ThreadCountSettled() {
  size_t last = ThreadCount();
  int same = 0;
  for (int i = 0; i < 2000 && same < 40; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const size_t n = ThreadCount();
    same = n == last ? same + 1 : 0;
    last = n;
  }
  return last;
}

// This process's threads once they are down to `want`, waiting up to 10 s
// (then the count as it is): a joined thread can stay listed in
// /proc/self/task a moment after pthread_join returns, as the kernel wakes
// the joiner before it removes the task. A count that goes up is exact at
// once (pthread_create returns after the task exists).
inline size_t ThreadCountDownTo(size_t want) {
  for (int i = 0; i < 1000; ++i) {
    const size_t n = ThreadCount();
    if (n <= want) return n;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ThreadCount();
}

// Every diagnostic of `r`, one "file:line:col: severity: message" a line.
inline std::string DiagnosticsText(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  return out;
}

// A small first-hit policy: `tier` high from an arpu of 60, else low.
inline constexpr const char* kTierPolicy = R"(policy: tier
record: customer
fields:
  customer_id: string
  arpu: money
outputs:
  tier: enum(high, low)
decisions:
  - id: tier
    hit: first
    rules:
      - id: high
        when: customer.arpu >= 60
        then: {tier: high}
      - id: low
        then: {tier: low}
)";

// A calendar with weekends only, for small test packs.
inline constexpr const char* kWeekendCalendar =
    "calendar: c\nweekend: [saturday, sunday]\nholidays: []\nworkdays: []\n";

// Whether tests/CATALOGUE.md shows `text` as a code span (`text`): tests
// that assert a catalogued message check the catalogue shows it verbatim.
inline bool InCatalogue(const std::string& text) {
  std::ifstream in(VERDICT_SOURCE_DIR "/tests/CATALOGUE.md");
  std::string doc{std::istreambuf_iterator<char>(in), {}};
  return doc.find("`" + text + "`") != std::string::npos;
}

}  // namespace verdict::testing_util

#endif  // VERDICT_TESTS_UNIT_TEST_UTIL_H_
