// The syntax tree of a policy pack: what the YAML files say, with the
// position of every piece, before any name or type is resolved. Produced by
// LoadPackSyntax() (pack_loader.cc); consumed by the pack compiler.
#ifndef VERDICT_SRC_PARSE_PACK_SYNTAX_H_
#define VERDICT_SRC_PARSE_PACK_SYNTAX_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/parse/scalar_map.h"
#include "src/parse/tree.h"
#include "verdict/engine.h"

namespace verdict::syntax {

class LoadBudget;  // load_budget.h

struct Scalar;

// The items of a list cell, read like a std::vector<Scalar>, and the map
// of a scalar whose text is not simply the source's bytes (scalar_map.h).
// Held apart, one pointer in place, because almost no scalar has either: a
// table has a Scalar per cell, and an empty vector in each was 16 more
// bytes a cell (480 KB of a 10,000-row table's load peak). Copies are deep
// (the map, immutable, is shared).
class ScalarItems {
 public:
  ScalarItems() = default;
  ScalarItems(const ScalarItems& o);
  ScalarItems& operator=(const ScalarItems& o);
  ScalarItems(ScalarItems&&) noexcept = default;
  ScalarItems& operator=(ScalarItems&&) noexcept = default;

  size_t size() const;
  bool empty() const { return size() == 0; }
  const Scalar& operator[](size_t i) const;
  const Scalar* begin() const;
  const Scalar* end() const;
  void push_back(Scalar s);

  // The scalar's map; null when it has none.
  const ScalarMap* map() const;
  void set_map(std::shared_ptr<const ScalarMap> map);

 private:
  struct Rare;
  std::unique_ptr<Rare> rare_;  // null: no items and no map
};

// A YAML scalar (or flow sequence of scalars, for list cells) with position.
// One per table cell: the flags sit together after the other members so
// that they share one word of padding (72 bytes).
struct Scalar {
  std::string text;
  Pos pos;
  ScalarItems items;     // set when the YAML node was a sequence
  bool is_null = false;  // YAML null (~, null, or empty)
  bool quoted = false;   // written in quotes: always a string
  bool is_list = false;

