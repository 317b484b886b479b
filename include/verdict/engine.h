// Verdict's public API: load a policy pack, evaluate its policies against
// records, and read back decisions.
//
// Errors come in four kinds, each with one carrier: API misuse throws
// (std::invalid_argument, std::logic_error); a broken pack gives positioned
// Diagnostics from Load(); a record that cannot be decided gets a
// RecordError inside its Decision; inside expressions an evaluation error is
// an error Value. The whole model, with every RecordError code, is in
// docs/errors.md.
//
// Thread safety: a loaded Pack is immutable; every const method may be called
// from many threads at once. Packs are held by shared_ptr so a service can
// swap in a new version while evaluations of the old one finish.
#ifndef VERDICT_ENGINE_H_
#define VERDICT_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "verdict/value.h"
#include "verdict/zone.h"

namespace verdict {

struct Diagnostic {
  enum class Severity { kError, kWarning };
  std::string file;  // path as given to Load(), joined with the file name
  int line = 0;      // 1-based; 0 when not tied to a position
  int column = 0;    // 1-based, in characters (docs/errors.md), not bytes
  Severity severity = Severity::kError;
  std::string message;
  // "file:line:col: error: message"
  std::string ToString() const;
};

// Why a record got no decision.
struct RecordError {
  // missing_field, wrong_type, invalid_value, unknown_field, invalid_json,
  // evaluation_error, no_rule_matched, conflicting_rules (docs/errors.md)
  std::string code;
  std::string message;
  std::string field;  // the offending field, or "" when not about one field

  // The unknown_field error of a record of a strict pack (strict_fields)
  // holding `field`, which policy `policy` does not declare: one wording
  // for every reader of records.
  static RecordError UnknownField(std::string_view policy,
                                  std::string_view field) {
    return {"unknown_field",
            "field '" + std::string(field) + "' is not declared by policy '" +
                std::string(policy) + "'",
            std::string(field)};
  }
};

// One rule that matched, with the values its condition read.
struct TraceEntry {
  // The decision's id; a used policy's decisions are prefixed with its
  // name ("customer_tier.tier"); a policy function's row names the
  // function as `policy.function`, wherever it was called from.
  std::string decision;
  std::string rule;
  std::vector<std::pair<std::string, Value>> values;
  bool function = false;  // a policy function's row (never prefixed)
};

// Which pack version made a decision: enough to replay it later.
struct Audit {
  std::string pack;
  std::string version;
  std::string content_hash;
  std::string policy;
  Date as_of;
};

struct Decision {
  std::string policy;  // the policy that decided
  // Outputs in the policy's declared order; empty when `error` is set.
  std::vector<std::pair<std::string, Value>> outputs;
  std::optional<RecordError> error;
  std::vector<TraceEntry> trace;  // filled when EvalOptions::trace
  std::optional<Audit> audit;     // filled when EvalOptions::audit
  // Whether it was decided with EvalOptions::trace: its JSON (Pack::ToJson,
  // `verdict eval --trace`, the service) then has a "trace" member, [] when
  // no rule matched; a record error's JSON has none.
  bool traced = false;

  bool ok() const { return !error.has_value(); }
  // The output named `name`, or nullptr.
  const Value* Get(std::string_view name) const;
};

struct EvalOptions {
  Date as_of;          // the evaluation date; policies never read the clock
  bool trace = false;  // record matched rules and the values they saw
  bool audit = false;  // stamp each decision with the pack's identity
  // When set, counts the working-day computations (add_workdays,
  // is_workday) of the call that read a day outside the years the pack's
  // calendar covers: there only weekends are days off, holidays unknown
  // (Pack::OutsideCalendarWarning() words it). Not owned; the threads of
  // one call add to it together (relaxed: a count, not a signal).
  std::atomic<uint64_t>* outside_calendar = nullptr;
  // Decide many records (EvaluateMany, EvaluateEach, EvaluateColumns,
  // EvaluateJsonLines, DecideJsonLinesStream) column at a time where the
  // policy allows:
  // per-record policies over money, bool, enum, string, int and date
  // fields, no trace, no audit. The same decisions as record by record,
  // which false forces (the reference the tests compare with).
  bool columnar = true;
};

// A record given by field name. Names the policy does not declare are
// ignored; an absent name or a null value means "not given".
using FieldMap = std::map<std::string, Value, std::less<>>;

// A declared record field, as a caller may inspect it.
struct FieldInfo {
  std::string name;
  std::string type;  // "string", "money", "date", "datetime", "enum(a, b)", ...
  bool required = false;
  Value default_value;  // null when none
};

struct PolicyInfo {
  std::string name;
  std::string description;
  std::string record;  // the record type's name (e.g. "customer")
  std::vector<FieldInfo> fields;
  std::vector<std::pair<std::string, std::string>> outputs;  // name, type
  bool batch = false;  // decided over a whole batch (population aggregates)
};

// Resource limits: hostile packs and records are refused with a clear
// error instead of exhausting time or memory.
struct Limits {
  // Expression nesting, in levels: the whole expression is level 1, and
  // each parenthesis, call, list or map literal and prefix operator is one
  // level more, as is each link of an operator or member chain (`a && b &&
  // c` is 3 levels; `((1))` is 3). And list(...) nesting in a type.
  int max_depth = 250;
  size_t max_expression_length = 100000;  // bytes of one expression
  int64_t max_iterations = 1000000;       // comprehension steps per evaluation
  size_t max_list_size = 1000000;  // elements of a list built while evaluating
  size_t max_string_size =
      10 * 1024 * 1024;  // bytes of a string built while evaluating
  int max_regex_program_size = 10000;  // RE2 memory budget, KiB
  int max_yaml_depth = 64;             // nesting of a policy file
  size_t max_record_bytes = 1 << 20;   // one JSON Lines record

