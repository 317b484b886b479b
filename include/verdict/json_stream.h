// Deciding JSON Lines that arrive on a file descriptor, in bounded memory:
// what `verdict eval` runs.
#ifndef VERDICT_JSON_STREAM_H_
#define VERDICT_JSON_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "verdict/engine.h"

namespace verdict {

struct JsonStreamOptions {
  // Bytes read at a time; memory is a few times this (plus, for a batch
  // policy, its aggregates). A longer line grows the buffer.
  size_t read_bytes = 1 << 20;
  // Where a batch policy read from a pipe spools its input for pass two
  // (an anonymous file, deleted at once). Empty: $TMPDIR, else /tmp.
  std::string temp_dir;
  // Threads deciding each block (at least 1): a block's lines are split in
  // contiguous shares, decided at once, and written in input order, so the
  // output does not depend on it. A batch policy's pass one stays on one
  // thread.
  int threads = 1;
};

// The cores this process may run on (its CPU affinity: taskset, a
// container's cpuset), at least 1: how many threads `verdict eval`,
// `verdict serve` and Python's evaluate_arrow use when not told.
// Thread-safe.
int CoresAvailable();

struct JsonStreamStats {
  uint64_t records = 0;  // input lines decided (blank and invalid included)
  uint64_t invalid = 0;  // of which got an error
  // Of `records`, the valid ones decided column at a time
  // (EvalOptions::columnar).
  uint64_t columnar = 0;
};

// Decides every line of `in_fd` with `policy` and hands the output, one JSON
// object per line exactly as Pack::ToJson() writes it followed by '\n', to
// `write` in blocks of whole lines, in input order. The same decisions as
// Pack::EvaluateJsonLines() over the whole text.
//
// A per-record policy decides each block of lines as soon as it is read and
// calls `write` before reading on, so output flows while a pipe is still
// open and memory stays bounded whatever the input's size. A batch policy
// reads its input twice: pass one keeps only the aggregates (for sorted(),
// the values), pass two decides. A regular file is read twice from its
// current offset; anything else (a pipe, a terminal) is copied to a
// temporary file during pass one, never kept in memory.
//
// `progress`, when set, is called after every block. Throws
// std::invalid_argument for an unknown policy or threads < 1,
// std::runtime_error when reading, spooling or seeking fails. Exceptions from
// `write` propagate. Does not close `in_fd`. Thread-safe as Pack's const
// methods are.
JsonStreamStats DecideJsonLinesStream(
    const Pack& pack, std::string_view policy, int in_fd,
    const EvalOptions& options,
    const std::function<void(std::string_view)>& write,
    const JsonStreamOptions& stream_options = {},
    const std::function<void(const JsonStreamStats&)>& progress = nullptr);

}  // namespace verdict

#endif  // VERDICT_JSON_STREAM_H_
