// Hand-built program nodes for tests of what reads them (FastCondition,
// RowGrid, ...): a slot read, a literal, and `&&` of two nodes.
#ifndef VERDICT_TESTS_UNIT_NODE_BUILDERS_H_
#define VERDICT_TESTS_UNIT_NODE_BUILDERS_H_

#include <utility>

#include "src/program/program.h"

namespace verdict::testing_nodes {

inline Node Slot(int i) {
  Node n;
  n.op = Op::kSlot;
  n.slot = i;
  return n;
}

inline Node Const(Value v) {
  Node n;
  n.op = Op::kConst;
  n.constant = std::move(v);
  return n;
}

inline Node And(Node a, Node b) {
  Node n;
  n.op = Op::kAnd;
  n.kids.push_back(std::move(a));
  n.kids.push_back(std::move(b));
  return n;
}

}  // namespace verdict::testing_nodes

#endif  // VERDICT_TESTS_UNIT_NODE_BUILDERS_H_
