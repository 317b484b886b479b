// Constructors of compiled Nodes shared by the checker and the pack compiler.
#include "src/program/program.h"

namespace verdict {

int CompareOpOf(std::string_view fn) {
  if (fn == "_<_") return kLt;
  if (fn == "_<=_") return kLe;
  if (fn == "_>_") return kGt;
  if (fn == "_>=_") return kGe;
  if (fn == "_==_") return kEq;
  if (fn == "_!=_") return kNe;
  return -1;
}

Node MakeCompare(CompareOp op, Node left, Node right) {
  Node n;
  n.op = Op::kCompare;
  n.slot = op;
  n.offset = left.offset;
  n.kids.push_back(std::move(left));
  n.kids.push_back(std::move(right));
  return n;
}

}  // namespace verdict
