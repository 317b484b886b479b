// Internal access to a Pack's compiled form (PackImpl), for the code inside
// Verdict that runs it: src/api (bound structs, streams, Arrow, the test
// runner) and the unit tests. Not part of the public API: callers outside
// Verdict (the CLI, the Python binding, embedders) use include/verdict only.
#ifndef VERDICT_SRC_API_PACK_ACCESS_H_
#define VERDICT_SRC_API_PACK_ACCESS_H_

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "src/compile/policy.h"
#include "src/parse/pack_syntax.h"
#include "verdict/engine.h"

namespace verdict {

struct PackAccess {
  // The compiled form of `pack`; lives as long as `pack`.
  static const PackImpl& Impl(const Pack& pack) { return *pack.impl_; }

  // Pack::EvaluateJsonLines() over `text` as one block of a longer input
  // (a streamed request body): with `input_start` false, a byte order mark
  // at its start is content, so that line is invalid JSON, as it is in the
  // middle of a file. `line_bytes`, when not 0, is the whole length of a
  // line over the record limit of which `text` is only the head (one line,
  // no newline): its record-too-long error names that length, byte for byte
  // as verdict eval's. Throws as EvaluateJsonLines() does.
  static void EvaluateJsonBlock(
      const Pack& pack, std::string_view policy, std::string_view text,
      const EvalOptions& options,
      const std::function<void(const Decision&)>& sink, bool input_start,
      size_t line_bytes = 0);

  // The whole syntax of `kept`, one of Impl(pack).syntax.policies (which
  // keep only a name, position, file and text once compiled), read again
  // from its text. Throws std::runtime_error when the text no longer loads,
  // which a text that loaded with the pack never does. Thread-safe.
  static syntax::Policy PolicySyntax(const Pack& pack,
                                     const syntax::Policy& kept) {
    std::optional<syntax::Policy> p =
        syntax::ReparsePolicy(kept, pack.impl_->limits);
    if (!p) {
      throw std::runtime_error("policy '" + kept.name +
                               "' could not be read again from " + kept.file);
    }
    return std::move(*p);
  }
};

}  // namespace verdict

#endif  // VERDICT_SRC_API_PACK_ACCESS_H_
