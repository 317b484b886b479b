// Internal access to a Pack's compiled form (PackImpl), for the code inside
// Verdict that runs it: src/api (bound structs, streams, Arrow, the test
// runner) and the unit tests. Not part of the public API: callers outside
// Verdict (the CLI, the Python binding, embedders) use include/verdict only.
#ifndef VERDICT_SRC_API_PACK_ACCESS_H_
#define VERDICT_SRC_API_PACK_ACCESS_H_

#include "src/compile/policy.h"
#include "verdict/engine.h"

namespace verdict {

struct PackAccess {
  // The compiled form of `pack`; lives as long as `pack`.
  static const PackImpl& Impl(const Pack& pack) { return *pack.impl_; }
};

}  // namespace verdict

#endif  // VERDICT_SRC_API_PACK_ACCESS_H_
