// The expression compiler's working state (internal to src/check): type
// checking and lowering of one expression to a Node, with positioned
// diagnostics. Its methods live in expr_compiler.cc (literals, names,
// selects, comprehensions) and expr_calls.cc (calls and overloads). Not
// thread-safe: one Compiler per expression.
#ifndef VERDICT_SRC_CHECK_COMPILER_H_
#define VERDICT_SRC_CHECK_COMPILER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/check/builtins.h"
#include "src/check/expr_compiler.h"
#include "src/check/types.h"
#include "src/parse/ast.h"
#include "src/program/program.h"

namespace verdict::check {

using types::Type;
using types::TypeKind;

class Compiler {
 public:
  Compiler(const CompileEnv& env, std::vector<ExprDiagnostic>* diags,
           std::vector<std::string>* reads)
      : env_(env), diags_(diags), reads_(reads) {}

  bool ok() const { return ok_; }

  Node Compile(const ast::Expr& e, Type* type);

 private:
  void Error(int offset, std::string msg) {
    ok_ = false;
    diags_->push_back({offset, std::move(msg)});
  }

  void NoteRead(const std::string& name) {
    if (std::find(reads_->begin(), reads_->end(), name) == reads_->end()) {
      reads_->push_back(name);
    }
  }

  const CompileEnv::Var* FindLocal(const std::string& name) const {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }

  Node SlotNode(int slot, int offset) {
    Node n;
    n.op = Op::kSlot;
    n.slot = slot;
    n.offset = offset;
    return n;
  }

  // Resolves a (possibly qualified) name to a node; false if unknown.
  bool ResolveName(const std::string& name, int offset, Node* out, Type* type);

  // Without checking, an unknown name or function is an error at run time
  // (which `||` and `&&` may absorb), as CEL's unchecked evaluation does.
  Node RuntimeError(int offset, std::string message, Type* type) {
    Node n;
    n.op = Op::kError;
    n.offset = offset;
    n.constant = Value::Error(std::move(message));
    *type = Type::Dyn();
    return n;
  }

  // A dotted name declared as one variable (directly or via the container).
  bool ResolveQualified(const std::string& q, int offset, Node* out,
                        Type* type);

  Node Ident(const ast::Expr& e, Type* type);

  Node Select(const ast::Expr& e, Type* type);

  Node Comprehension(const ast::Expr& e, Type* type);

  // Converts a double literal to an exact decimal when combined with money.
  // The items of list literal `e` (compiled into `n`, typed `ts`): when
  // some are decimal, double literals among them become exact decimals
  // (`[amount, 0.5]` is a list(decimal)).
  void DecimalItems(const ast::Expr& e, Node* n, std::vector<Type>* ts);
  // Makes `kid` (compiled from `e`, typed *t) an exact decimal, read from
  // its text, when it is a double literal; false, changing nothing,
  // otherwise. A literal whose text a decimal cannot hold but whose double
  // reads as another decimal is an error (it would silently change).
  bool ExactLiteral(const ast::Expr& e, Node* kid, Type* t);
  void DecimalContext(const std::vector<const ast::Expr*>& args,
                      std::vector<Node>& kids, std::vector<Type>& ts);

  // `math.greatest(x, y)` parses as a member call on the name `math`; when
  // no variable or record of that name exists and the registry has the
  // qualified function, it is that global function.
  const Builtin* NamespacedBuiltin(const ast::Expr& e, std::string* name);

  // A call of a policy-defined callable (a function decision or a used
  // policy's function): arguments `args[first_arg..]`, checked against its
  // parameters.
  Node CallableCall(const ast::Expr& e,
                    const std::vector<const ast::Expr*>& args,
                    const std::string& name, size_t first_arg,
                    const CallableBinding& cb, Type* type);

  // `&&`, `||`, `!`, CEL's @not_strictly_false and `?:`, whose operands are
  // checked here; nullopt for any other function (and for `!`, which then
  // continues as an ordinary builtin).
  std::optional<Node> LogicOrCond(const ast::Expr& e,
                                  const std::vector<const ast::Expr*>& args,
                                  std::vector<Node>& kids,
                                  const std::vector<Type>& ts, Type* type);

  // `s.matches(re)` with a constant pattern: the regex compiled once.
  // nullopt when the pattern is not a constant string or does not compile
  // (then reported, and the call stays an ordinary builtin).
  std::optional<Node> MatchesConst(const ast::Expr& e,
                                   const std::vector<const ast::Expr*>& args,
                                   std::vector<Node>& kids, Type* type);

  // Reports each text of a constant list given to first_pattern that is
  // not a digit pattern.
  void DigitPatternsConst(const ast::Expr& e,
                          const std::vector<const ast::Expr*>& args,
                          const std::vector<Node>& kids);

  Node CallExpr(const ast::Expr& e, Type* type);

  Type ResolveOverload(const Builtin& b, const ast::Expr& e,
                       const std::vector<Type>& ts);

  const CompileEnv& env_;
  std::vector<ExprDiagnostic>* diags_;
  std::vector<std::string>* reads_;
  std::vector<std::pair<std::string, CompileEnv::Var>> locals_;
  bool ok_ = true;
};

}  // namespace verdict::check

#endif  // VERDICT_SRC_CHECK_COMPILER_H_
