// Decisions: rule lists and decision tables with their hit policies (first,
// unique, any, collect), compiled into a CompiledDecision whose rules set
// target slots. Used by policies and by policy functions alike.
#ifndef VERDICT_SRC_COMPILE_DECISIONS_H_
#define VERDICT_SRC_COMPILE_DECISIONS_H_

#include "src/check/expr_compiler.h"
#include "src/compile/compile_context.h"

namespace verdict {

// Compiles `d` into `out` against `env`; rules may set the outputs and
// locals in `targets`. `column_fields` (may be null) types table columns
// that are declared fields. Table columns get slots from `env`. False after
// reporting to `ctx` (compilation of the remaining rules goes on, so that
// every problem is reported). Releases each of `d.rules` as soon as it is
// compiled, and leaves `d.rules` empty: a big table never holds its rows
// in both forms (syntax::ReparsePolicy reads them again when needed).
bool CompileDecision(CompileContext& ctx, syntax::Decision& d, CompileEnv& env,
                     const Targets& targets, CompiledDecision* out,
                     const ColumnFields* column_fields);

// The frame slots of the names a rule read, for its trace entry. Names that
// are neither variables nor record fields are left out.
std::vector<TraceRead> TraceReads(const std::vector<std::string>& names,
                                  const CompileEnv& env);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_DECISIONS_H_
