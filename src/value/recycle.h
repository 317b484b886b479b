// Recycled storage for the collections and long texts that Values share, so
// that deciding a record reuses the storage of the records before it instead
// of allocating: a list built for record N goes back to this thread's pool
// when its last Value is destroyed (after the decision was written or
// converted), and record N + 1 builds its list in the same buffer.
//
// What is recycled: the shared control blocks of lists, maps and long texts
// (Value::ListOf, Value::MapOf, texts over 15 characters), and the buffers of
// those lists, maps and texts, up to a bounded size and count per thread
// (recycle.cc: 256 of each kind; lists and maps of up to 64 items, texts of
// up to 1,024 bytes); anything bigger or beyond the count is freed as usual,
// so a pool never holds more than about 2 MB per thread.
//
// Thread safety: each thread has its own pool; nothing is shared, nothing is
// locked. Storage may be released on another thread than the one that took
// it (a Decision handed to a worker): it then joins that thread's pool.
// After a thread's pool is destroyed (thread exit), everything released on
// that thread is freed as usual.
//
// The reference for what is recycled is plain allocation: recycling changes
// where storage comes from, never a value; value_test and recycle_test check
// that, and bench/policy_bench.cc counts the allocations per record.
#ifndef VERDICT_SRC_VALUE_RECYCLE_H_
#define VERDICT_SRC_VALUE_RECYCLE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "verdict/value.h"

namespace verdict::recycle {

// An empty list whose buffer (when the pool has one) holds at least the
// capacity of an earlier list; reserves `want` items either way.
List TakeList(size_t want);

// As TakeList(), for the entries of a map.
MapEntries TakeEntries(size_t want);

// Gives a list that never became a Value (a scratch vector) back to the pool.
void GiveList(List&& list);

// A list for scratch work that takes a buffer from the pool on its first
// use (none when unused) and gives it back when it goes out of scope. Not
// copyable; one thread.
class ScratchList {
 public:
  ScratchList() = default;
  ~ScratchList() {
    if (items_.capacity() != 0) GiveList(std::move(items_));
  }
  ScratchList(const ScratchList&) = delete;
  ScratchList& operator=(const ScratchList&) = delete;
  List& operator*() { return Used(); }
  List* operator->() { return &Used(); }

 private:
  List& Used() {
    if (items_.capacity() == 0) items_ = TakeList(0);
    return items_;
  }
  List items_;
};

// How many collections and texts this thread's pool holds now (tests).
size_t PooledForTesting();

}  // namespace verdict::recycle

#endif  // VERDICT_SRC_VALUE_RECYCLE_H_
