// Checks one parsed CEL expression against an environment of typed names
// and lowers it to an evaluable Node: names become frame slots, functions
// become implementation pointers, constant regexes are compiled once, and a
// double literal combined with money becomes an exact decimal taken from its
// source text (so `spend * 0.7` is exact).
#ifndef VERDICT_SRC_CHECK_EXPR_COMPILER_H_
#define VERDICT_SRC_CHECK_EXPR_COMPILER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/check/builtins.h"
#include "src/check/types.h"
#include "src/parse/ast.h"
#include "src/program/program.h"

namespace verdict {

// A record visible to expressions under a name (e.g. `customer`, or a used
// policy's result such as `customer_tier`): each field lives in its own
// frame slot; `whole_slot` holds the record as a map when an expression
// uses the record as a value (which sets `whole_used`, so that the map is
// built only for policies that read it).
struct RecordBinding {
  std::shared_ptr<const types::ObjectType> type;
  std::vector<int> field_slots;  // parallel to type->fields
  int whole_slot = -1;
  // A used policy's result: a variable of the same name (a let or local)
  // hides it, as it did when the result was a variable itself.
  bool shadowed_by_vars = false;
  mutable bool whole_used = false;
};

struct CallableBinding {
  std::shared_ptr<const Callable> callable;
  std::vector<types::Type> params;
  types::Type result;
};

class CompileEnv {
 public:
  explicit CompileEnv(int* next_slot) : next_slot_(next_slot) {}

  void AddVariable(const std::string& name, int slot, types::Type type) {
    vars_[name] = {slot, std::move(type)};
  }
  void AddRecord(const std::string& name, RecordBinding binding) {
    records_[name] = std::move(binding);
  }
  void AddCallable(const std::string& name, CallableBinding binding) {
    callables_[name] = std::move(binding);
  }
  int NewSlot() const { return (*next_slot_)++; }

  // When false, type mismatches are not reported (CEL's disable_check);
  // unknown names are still errors unless `allow_unknown_idents`.
  bool check_types = true;
  // CEL container: with "a.b", the name `x` resolves to the first declared
  // of a.b.x, a.x, x; `.x` resolves to x only.
  std::string container;
  const Limits* limits = nullptr;
  // False when the pack has no working-day calendar: a call to a working-day
  // function (add_workdays, is_workday) is then an error at the call, since
  // it would silently count weekends only.
  bool has_calendar = true;
  // While lets compile: the lets not yet declared (this one and those
  // below it), by name, with their line. Lets are read in order, so a
  // reference to one is an error that says so rather than "undeclared".
  std::map<std::string, int> later_lets;
  struct Var {
    int slot;
    types::Type type;
  };
  const Var* FindVar(const std::string& n) const {
    auto it = vars_.find(n);
    return it == vars_.end() ? nullptr : &it->second;
  }
  const RecordBinding* FindRecord(const std::string& n) const {
    auto it = records_.find(n);
    return it == records_.end() ? nullptr : &it->second;
  }
  const CallableBinding* FindCallable(const std::string& n) const {
    auto it = callables_.find(n);
    return it == callables_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, Var> vars_;
  std::map<std::string, RecordBinding> records_;
  std::map<std::string, CallableBinding> callables_;
  int* next_slot_;
};

struct ExprDiagnostic {
  int offset = 0;
  std::string message;
};

struct CompiledExpr {
  Node node;
  types::Type type;
  // Dotted names of the record fields and variables the expression reads,
  // in first-use order (for traces).
  std::vector<std::string> reads;
};

// Compiles `expr`. Returns false and appends to `diags` (all problems found,
// each positioned by byte offset) when the expression is invalid.
bool CompileExpression(const ast::Expr& expr, const CompileEnv& env,
                       CompiledExpr* out, std::vector<ExprDiagnostic>* diags);

// Nearest candidate by edit distance, or "" when none is close.
std::string NearestName(const std::string& name,
                        const std::vector<std::string>& candidates);

}  // namespace verdict

#endif  // VERDICT_SRC_CHECK_EXPR_COMPILER_H_
