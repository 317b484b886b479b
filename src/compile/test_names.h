// The names a pack's test files use (verdict/testing.h), checked once the
// policies are known: a test of a policy that does not exist, or an
// expectation of an output the policy does not have, is a positioned load
// error like any unknown name in a policy (docs/errors.md), not a failed
// case that only `verdict test` shows.
#ifndef VERDICT_SRC_COMPILE_TEST_NAMES_H_
#define VERDICT_SRC_COMPILE_TEST_NAMES_H_

#include "src/compile/compile_context.h"
#include "src/parse/pack_syntax.h"

namespace verdict {

// Reports to `ctx` every test file's unknown policy and every expected
// output its policy does not declare (single cases and batch entries).
void CheckTestNames(CompileContext& ctx, const syntax::Pack& s);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_TEST_NAMES_H_
