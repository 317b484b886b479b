// Expressions inside policy YAML: conditions (`when`), `=expr` values and
// the literals of `then`, compiled against a CompileEnv with every problem
// reported at its file, line and column.
#ifndef VERDICT_SRC_COMPILE_EXPRESSIONS_H_
#define VERDICT_SRC_COMPILE_EXPRESSIONS_H_

#include <string>
#include <vector>

#include "src/check/expr_compiler.h"
#include "src/compile/compile_context.h"

namespace verdict {

// Compiles `text`, found in the scalar `s` starting `skip` bytes into it:
// `text` must be s.text from `skip` on (or a prefix of that), so that
// Scalar::PosAt places a problem at its line and column in the file. False
// after reporting to `ctx`.
bool CompileExprAt(CompileContext& ctx, const syntax::Scalar& s,
                   const std::string& text, int skip, const CompileEnv& env,
                   CompiledExpr* out);

// A `when` condition: a bool (or dyn) expression, s.text from `skip` on
// (an expression cell's text after its '='). Appends the names it reads
// to `reads`. False after reporting to `ctx`.
bool CompileCondition(CompileContext& ctx, const syntax::Scalar& s,
                      const CompileEnv& env, Node* out,
                      std::vector<std::string>* reads, size_t skip = 0);

// A Node that evaluates to `v`.
Node ConstNode(Value v);

// A `then` value: "=expr" is an expression, anything else a literal of
// `type` (inferred when `type` is null). False after reporting to `ctx`.
// `*unproven` (when given) is set true for an expression whose static type
// does not prove its value is of `type` (see CompileContext::unproven_slots);
// literals are checked here.
bool CompileThenValue(CompileContext& ctx, const syntax::Scalar& s,
                      const FieldType* type, bool nullable,
                      const CompileEnv& env, Node* out,
                      std::vector<std::string>* reads,
                      bool* unproven = nullptr);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_EXPRESSIONS_H_
