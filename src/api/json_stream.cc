// verdict/json_stream.h: JSON Lines decided block by block from a file
// descriptor; batch policies in two passes over the file or a spool.
#include "verdict/json_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "src/evaluate/record_pipeline.h"
#include "src/io/decision_writer.h"
#include "src/io/json_records.h"
#include "src/io/line_chunks.h"

namespace verdict {

namespace {

[[noreturn]] void Fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

// An anonymous temporary file (unlinked at once), closed on destruction.
class Spool {
 public:
  explicit Spool(const std::string& dir) {
    std::string base = dir;
    if (base.empty()) {
      const char* t = std::getenv("TMPDIR");
      base = t && *t ? t : "/tmp";
    }
    std::string path = base + "/verdict-spool-XXXXXX";
    fd_ = ::mkstemp(path.data());
    if (fd_ < 0) Fail("cannot create a spool file in " + base);
    ::unlink(path.c_str());
  }
  ~Spool() {
    if (fd_ >= 0) ::close(fd_);
  }
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

// Pass one of a batch policy: reads each line into the frame's record
// slots, validates it and calls fn(line number, error or nullopt).
template <typename Fn>
void EachRecord(const PackImpl& impl, RecordPipeline& run,
                LineChunkReader& reader, Fn fn) {
  simdjson::ondemand::parser parser;
  std::vector<std::string_view> lines;
  uint64_t index = 0;
  while (reader.Next(&lines)) {
    for (std::string_view line : lines) {
      fn(index++,
         run.Validate(ReadJsonRecord(run.policy(), parser, line, run.frame(),
                                     impl.strict_fields)));
    }
  }
}

// One thread's share of a block: its own pipeline, parser and decision,
// and the output of its lines, written after the shares before it.
struct Lane {
  Lane(const PackImpl& impl, const CompiledPolicy& p, const EvalOptions& o)
      : run(impl, p, o) {}
  RecordPipeline run;
  simdjson::ondemand::parser parser;
  Decision d;
  std::string out;
  uint64_t records = 0, invalid = 0;
  std::exception_ptr failed;
};

// Decides blocks of lines in order, each split over the lanes in
// contiguous shares, and writes the shares' output in input order: the
// output is byte for byte that of one lane. Lane 0 is the calling thread;
// the others have a worker thread each, kept for the whole stream (their
// per-thread Value storage stays warm from block to block).
class BlockDecider {
 public:
  BlockDecider(const PackImpl& impl, const CompiledPolicy& p,
               const EvalOptions& options, int threads,
               const std::vector<uint64_t>* excluded)
      : impl_(impl),
        p_(p),
        options_(options),
        writer_(p, impl.zone),
        excluded_(excluded),
        max_lanes_(static_cast<size_t>(std::max(threads, 1))) {
    lanes_.push_back(std::make_unique<Lane>(impl, p, options));
  }
  ~BlockDecider() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    start_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  BlockDecider(const BlockDecider&) = delete;
  BlockDecider& operator=(const BlockDecider&) = delete;

  // Decides `lines`, numbered from `first`, and hands their output to
  // `write`. Rethrows the first exception a lane met.
  void Block(std::span<const std::string_view> lines, uint64_t first,
             const BatchState* batch,
             const std::function<void(std::string_view)>& write,
             JsonStreamStats* stats) {
    // At least kMinShare lines per lane: fewer are not worth a thread.
    constexpr size_t kMinShare = 256;
    size_t shares = std::clamp<size_t>(lines.size() / kMinShare, 1,
                                       AddLanes(lines.size() / kMinShare));
    {
      // Under the lock: a worker with no share may still be reading
      // job_.shares of the block before.
      std::lock_guard<std::mutex> lock(mu_);
      job_ = Job{lines, first, batch, shares,
                 (lines.size() + shares - 1) / shares};
      if (shares > 1) {
        pending_ = shares - 1;
        ++generation_;
      }
    }
    if (shares > 1) start_.notify_all();
    Share(0);
    if (shares > 1) {
      std::unique_lock<std::mutex> lock(mu_);
      done_.wait(lock, [this] { return pending_ == 0; });
    }
    for (size_t k = 0; k < shares; ++k) {
      Lane& lane = *lanes_[k];
      if (lane.failed) std::rethrow_exception(lane.failed);
      stats->records += lane.records;
      stats->invalid += lane.invalid;
      lane.records = lane.invalid = 0;
      if (!lane.out.empty()) write(lane.out);
      lane.out.clear();
    }
  }

 private:
  struct Job {
    std::span<const std::string_view> lines;
    uint64_t first = 0;
    const BatchState* batch = nullptr;
    size_t shares = 1, each = 0;
  };

  // Starts lanes (a worker thread each) until there are `wanted` or
  // max_lanes_, started on first need, so that a small input starts none.
  // Returns how many there are: fewer when a thread cannot be had.
  size_t AddLanes(size_t wanted) {
    while (lanes_.size() < std::min(wanted, max_lanes_) && !no_more_threads_) {
      size_t k = lanes_.size();
      lanes_.push_back(std::make_unique<Lane>(impl_, p_, options_));
      try {
        workers_.emplace_back([this, k] { Work(k); });
      } catch (...) {
        lanes_.pop_back();
        no_more_threads_ = true;
      }
    }
    return lanes_.size();
  }

