#include "src/compile/functions.h"

#include "src/check/builtins.h"
#include "src/compile/decisions.h"
#include "src/compile/fast_paths.h"
#include "src/compile/table_index_builder.h"
#include "src/parse/lexer.h"

namespace verdict {

using types::Type;
using types::TypeKind;

void RegisterCallables(const CompileContext& ctx, CompileEnv& env,
                       const std::string& policy) {
  for (const auto& [qualified, fn] : ctx.functions) {
    CallableBinding cb;
    cb.callable = fn.fn;
    cb.params = fn.params;
    cb.result = fn.result;
    env.AddCallable(qualified, cb);
    if (qualified.starts_with(policy + "."))
      env.AddCallable(qualified.substr(policy.size() + 1), cb);
  }
}

CallEnums CallEnumsOf(const CompileContext& ctx, const std::string& policy) {
  CallEnums out;
  for (const auto& [qualified, entry] : ctx.functions) {
    std::vector<CallParam> params;
    const FunctionDecision& fn = *entry.fn;
    for (size_t i = 0; i < fn.params.size(); ++i) {
      const FieldType& t = fn.param_types[i];
      params.push_back({&fn.params[i].first, t.base == FieldType::Base::kEnum
                                                 ? &t.enum_values()
                                                 : nullptr});
    }
    if (qualified.starts_with(policy + "."))
      out[qualified.substr(policy.size() + 1)] = params;
    out[qualified] = std::move(params);
  }
  return out;
}

void CompileFunction(CompileContext& ctx, const syntax::Policy& p,
                     syntax::Function& f) {
  // A function or parameter that is not a name can never be called or read.
  if (!ast::IsName(f.name)) {
    ctx.Error(f.pos, "function '" + f.name + "' " + ast::kNotAName);
    return;
  }
  for (const auto& param : f.params) {
    if (!ast::IsName(param.name)) {
      ctx.Error(param.pos, "parameter '" + param.name + "' " + ast::kNotAName);
      return;
    }
  }
  // A pack function named like a built-in one would replace it in this
  // policy's expressions, silently (`int('7')` called the pack's `int`).
  if (Registry::Standard().Find(f.name)) {
    ctx.Error(f.pos, "function '" + f.name +
                         "' has the name of a built-in function: choose "
                         "another name");
    return;
  }
  for (const auto& param : f.params) {
    if (param.name == "as_of") {
      ctx.Error(param.pos,
                "parameter 'as_of' hides the evaluation's as_of, which every "
                "function sees: choose another name");
      return;
    }
  }
  auto fn = std::make_shared<FunctionDecision>();
  int next = 0;
  CompileEnv env(&next);
  env.limits = &ctx.limits();
  env.has_calendar = ctx.has_calendar;
  ColumnFields column_fields;
  std::vector<Type> param_types;
  for (const auto& param : f.params) {
    FieldType ft;
    bool nullable;
    if (!ParseTypeAt(ctx, param.value, &ft, &nullable)) continue;
    int slot = next++;
    fn->params.emplace_back(param.name, slot);
    fn->param_types.push_back(ft);
    env.AddVariable(param.name, slot, ft.CheckType());
    column_fields[param.name] = ft;
    param_types.push_back(ft.CheckType());
  }
  fn->as_of_slot = next++;
  env.AddVariable("as_of", fn->as_of_slot, Type::Of(TypeKind::kDate));
  Targets targets;
  const FieldType* only_return = nullptr;
  for (const auto& r : f.returns) {
    auto ft = std::make_unique<FieldType>();
    bool nullable;
    if (!ParseTypeAt(ctx, r.value, ft.get(), &nullable)) continue;
    int slot = next++;
    const FieldType* owned = ctx.Own(std::move(ft));
    targets[r.name] = {slot, owned, nullable};
    fn->return_keys.push_back(Value::String(r.name));
    fn->return_slots.push_back(slot);
    only_return = fn->return_keys.size() == 1 ? owned : nullptr;
  }
  fn->decision.policy = p.name;
  // Only the function's own names: parameters and returns.
  const EnumScope enums = EnumNames(column_fields, targets);
  const EnumScope* outer = ctx.enum_scope;
  PlacesBounds* outer_places = ctx.places;
  ctx.enum_scope = &enums;
  ctx.places = nullptr;  // the function's own frame: its slots differ
  CompileDecision(ctx, f.decision, env, targets, &fn->decision, &column_fields);
  ctx.enum_scope = outer;
  ctx.places = outer_places;
  fn->decision.id = p.name + "." + f.name;
  fn->decision.is_function = true;
  AddFastConditions(fn->decision);
  MakeExclusiveFirstHit(fn->decision);
  fn->decision.index = BuildTableIndex(fn->decision);
  fn->frame_size = next;
  fn->direct = DirectFunctionOf(*fn);
  Type result = only_return ? only_return->CheckType() : Type::Dyn();
  ctx.functions[p.name + "." + f.name] = {fn, param_types, result};
  ctx.pack().functions.push_back(fn);
}

}  // namespace verdict
