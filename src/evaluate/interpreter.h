// The tree-walking interpreter of compiled Nodes (src/program/program.h),
// with CEL's error and short-circuit rules. Stateless: all per-evaluation
// state is in the Frame, so one Node may be evaluated from many threads at
// once, each with its own Frame.
#ifndef VERDICT_SRC_EVALUATE_INTERPRETER_H_
#define VERDICT_SRC_EVALUATE_INTERPRETER_H_

#include "src/program/program.h"

namespace verdict {

// Evaluates `node` in `frame`. Errors come back as error Values.
Value Eval(const Node& node, Frame& frame);

// As Eval(), but returns a reference to the slot or constant itself when the
// node is one (no copy); otherwise evaluates into `scratch`.
// Inline: comparisons of a field with a literal are the bulk of most
// decision tables.
inline const Value& EvalRef(const Node& node, Frame& frame, Value& scratch) {
  if (node.op == Op::kSlot) return frame.slot(node.slot);
  if (node.op == Op::kConst) return node.constant;
  scratch = Eval(node, frame);
  return scratch;
}

// The truth of a condition: kTrue or kFalse for a bool, kOther for anything
// else (an error or a value of another kind), which then goes to *other.
// Same result as Eval() but without building bool Values, so conditions and
// decision-table cells cost no more than the comparisons themselves.
Truth EvalTruth(const Node& node, Frame& frame, Value* other);

}  // namespace verdict

#endif  // VERDICT_SRC_EVALUATE_INTERPRETER_H_
