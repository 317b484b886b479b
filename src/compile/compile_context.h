// The state one pack compilation shares across its parts (fields, tables
// and decisions, functions, batch aggregates...): the pack being built, the
// diagnostics sink and the functions compiled so far. Not thread-safe; one
// per CompilePack() call.
#ifndef VERDICT_SRC_COMPILE_COMPILE_CONTEXT_H_
#define VERDICT_SRC_COMPILE_COMPILE_CONTEXT_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/check/types.h"
#include "src/compile/enum_literals.h"
#include "src/compile/money_places.h"
#include "src/compile/policy.h"
#include "src/parse/load_budget.h"

namespace verdict {

// An output or local a rule may set: its slot and declared type.
struct Target {
  int slot;
  const FieldType* type;  // owned by CompileContext::owned_types
  bool nullable;
};
using Targets = std::map<std::string, Target>;

// Declared types of the expressions a table column may be ("customer.arpu",
// a function parameter), so that cells are read as literals of that type.
using ColumnFields = std::map<std::string, FieldType>;

// The enum-typed names among `fields` and `targets` with their values.
EnumScope EnumNames(const ColumnFields& fields, const Targets& targets);

class CompileContext {
 public:
  // `pack` and `diags` are not owned and must outlive the context.
  CompileContext(PackImpl* pack, std::vector<Diagnostic>* diags)
      : pack_(pack), diags_(diags) {}

  // Records a positioned error; the pack then fails to load.
  void Error(const syntax::Pos& p, std::string msg);
  // Records a positioned warning; the pack still loads.
  void Warn(const syntax::Pos& p, std::string msg);
  bool failed() const { return failed_; }
  // Fails the compilation for a problem already reported elsewhere (the
  // load budget reports its own refusals).
  void MarkFailed() { failed_ = true; }

  // What is left of the load budget (null: unlimited), and whether the pack
  // has a calendar.yaml (expressions using working days need one).
  std::shared_ptr<syntax::LoadBudget> budget;
  bool has_calendar = true;

  PackImpl& pack() { return *pack_; }
  const Zone& zone() const { return pack_->zone; }
  const Limits& limits() const { return pack_->limits; }

  // A compiled policy function, callable from later policies.
  struct FunctionEntry {
    std::shared_ptr<FunctionDecision> fn;
    std::vector<types::Type> params;
    types::Type result;
  };
  std::map<std::string, FunctionEntry> functions;  // by "policy.function"

  // The enum-typed names the expressions being compiled may read, whose
  // string literals CompileExprAt checks (enum_literals.h); null: none.
  const EnumScope* enum_scope = nullptr;
  // The pack functions those expressions may call, whose literal arguments
  // of enum parameters CompileExprAt checks; null: none.
  const CallEnums* call_enums = nullptr;

  // Bounds on the decimal places of the policy's slots, for warning about
  // money outputs that may need rounding (money_places.h); null: none (a
  // function's own frame).
  PlacesBounds* places = nullptr;

  // Where the slots go that a `then` expression may fill with a value its
  // static type does not prove fits the slot's declared type (an enum from
  // a string, anything from dyn, an int for money): the policy checks
  // those outputs per record. Null: nothing collects them (a function).
  std::vector<int>* unproven_slots = nullptr;

  // Keeps alive the FieldTypes that Targets point to, until compilation ends.
  FieldType* Own(std::unique_ptr<FieldType> t) {
    owned_types_.push_back(std::move(t));
    return owned_types_.back().get();
  }

 private:
  PackImpl* pack_;
  std::vector<Diagnostic>* diags_;
  bool failed_ = false;
  std::vector<std::unique_ptr<FieldType>> owned_types_;
};

// Parses a declared type ("money", "enum(a, b)", "date?") written in `s`;
// `*nullable` tells whether it ended in '?'. False after reporting to `ctx`.
bool ParseTypeAt(CompileContext& ctx, const syntax::Scalar& s, FieldType* out,
                 bool* nullable);

}  // namespace verdict

#endif  // VERDICT_SRC_COMPILE_COMPILE_CONTEXT_H_
