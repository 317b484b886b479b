// Per-thread recycling of Value storage (see recycle.h).
#include "src/value/recycle.h"

#include <algorithm>
#include <bit>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace verdict {
namespace {

// Bounds of one thread's pool: free entries per kind, and the biggest
// buffer kept (bigger ones are freed, so one huge record cannot pin memory).
constexpr size_t kMaxPooled = 256;
constexpr size_t kMaxItems = 64;  // capacity of a pooled list or map
constexpr size_t kMaxChars = 1024;
// Control blocks are pooled by size class: 16, 32, ..., 128 bytes.
constexpr size_t kBlockClasses = 8;
constexpr size_t kBlockStep = 16;

struct ThreadPool {
  std::vector<void*> blocks[kBlockClasses];
  std::vector<List> lists;
  std::vector<MapEntries> maps;
  std::vector<std::string> texts;

  ThreadPool() {
    // Reserved once, so that giving storage back never allocates.
    for (auto& b : blocks) b.reserve(kMaxPooled);
    lists.reserve(kMaxPooled);
    maps.reserve(kMaxPooled);
    texts.reserve(kMaxPooled);
  }
  ~ThreadPool() {
    for (auto& b : blocks) {
      for (void* p : b) ::operator delete(p);
    }
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
};

// This thread's pool, and whether it is gone (thread exit). Both trivial,
// so reading them costs no initialisation guard (Pool() is on every list
// a record builds) and they stay readable after the pool was destroyed.
thread_local ThreadPool* t_pool = nullptr;
thread_local bool t_pool_gone = false;

// Owns the pool: created on a thread's first use, destroyed at its exit.
struct PoolOwner {
  PoolOwner() { t_pool = new ThreadPool; }
  ~PoolOwner() {
    // From here on, storage released on this thread is freed as usual
    // (the pooled collections are empty: cleared when they were given).
    ThreadPool* p = t_pool;
    t_pool = nullptr;
    t_pool_gone = true;
    delete p;
  }
  PoolOwner(const PoolOwner&) = delete;
  PoolOwner& operator=(const PoolOwner&) = delete;
};

[[gnu::noinline]] ThreadPool* CreatePool() {
  thread_local PoolOwner owner;
  return t_pool;
}

inline ThreadPool* Pool() {
  if (ThreadPool* p = t_pool) [[likely]]
    return p;
  return t_pool_gone ? nullptr : CreatePool();
}

size_t BlockClass(size_t bytes) {
  return (bytes + kBlockStep - 1) / kBlockStep;
}

void* TakeBlock(size_t bytes) {
  const size_t c = BlockClass(bytes);
  if (c == 0 || c > kBlockClasses) return ::operator new(bytes);
  ThreadPool* p = Pool();
  if (p && !p->blocks[c - 1].empty()) {
    void* b = p->blocks[c - 1].back();
    p->blocks[c - 1].pop_back();
    return b;
  }
  // Every block of a class has the class's full size: any may serve.
  return ::operator new(c * kBlockStep);
}

void GiveBlock(void* b, size_t bytes) noexcept {
  const size_t c = BlockClass(bytes);
  ThreadPool* p = c == 0 || c > kBlockClasses ? nullptr : Pool();
  if (p && p->blocks[c - 1].size() < kMaxPooled) {
    p->blocks[c - 1].push_back(b);
    return;
  }
  ::operator delete(b);
}

// Keeps `c`'s buffer in `pool` (emptied) when it is small enough and the
// pool has room. Emptying first: destroying the items may give nested
// collections back to the pool.
template <typename C>
void Keep(C* c, size_t max_capacity,
          std::vector<C> ThreadPool::* pool_member) noexcept {
  if (c->capacity() == 0 || c->capacity() > max_capacity) return;
  c->clear();
  ThreadPool* p = Pool();
  if (p == nullptr) return;
  auto& pool = p->*pool_member;
  if (pool.size() < kMaxPooled) pool.push_back(std::move(*c));
}

void Reclaim(List* c) noexcept { Keep(c, kMaxItems, &ThreadPool::lists); }
void Reclaim(MapEntries* c) noexcept { Keep(c, kMaxItems, &ThreadPool::maps); }
void Reclaim(std::string* c) noexcept {
  // A string's capacity is never 0 (its inline buffer): only heap buffers
  // are worth keeping.
  if (c->capacity() <= Value::kInlineText) return;
  Keep(c, kMaxChars, &ThreadPool::texts);
}

// The allocator of shared Value storage: control blocks come from the
// thread's block pool, and destroying the shared collection or text keeps
// its buffer (std::allocate_shared destroys through allocator_traits, so
// this destroy() is the one called). The collections are made non-const
// (allocate_shared<List>, then shared as const), so emptying one here
// modifies no const object.
template <typename T>
struct Recycling {
  using value_type = T;
  Recycling() = default;
  template <typename U>
  Recycling(const Recycling<U>&) noexcept {}  // NOLINT: rebinding
  T* allocate(size_t n) { return static_cast<T*>(TakeBlock(n * sizeof(T))); }
  void deallocate(T* b, size_t n) noexcept { GiveBlock(b, n * sizeof(T)); }
  template <typename U>
  void destroy(U* c) noexcept {
    if constexpr (std::is_same_v<U, List> || std::is_same_v<U, MapEntries> ||
                  std::is_same_v<U, std::string>) {
      Reclaim(c);
    }
    c->~U();
  }
  template <typename U>
  bool operator==(const Recycling<U>&) const noexcept {
    return true;
  }
};

// The capacity a taken collection gets for `want` items: a power of two,
// at least 4, for the sizes the pool keeps. Buffers then come in few sizes,
// so a recycled buffer almost always fits the next list (exact sizes would
// pass a 1-item buffer to a 3-item list, which then reallocates). A bigger
// list is never pooled, so it gets exactly what it wants (no rounding up to
// twice its size).
size_t CapacityFor(size_t want) {
  if (want > kMaxItems) return want;
  return std::bit_ceil(std::max<size_t>(want, 4));
}

template <typename C>
C Take(std::vector<C> ThreadPool::* pool_member) {
  ThreadPool* p = Pool();
  if (p == nullptr) return C();
  auto& pool = p->*pool_member;
  if (pool.empty()) return C();
  C c = std::move(pool.back());
  pool.pop_back();
  return c;
}

}  // namespace

std::shared_ptr<const List> Value::ShareList(List&& items) {
  return std::allocate_shared<List>(Recycling<List>(), std::move(items));
}

std::shared_ptr<const MapEntries> Value::ShareEntries(MapEntries&& entries) {
  return std::allocate_shared<MapEntries>(Recycling<MapEntries>(),
                                          std::move(entries));
}

std::shared_ptr<const std::string> Value::ShareText(std::string&& text) {
  return std::allocate_shared<std::string>(Recycling<std::string>(),
                                           std::move(text));
}

Value Value::StringOf(std::string_view text) {
  if (text.size() <= kInlineText) return Value::String(std::string(text));
  std::string s = Take(&ThreadPool::texts);
  s.assign(text);
  return Value::String(std::move(s));
}

namespace recycle {

List TakeList(size_t want) {
  List c = Take(&ThreadPool::lists);
  c.reserve(CapacityFor(want));
  return c;
}

MapEntries TakeEntries(size_t want) {
  MapEntries c = Take(&ThreadPool::maps);
  c.reserve(CapacityFor(want));
  return c;
}

void GiveList(List&& list) {
  Reclaim(&list);
  list = List();
}

size_t PooledForTesting() {
  ThreadPool* p = Pool();
  if (p == nullptr) return 0;
  size_t n = p->lists.size() + p->maps.size() + p->texts.size();
  for (const auto& b : p->blocks) n += b.size();
  return n;
}

}  // namespace recycle
}  // namespace verdict