  // A worker's loop: lane k's share of every block that has one.
  void Work(size_t k) {
    uint64_t seen = 0;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        start_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        if (k >= job_.shares) continue;
      }
      Share(k);
      std::lock_guard<std::mutex> lock(mu_);
      if (--pending_ == 0) done_.notify_one();
    }
  }

  // Lane k's lines of the current job; an exception is kept for Block().
  void Share(size_t k) {
    const Job& job = job_;
    size_t from = std::min(job.lines.size(), k * job.each);
    size_t to = std::min(job.lines.size(), from + job.each);
    Lane& lane = *lanes_[k];
    try {
      Decide(lane, job.lines.subspan(from, to - from), job.first + from,
             job.batch);
    } catch (...) {
      lane.failed = std::current_exception();
    }
  }

  void Decide(Lane& lane, std::span<const std::string_view> lines,
              uint64_t first, const BatchState* batch) const {
    for (size_t j = 0; j < lines.size(); ++j) {
      std::optional<RecordError> err = lane.run.Validate(ReadJsonRecord(
          p_, lane.parser, lines[j], lane.run.frame(), impl_.strict_fields));
      if (!err && excluded_ &&
          std::binary_search(excluded_->begin(), excluded_->end(), first + j)) {
        BatchState probe(p_);  // recomputes the same error, for its text
        err = probe.Add(lane.run.frame());
      }
      lane.run.DecideValidated(std::move(err), &lane.d, batch);
      ++lane.records;
      lane.invalid += !lane.d.ok();
      writer_.Append(lane.d, &lane.out);
      lane.out += '\n';
    }
  }

  const PackImpl& impl_;
  const CompiledPolicy& p_;
  const EvalOptions& options_;
  const DecisionJsonWriter writer_;
  const std::vector<uint64_t>* excluded_;  // pass two's aggregate failures
  const size_t max_lanes_;
  bool no_more_threads_ = false;
  // Lane 0 is the calling thread's; lane k > 0 is workers_[k - 1]'s. Only
  // Block() (between blocks) adds lanes.
  std::vector<std::unique_ptr<Lane>> lanes_;
  // The current block: written by Block() under the mutex, read by a
  // worker after it sees the block's generation (unchanged until every
  // worker with a share is done).
  Job job_;
  std::mutex mu_;
  std::condition_variable start_, done_;
  uint64_t generation_ = 0;  // bumped for every block split over workers
  size_t pending_ = 0;       // workers still deciding the current block
  bool stop_ = false;
  std::vector<std::thread> workers_;  // last: joined before the rest goes
};

// Decides every line `reader` gives, block by block.
void DecideAll(BlockDecider& decider, LineChunkReader& reader,
               const BatchState* batch,
               const std::function<void(std::string_view)>& write,
               const std::function<void(const JsonStreamStats&)>& progress,
               JsonStreamStats* stats) {
  std::vector<std::string_view> lines;
  uint64_t index = 0;
  while (reader.Next(&lines)) {
    decider.Block(lines, index, batch, write, stats);
    index += lines.size();
    if (progress) progress(*stats);
  }
}

}  // namespace

JsonStreamStats DecideJsonLinesStream(
    const Pack& pack, std::string_view policy, int in_fd,
    const EvalOptions& options,
    const std::function<void(std::string_view)>& write,
    const JsonStreamOptions& stream_options,
    const std::function<void(const JsonStreamStats&)>& progress) {
  const PackImpl& impl = PackAccess::Impl(pack);
  pack.Policy(policy);  // throws for an unknown policy, naming the others
  const CompiledPolicy& p = *impl.Find(policy);
  if (stream_options.threads < 1) {
    throw std::invalid_argument("threads must be at least 1");
  }
  JsonStreamStats stats;

  if (!p.info.batch) {
    LineChunkReader reader(in_fd, stream_options.read_bytes);
    BlockDecider decider(impl, p, options, stream_options.threads, nullptr);
    DecideAll(decider, reader, nullptr, write, progress, &stats);
    return stats;
  }

  // Pass one: the aggregates only. Records whose aggregate expression
  // fails are remembered by number (few) and get that error in pass two,
  // as Pack::EvaluateJsonLines() gives them.
  struct stat st;
  if (::fstat(in_fd, &st) != 0) Fail("cannot inspect the input");
  std::optional<Spool> spool;
  off_t start = 0;
  if (S_ISREG(st.st_mode)) {
    start = ::lseek(in_fd, 0, SEEK_CUR);
    if (start < 0) Fail("cannot seek in the input");
  } else {
    spool.emplace(stream_options.temp_dir);
  }
  BatchState batch(p);
  std::vector<uint64_t> excluded;  // ascending
  {
    RecordPipeline run(impl, p, options);
    LineChunkReader reader(in_fd, stream_options.read_bytes);
    if (spool) reader.TeeTo(spool->fd());
    EachRecord(impl, run, reader,
               [&](uint64_t i, const std::optional<RecordError>& err) {
                 if (!err && batch.Add(run.frame())) excluded.push_back(i);
               });
  }
  batch.Finish();

  // Pass two: decide with the finished aggregates.
  int fd2 = spool ? spool->fd() : in_fd;
  if (::lseek(fd2, spool ? 0 : start, SEEK_SET) < 0)
    Fail("cannot seek back for the second pass");
  LineChunkReader reader(fd2, stream_options.read_bytes);
  BlockDecider decider(impl, p, options, stream_options.threads, &excluded);
  DecideAll(decider, reader, &batch, write, progress, &stats);
  return stats;
}

}  // namespace verdict
