#include "src/program/fast_condition.h"

#include <algorithm>

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

}  // namespace

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
