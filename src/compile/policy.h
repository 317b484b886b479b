// The compiled, immutable form of a pack: policies whose names are frame
// slots and whose conditions are evaluable Nodes. Built by CompilePack()
// (pack_compiler.cc and the files beside it) and run by the functions of
// src/evaluate/policy_eval.h.
#ifndef VERDICT_SRC_COMPILE_POLICY_H_
#define VERDICT_SRC_COMPILE_POLICY_H_

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/compile/field_type.h"
#include "src/parse/pack_syntax.h"
#include "src/program/class_repeat.h"
#include "src/program/fast_condition.h"
#include "src/program/program.h"
#include "src/program/row_grid.h"
#include "src/program/table_index.h"
#include "src/value/calendar.h"
#include "verdict/engine.h"

namespace verdict {

struct CompiledField {
  std::string name;
  FieldType type;
  bool required = true;
  Value default_value;  // null: none
  Node check;  // evaluated with the value in `check_slot`; kConst true if none
  bool has_check = false;
  // The check's fast form (a comparison with a literal, or a range), tested
  // on the value itself (FastCondition::TestValue) without copying it into
  // `check_slot`; nullopt when the check has another shape.
  std::optional<FastCondition> fast_check;
  std::string check_text;
  std::shared_ptr<const re2::RE2> pattern;
  // The pattern's fast form when it is one repeated character class
  // (src/program/class_repeat.h); RE2 matches it otherwise.
  std::optional<ClassRepeat> fast_pattern;
  std::string pattern_text;
  // Whether the name is printable ASCII without '"' or '\\': the same bytes
  // quoted in a JSON line are that key, unescaped (src/io/flat_json.h).
  bool plain_name = false;
};

// Where a rule's condition reads come from, for traces.
struct TraceRead {
  std::string name;
  int slot;
};

// What a rule sets one target slot to: a literal (most table cells), kept
// as its value, or an expression. Apart from a Node because a big table has
// one per output cell: a (slot, Node) pair was 136 bytes, this is 64.
struct RuleOutput {
  Value constant;                    // the literal, when `expr` is null
  std::unique_ptr<const Node> expr;  // the expression; null for a literal
  int slot = -1;                     // the target slot
};

struct CompiledRule {
  std::string id;
  std::string description;
  syntax::Pos pos;
  // The conditions, all of which must be true; condition_count() of them.
  // Condition i is conditions[i], and fast[i] its fast form when it has one
  // (src/program/fast_condition.h), once the policy is compiled. A row of a
  // big table (ElideConditionNodes) keeps no Nodes when each of its
  // conditions is rebuilt exactly by its fast form: then `conditions` is
  // empty, fast[i] is never nullopt, and condition i is fast[i]->ToNode().
  // (A range cell's three Nodes, an `&&` over two comparisons, were 384
  // bytes a row: more than the row's fast form and outputs together.)
  std::vector<Node> conditions;
  std::vector<std::string> condition_texts;  // one per condition
  std::vector<std::optional<FastCondition>> fast;
  size_t condition_count() const {
    return conditions.empty() ? fast.size() : conditions.size();
  }
  std::vector<RuleOutput> sets;
  // The names of what `sets` sets, parallel to it, as string Values built
  // once: a collected object's keys are shared, not rebuilt per record.
  // Never null once compiled (CompileDecision). Consecutive rules that set
  // the same names (every row of a table) share one vector.
  std::shared_ptr<const std::vector<Value>> set_keys;
  // Collect of a plain value (`then: code`): the value, never null when
  // has_value. Apart (shared, immutable) because most rules have none and a
  // big table keeps a CompiledRule per row: in place it made each 144 bytes
  // bigger.
  std::shared_ptr<const Node> value;
  // What a trace of the rule shows. Never null once compiled, and shared
  // like set_keys (the rows of a table read the same columns).
  std::shared_ptr<const std::vector<TraceRead>> reads;
  bool has_value = false;
};

enum class HitPolicy { kFirst, kUnique, kAny, kCollect };

struct CompiledDecision {
  std::string id;
  std::string policy;
  HitPolicy hit = HitPolicy::kFirst;
  std::vector<std::pair<int, Node>> columns;  // slot, expression (tables)
  std::vector<CompiledRule> rules;
  bool is_function = false;  // a policy function's (id: policy.function)
  int into_slot = -1;        // collect target
  std::vector<int> targets;  // slots the rules set
  std::vector<std::string> target_names;
  std::vector<bool> target_nullable;
  // The rules a record can match, for large tables of literal cells; null:
  // scan every rule (see src/compile/table_index_builder.h).
  std::shared_ptr<const TableIndex> index;
};

struct BatchAggregate {
  enum class Kind { kCount, kSum, kMin, kMax, kSorted };
  std::string name;
  Kind kind;
  Node arg;
  int slot;
};

struct CompiledPolicy;

// A policy decided first on the same record (`uses:`). Its outputs land in
// their own slots (`policy.output` compiles to a slot read, as a record
// field does); the result as one map goes to `slot` only when an
// expression reads it whole (`whole_used`), so that the usual reads build
// no map and look up no key per record.
struct UsedPolicy {
  const CompiledPolicy* policy;
  int slot;
  std::vector<int> field_map;     // for each field of the used policy: our slot
  std::vector<int> output_slots;  // for each output of the used policy
  bool whole_used = false;
};

// The shape most handbook tables have, decided without frame slots: one
// first-hit decision whose cells are FastConditions on record fields and
// whose rules set outputs to literals. Built by the compiler when a policy
// has exactly that shape (and nothing else: no lets, uses, batch
// aggregates, params or functions read); DecideInto() then writes the
// winning rule's outputs straight into the Decision. Any cell it cannot
// decide exactly (kOther) sends the record down the general path.
struct DirectTable {
  struct Row {
    std::vector<const FastCondition*> conditions;  // all must hold
  };
  std::vector<Row> rows;
  // Row r's value of output k is values[r * width + k] (null where the row
  // does not set it): copies of the rules' literals, side by side, so that
  // the winning row of a big indexed table is one read away rather than a
  // chase through its rule's nodes.
  size_t width = 0;
  std::vector<Value> values;
  const Value& output(size_t row, size_t k) const {
    return values[row * width + k];
  }
  const CompiledDecision* decision = nullptr;  // for its targets and id
  // The rows decided by one lookup, for a table without an index whose
  // cells a RowGrid places (the rows' conditions are its reference).
  std::optional<RowGrid> grid;
};

struct CompiledPolicy {
  PolicyInfo info;
  std::string file;
  std::vector<CompiledField> fields;  // field i lives in slot i
  int whole_record_slot = -1;
  bool needs_whole_record = false;
  int as_of_slot = -1;
  std::vector<std::pair<int, Value>> constants;  // params
  std::vector<UsedPolicy> uses;
  std::vector<BatchAggregate> batch;
  std::vector<std::pair<int, Node>> lets;
  std::vector<std::string> let_names;
  std::vector<CompiledDecision> decisions;
  std::vector<std::pair<std::string, int>> outputs;  // declared order
  // The slots of the policy's locals. Like the outputs', they are null when
  // a record's decisions start: a local no rule set this record reads as
  // null, never as the value an earlier record left in the reused frame.
  std::vector<int> local_slots;
  // The output and field names as string Values, built once (the keys of a
  // used policy's result and of the whole-record map).
  std::vector<Value> output_keys;
  std::vector<Value> field_keys;
  std::vector<FieldType> output_types;
  // The outputs (indices) of type money or a list of money: a value the
  // policy computes for one must fit money's 4 decimal places.
  std::vector<uint32_t> money_outputs;
  // The outputs (indices) whose type is not optional (not `T?`, not a
  // list) and that a record may leave null: a decided record holds a value
  // in each, or it fails with an evaluation_error. A rule that does not set
  // one, or an expression that gives null, must not turn into a null the
  // type says cannot be there. Outputs proven never null (set in every rule
  // of a decision, and only to literals) are left out once the decisions
  // are compiled, so that no record checks them.
  std::vector<uint32_t> required_outputs;
  // The locals of type money or a list of money: held to money's places as
  // outputs are (a record whose local needs more fails).
  struct MoneyLocal {
    std::string name;
    int slot;
    FieldType type;
  };
  std::vector<MoneyLocal> money_locals;
  // The outputs (indices) some expression may fill with a value its static
  // type does not prove fits (an enum from a string, anything from dyn, an
  // int for money): each record's value is accepted as a record field of
  // the output's type would be (converted likewise), or the record fails.
  std::vector<uint32_t> checked_outputs;
  int frame_size = 0;
  int check_slot = -1;  // where a field's value sits while its check runs
  // Whether field i is read by anything after validation (FieldsRead() in
  // fast_paths.cc). A caller whose value for an unread field is valid by
  // construction (a bound C++ member) may skip loading it.
  std::vector<bool> field_read;
  std::optional<DirectTable> direct;  // points into `decisions`