  // Where byte `offset` of `text` is in the file: exact for every YAML
  // scalar style the loader read (folded lines, escapes, block scalars);
  // `pos` when the loader could not trace the text to its source.
  Pos PosAt(size_t offset) const {
    return PosInScalar(pos, text, items.map(), offset);
  }
};

struct ScalarItems::Rare {
  std::vector<Scalar> items;
  std::shared_ptr<const ScalarMap> map;
};

inline ScalarItems::ScalarItems(const ScalarItems& o)
    : rare_(o.rare_ ? std::make_unique<Rare>(*o.rare_) : nullptr) {}
inline ScalarItems& ScalarItems::operator=(const ScalarItems& o) {
  if (this != &o) *this = ScalarItems(o);
  return *this;
}
inline size_t ScalarItems::size() const {
  return rare_ ? rare_->items.size() : 0;
}
inline const Scalar& ScalarItems::operator[](size_t i) const {
  return rare_->items[i];
}
inline const Scalar* ScalarItems::begin() const {
  return rare_ ? rare_->items.data() : nullptr;
}
inline const Scalar* ScalarItems::end() const {
  return rare_ ? rare_->items.data() + rare_->items.size() : nullptr;
}
inline void ScalarItems::push_back(Scalar s) {
  if (!rare_) rare_ = std::make_unique<Rare>();
  rare_->items.push_back(std::move(s));
}
inline const ScalarMap* ScalarItems::map() const {
  return rare_ ? rare_->map.get() : nullptr;
}
inline void ScalarItems::set_map(std::shared_ptr<const ScalarMap> map) {
  if (!map) return;
  if (!rare_) rare_ = std::make_unique<Rare>();
  rare_->map = std::move(map);
}

struct Field {
  std::string name;
  Pos pos;
  Scalar type;  // "money", "enum(a, b)", "date?" ...
  bool required = true;
  std::optional<Scalar> default_value;
  std::optional<Scalar> check;    // unary test, e.g. "> 0"
  std::optional<Scalar> pattern;  // RE2 for strings
  std::string description;
};

struct Named {
  std::string name;
  Pos pos;
  Scalar value;  // a type, an expression, or a literal, by context
};

struct Rule {
  std::string id;
  Pos pos;
  std::string description;
  std::vector<Scalar> when;  // all must hold; empty: always
  std::vector<Named> then;   // output name -> literal or "=expr"
  // Collect of plain values: `then: code`; null otherwise. Shared and
  // immutable rather than an optional in place: a table row (a Rule) never
  // has one, and an optional Scalar cost each row 96 bytes.
  std::shared_ptr<const Scalar> then_value;
  // Set for rules that came from a table row: cells by column.
  std::vector<Scalar> cells;
  bool from_table = false;
};

struct Decision {
  std::string id;
  Pos pos;
  std::string description;
  Scalar hit;                   // first | unique | collect | any
  std::optional<Scalar> into;   // collect target
  std::vector<Scalar> columns;  // table: tested expressions
  std::vector<Scalar> outputs;  // table: output names, in cell order
  std::vector<Rule> rules;
};

struct Function {
  std::string name;
  Pos pos;
  std::string description;
  std::vector<Named> params;   // name -> type
  std::vector<Named> returns;  // name -> type
  Decision decision;
};

// An entry of a policy's `analysis: {allow: [...]}`: a table-analysis
// finding (verdict/analysis.h) the author keeps on purpose, with the reason.
struct AnalysisAllow {
  Pos pos;
  Scalar finding;            // gap | dead_row | overlap
  Scalar table;              // `in`: a decision id, function or params list
  std::vector<Scalar> rows;  // row ids (or patterns); empty: every row
  std::string reason;        // required, non-empty
};

struct Policy {
  std::string file;
  // The policy file's text, as loaded (LoadPackSyntax sets it). The pack
  // compiler releases a policy's syntax as it compiles it (a big table
  // never holds its rows in both forms); ReparsePolicy() reads the policy
  // again from this text for whoever needs its syntax later.
  std::shared_ptr<const std::string> text;
  std::string name;
  Pos pos;
  std::string description;
  std::string record = "record";
  Pos record_pos;
  std::vector<Field> fields;
  std::vector<Named> outputs;  // name -> type
  std::vector<Named> locals;   // name -> type
  std::vector<Named> params;   // name -> literal (type inferred) constants
  std::vector<Named> uses;     // policy names
  std::vector<Named> batch;    // name -> aggregate expression
  std::vector<Named> lets;     // name -> expression
  std::vector<Decision> decisions;
  std::vector<Function> functions;
  std::vector<AnalysisAllow> analysis_allow;
};

struct TestCase {
  std::string name;
  Pos pos;
  std::optional<Scalar> as_of;
  // Absent trees when not written.
  Tree record;        // single record
  Tree records;       // batch
  Tree expect;        // map, or list for batches
  Tree expect_error;  // {field: x} or {code: y}
};

struct TestFile {
  std::string file;
  std::string policy;
  Pos policy_pos;
  std::optional<Scalar> as_of;  // default for the cases
  std::vector<TestCase> cases;
};

struct Calendar {
  std::string file;
  Tree root;
};

struct Pack {
  std::string path;
  std::string name;
  std::string version;
  std::string zone = "+08:00";
  Pos zone_pos;
  std::optional<Calendar> calendar;
  std::vector<Policy> policies;
  std::vector<TestFile> tests;
  // The hash of the files that decide (pack.yaml, policies, calendar):
  // content_hash.h. Set by LoadPackSyntax().
  std::string content_hash;
  // Every file read, by the name its positions carry (Pos::file): what
  // turns their byte columns into character columns (columns.h). Shared
  // with Policy::text; kept only as long as this syntax tree.
  std::map<std::string, std::shared_ptr<const std::string>> file_texts;
  // What is left of the load budget, for the compiler to spend on
  // expressions (LoadPackSyntax always sets it). It points at the
  // diagnostics of the load: use it only during the load.
  std::shared_ptr<LoadBudget> budget;
};

// Reads the pack folder at `path`. Appends every problem found to `diags`
// (YAML syntax errors keep YAML's own position). Never throws.
Pack LoadPackSyntax(const std::string& path, const Limits& limits,
                    std::vector<Diagnostic>* diags);

// `policy` read again from its text (Policy::text), exactly as
// LoadPackSyntax() read it, under `limits`; nullopt when it has no text or
// reading it reports an error (never for the text of a pack that loaded).
// Never throws. Thread-safe: touches nothing shared.
std::optional<Policy> ReparsePolicy(const Policy& policy, const Limits& limits);

}  // namespace verdict::syntax

#endif  // VERDICT_SRC_PARSE_PACK_SYNTAX_H_
