#include "src/api/share_pool.h"

#include <algorithm>

namespace verdict {

SharePool::SharePool(int max_lanes)
    : max_lanes_(static_cast<size_t>(std::max(max_lanes, 1))), failed_(1) {}

SharePool::~SharePool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  start_.notify_all();
  for (std::thread& t : workers_) t.join();
}

size_t SharePool::Lanes(size_t wanted) {
  wanted = std::min(std::max<size_t>(wanted, 1), max_lanes_);
  while (workers_.size() + 1 < wanted && !no_more_threads_) {
    const size_t k = workers_.size() + 1;
    failed_.resize(k + 1);
    try {
      workers_.emplace_back([this, k] { Work(k); });
    } catch (...) {  // std::system_error: no thread to be had
      no_more_threads_ = true;
    }
  }
  return workers_.size() + 1;
}

void SharePool::Run(size_t shares, const std::function<void(size_t)>& share) {
  shares = std::clamp<size_t>(shares, 1, workers_.size() + 1);
  {
    // Under the lock: a worker with no share in the previous Run() may
    // still be reading shares_.
    std::lock_guard<std::mutex> lock(mu_);
    share_ = &share;
    shares_ = shares;
    if (shares > 1) {
      pending_ = shares - 1;
      ++generation_;
    }
  }
  if (shares > 1) start_.notify_all();
  RunOne(0);
  if (shares > 1) {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return pending_ == 0; });
  }
  for (size_t k = 0; k < shares; ++k) {
    if (failed_[k]) {
      std::exception_ptr e = failed_[k];
      for (size_t j = k; j < shares; ++j) failed_[j] = nullptr;
      std::rethrow_exception(e);
    }
  }
}

void SharePool::Work(size_t k) {
  uint64_t seen = 0;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      if (k >= shares_) continue;
    }
    RunOne(k);
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_ == 0) done_.notify_one();
  }
}

void SharePool::RunOne(size_t k) {
  try {
    (*share_)(k);
  } catch (...) {
    failed_[k] = std::current_exception();
  }
}

}  // namespace verdict
