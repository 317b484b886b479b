// verdict/json_stream.h: JSON Lines decided block by block from a file
// descriptor; batch policies in two passes over the file or a spool.
#include "verdict/json_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "src/api/arrow_vector.h"
#include "src/api/columnar_run.h"
#include "src/api/pack_access.h"
#include "src/api/share_pool.h"
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
  Lane(const PackImpl& impl, const CompiledPolicy& p, const EvalOptions& o,
       const VectorPlan* vector)
      : run(impl, p, o) {
    run.ReaderChecksUtf8();
    if (vector) {
      chunks = std::make_unique<ColumnarChunks>(*vector);
      values.resize(p.outputs.size());
      codes.resize(p.outputs.size());
      ready.resize(p.outputs.size());
      encoded.resize(p.outputs.size());
    }
  }
  RecordPipeline run;
  simdjson::ondemand::parser parser;
  Decision d;
  std::string out;
  // The columnar route (with a VectorPlan): the chunks, and a row's
  // outputs as the writer takes them.
  std::unique_ptr<ColumnarChunks> chunks;
  std::vector<const Value*> values;
  std::vector<int64_t> codes;
  std::vector<const std::string*> ready;
  // Per output, per dictionary code: the value's JSON, written once for
  // the dictionaries of `generation` ("" not yet: no JSON is empty).
  std::vector<std::vector<std::string>> encoded;
  uint64_t generation = 0;
  uint64_t records = 0, invalid = 0, columnar = 0;
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
        pool_(threads) {
    // Pass two of a batch policy stays record by record (TakesColumns
    // refuses batch policies; `excluded` is theirs).
    if (!excluded && TakesColumns(p, options))
      vector_ = VectorPlan::MakeForRecords(impl, p, options);
  }
  BlockDecider(const BlockDecider&) = delete;
  BlockDecider& operator=(const BlockDecider&) = delete;

  // Decides `lines`, numbered from `first`, and hands their output to
  // `write`. Rethrows the first exception a lane met, after writing the
  // shares before it.
  void Block(std::span<const std::string_view> lines, uint64_t first,
             const BatchState* batch,
             const std::function<void(std::string_view)>& write,
             JsonStreamStats* stats) {
    // At least kMinShare lines per lane: fewer are not worth a thread.
    constexpr size_t kMinShare = 256;
    const size_t wanted = lines.size() / kMinShare;
    const size_t shares = std::clamp<size_t>(wanted, 1, pool_.Lanes(wanted));
    while (lanes_.size() < shares)
      lanes_.push_back(
          std::make_unique<Lane>(impl_, p_, options_, vector_.get()));
    const size_t each = (lines.size() + shares - 1) / shares;
    pool_.Run(shares, [&](size_t k) {
      const size_t from = std::min(lines.size(), k * each);
      const size_t to = std::min(lines.size(), from + each);
      Lane& lane = *lanes_[k];
      try {
        Decide(lane, lines.subspan(from, to - from), first + from, batch);
      } catch (...) {
        lane.failed = std::current_exception();
      }
    });
    for (size_t k = 0; k < shares; ++k) {
      Lane& lane = *lanes_[k];
      if (lane.failed) std::rethrow_exception(lane.failed);
      stats->records += lane.records;
      stats->invalid += lane.invalid;
      stats->columnar += lane.columnar;
      lane.records = lane.invalid = lane.columnar = 0;
      if (!lane.out.empty()) write(lane.out);
      lane.out.clear();
    }
  }

 private:
  void Decide(Lane& lane, std::span<const std::string_view> lines,
              uint64_t first, const BatchState* batch) const {
    if (!vector_) {  // pass two of a batch policy too (see the constructor)
      DecideRows(lane, lines, first, batch);
      return;
    }
    auto load = [&](size_t j) {
      return ReadJsonRecord(p_, lane.parser, lines[j], lane.run.frame(),
                            impl_.strict_fields);
    };
    // A record the pipeline decides: an invalid one (or one the columns
    // do not hold or fail), whose error the per-row path words.
    auto decision = [&](size_t, const Decision& d) {
      lane.invalid += !d.ok();
      writer_.Append(d, &lane.out);
      lane.out += '\n';
    };
    auto row = [&](size_t, int64_t r) {
      ++lane.columnar;
      WriteDecided(lane, r);
      lane.out += '\n';
    };
    for (size_t from = 0; from < lines.size(); from += kColumnarChunk) {
      DecideColumnarChunk(*lane.chunks, lane.run, from,
                          std::min(lines.size(), from + kColumnarChunk), load,
                          lane.d, decision, row);
    }
    lane.records += lines.size();
  }

  // Record `row` of the lane's decided chunk, its coded outputs' JSON
  // written once per value.
  void WriteDecided(Lane& lane, int64_t row) const {
    VectorPlan::RecordOutputs& decided = lane.chunks->decided;
    if (decided.generation() != lane.generation) {
      for (auto& json : lane.encoded) json.clear();
      lane.generation = decided.generation();
    }
    decided.Row(row, lane.values, lane.codes);
    for (size_t k = 0; k < lane.codes.size(); ++k) {
      const int64_t code = lane.codes[k];
      lane.ready[k] = nullptr;
      if (code < 0) continue;
      std::vector<std::string>& json = lane.encoded[k];
      if (static_cast<size_t>(code) >= json.size()) json.resize(code + 1);
      if (json[code].empty()) writer_.Encode(*lane.values[k], &json[code]);
      lane.ready[k] = &json[code];
    }
    writer_.AppendOutputs(lane.values, lane.ready, &lane.out);
  }

  // `lines` record by record.
  void DecideRows(Lane& lane, std::span<const std::string_view> lines,
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
  std::unique_ptr<VectorPlan> vector_;     // the columnar route, if taken
  // Lane k's state, used by the pool's lane k only; added before the
  // Run() that first needs it.
  std::vector<std::unique_ptr<Lane>> lanes_;
  SharePool pool_;  // last: its workers are joined before the lanes go
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
    run.ReaderChecksUtf8();
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
