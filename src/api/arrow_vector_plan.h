// The compiled form of a VectorPlan (src/api/arrow_vector.h): each
// expression, decision and field of a policy as the column-at-a-time
// operation that computes it over a chunk of rows. Built by
// arrow_vector_plan.cc (nodes), arrow_vector_decisions.cc,
// arrow_vector_fields.cc and arrow_vector_bounds.cc; run by
// arrow_vector.cc (batches, fields, outputs), arrow_vector_eval.cc
// (expressions), arrow_vector_memo.cc and arrow_vector_decide.cc.
//
// A value column has one of three kinds, fixed at plan time per slot and
// per expression:
//  - kDict: a code per row into a dictionary of Values (enum and bool
//    fields, constants, and everything computed from such columns only:
//    the finite values most of a policy's decisions work on);
//  - kDec: a decimal per row as a 128-bit mantissa at the column's scale
//    (money and decimal fields, sums and differences of them);
//  - kStr: a text per row, viewed in the batch's buffers (string fields).
// Conditions give a Truth per row (src/program/program.h).
#ifndef VERDICT_SRC_API_ARROW_VECTOR_PLAN_H_
#define VERDICT_SRC_API_ARROW_VECTOR_PLAN_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/api/arrow_vector.h"
#include "src/compile/policy.h"
#include "src/program/program.h"