  // Load budget: Pack::Load() refuses a pack that exceeds any of these, with
  // a diagnostic at the place where the budget ran out, instead of hanging
  // or exhausting memory (packs are reloaded while a service runs). YAML
  // anchors and aliases are refused outright, before any tree is built.
  // The defaults leave room for real packs: a pack with a 100,000-row
  // number-segment table (500,000 YAML nodes, 5 MB) loads in about 1.4 s of
  // CPU with a peak of about 490 MB; the peak grows with the YAML nodes
  // (about 1 KB each), so lower the node budgets where memory is tight.
  size_t max_file_bytes = 64 << 20;  // one YAML file of the pack
  size_t max_files = 1000;           // YAML files of a pack, tests/ included
  // YAML nodes: every scalar, list and mapping, keys included.
  size_t max_yaml_nodes_per_file = 2'000'000;
  size_t max_yaml_nodes_per_pack = 4'000'000;
  size_t max_table_rows = 500'000;  // rows of one decision table
  // Bytes of expression text compiled for the whole pack: conditions, lets,
  // table columns, `=expr` outputs and cells, field checks (literal cells
  // such as `high` or the bounds of `[30..60)` are not expressions).
  size_t max_expression_bytes_per_pack = 64 << 20;
  // Wall-clock time of the whole Load(), in milliseconds; checked between
  // files, every few thousand YAML nodes and before every expression.
  int64_t max_load_milliseconds = 60'000;
};

struct LoadOptions {
  // Reject record fields that the policy does not declare.
  bool strict_fields = false;
  Limits limits;
};

class PolicyImpl;  // internal
class PackImpl;    // internal

class Pack;
struct LoadResult {
  std::shared_ptr<const Pack> pack;     // null when any error was found
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order
  bool ok() const { return pack != nullptr; }
};

class Pack {
 public:
  // Loads every policy of the pack folder at `path` (pack.yaml, policy
  // files, calendar.yaml, tests/). Never throws for bad input.
  static LoadResult Load(const std::string& path,
                         const LoadOptions& options = {});

  ~Pack();
  Pack(const Pack&) = delete;
  Pack& operator=(const Pack&) = delete;

  const std::string& name() const;
  const std::string& version() const;
  // The folder the pack was loaded from, as given to Load().
  const std::string& path() const;
  // The pack's content hash: SHA-256 (64 lowercase hex digits) over the files
  // that decide (pack.yaml, every policy file and the calendar; not tests/),
  // in byte order of their paths relative to the pack folder ('/'
  // separators), each hashed as PATH "\n" LENGTH "\n" BYTES with LENGTH the
  // file's size in decimal. Stamped in audits and in serve's Verdict-Pack.
  const std::string& content_hash() const;
  // Whether it was loaded with LoadOptions::strict_fields (a record's
  // undeclared key is its unknown_field).
  bool strict_fields() const;
  // The pack's zone (verdict/zone.h): datetimes without an offset are wall
  // time there, and outputs are written in it.
  const Zone& zone() const;
  // Today's date in the pack's zone: the local date of the current instant
  // (for callers that default the as-of).
  Date Today() const;

  std::vector<std::string> PolicyNames() const;
  // The warnings Load() reported with this pack (it loaded, so no errors),
  // in file order: what `verdict check` prints, kept for pages that show
  // them (the workbench).
  const std::vector<Diagnostic>& Warnings() const;
  // A warning when `as_of` lies beyond the years the pack's working-day
  // calendar covers (working-day arithmetic would then miss holidays).
  std::optional<std::string> CalendarWarning(Date as_of) const;
  // The warning for `count` (> 0) working-day computations that read days
  // outside the calendar's years (EvalOptions::outside_calendar): what
  // `verdict eval` prints after a run, naming the calendar and its years.
  std::string OutsideCalendarWarning(uint64_t count) const;
  // How many working-day computations of all calls since the pack loaded,
  // on any thread, read days outside the calendar's years (each is also
  // counted in its call's EvalOptions::outside_calendar when given).
  uint64_t OutsideCalendarCount() const;
  // Throws std::invalid_argument for an unknown policy.
  const PolicyInfo& Policy(std::string_view policy) const;

