// verdict/json_stream.h: JSON Lines decided block by block from a file
// descriptor; batch policies in two passes over the file or a spool.
#include "verdict/json_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
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

// One pass over the input: reads each line into the frame's record slots,
// validates it and calls fn(line number, error or nullopt) for each, then
// end_block() after every block.
template <typename Fn, typename EndBlock>
void EachRecord(const PackImpl& impl, RecordPipeline& run,
                LineChunkReader& reader, Fn fn, EndBlock end_block) {
  simdjson::ondemand::parser parser;
  std::vector<std::string_view> lines;
  uint64_t index = 0;
  while (reader.Next(&lines)) {
    for (std::string_view line : lines) {
      fn(index++,
         run.Validate(ReadJsonRecord(run.policy(), parser, line, run.frame(),
                                     impl.strict_fields)));
    }
    end_block();
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
  RecordPipeline run(impl, p, options);
  JsonStreamStats stats;
  Decision d;
  std::string out;
  const DecisionJsonWriter writer(p, impl.zone);
  auto emit = [&](std::optional<RecordError> err, const BatchState* batch) {
    run.DecideValidated(std::move(err), &d, batch);
    ++stats.records;
    stats.invalid += !d.ok();
    writer.Append(d, &out);
    out += '\n';
  };
  auto flush = [&] {
    if (!out.empty()) write(out);
    out.clear();
    if (progress) progress(stats);
  };

  if (!p.info.batch) {
    LineChunkReader reader(in_fd, stream_options.read_bytes);
    EachRecord(
        impl, run, reader,
        [&](uint64_t, const std::optional<RecordError>& err) {
          emit(err, nullptr);
        },
        flush);
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
  std::vector<uint64_t> excluded;
  {
    LineChunkReader reader(in_fd, stream_options.read_bytes);
    if (spool) reader.TeeTo(spool->fd());
    EachRecord(
        impl, run, reader,
        [&](uint64_t i, const std::optional<RecordError>& err) {
          if (!err && batch.Add(run.frame())) excluded.push_back(i);
        },
        [] {});
  }
  batch.Finish();

  // Pass two: decide with the finished aggregates.
  int fd2 = spool ? spool->fd() : in_fd;
  if (::lseek(fd2, spool ? 0 : start, SEEK_SET) < 0)
    Fail("cannot seek back for the second pass");
  LineChunkReader reader(fd2, stream_options.read_bytes);
  size_t next_excluded = 0;
  EachRecord(
      impl, run, reader,
      [&](uint64_t i, std::optional<RecordError> err) {
        if (!err && next_excluded < excluded.size() &&
            excluded[next_excluded] == i) {
          ++next_excluded;
          BatchState probe(p);  // recomputes the same error, for its text
          err = probe.Add(run.frame());
        }
        emit(err, &batch);
      },
      flush);
  return stats;
}

}  // namespace verdict
