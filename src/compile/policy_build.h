// One policy while it is being compiled, shared by the parts that compile
// its pieces in order: record fields and their checks (fields.cc), params,
// used policies (used_policies.cc), batch aggregates (batch_aggregates.cc),
// outputs, locals and lets, then decisions (policy_compiler.cc). Each part
// allocates frame slots from `next_slot` and declares names in `env` for
// the parts after it.
#ifndef VERDICT_SRC_COMPILE_POLICY_BUILD_H_
#define VERDICT_SRC_COMPILE_POLICY_BUILD_H_

#include <memory>

#include "src/check/expr_compiler.h"
#include "src/compile/compile_context.h"

namespace verdict {

struct PolicyBuild {
  explicit PolicyBuild(const syntax::Policy& p) : syntax(p), env(&next_slot) {}
  PolicyBuild(const PolicyBuild&) = delete;  // env points at next_slot
  PolicyBuild& operator=(const PolicyBuild&) = delete;

  const syntax::Policy& syntax;
  std::unique_ptr<CompiledPolicy> compiled = std::make_unique<CompiledPolicy>();
  int next_slot = 0;
  CompileEnv env;              // allocates from next_slot
  ColumnFields column_fields;  // "record.field" -> declared type
  Targets targets;             // outputs and locals
  bool ok = true;              // false once any part reported an error
};

// Record fields in slots 0..n-1, the whole record, as_of, and each field's
// `check` and `pattern`. (fields.cc)
void CompileFields(CompileContext& ctx, PolicyBuild& b);

// `uses`: each used policy's outputs as an object named after it, decided on
// the same record. The used policies must be compiled already.
// (used_policies.cc)
void CompileUses(CompileContext& ctx, PolicyBuild& b);

// `batch`: count(), sum(x), min(x), max(x), sorted(x) over the whole batch,
// as `batch.NAME`. (batch_aggregates.cc)
void CompileBatchAggregates(CompileContext& ctx, PolicyBuild& b);

// Compiles policy `p` and adds it to the pack unless it had errors.
// (policy_compiler.cc)
// Releases the rows of `p`'s decisions as it goes (CompileDecision).
void CompilePolicy(CompileContext& ctx, syntax::Policy& p);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_POLICY_BUILD_H_