namespace verdict {

enum class VKind : uint8_t { kDict, kDec, kStr };

// The largest magnitude of a decimal literal's mantissa a kDec column is
// compared with (10^33): a literal is scaled up by at most 10^4 (to a
// column's scale, at most money's 4 places), a column's value (below
// 10^20) by at most 10^18 (to a literal's scale): both stay below 2^127.
inline constexpr __int128 kLiteralLimit =
    static_cast<__int128>(1000000000000000000LL) *
    static_cast<__int128>(1000000000000000LL);

struct VExpr {
  enum class Op : uint8_t {
    kConst,   // `value`, every row (kDict)
    kSlot,    // the column of `slot`
    kHas,     // truth: `slot` holds a value (not null)
    kNot,     // truth: !kids[0]
    kAnd,     // truth: kids[0] && kids[1], CEL's commutative form
    kOr,      // truth: kids[0] || kids[1]
    kCmpDec,  // truth: kids[0] (kDec) <cmp> the decimal `literal`
    kCmpStr,  // truth: kids[0] (kStr) <cmp> `value` (a string)
    kCmpCol,  // truth: kids[0] (kDec) <cmp> kids[1] (kDict); `node` is
              // `slot 0 <cmp> slot 1`, for the interpreter's verdicts
    kAddDec,  // kDec: kids[0] + kids[1] (kDec or decimal constants)
    kSubDec,  // kDec: kids[0] - kids[1]
    kMemo,    // `node` evaluated by the interpreter once per distinct
              // tuple of its inputs (kDict and kStr columns: the slots of
              // `reads`, and `kids`)
    kCall,    // kids as the arguments of `function`, decided column-wise
  };
  Op op = Op::kConst;
  VKind kind = VKind::kDict;  // of the value (truth ops: a bool kDict)
  int scale = 0;              // kDec: the mantissas' scale
  CompareOp cmp = kEq;
  int slot = -1;
  // kCmpDec: the literal's mantissa and scale (compared at the larger of
  // its scale and kids[0]'s); a kDec kConst: its mantissa at `scale`.
  __int128 literal = 0;
  int literal_scale = 0;
  Value value;
  const Node* node = nullptr;
  // kMemo: the scope's slots `node` reads, and the frame slots where the
  // values of `kids` (sub-expressions computed column-wise, which `node`
  // reads in their place) are put.
  std::vector<int> reads;
  std::vector<int> kid_slots;
  // Per kid: for a decimal kid, the literals `node` compares it with (and
  // nothing else): the memo keys on the value's class among them.
  std::vector<std::vector<Value>> kid_bounds;
  const FunctionDecision* function = nullptr;
  // kMemo: its memo's index in the batch state; kCall: its VFunction's
  // index in the plan.
  int memo = -1;
  std::vector<VExpr> kids;
};

// A decision over the slots of one frame (a policy's or a function's).
struct VDecision {
  const CompiledDecision* d = nullptr;
  std::vector<std::pair<int, VExpr>> columns;  // computed table columns
  struct Rule {
    std::vector<VExpr> conditions;
    // Per target (VDecision::targets order): the value, or null when the
    // rule does not set it (the target is then null).
    std::vector<std::unique_ptr<VExpr>> sets;
  };
  std::vector<Rule> rules;
  std::vector<int> targets;  // first hit: the slots the rules set
  std::vector<VKind> target_kinds;
  std::vector<int> target_scales;
  bool no_match_fails = false;  // first hit: a row no rule matches fails
  // Collect: the rules' constant values, one per rule, and the slot.
  std::vector<Value> collected;
  // A decision whose outcome is a function of kDict and kStr slots
  // (`reads`) is run by RunDecision() once per distinct tuple of them, in
  // the frame of memo `memo` (-1: decided by the rules above), alone or in
  // a run with the decisions beside it (VChain); its targets (or its
  // collect slot) are `memo_targets`: kDict, or kDec where a rule copies a
  // decimal slot into one (`pass`).
  int memo = -1;
  std::vector<int> reads;
  std::vector<int> memo_targets;
  // Per target, per rule: the kDec slot the rule copies into it, or -1.
  std::vector<std::vector<int>> pass;
};

// A step of the policy's decisions: one decided by its rules, or a run of
// consecutive finite ones (memo >= 0) decided together: the slots they
// read that no earlier one of them sets (`reads`) key one memo.
struct VChain {
  size_t first = 0;
  size_t count = 1;
  int memo = -1;
  std::vector<int> reads;
};

// A policy function decided column-wise (VExpr::kCall): its own frame.
struct VFunction {
  const FunctionDecision* f = nullptr;
  VDecision decision;
  VChain chain;  // the decision as a step of its own, when it is finite
};

struct VField {
  enum class Load : uint8_t {
    kAbsent,  // no column: every row null
    kDecimal128,
    kInt64,  // as decimals of scale 0
    kUtf8,
    kLargeUtf8,
    kEnumUtf8,  // an enum field's text, coded by member
    kEnumLargeUtf8,
    kBool,
    kSkipped,     // read by nothing: validity checked only
    kRecord,      // a validated record's slot (VectorPlan::RecordColumns)
    kDictionary,  // dictionary-encoded text: an enum's members, or a
                  // string field's texts as a kDict of the batch's entries
  };
  Load load = Load::kAbsent;
  int column = -1;
  int scale = 0;         // kDec: the column's scale (with the default's)
  int column_scale = 0;  // kDecimal128: the cells' scale
  std::string format;
  VKind kind = VKind::kDict;
  // kEnum*, kBool, kAbsent: the dictionary (members, or false/true), null
  // last.
  std::vector<Value> dict;
  // A null cell's value: the default (null when none), or fails when
  // the field is required.
  Value fill;
  __int128 fill_mantissa = 0;  // kDec: `fill` at `scale`
  bool fill_null = true;
  bool required = false;
  // kDec: the field's check (comparisons with decimal literals), if any.
  std::optional<FastCondition> check;
  // kDict: whether a non-null cell of each dictionary entry is valid (its
  // check holds).
  std::vector<uint8_t> ok;
  // kRecord kDict of ints or dates: `dict` holds only null (code 0); each
  // value is added to the run's dictionary when first seen.
  bool open = false;
  // kDictionary: the dictionary's format (utf8 or large utf8); `format` is
  // the indices'.
  std::string values_format;
};

struct VOutput {
  int slot = -1;
  bool unset = false;  // no decision sets it: null in every row
  VKind kind = VKind::kDict;
  int scale = 0;
  bool required = false;  // null fails the row
  bool money = false;     // must fit money's places
  bool checked = false;   // in checked_outputs: converted or fails
  std::string format;     // the builder's Arrow format
  int out_scale = 0;      // kDec into decimal128: the column's scale
};

struct VectorPlan::Impl {
  const PackImpl* pack = nullptr;
  const CompiledPolicy* p = nullptr;
  EvalContext ctx;
  std::vector<VField> fields;
  std::vector<std::pair<int, VExpr>> lets;
  std::vector<std::pair<int, Value>> constants;  // params, as_of
  std::vector<VDecision> decisions;
  std::vector<VChain> steps;  // the decisions, in order
  std::vector<std::unique_ptr<VFunction>> functions;
  std::vector<VOutput> outputs;
  std::vector<std::pair<int, const FieldType*>> money_locals;
  // Per kMemo expression (VExpr::memo): the frame size of its scope.
  std::vector<int> memo_frames;
  // Nodes made at plan time (rules that keep only fast conditions), read by
  // kMemo expressions.
  std::deque<Node> nodes;
};

// Whether every read of `slot` in `n` compares it with a number literal,
// following calls into policy functions (whose parameter it is then); the
// literals go to `bounds`, sorted, each once. False for any other use (an
// output, arithmetic, has()). In arrow_vector_bounds.cc.
bool LiteralUses(const Node& n, int slot, std::vector<Value>* bounds);

// Field `cf` (`read`: whether anything reads it) loaded from `schema`'s
// column of its name into `f`; false when this path does not load that
// type from that column. `ctx` runs an enum's or bool's check on each of
// its values. In arrow_vector_fields.cc.
bool MakeVField(const CompiledField& cf, bool read, const ArrowSchema& schema,
                const CompiledPolicy& p, const EvalContext& ctx, VField* f);
// Field `cf` taken from validated records (Load::kRecord; unread: nothing
// loaded): the value validation left in its slot, default filled, checks
// and patterns held. False for a type this path does not hold.
bool MakeRecordField(const CompiledField& cf, bool read, VField* f);

// The scale of a record's money column: money's places.
inline constexpr int kRecordMoneyScale = 4;

// Output `k` of `p`, whose column's kind and scale `o` holds: the builder's
// format and the checks its values need; false when this path does not
// write that pair.
bool MakeVOutput(const CompiledPolicy& p, size_t k, const Zone& zone,
                 VOutput* o);

}  // namespace verdict

#endif  // VERDICT_SRC_API_ARROW_VECTOR_PLAN_H_
