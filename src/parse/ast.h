// Syntax tree of one CEL expression, as produced by ParseExpression().
// Macros (has, all, exists, exists_one, map, filter) are expanded at parse
// time into kSelect (test_only) and kComprehension nodes, as cel-spec
// describes, so later stages never see them as calls.
#ifndef VERDICT_SRC_PARSE_AST_H_
#define VERDICT_SRC_PARSE_AST_H_

#include <memory>
#include <string>
#include <vector>

#include "verdict/value.h"

namespace verdict::ast {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  kConst,          // constant: literal value, text: its source text
  kIdent,          // name
  kSelect,         // args[0].name; test_only for has()
  kCall,           // name(args...) or args[0].name(args[1..]) when member
  kList,           // [args...]
  kMap,            // {args[0]: args[1], ...}
  kStruct,         // name{fields[i]: args[i]} (messages; unsupported later)
  kComprehension,  // see the fields below
};

struct Expr {
  ExprKind kind = ExprKind::kConst;
  int offset = 0;  // byte offset of the node in the expression source
  Value constant;
  std::string text;  // literal source text (numbers), for exact decimals
  std::string name;
  bool test_only = false;
  bool member = false;
  std::vector<ExprPtr> args;
  std::vector<std::string> fields;  // struct field names
  // Comprehension parts.
  std::string iter_var, accu_var;
  std::string iter_var2;  // two-variable forms: index/key, then value
  ExprPtr iter_range, accu_init, loop_cond, loop_step, result;
  // Levels of the tree from this node down (a leaf: 1), as SetHeight()
  // last set it: the parser bounds it, so that the stages after it, which
  // recurse over the tree, never run out of stack.
  int height = 1;

  ExprPtr Clone() const;
  // Sets `height` from the direct children's heights (not recursive: each
  // child's must be set already, as the parser builds bottom-up).
  void SetHeight();
};

struct ParseOptions {
  bool enable_macros = true;
  // Levels of the syntax tree, by parenthesis, call, operator chain
  // (`a && b && ...` is one level per operator) or member selection.
  int max_depth = 250;
  size_t max_length = 100000;  // bytes of source
};

struct ParseError {
  int offset = 0;
  std::string message;
};

// Parses `source`. On success returns the tree and leaves `error` untouched;
// on failure returns nullptr and fills `error` (first error only).
ExprPtr ParseExpression(std::string_view source, const ParseOptions& options,
                        ParseError* error);

// 1-based line and column (in characters: src/parse/columns.h) of byte
// `offset` within `source`.
void OffsetToLineCol(std::string_view source, int offset, int* line, int* col);

}  // namespace verdict::ast

#endif  // VERDICT_SRC_PARSE_AST_H_
