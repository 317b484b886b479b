// A counting allocator for the benchmark binary: alloc_count.cc replaces the
// global operator new/delete (every form) with ones that count calls and
// forward to malloc/free. Linked into verdict_bench only, never into the
// library. Thread safety: the counter is a relaxed atomic.
#ifndef VERDICT_BENCH_ALLOC_COUNT_H_
#define VERDICT_BENCH_ALLOC_COUNT_H_

#include <cstdint>

namespace verdict_bench {

// Calls of any operator new since the program started.
uint64_t AllocationCount();

}  // namespace verdict_bench

#endif  // VERDICT_BENCH_ALLOC_COUNT_H_