  // Decides one record. Throws std::invalid_argument for an unknown policy or
  // a batch policy (those need EvaluateMany).
  Decision Evaluate(std::string_view policy, const FieldMap& record,
                    const EvalOptions& options) const;
  // Decides a batch; one Decision per record, in order. For batch policies
  // the population is the batch's valid records.
  std::vector<Decision> EvaluateMany(std::string_view policy,
                                     std::span<const FieldMap> records,
                                     const EvalOptions& options) const;
  // Decides records given column by column: every column has one value
  // per record (null: not given). Columns the policy does not declare are
  // ignored. Results come back column by column too: one column per output
  // (null where the record was invalid), the errors, and traces when asked.
  // Throws std::invalid_argument when columns differ in length.
  struct Column {
    std::string name;
    std::vector<Value> values;
  };
  struct ColumnResults {
    std::vector<Column> outputs;  // in the policy's output order
    std::vector<std::optional<RecordError>> errors;  // one per record
    std::vector<std::vector<TraceEntry>> traces;  // one per record when tracing
  };
  ColumnResults EvaluateColumns(std::string_view policy,
                                std::span<const Column> columns,
                                const EvalOptions& options) const;
  // Decides `n` records that the caller loads itself, one at a time, with
  // nothing in between (no FieldMap, no columns): the form for callers whose
  // records live in their own objects (the Python module's dicts).
  // `load(i, fields)` puts record i's values into `fields`, one Value per
  // field of Policy(policy).fields in that order, all null on entry (null:
  // not given), and returns a load error for the record or nullopt. Values
  // are then validated as for every other entry point (types, checks,
  // defaults). `sink(i, decision)` receives each decision in input order; the
  // Decision is reused between calls: copy what you keep. A batch policy
  // loads every record first, then decides each. Exceptions thrown by `load`
  // or `sink` propagate (the records after it are not decided). Throws
  // std::invalid_argument for an unknown policy. Runs on the calling thread.
  using RecordLoader =
      std::function<std::optional<RecordError>(size_t, std::span<Value>)>;
  using DecisionSink = std::function<void(size_t, const Decision&)>;
  void EvaluateEach(std::string_view policy, size_t n,
                    const EvalOptions& options, const RecordLoader& load,
                    const DecisionSink& sink) const;
  // Decides JSON Lines text: one Decision per line (blank lines included,
  // as invalid_json errors), in order.
  std::vector<Decision> EvaluateJsonLines(std::string_view policy,
                                          std::string_view text,
                                          const EvalOptions& options) const;

  // As EvaluateJsonLines(), handing each decision to `sink` in input order
  // instead of collecting them (the Decision passed is reused between
  // calls: copy what you keep). Per-record policies stream with bounded
  // memory; batch policies decide after reading all of `text`.
  void EvaluateJsonLines(
      std::string_view policy, std::string_view text,
      const EvalOptions& options,
      const std::function<void(const Decision&)>& sink) const;

  // Writes a decision as one JSON object (no newline): the outputs, or
  // {"error": {"code", "message", "field"}}, plus "trace" when present.
  // Dates as "YYYY-MM-DD", datetimes in the pack's zone without offset,
  // money as JSON numbers.
  std::string ToJson(const Decision& decision) const;
  // One value as JSON text, with the same conventions.
  std::string ToJson(const Value& value) const;

 private:
  friend class PackImpl;
  friend struct PackAccess;  // src/api/pack_access.h: Verdict's own code
  explicit Pack(std::unique_ptr<PackImpl> impl);
  std::unique_ptr<PackImpl> impl_;
};

// A population decision over input that arrives in chunks, in two passes:
// Accumulate() every chunk (pass one: the batch aggregates), then Decide()
// every chunk (pass two). Aggregates are order-independent and merged per
// chunk, so decisions do not depend on record order or chunking: a chunk is
// whole lines (a line split across two chunks is two invalid records). Not
// thread-safe; one session per batch. Works for per-record policies too.
class BatchSession {
 public:
  // Throws std::invalid_argument for a null pack or an unknown policy.
  BatchSession(std::shared_ptr<const Pack> pack, std::string_view policy,
               const EvalOptions& options);
  ~BatchSession();
  BatchSession(BatchSession&&) noexcept;
  // Pass one: JSON Lines text. Invalid records are left out of the population.
  // Throws std::logic_error after Decide() or on a moved-from session.
  void Accumulate(std::string_view json_lines);
  // Pass two: one Decision per line, in order. The first call ends pass one.
  // Throws std::logic_error on a moved-from session.
  std::vector<Decision> Decide(std::string_view json_lines);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A pack that a service can swap while other threads keep evaluating:
// Get() hands out the current version (kept alive by the shared_ptr until
// its last user lets go); Reload() loads the folder again and, only if it
// loads cleanly, publishes it atomically. Thread-safe.
class PackHandle {
 public:
  // Loads `path`; throws std::invalid_argument with the diagnostics when
  // the first load fails.
  explicit PackHandle(std::string path, LoadOptions options = {});
  std::shared_ptr<const Pack> Get() const;
  // Returns the load result; on failure the current pack stays in place.
  LoadResult Reload();
  uint64_t generation() const;  // number of successful loads

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// Converts a policy record given field by field (as FieldMap, or as a C++
// struct through Binding) into decisions. See verdict/binding.h.

}  // namespace verdict

#endif  // VERDICT_ENGINE_H_
