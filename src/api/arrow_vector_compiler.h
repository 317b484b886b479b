// The compiler of VectorPlan::Make() (arrow_vector_plan.h), internal to
// src/api: node by node (arrow_vector_plan.cc) and decision by decision
// (arrow_vector_decisions.cc), each into its column-at-a-time form, or
// nullopt / false for a shape the vector path does not take.
#ifndef VERDICT_SRC_API_ARROW_VECTOR_COMPILER_H_
#define VERDICT_SRC_API_ARROW_VECTOR_COMPILER_H_

#include <optional>
#include <vector>

#include "src/api/arrow_vector_plan.h"
#include "src/check/builtins.h"

namespace verdict {

// The kinds of the slots of one frame as compilation reaches each point.
struct Scope {
  std::vector<VKind> kinds;
  std::vector<int> scales;
  // Whether something set the slot already this record: a decision's
  // targets must not be (a first hit that does not set one leaves it as it
  // was, which this path takes to be null).
  std::vector<bool> assigned;
  int frame_size = 0;
};

// Compiles one policy's (or one of its functions') nodes and decisions
// into `plan`.
struct Compiler {
  VectorPlan::Impl& plan;
  BuiltinImpl add = Registry::Standard().Find("_+_")->impl;
  BuiltinImpl sub = Registry::Standard().Find("_-_")->impl;

  std::optional<VExpr> Compile(const Node& n, Scope& s);
  bool MemoReads(const Node& n, const Scope& s, std::vector<int>* reads,
                 bool* text);
  std::optional<VExpr> Memo(const Node& n, Scope& s);
  std::optional<VExpr> Compare(const Node& n, VExpr side, const Value& lit,
                               CompareOp op);
  std::optional<VExpr> CompareColumns(const Node& n, Scope& s);
  std::optional<VExpr> Call(const Node& n, const FunctionDecision& fd,
                            Scope& s);
  bool Finite(const CompiledDecision& d, const Scope& s, VDecision* out);
  bool Decision(const CompiledDecision& d, Scope& s, VDecision* out);
  bool Unify(VDecision::Rule& r, size_t t, VDecision* out);
};

// Whether `n` reads any of `slots` (directly or in its kids).
bool ReadsAny(const Node& n, const std::vector<int>& slots);

// A kConst expression of `v`.
VExpr Const(const Value& v);

// The decisions as steps (VChain): each run of consecutive finite
// decisions one step.
std::vector<VChain> Steps(const std::vector<VDecision>& decisions);

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_VECTOR_COMPILER_H_
