// Decision-table cells: "-" (any), ">= 60", "[30..60)", a plain value
// (equality), a YAML list (one of), or "=expr", each lowered to a test of
// the column's slot. Field checks ("> 0") are compiled the same way.
#ifndef VERDICT_SRC_COMPILE_TABLE_CELLS_H_
#define VERDICT_SRC_COMPILE_TABLE_CELLS_H_

#include <string>
#include <vector>

#include "src/check/expr_compiler.h"
#include "src/compile/compile_context.h"

namespace verdict {

// The column a cell tests: its slot, static type, and declared field type
// when the column is a declared field or parameter (null otherwise).
struct CellColumn {
  int slot;
  const types::Type* type;
  const FieldType* field;
};

// Builds the test of `cell` against `column` into `out`, or sets `*any` when
// the cell matches anything. Appends names read to `reads`. False after
// reporting to `ctx`.
bool CompileCellTest(CompileContext& ctx, const syntax::Scalar& cell,
                     const CellColumn& column, const CompileEnv& env, Node* out,
                     bool* any, std::vector<std::string>* reads);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_TABLE_CELLS_H_
