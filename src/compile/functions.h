// Policy functions: decision tables with parameters (`functions:` in a
// policy) that any policy's expressions may call as `policy.function(...)`.
#ifndef VERDICT_SRC_COMPILE_FUNCTIONS_H_
#define VERDICT_SRC_COMPILE_FUNCTIONS_H_

#include "src/check/expr_compiler.h"
#include "src/compile/compile_context.h"

namespace verdict {

// Compiles function `f` of policy `p`, adds it to ctx.functions (as
// "policy.function") and to the pack. Problems are reported to `ctx`.
void CompileFunction(CompileContext& ctx, const syntax::Policy& p,
                     syntax::Function& f);

// The parameters of every function compiled so far, by the names a call in
// `policy` may write (as RegisterCallables makes them callable), for the
// check of literal arguments of enum parameters (enum_literals.h).
CallEnums CallEnumsOf(const CompileContext& ctx, const std::string& policy);

// Makes every function compiled so far callable from `env`: by its
// qualified name, and by its plain name inside its own `policy`.
void RegisterCallables(const CompileContext& ctx, CompileEnv& env,
                       const std::string& policy);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_FUNCTIONS_H_
