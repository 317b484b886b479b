// Work split into contiguous shares, run at once on worker threads kept for
// the pool's life: `verdict eval --threads` and Arrow batches decided over
// several cores. Workers start on first need (a small input starts none)
// and stay, so their per-thread Value storage stays warm from one piece of
// work to the next.
#ifndef VERDICT_SRC_API_SHARE_POOL_H_
#define VERDICT_SRC_API_SHARE_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace verdict {

class SharePool {
 public:
  // At most `max_lanes` lanes (values below 1 count as 1): lane 0 is the
  // calling thread, lane k > 0 a worker thread of its own.
  explicit SharePool(int max_lanes);
  // Stops and joins every worker (none may be running a share then: Run()
  // returns only when its shares are done).
  ~SharePool();
  SharePool(const SharePool&) = delete;
  SharePool& operator=(const SharePool&) = delete;

  // Starts workers until there are `wanted` lanes (at most max_lanes) and
  // returns how many there are, at least 1: fewer when the system refuses a
  // thread (then no more are tried). Call between Run()s only.
  size_t Lanes(size_t wanted);

  // Runs share(k) for every k < shares (shares <= Lanes()): share(0) on the
  // calling thread, the others on workers 1..shares-1 at the same time.
  // Returns when all are done; then rethrows the exception of the lowest k
  // that threw, if any. Not reentrant: one Run() at a time.
  void Run(size_t shares, const std::function<void(size_t)>& share);

 private:
  void Work(size_t k);
  void RunOne(size_t k);

  const size_t max_lanes_;
  bool no_more_threads_ = false;
  // The current Run(): written under the mutex before the generation is
  // bumped, read by workers after they see it.
  const std::function<void(size_t)>* share_ = nullptr;
  size_t shares_ = 0;
  std::vector<std::exception_ptr> failed_;  // one per lane
  std::mutex mu_;
  std::condition_variable start_, done_;
  uint64_t generation_ = 0;  // bumped for every Run() with workers
  size_t pending_ = 0;       // workers still running the current shares
  bool stop_ = false;
  std::vector<std::thread> workers_;  // worker k is workers_[k - 1]
};

}  // namespace verdict

#endif  // VERDICT_SRC_API_SHARE_POOL_H_
