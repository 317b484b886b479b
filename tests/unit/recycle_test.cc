// Recycled Value storage (src/value/recycle.h): buffers are reused, values
// never change, bounds hold, and storage may cross threads.
#include "src/value/recycle.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

namespace verdict {
namespace {

TEST(RecycleTest, AListBufferIsReusedByTheNextList) {
  const Value* first_item = nullptr;
  {
    List items = recycle::TakeList(3);
    for (int i = 0; i < 3; ++i) items.push_back(Value::Int(i));
    Value v = Value::ListOf(std::move(items));
    first_item = v.as_list().data();
  }
  List again = recycle::TakeList(2);
  EXPECT_EQ(again.data(), first_item);
  EXPECT_TRUE(again.empty());
  EXPECT_GE(again.capacity(), 3u);
}

TEST(RecycleTest, ALongTextBufferIsReused) {
  const std::string text(40, 'x');
  const char* chars = nullptr;
  {
    Value v = Value::StringOf(text);
    chars = v.as_string().data();
  }
  Value w = Value::StringOf(std::string(30, 'y'));
  EXPECT_EQ(w.as_string().data(), chars);
  EXPECT_EQ(w.as_string(), std::string(30, 'y'));
}

TEST(RecycleTest, CapacityIsRoundedOnlyForPooledSizes) {
  // On a new thread, whose pool is empty (nothing recycled to reuse).
  std::thread fresh([] {
    EXPECT_EQ(recycle::TakeList(1).capacity(), 4u);
    EXPECT_EQ(recycle::TakeList(5).capacity(), 8u);
    EXPECT_EQ(recycle::TakeEntries(3).capacity(), 4u);
    // Beyond what the pool keeps: exactly the size asked for.
    EXPECT_EQ(recycle::TakeList(1000).capacity(), 1000u);
  });
  fresh.join();
}

TEST(RecycleTest, BigCollectionsAreFreedNotPooled) {
  const size_t before = recycle::PooledForTesting();
  {
    List items;
    items.reserve(1000);
    items.resize(1000, Value::Int(1));
    Value v = Value::ListOf(std::move(items));
  }
  // The control block is pooled; the 1,000-item buffer is not.
  EXPECT_LE(recycle::PooledForTesting(), before + 1);
}

// A random nested value and the text it must print, built from the same
// random choices but without Values (the reference).
Value Build(std::mt19937& rng, int depth, std::string* expected) {
  switch (depth > 2 ? 0 : rng() % 4) {
    case 0: {
      int64_t n = static_cast<int64_t>(rng() % 1000);
      *expected += std::to_string(n);
      return Value::Int(n);
    }
    case 1: {
      std::string s(rng() % 40, static_cast<char>('a' + rng() % 26));
      *expected += "\"" + s + "\"";
      return Value::StringOf(s);
    }
    case 2: {
      List items = recycle::TakeList(rng() % 3);
      size_t n = rng() % 6;
      *expected += "[";
      for (size_t i = 0; i < n; ++i) {
        if (i) *expected += ", ";
        items.push_back(Build(rng, depth + 1, expected));
      }
      *expected += "]";
      return Value::ListOf(std::move(items));
    }
    default: {
      MapEntries entries = recycle::TakeEntries(1);
      size_t n = rng() % 4;
      *expected += "{";
      for (size_t i = 0; i < n; ++i) {
        if (i) *expected += ", ";
        std::string key = "k" + std::to_string(i);
        *expected += "\"" + key + "\": ";
        entries.emplace_back(Value::String(key),
                             Build(rng, depth + 1, expected));
      }
      *expected += "}";
      return Value::MapOf(std::move(entries));
    }
  }
}

// Values built while others are released (their storage recycled under
// them) keep exactly what they were built with.
TEST(RecycleTest, RecycledStorageNeverChangesALiveValue) {
  std::mt19937 rng(42);
  std::vector<std::pair<Value, std::string>> live;
  for (int step = 0; step < 20000; ++step) {
    if (!live.empty() && rng() % 2) {
      size_t k = rng() % live.size();
      ASSERT_EQ(live[k].first.DebugString(), live[k].second) << step;
      live.erase(live.begin() + static_cast<long>(k));
      continue;
    }
    std::string expected;
    Value v = Build(rng, 0, &expected);
    ASSERT_EQ(v.DebugString(), expected) << step;
    if (rng() % 3 == 0 && !live.empty()) {
      // Share a live value into the new one's place too.
      live.push_back(live[rng() % live.size()]);
    }
    live.emplace_back(std::move(v), std::move(expected));
  }
  for (const auto& [v, text] : live) EXPECT_EQ(v.DebugString(), text);
}

TEST(RecycleTest, StorageReleasedOnAnotherThreadOrAfterItsThreadEnded) {
  std::vector<Value> made;
  std::thread maker([&] {
    for (int i = 0; i < 1000; ++i) {
      List items = recycle::TakeList(2);
      items.push_back(Value::StringOf(std::string(20 + i % 7, 'q')));
      made.push_back(Value::ListOf(std::move(items)));
    }
  });
  maker.join();  // its pool is gone; its values live on
  std::thread releaser([&] {
    for (size_t i = 0; i < made.size(); i += 2) made[i] = Value();
    List items = recycle::TakeList(1);  // from this thread's pool
    items.push_back(Value::Int(7));
    EXPECT_EQ(Value::ListOf(std::move(items)).DebugString(), "[7]");
  });
  releaser.join();
  for (size_t i = 1; i < made.size(); i += 2) {
    ASSERT_EQ(made[i].as_list()[0].as_string(), std::string(20 + i % 7, 'q'));
  }
  made.clear();  // released on this thread
}

TEST(RecycleTest, ScratchListGivesItsBufferBack) {
  const Value* data = nullptr;
  {
    recycle::ScratchList scratch;
    scratch->push_back(Value::Int(1));
    data = scratch->data();
  }
  List next = recycle::TakeList(1);
  EXPECT_EQ(next.data(), data);
}

}  // namespace
}  // namespace verdict
