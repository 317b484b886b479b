// Constructors of compiled Nodes shared by the checker and the pack compiler.
#include "src/program/program.h"

namespace verdict {

Value Callable::Call(std::span<const Value> args, Frame& caller) const {
  constexpr size_t kFew = 8;  // on the stack; more (rare) in a vector
  const Value* few[kFew];
  std::vector<const Value*> many;
  const Value** refs = few;
  if (args.size() > kFew) {
    many.resize(args.size());
    refs = many.data();
  }
  for (size_t i = 0; i < args.size(); ++i) refs[i] = &args[i];
  return CallInPlace({refs, args.size()}, caller);
}

int CompareOpOf(std::string_view fn) {
  if (fn == "_<_") return kLt;
  if (fn == "_<=_") return kLe;
  if (fn == "_>_") return kGt;
  if (fn == "_>=_") return kGe;
  if (fn == "_==_") return kEq;
  if (fn == "_!=_") return kNe;
  return -1;
}

Op CallOpOf(std::string_view fn, size_t arity) {
  if (fn == "!_" && arity == 1) return Op::kNot;
  if (fn == "@in" && arity == 2) return Op::kIn;
  return Op::kCall;
}

Node MakeCompare(CompareOp op, Node left, Node right) {
  Node n;
  n.compare = op;
  n.offset = left.offset;
  if (left.op == Op::kSlot && right.op == Op::kConst) {
    n.op = Op::kCompareSlot;
    n.slot = left.slot;
    n.constant = std::move(right.constant);
    return n;
  }
  n.op = Op::kCompare;
  n.kids.reserve(2);
  n.kids.push_back(std::move(left));
  n.kids.push_back(std::move(right));
  return n;
}

void FoldConstantList(Node* n) {
  if (n->op != Op::kList) return;
  List items;
  items.reserve(n->kids.size());
  for (const Node& k : n->kids) {
    // An error item stays a node: evaluating the list reports it.
    if (k.op != Op::kConst || k.constant.is_error()) return;
    items.push_back(k.constant);
  }
  n->constant = Value::ListOf(std::move(items));
  n->op = Op::kConst;
  n->kids.clear();
}

}  // namespace verdict
