// Building CEL syntax trees, and the macro expansions of cel-spec
// (all, exists, exists_one, map, filter, the two-variable comprehensions,
// cel.bind, cel.block) as the parser (parser.cc) applies them: each macro
// becomes a comprehension node. Pure functions over owned trees;
// thread-safe. Tested through tests/unit/expression_test.cc and the CEL
// conformance runner (macros, macros2, bindings_ext, block_ext).
#ifndef VERDICT_SRC_PARSE_MACROS_H_
#define VERDICT_SRC_PARSE_MACROS_H_

#include <string>
#include <utility>
#include <vector>

#include "src/parse/ast.h"

namespace verdict::ast {

inline ExprPtr Make(ExprKind kind, int offset) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->offset = offset;
  return e;
}

inline ExprPtr Call(std::string name, int offset, std::vector<ExprPtr> args,
                    bool member = false) {
  auto e = Make(ExprKind::kCall, offset);
  e->name = std::move(name);
  e->args = std::move(args);
  e->member = member;
  e->SetHeight();
  return e;
}

inline ExprPtr Ident(std::string name, int offset) {
  auto e = Make(ExprKind::kIdent, offset);
  e->name = std::move(name);
  return e;
}

inline ExprPtr Const(Value v, int offset) {
  auto e = Make(ExprKind::kConst, offset);
  e->constant = std::move(v);
  return e;
}

template <typename... A>
std::vector<ExprPtr> Args(A&&... a) {
  std::vector<ExprPtr> v;
  (v.push_back(std::forward<A>(a)), ...);
  return v;
}

inline constexpr const char* kAccu = "@result";

// The comprehension that binds `var` to `init` while `body` is evaluated
// (cel.bind; cel.block binds its slots with it).
ExprPtr Bind(const std::string& var, ExprPtr init, ExprPtr body, int off);

// Whether `macro` is all, exists, exists_one or existsOne.
bool IsQuantifier(const std::string& macro);

// `range.macro(x, args...)` (all, exists, exists_one, map, filter) and the
// two-variable forms (`range.all(k, v, p)`, transformList, transformMap,
// transformMapEntry) as comprehensions. `args` were checked by the parser:
// the first one or two are plain names.
ExprPtr Comprehension(ExprPtr range, const std::string& macro, int off,
                      std::vector<ExprPtr> args);
ExprPtr TwoVarComprehension(ExprPtr range, const std::string& macro, int off,
                            std::vector<ExprPtr> args);

}  // namespace verdict::ast

#endif  // VERDICT_SRC_PARSE_MACROS_H_
