// Compiled expressions: a tree of Nodes whose names are already resolved to
// frame slots and whose functions are already resolved to implementations.
// The form every stage shares, so it sits below them: built by the checker
// (src/check/expr_compiler.h) and the pack compiler (src/compile), run by the
// interpreter (src/evaluate/interpreter.h).
#ifndef VERDICT_SRC_PROGRAM_PROGRAM_H_
#define VERDICT_SRC_PROGRAM_PROGRAM_H_

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "src/value/calendar.h"
#include "verdict/engine.h"
#include "verdict/value.h"

namespace re2 {
class RE2;
}

namespace verdict {

class Frame;
struct Node;

// Invokes a callable (a policy's decision function) from an expression.
class Callable {
 public:
  virtual ~Callable() = default;
  // The call, each argument read where it is: `args[i]` points at argument
  // i (the caller's slots and constants, or values it computed), read
  // during the call only, never kept.
  virtual Value CallInPlace(std::span<const Value* const> args,
                            Frame& caller) const = 0;
  // The same with the arguments as values: CallInPlace() over pointers to
  // them.
  Value Call(std::span<const Value> args, Frame& caller) const;
};

// UTC, the zone of a context that names none.
inline const Zone& UtcZone() {
  static const Zone utc;
  return utc;
}

struct EvalContext {
  Date as_of;
  const Calendar* calendar = nullptr;
  // The pack's (or an expression's) zone, not owned: a pointer, so that a
  // context made per record (a bound struct's) copies no reference count.
  const Zone* zone = &UtcZone();
  const Limits* limits = nullptr;
  // Where working-day builtins count a computation that read days outside
  // the calendar's years: the call's counter (EvalOptions::outside_calendar)
  // and the pack's (Pack::OutsideCalendarCount()). Not owned; either may be
  // null.
  std::atomic<uint64_t>* outside_calendar = nullptr;
  std::atomic<uint64_t>* pack_outside_calendar = nullptr;
};

// Per-evaluation mutable state: the slots every name was compiled to.
class Frame {
 public:
  Frame(const EvalContext* ctx, size_t slots) : ctx_(ctx), slots_(slots) {}
  // Adopts `storage` (e.g. a per-thread buffer) to avoid an allocation;
  // Release() hands it back.
  Frame(const EvalContext* ctx, std::vector<Value>&& storage, size_t slots)
      : ctx_(ctx), slots_(std::move(storage)) {
    slots_.resize(slots);
  }
  std::vector<Value> Release() { return std::move(slots_); }
  Value& slot(int i) { return slots_[i]; }
  const Value& slot(int i) const { return slots_[i]; }
  const EvalContext& ctx() const { return *ctx_; }
  int64_t iterations = 0;
  // Where matched rules are recorded when tracing; null otherwise. Not
  // owned. Functions called from this frame record into it too.
  std::vector<TraceEntry>* trace = nullptr;
  size_t size() const { return slots_.size(); }

 private:
  const EvalContext* ctx_;
  std::vector<Value> slots_;
};

using BuiltinImpl = Value (*)(std::span<const Value> args,
                              const EvalContext& ctx);

enum class Op : uint8_t {
  kConst,
  kSlot,     // frame slot `slot`
  kSelect,   // kids[0].field (Node::field())
  kHas,      // has(kids[0].field)
  kSlotHas,  // has(record.field) compiled to "slot is not null"
  kCall,     // fn(kids...)
  kAnd,
  kOr,
  kCond,  // kids[0] ? kids[1] : kids[2]
  kList,
  kMap,
  kComprehension,  // kids: range, init, cond, step, result; slot = the
                   // iteration variable, accu_slot, value_slot (see Node)
  kNotStrictlyFalse,
  kMatchesConst,  // kids[0] matches precompiled regex
  kCallable,      // callable->Call(kids...)
  kError,         // always evaluates to the error in `constant`
  kCompare,       // kids[0] <compare> kids[1] (see CompareOp); no copies
  kNot,  // !kids[0]: CEL's `!_` (fn is its builtin), decided by the truth
         // of kids[0] without building a bool Value
  kIn,   // kids[0] in kids[1]: CEL's `@in` (fn is its builtin), with both
         // operands read in place (a slot and a constant list: no copies)
  kCompareSlot,  // slot `slot` <compare> `constant`, no kids: what
                 // MakeCompare() makes of a kSlot and a kConst operand (most
                 // table cells and many conditions; a third of the memory:
                 // a range cell of a 10,000-row table is two of them)
};

// Comparison operators of Op::kCompare.
enum CompareOp { kLt, kLe, kGt, kGe, kEq, kNe };

struct Node {
  Op op = Op::kConst;
  CompareOp compare = kEq;  // kCompare: the comparison
  int slot = -1;        // kSlot, kSlotHas: the slot read; kComprehension: the
                        // iteration variable's slot
  int accu_slot = -1;   // kComprehension: the accumulator's slot
  int value_slot = -1;  // kComprehension: the value variable of two-variable
                        // forms (`m.all(k, v, ...)`), else -1
  int offset = 0;       // where the expression starts in its source text
  Value constant;
  BuiltinImpl fn = nullptr;
  // kMatchesConst: the precompiled regex; kCallable: the callable; kSelect
  // and kHas: the field name; null otherwise. One pointer for all three (no
  // node is two of them): a big table has a Node per cell, per comparison
  // and per output cell, and this keeps a Node at 128 bytes. Set with
  // set_regex()/set_callable()/set_field(), read with
  // regex()/callable()/field().
  std::shared_ptr<const void> held;
  std::vector<Node> kids;

  void set_regex(std::shared_ptr<const re2::RE2> r) { held = std::move(r); }
  void set_callable(std::shared_ptr<const Callable> c) { held = std::move(c); }
  void set_field(std::string name) {
    held = std::make_shared<const std::string>(std::move(name));
  }
  // Valid only for a node of the op that holds one (see `held`).
  const re2::RE2& regex() const {
    return *static_cast<const re2::RE2*>(held.get());
  }
  const Callable& callable() const {
    return *static_cast<const Callable*>(held.get());
  }
  const std::string& field() const {
    return *static_cast<const std::string*>(held.get());
  }
};

// The truth of a condition: kTrue or kFalse for a bool, kOther for anything
// else (an error or a value of another kind). See EvalTruth().
enum class Truth : uint8_t { kFalse, kTrue, kOther };

// The comparison node for `op` over two nodes (used by the compiler for
// comparison operators and by decision tables for cell tests): an
// Op::kCompareSlot node when `left` reads a slot and `right` is a
// literal, else an Op::kCompare node.
Node MakeCompare(CompareOp op, Node left, Node right);
// The CompareOp of a CEL operator name ("_<_", ...), or -1.
int CompareOpOf(std::string_view fn);
// The Op that runs a call of builtin `fn` with `arity` arguments (other
// than a comparison, see CompareOpOf): Op::kNot for `!_`, Op::kIn for
// `@in`, which read their operands in place, else Op::kCall. One place, so
// that CEL expressions and decision-table cells compile alike.
Op CallOpOf(std::string_view fn, size_t arity);

// Turns a list literal whose items are all constants (`["a", "b"]`, a table
// cell's `[line_fault, cable_fault]`) into one constant list, built once at
// compile time instead of on every evaluation. Leaves any other node as is.
void FoldConstantList(Node* n);

}  // namespace verdict

#endif  // VERDICT_SRC_PROGRAM_PROGRAM_H_
