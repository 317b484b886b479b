#include "src/program/fast_condition.h"

#include <algorithm>
#include <utility>

namespace verdict {

int FastOrder(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return -2;
  switch (a.kind()) {
    case Kind::kDecimal:
      return Compare(a.as_decimal(), b.as_decimal());
    case Kind::kInt:
      return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    case Kind::kString:
      return std::clamp(a.as_string().compare(b.as_string()), -1, 1);
    case Kind::kDate:
      return a.as_date() < b.as_date() ? -1 : (a.as_date() > b.as_date());
    default:
      return -2;
  }
}

namespace {

// `slot <op> literal`, with the operator mirrored when the literal is on the
// left. Only literals whose kind FastOrder() handles qualify.
bool ParseAtom(const Node& n, int* slot, CompareOp* op, Value* constant) {
  auto fast_kind = [](const Value& v) { return FastOrder(v, v) != -2; };
  if (n.op == Op::kCompareSlot) {
    if (!fast_kind(n.constant)) return false;
    *slot = n.slot;
    *op = n.compare;
    *constant = n.constant;
    return true;
  }
  if (n.op != Op::kCompare || n.kids.size() != 2) return false;
  const Node& l = n.kids[0];
  const Node& r = n.kids[1];
  // (A slot on the left of a literal is a kCompareSlot node: MakeCompare.)
  static constexpr CompareOp kMirror[] = {kGt, kGe, kLt, kLe, kEq, kNe};
  if (l.op == Op::kConst && r.op == Op::kSlot && fast_kind(l.constant)) {
    *slot = r.slot;
    *op = kMirror[n.compare];
    *constant = l.constant;
    return true;
  }
  return false;
}

// `slot in <literal list of strings>`.
bool IsStringSet(const Node& n) {
  if (n.op != Op::kIn || n.kids.size() != 2 || n.kids[0].op != Op::kSlot ||
      n.kids[1].op != Op::kConst || n.kids[1].constant.kind() != Kind::kList) {
    return false;
  }
  for (const Value& item : n.kids[1].constant.as_list()) {
    if (item.kind() != Kind::kString) return false;
  }
  return true;
}

// Whether `a` and `b` are the same literal: the same kind (one FastOrder()
// handles) and equal (decimals carry no trailing zeros, so equal decimals
// are written alike).
bool SameLiteral(const Value& a, const Value& b) {
  return a.kind() == b.kind() && FastOrder(a, b) == 0;
}

// Whether `a` and `b` are the same node, member by member (literals by
// SameLiteral, so only the kinds a FastCondition holds ever compare equal).
bool SameNode(const Node& a, const Node& b) {
  if (a.op != b.op || a.compare != b.compare || a.slot != b.slot ||
      a.accu_slot != b.accu_slot || a.value_slot != b.value_slot ||
      a.offset != b.offset || a.fn != b.fn || a.held != b.held ||
      a.kids.size() != b.kids.size()) {
    return false;
  }
  const bool a_null = a.constant.kind() == Kind::kNull;
  if (a_null != (b.constant.kind() == Kind::kNull)) return false;
  if (!a_null && !SameLiteral(a.constant, b.constant)) return false;
  for (size_t i = 0; i < a.kids.size(); ++i) {
    if (!SameNode(a.kids[i], b.kids[i])) return false;
  }
  return true;
}

// `slot <op> literal` as MakeCompare() builds it from a slot read (offset
// 0, as a table cell's slot read has) and a literal.
Node AtomNode(int slot, CompareOp op, const Value& literal) {
  Node read;
  read.op = Op::kSlot;
  read.slot = slot;
  Node lit;
  lit.constant = literal;
  return MakeCompare(op, std::move(read), std::move(lit));
}

}  // namespace

Node FastCondition::ToNode() const {
  if (count_ == 1) return AtomNode(slot_[0], op_[0], constant_[0]);
  Node n;
  n.op = Op::kAnd;
  n.kids.reserve(2);
  n.kids.push_back(AtomNode(slot_[0], op_[0], constant_[0]));
  n.kids.push_back(AtomNode(slot_[1], op_[1], constant_[1]));
  return n;
}

bool FastCondition::Rebuilds(const Node& n) const {
  return !set_ && SameNode(ToNode(), n);
}

void FastCondition::PreScale(int i) {
  if (constant_[i].kind() != Kind::kDecimal) return;
  const Decimal& d = constant_[i].as_decimal();
  if (d.mantissa() != static_cast<int64_t>(d.mantissa())) return;
  std::shared_ptr<__int128[]> table(new __int128[Decimal::kMaxScale + 1]());
  ScaleMantissa(d, table.get());
  scaled_[i] = std::move(table);
  prescaled_[i] = true;
}

std::optional<FastCondition> FastCondition::From(const Node& n) {
  FastCondition f;
  if (IsStringSet(n)) {
    f.count_ = 1;
    f.slot_[0] = n.kids[0].slot;
    f.constant_[0] = n.kids[1].constant;
    f.set_ = true;
    return f;
  }
  if (ParseAtom(n, &f.slot_[0], &f.op_[0], &f.constant_[0])) {
    f.count_ = 1;
  } else if (n.op == Op::kAnd && n.kids.size() == 2 &&
             ParseAtom(n.kids[0], &f.slot_[0], &f.op_[0], &f.constant_[0]) &&
             ParseAtom(n.kids[1], &f.slot_[1], &f.op_[1], &f.constant_[1])) {
    f.count_ = 2;
  } else {
    return std::nullopt;
  }
  for (int i = 0; i < f.count_; ++i) f.PreScale(i);
  return f;
}

}  // namespace verdict