  // Not copyable: `direct` points into this policy's own decisions.
  CompiledPolicy() = default;
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;
};

// A policy function (a decision with parameters) callable from expressions.
class FunctionDecision : public Callable {
 public:
  CompiledDecision decision;
  // The function as a DirectTable (fast_paths.h): its conditions read one
  // parameter each (the slot of parameter i is i), its rows return
  // literals; its values are per return slot. Call() then decides without a
  // frame, unless a caller traces or a cell needs the general path.
  std::optional<DirectTable> direct;
  std::vector<std::pair<std::string, int>> params;  // name, slot
  std::vector<FieldType> param_types;
  int as_of_slot = -1;
  int frame_size = 0;
  // The returned names as string Values (the result's keys); one name:
  // the function returns the value itself.
  std::vector<Value> return_keys;
  std::vector<int> return_slots;
  // The direct table when it decides, else the decision on a frame of its
  // own (the arguments copied into its parameter slots).
  Value CallInPlace(std::span<const Value* const> args,
                    Frame& caller) const override;
};

class PackImpl {
 public:
  std::string path;
  std::string name;
  std::string version;
  std::string content_hash;
  Zone zone = Zone::Fixed(8 * 3600);
  Calendar calendar;
  Limits limits;
  std::vector<std::unique_ptr<CompiledPolicy>> policies;
  std::vector<std::shared_ptr<FunctionDecision>> functions;
  // What is kept of the syntax: the test files (`verdict test`: cases and
  // positions), and of each policy only its name, position, file and text,
  // since the compiler releases the rest as it goes (a 10,000-row table's
  // syntax was 4.8 MB): PackAccess::PolicySyntax() reads a policy again.
  syntax::Pack syntax;
  bool strict_fields = false;
  // The warnings of the load that made this pack (Pack::Warnings()).
  std::vector<Diagnostic> warnings;
  // Working-day computations of every call that read days outside the
  // calendar's years (Pack::OutsideCalendarCount()); mutable: a count kept
  // by const evaluation, from any thread.
  mutable std::atomic<uint64_t> outside_calendar{0};

  // The evaluation context of one call: the pack's calendar, zone, limits.
  EvalContext Context(const EvalOptions& o) const {
    EvalContext ctx;
    ctx.as_of = o.as_of;
    ctx.calendar = &calendar;
    ctx.zone = &zone;
    ctx.limits = &limits;
    ctx.outside_calendar = o.outside_calendar;
    ctx.pack_outside_calendar = &outside_calendar;
    return ctx;
  }

  const CompiledPolicy* Find(std::string_view name) const {
    for (const auto& p : policies) {
      if (p->info.name == name) return p.get();
    }
    return nullptr;
  }
};

// Compiles the syntax tree. Appends diagnostics; returns null on any error.
std::unique_ptr<PackImpl> CompilePack(syntax::Pack syntax, const Limits& limits,
                                      std::vector<Diagnostic>* diags);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_POLICY_H_
