// Conditions of the shape decision tables are made of, recognised once at
// compile time so that evaluating them walks no Node tree: a comparison of a
// frame slot with a literal (`arpu >= 60`), or two of them joined by `&&`
// (`[30..60)`), or a slot among a list of string literals (a table cell
// `[line_fault, cable_fault]`, `slot in [...]`). Anything else is not a
// FastCondition and is evaluated by EvalTruth() as before.
#ifndef VERDICT_SRC_PROGRAM_FAST_CONDITION_H_
#define VERDICT_SRC_PROGRAM_FAST_CONDITION_H_

#include <memory>
#include <optional>

#include "src/program/program.h"

namespace verdict {

// The three-way order of two values of the same kind among decimal, int,
// string and date, without the generic dispatch of Order(); -2 for any other
// pair (the caller then takes the generic path).
int FastOrder(const Value& a, const Value& b);

// For a decimal literal `d` whose mantissa fits 64 bits: its mantissa at
// every scale s from its own up to Decimal::kMaxScale, written to out[s]
// (out[0 .. d.scale()) untouched), exact in 128 bits. Comparing a value of
// scale s >= d.scale() with `d` is then one compare of mantissas.
inline void ScaleMantissa(const Decimal& d, __int128* out) {
  __int128 m = d.mantissa();
  for (int s = d.scale(); s <= Decimal::kMaxScale; ++s, m *= 10) {
    out[s] = m;  // |m| < 2^63 * 10^18 < 2^127 throughout
  }
}

// The three-way order of decimal `v` against decimal `literal`, whose
// mantissas ScaleMantissa() wrote to `scaled`: one compare of mantissas
// when `v` has at least the literal's scale, else FastOrder().
inline int OrderScaled(const Value& v, const Value& literal,
                       const __int128* scaled) {
  const Decimal& d = v.as_decimal();
  if (d.scale() < literal.as_decimal().scale()) return FastOrder(v, literal);
  const __int128 m = d.mantissa();
  const __int128 l = scaled[d.scale()];
  return m < l ? -1 : (m > l);
}

// Whether `c` (a three-way order) satisfies `op`.
inline bool Satisfies(CompareOp op, int c) {
  switch (op) {
    case kLt:
      return c < 0;
    case kLe:
      return c <= 0;
    case kGt:
      return c > 0;
    case kGe:
      return c >= 0;
    case kEq:
      return c == 0;
    default:
      return c != 0;
  }
}

class FastCondition {
 public:
  // The fast form of `n`, or nullopt when `n` has another shape.
  static std::optional<FastCondition> From(const Node& n);

  // The Node it was made from when Rebuilds() that Node: `slot <op>
  // literal` as MakeCompare() builds it, or two of them under an Op::kAnd.
  // For a rule that keeps no condition Nodes (CompiledRule::conditions):
  // the rare record whose value Test() cannot decide (kOther: a null, a
  // value of another kind) is evaluated on it, for the general path's exact
  // result and wording. Allocates; never called for a set (see Rebuilds).
  Node ToNode() const;

  // Whether ToNode() gives exactly `n`: the same ops, slots, operators,
  // literals (kind, value and scale) and source offsets, and no other
  // member set. False for a set (its node calls a builtin this layer does
  // not know) and for a literal compared from the left.
  bool Rebuilds(const Node& n) const;

  // Whether it is `slot in [string literals]`: then atom 0 reads the slot
  // and its constant is the list, and atom_op() means nothing. Callers that
  // read atoms as comparisons must refuse these.
  bool is_set() const { return set_; }

  // The comparisons it is made of (one, or two joined by `&&`):
  // `slot <op> literal` each. For the table index
  // (src/compile/table_index_builder.h) and for callers that decide whole
  // columns at once (src/api/arrow_columnar.cc).
  int atom_count() const { return count_; }
  int atom_slot(int i) const { return slot_[i]; }
  CompareOp atom_op(int i) const { return op_[i]; }
  const Value& atom_constant(int i) const { return constant_[i]; }

  // Whether every slot the condition reads is below `n`.
  bool ReadsSlotsBelow(int n) const {
    for (int i = 0; i < count_; ++i) {
      if (slot_[i] < 0 || slot_[i] >= n) return false;
    }
    return true;
  }

  // Whether every comparison reads slot `s` (and nothing else).
  bool ReadsOnlySlot(int s) const {
    for (int i = 0; i < count_; ++i) {
      if (slot_[i] != s) return false;
    }
    return true;
  }

  // Test() for a condition that ReadsOnlySlot(s), with `v` standing for the
  // value of slot s: the same truth, without a frame.
  Truth TestValue(const Value& v) const {
    Truth t = AtomOn(0, v);
    if (count_ == 1 || t != Truth::kTrue) return t;
    return AtomOn(1, v);
  }

  // The condition's truth, exactly as EvalTruth() would give it, or kOther
  // when a slot's value is not of its literal's kind (a null, a double, an
  // error...): then nothing was decided and the caller evaluates the Node.
  Truth Test(const Frame& f) const {
    Truth t = Atom(0, f);
    // CEL's `false && x` is false whatever x is; otherwise x decides.
    if (count_ == 1 || t != Truth::kTrue) return t;
    return Atom(1, f);
  }

 private:
  Truth Atom(int i, const Frame& f) const {
    return AtomOn(i, f.slot(slot_[i]));
  }
  Truth AtomOn(int i, const Value& v) const {
    if (set_) return InSet(v);
    int c;
    if (prescaled_[i] && v.kind() == Kind::kDecimal) {
      // The literal, pre-scaled to the value's scale: one 128-bit compare.
      c = OrderScaled(v, constant_[i], scaled_[i].get());
    } else {
      c = FastOrder(v, constant_[i]);
      if (c == -2) return Truth::kOther;
    }
    return Satisfies(op_[i], c) ? Truth::kTrue : Truth::kFalse;
  }

  // `v in constant_[0]` (a list of strings) as @in decides it for a
  // string; any other kind is left to the general path.
  Truth InSet(const Value& v) const {
    if (v.kind() != Kind::kString) return Truth::kOther;
    for (const Value& item : constant_[0].as_list()) {
      if (item.as_string() == v.as_string()) return Truth::kTrue;
    }
    return Truth::kFalse;
  }

  // For a decimal literal of scale t whose mantissa fits 64 bits: its
  // mantissa times 10^(s - t) for every scale s in [t, 18], exact in 128
  // bits. Other literals are left to FastOrder(). Held apart (and shared by
  // copies) because only decimal cells need it: a table of 10,000 int or
  // string cells would otherwise carry 6 MB of empty tables.
  void PreScale(int i);

  // The small members first, together: they fit before the 16-byte
  // aligned Values (an optional FastCondition per table row).
  int count_ = 0;
  int slot_[2] = {-1, -1};
  CompareOp op_[2] = {kEq, kEq};
  bool prescaled_[2] = {false, false};
  bool set_ = false;
  Value constant_[2];
  std::shared_ptr<const __int128[]> scaled_[2];
};

}  // namespace verdict

#endif  // VERDICT_SRC_PROGRAM_FAST_CONDITION_H_
