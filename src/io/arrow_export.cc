// See arrow_export.h.
#include "src/io/arrow_export.h"

#include <map>
#include <mutex>
#include <unordered_set>
#include <utility>

namespace verdict {

namespace {

using Bytes = std::vector<uint8_t>;

// What an exported array owns; freed by ReleaseArray.
struct OwnedArray {
  std::vector<Bytes> buffers;
  std::vector<const void*> ptrs;
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_ptrs;
};

// Large buffers of released arrays, kept for ExportBuffer() (by
// capacity): a column of a million rows is tens of megabytes, and fresh
// pages cost the kernel a fault and a zeroing each (measured: a quarter of
// a columnar decide's time). Bounded, so that a process keeps at most
// kPoolBytes it does not use.
constexpr size_t kPooledAtLeast = size_t{1} << 20;
constexpr size_t kPoolBytes = size_t{512} << 20;

struct Pool {
  std::mutex mu;
  std::multimap<size_t, Bytes> free;
  size_t bytes = 0;
  // The buffers ExportBuffer() handed out: only these come back (a
  // builder's buffers go back to the allocator, for the next builder).
  std::unordered_set<const void*> out;
};

Pool& ThePool() {
  static Pool* pool = new Pool;  // never destroyed: released arrays may
                                 // outlive static destruction
  return *pool;
}

}  // namespace

void RecycleBuffer(Bytes&& b) {
  const size_t cap = b.capacity();
  if (cap < kPooledAtLeast) return;
  Pool& pool = ThePool();
  std::lock_guard<std::mutex> lock(pool.mu);
  if (pool.out.erase(b.data()) == 0 || pool.bytes + cap > kPoolBytes) return;
  pool.bytes += cap;
  pool.free.emplace(cap, std::move(b));
}

namespace {

void ReleaseArray(ArrowArray* a) {
  auto* o = static_cast<OwnedArray*>(a->private_data);
  for (ArrowArray& c : o->children) {
    if (c.release) c.release(&c);
  }
  for (Bytes& b : o->buffers) RecycleBuffer(std::move(b));
  delete o;
  a->release = nullptr;
}

}  // namespace

Bytes ExportBuffer(size_t size) {
  if (size < kPooledAtLeast) return Bytes(size);
  Pool& pool = ThePool();
  Bytes b;
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    // The smallest that fits, unless it is much bigger than asked for.
    auto it = pool.free.lower_bound(size);
    if (it != pool.free.end() && it->first <= 2 * size) {
      b = std::move(it->second);
      pool.bytes -= it->first;
      pool.free.erase(it);
    }
  }
  // Within its capacity: no new pages (only a longer size zeroes its tail).
  b.resize(size);
  std::lock_guard<std::mutex> lock(pool.mu);
  pool.out.insert(b.data());
  return b;
}

void ExportBuffers(int64_t length, int64_t null_count,
                   std::vector<Bytes> buffers, std::vector<ArrowArray> children,
                   ArrowArray* out) {
  auto* o = new OwnedArray;
  o->buffers = std::move(buffers);
  for (size_t i = 0; i < o->buffers.size(); ++i) {
    bool absent = i == 0 && (null_count == 0 || o->buffers[0].empty());
    o->ptrs.push_back(absent ? nullptr : o->buffers[i].data());
  }
  o->children = std::move(children);
  for (ArrowArray& c : o->children) o->child_ptrs.push_back(&c);
  *out = ArrowArray{length,
                    null_count,
                    0,
                    static_cast<int64_t>(o->ptrs.size()),
                    static_cast<int64_t>(o->children.size()),
                    o->ptrs.data(),
                    o->child_ptrs.empty() ? nullptr : o->child_ptrs.data(),
                    nullptr,
                    &ReleaseArray,
                    o};
}

namespace {

struct OwnedSchema {
  std::string format, name;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_ptrs;
};

void ReleaseSchema(ArrowSchema* s) {
  auto* o = static_cast<OwnedSchema*>(s->private_data);
  for (ArrowSchema& c : o->children) {
    if (c.release) c.release(&c);
  }
  delete o;
  s->release = nullptr;
}

}  // namespace

void ExportSchema(std::string format, const std::string& name,
                  std::vector<ArrowSchema> children, ArrowSchema* out) {
  auto* o = new OwnedSchema{std::move(format), name, std::move(children), {}};
  for (ArrowSchema& c : o->children) o->child_ptrs.push_back(&c);
  *out = ArrowSchema{o->format.c_str(),
                     o->name.c_str(),
                     nullptr,
                     ARROW_FLAG_NULLABLE,
                     static_cast<int64_t>(o->children.size()),
                     o->child_ptrs.empty() ? nullptr : o->child_ptrs.data(),
                     nullptr,
                     &ReleaseSchema,
                     o};
}

namespace {

struct SharedZeros {
  std::shared_ptr<const Bytes> zeros;
  const void* ptrs[3];
};

void ReleaseSharedZeros(ArrowArray* a) {
  delete static_cast<SharedZeros*>(a->private_data);
  a->release = nullptr;
}

}  // namespace

void ExportNullUtf8(int64_t length, std::shared_ptr<const Bytes> zeros,
                    ArrowArray* out) {
  auto* o = new SharedZeros{std::move(zeros), {}};
  const void* p = o->zeros->data();
  o->ptrs[0] = o->ptrs[1] = o->ptrs[2] = p;
  *out = ArrowArray{
      length, length, 0, 3, 0, o->ptrs, nullptr, nullptr, &ReleaseSharedZeros,
      o};
}

void ExportStruct(std::vector<ArrowArray>& columns, int64_t length,
                  ArrowArray* out) {
  std::vector<Bytes> bufs(1);
  ExportBuffers(length, 0, std::move(bufs), std::move(columns), out);
  columns.clear();
}

void ExportStructSchema(std::vector<ArrowSchema>& fields, ArrowSchema* out) {
  ExportSchema("+s", "", std::move(fields), out);
  fields.clear();
}

}  // namespace verdict
