// src/api/share_pool.h: every share runs once, on its own lane, at once;
// the lowest failing share's exception comes back after all are done;
// workers start on first need and stay. Named *Thread* so that the
// hardening script runs it under ThreadSanitizer too.
#include "src/api/share_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/test_util.h"

namespace verdict {
namespace {

using testing_util::ThreadCount;
using testing_util::ThreadCountDownTo;
using testing_util::ThreadCountSettled;

TEST(SharePoolThreadsTest, EveryShareRunsOnceOnItsOwnLane) {
  SharePool pool(4);
  ASSERT_EQ(pool.Lanes(4), 4u);
  for (size_t shares : {1u, 2u, 3u, 4u}) {
    for (int round = 0; round < 20; ++round) {
      std::vector<int> runs(shares, 0);
      std::vector<std::thread::id> who(shares);
      pool.Run(shares, [&](size_t k) {
        ++runs[k];
        who[k] = std::this_thread::get_id();
      });
      for (size_t k = 0; k < shares; ++k) EXPECT_EQ(runs[k], 1) << k;
      EXPECT_EQ(who[0], std::this_thread::get_id());
      for (size_t k = 1; k < shares; ++k) {
        for (size_t j = 0; j < k; ++j) EXPECT_NE(who[k], who[j]);
      }
    }
  }
}

TEST(SharePoolThreadsTest, SharesRunAtTheSameTime) {
  // Each share waits (a generous, bounded while) until every share has
  // started: shares run one after another would each see fewer.
  SharePool pool(3);
  ASSERT_EQ(pool.Lanes(3), 3u);
  std::atomic<int> started{0};
  std::vector<int> saw(3, 0);
  pool.Run(3, [&](size_t k) {
    started.fetch_add(1);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (started.load() < 3 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
    saw[k] = started.load();
  });
  EXPECT_EQ(saw, std::vector<int>({3, 3, 3}));
}

TEST(SharePoolThreadsTest, LanesAreBoundedAndStartOnlyWhenWanted) {
  const size_t before = ThreadCountSettled();
  {
    SharePool pool(3);
    EXPECT_EQ(ThreadCount(), before);  // none until wanted
    EXPECT_EQ(pool.Lanes(1), 1u);
    EXPECT_EQ(ThreadCount(), before);  // lane 0 is the caller
    EXPECT_EQ(pool.Lanes(2), 2u);
    EXPECT_EQ(ThreadCount(), before + 1);
    EXPECT_EQ(pool.Lanes(10), 3u);  // at most max_lanes
    EXPECT_EQ(ThreadCount(), before + 2);
    EXPECT_EQ(pool.Lanes(2), 3u);  // workers stay
    pool.Run(3, [](size_t) {});
    EXPECT_EQ(ThreadCount(), before + 2);
  }
  EXPECT_EQ(ThreadCountDownTo(before), before);  // joined
  SharePool one(0);                              // below 1 counts as 1
  EXPECT_EQ(one.Lanes(5), 1u);
  int ran = 0;
  one.Run(4, [&](size_t k) { ran += static_cast<int>(k) + 1; });
  EXPECT_EQ(ran, 1);  // more shares than lanes: only the lanes there are
}

TEST(SharePoolThreadsTest, TheLowestFailingShareIsRethrownAfterAllAreDone) {
  SharePool pool(4);
  ASSERT_EQ(pool.Lanes(4), 4u);
  std::vector<std::atomic<int>> done(4);
  try {
    pool.Run(4, [&](size_t k) {
      done[k] = 1;
      if (k == 3) throw std::runtime_error("share 3");
      if (k == 1) throw std::runtime_error("share 1");
    });
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "share 1");
  }
  for (auto& d : done) EXPECT_EQ(d.load(), 1);
  // The failure is not kept for the next run.
  int sum = 0;
  std::vector<int> each(4, 0);
  pool.Run(4, [&](size_t k) { each[k] = static_cast<int>(k); });
  for (int v : each) sum += v;
  EXPECT_EQ(sum, 0 + 1 + 2 + 3);
  try {
    pool.Run(2, [&](size_t k) {
      if (k == 0) throw std::invalid_argument("share 0");
    });
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "share 0");
  }
}

}  // namespace
}  // namespace verdict
