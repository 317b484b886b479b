// verdict/expression.h: parse, check and evaluate one expression.
#include "verdict/expression.h"

#include <fmt/format.h>

#include <stdexcept>

#include "src/check/expr_compiler.h"
#include "src/evaluate/interpreter.h"
#include "src/parse/ast.h"

namespace verdict {

namespace {

types::Type TypeFromName(const std::string& name) {
  try {
    return ParseType(name);
  } catch (const std::invalid_argument&) {
    return types::Type::Dyn();
  }
}

}  // namespace

ExpressionResult EvaluateExpression(
    std::string_view source, const std::map<std::string, Value>& bindings,
    const std::map<std::string, std::string>& declared_types,
    const ExpressionOptions& options) {
  ExpressionResult result;
  Limits limits;
  ast::ParseOptions popt;
  popt.enable_macros = options.enable_macros;
  popt.max_depth = limits.max_depth;
  popt.max_length = limits.max_expression_length;
  ast::ParseError perr;
  ast::ExprPtr expr = ast::ParseExpression(source, popt, &perr);
  auto position = [&](int offset) {
    int line, col;
    ast::OffsetToLineCol(source, offset, &line, &col);
    return fmt::format("{}:{}", line, col);
  };
  if (!expr) {
    result.compile_error = position(perr.offset) + ": " + perr.message;
    return result;
  }
  int next_slot = 0;
  CompileEnv env(&next_slot);
  env.check_types = options.check;
  env.limits = &limits;
  std::vector<std::pair<int, Value>> initial;
  auto declare = [&](const std::string& name, const Value* value) {
    int slot = next_slot++;
    auto it = declared_types.find(name);
    types::Type t = it == declared_types.end() ? types::Type::Dyn()
                                               : TypeFromName(it->second);
    env.AddVariable(name, slot, t);
    initial.emplace_back(slot, value ? *value : Value());
  };
  for (const auto& [name, value] : bindings) declare(name, &value);
  for (const auto& [name, type] : declared_types) {
    if (!bindings.count(name)) declare(name, nullptr);
  }
  env.container = options.container;
  CompiledExpr compiled;
  std::vector<ExprDiagnostic> diags;
  if (!CompileExpression(*expr, env, &compiled, &diags)) {
    std::string msg;
    for (const auto& d : diags) {
      if (!msg.empty()) msg += "\n";
      msg += position(d.offset) + ": " + d.message;
    }
    result.compile_error = msg;
    return result;
  }
  if (options.check) result.type = compiled.type.Name();
  EvalContext ctx;
  ctx.zone = &options.zone;
  ctx.limits = &limits;
  Frame frame(&ctx, next_slot);
  for (auto& [slot, value] : initial) frame.slot(slot) = value;
  result.value = Eval(compiled.node, frame);
  return result;
}

}  // namespace verdict
