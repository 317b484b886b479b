// A policy, compiled in the order its names become visible: fields, params,
// functions, used policies, batch aggregates, outputs and locals, lets, then
// decisions. See policy_build.h.
#include <algorithm>

#include "src/compile/analysis_tables.h"
#include "src/compile/decisions.h"
#include "src/compile/expressions.h"
#include "src/compile/fast_paths.h"
#include "src/compile/functions.h"
#include "src/compile/policy_build.h"
#include "src/compile/read_order.h"
#include "src/compile/table_index_builder.h"
#include "src/parse/lexer.h"
#include "src/value/digit_pattern.h"
#include "src/value/text.h"

namespace verdict {
namespace {

using types::Type;
using types::TypeKind;

// Params: named constants, their type inferred from the literal. A list
// holds plain values: a nested list once became a null, silently.
void CompileParams(CompileContext& ctx, PolicyBuild& b) {
  for (const auto& prm : b.syntax.params) {
    int slot = b.next_slot++;
    Value v = InferLiteral(prm.value.text, prm.value.quoted);
    if (prm.value.is_list) {
      List items;
      for (const auto& it : prm.value.items) {
        if (it.is_list) {
          ctx.Error(it.pos, "param '" + prm.name +
                                "': a params list holds plain values, not "
                                "lists; write a list of lists as a let "
                                "expression (let: {" +
                                prm.name + ": \"[[1, 2], [3]]\"})");
          b.ok = false;
        }
        items.push_back(InferLiteral(it.text, it.quoted));
      }
      v = Value::ListOf(std::move(items));
    }
    Type t = v.kind() == Kind::kDecimal  ? Type::Of(TypeKind::kDecimal)
             : v.kind() == Kind::kInt    ? Type::Of(TypeKind::kInt)
             : v.kind() == Kind::kBool   ? Type::Of(TypeKind::kBool)
             : v.kind() == Kind::kString ? Type::Of(TypeKind::kString)
                                         : Type::Dyn();
    b.env.AddVariable(prm.name, slot, t);
    b.compiled->constants.emplace_back(slot, std::move(v));
  }
}

// The params lists `first_pattern(x, NAME)` reads (PatternListsOf): each
// item a digit pattern, checked here rather than failing every record
// that reaches it.
void CheckPatternParams(CompileContext& ctx, PolicyBuild& b) {
  for (const PatternList& list : PatternListsOf(b.syntax)) {
    for (const auto& it : list.list->value.items) {
      if (it.is_list) continue;  // reported by CompileParams
      DigitPattern p = DigitPattern::Compile(it.text);
      if (p.ok()) continue;
      ctx.Error(it.pos, "invalid digit pattern '" + it.text + "' in '" +
                            list.param +
                            "' (first_pattern reads it): " + p.error());
      b.ok = false;
    }
  }
}

// An output or local: a slot and a declared type that decisions may set.
void DeclareTarget(CompileContext& ctx, PolicyBuild& b, const syntax::Named& n,
                   bool is_output) {
  auto ft = std::make_unique<FieldType>();
  bool nullable;
  if (!ParseTypeAt(ctx, n.value, ft.get(), &nullable)) {
    b.ok = false;
    return;
  }
  if (b.targets.count(n.name) || b.env.FindVar(n.name)) {
    ctx.Error(n.pos, "'" + n.name + "' is declared twice");
    b.ok = false;
    return;
  }
  int slot = b.next_slot++;
  const FieldType* type = ctx.Own(std::move(ft));
  b.targets[n.name] = {slot, type,
                       nullable || type->base == FieldType::Base::kList};
  b.env.AddVariable(n.name, slot, type->CheckType());
  // A money output or local holds at most 4 places when the record is
  // decided (or the record fails), so a later decision reading it sees at
  // most 4.
  if (type->IsMoney() && ctx.places)
    ctx.places->Set(slot, FieldType::kMoneyPlaces);
  const bool money = type->IsMoney() || (type->base == FieldType::Base::kList &&
                                         type->elem && type->elem->IsMoney());
  if (is_output) {
    CompiledPolicy& cp = *b.compiled;
    if (money) {
      cp.money_outputs.push_back(static_cast<uint32_t>(cp.outputs.size()));
    }
    if (!b.targets[n.name].nullable)
      cp.required_outputs.push_back(static_cast<uint32_t>(cp.outputs.size()));
    cp.outputs.emplace_back(n.name, slot);
    cp.output_types.push_back(*type);
    cp.info.outputs.emplace_back(n.name, Trim(n.value.text));
  } else {
    b.compiled->local_slots.push_back(slot);
    if (money) b.compiled->money_locals.push_back({n.name, slot, *type});
  }
}

// Lets, in order; each sees the ones before it.
void CompileLets(CompileContext& ctx, PolicyBuild& b) {
  for (const auto& l : b.syntax.lets)
    b.env.later_lets.emplace(l.name, l.pos.line);
  for (const auto& l : b.syntax.lets) {
    // Erased before the checks below skip a let (and on every path after).
    struct Declared {
      CompileEnv& env;
      const std::string& name;
      ~Declared() { env.later_lets.erase(name); }
    } declared{b.env, l.name};
    if (b.targets.count(l.name)) {
      ctx.Error(l.pos, "'" + l.name +
                           "' is both a let and an output; outputs are set "
                           "by decisions");
      b.ok = false;
      continue;
    }
    // A let that is not a name can never be read (`a-b` is `a - b`).
    if (!ast::IsName(l.name)) {
      ctx.Error(l.pos, "let '" + l.name + "' " + ast::kNotAName);
      b.ok = false;
      continue;
    }
    // A let named like the record or as_of hid it, silently and only in
    // part (`r` was the let, `r.x` the record's field; `let: as_of`
    // overrode the caller's as-of). One named like a used policy replaces
    // it wholly (tests/unit/used_policies_test.cc).
    if (l.name == b.syntax.record || l.name == "as_of") {
      ctx.Error(l.pos, "let '" + l.name + "' hides " +
                           (l.name == "as_of" ? "the evaluation's as_of"
                                              : "the record '" + l.name + "'") +
                           ": choose another name");
      b.ok = false;
      continue;
    }
    CompiledExpr ce;
    if (!CompileExprAt(ctx, l.value, l.value.text, 0, b.env, &ce)) {
      b.ok = false;
      continue;
    }
    int slot = b.next_slot++;
    if (ctx.places) ctx.places->Set(slot, ctx.places->Of(ce.node));
    b.compiled->lets.emplace_back(slot, std::move(ce.node));
    b.compiled->let_names.push_back(l.name);
    b.env.AddVariable(l.name, slot, ce.type);
  }
}

// Whether some decision of `cp` sets `slot` whatever the record: it is not
// a collect, and every one of its rules sets the slot (a record none of
// them matches is its no_rule_matched, as the slot is one of its targets).
// A rule's expression may still give null: that is left to the record.
bool AlwaysSet(const CompiledPolicy& cp, int slot) {
  for (const CompiledDecision& d : cp.decisions) {
    if (d.hit == HitPolicy::kCollect || d.rules.empty()) continue;
    bool every = true;
    for (const CompiledRule& r : d.rules) {
      bool sets = false;
      for (const RuleOutput& o : r.sets) sets |= o.slot == slot;
      every &= sets;
    }
    if (every) return true;
  }
  return false;
}

// Whether every rule of `cp` that sets `slot` sets a literal that is not
// null (no expression, which could give null).
bool OnlyLiteralsSet(const CompiledPolicy& cp, int slot) {
  for (const CompiledDecision& d : cp.decisions) {
    for (const CompiledRule& r : d.rules) {
      for (const RuleOutput& o : r.sets) {
        if (o.slot == slot && (o.expr || o.constant.is_null())) return false;
      }
    }
  }
  return true;
}

// Keeps in required_outputs only the outputs a record may leave null: one
// that a decision sets in every rule, and every rule sets to a literal, is
// never null, so no record pays for checking it (customer_tier's tier;
// refund_approval's status).
void DropProvenRequiredOutputs(CompiledPolicy& cp) {
  std::erase_if(cp.required_outputs, [&cp](uint32_t k) {
    const int slot = cp.outputs[k].second;
    return AlwaysSet(cp, slot) && OnlyLiteralsSet(cp, slot);
  });
}

// Warns, at its declaration, about an output no decision sets, and about a
// required one (not optional) that a record's rules may leave unset.
void WarnUnsetOutputs(CompileContext& ctx, const PolicyBuild& b) {
  const CompiledPolicy& cp = *b.compiled;
  auto warn = [&](const std::string& name, const std::string& why) {
    for (const auto& o : b.syntax.outputs) {
      if (o.name == name) ctx.Warn(o.pos, "output '" + name + "' " + why);
    }
  };
  for (size_t k = 0; k < cp.outputs.size(); ++k) {
    const auto& [name, slot] = cp.outputs[k];
    bool set = false;
    for (const auto& d : cp.decisions) {
      set |= std::find(d.targets.begin(), d.targets.end(), slot) !=
             d.targets.end();
    }
    const bool required = !b.targets.at(name).nullable;
    const std::string& type = cp.info.outputs[k].second;
    if (!set) {
      // A required one fails every record: said (a collect's item key that
      // is declared as an output too was left null before; now it fails).
      warn(name, "is never set by a decision" +
                     (required ? ", and its type '" + type +
                                     "' is not optional: every decided record "
                                     "fails (evaluation_error); set it, or "
                                     "declare '" +
                                     type + "?'"
                               : std::string()));
    } else if (required && !AlwaysSet(cp, slot)) {
      warn(name, "is not optional ('" + type +
                     "'), but no decision sets it in every rule: a record "
                     "whose rules leave it unset fails (evaluation_error); "
                     "set it in every rule, or declare '" +
                     type + "?'");
    }
  }
}

// The precomputed fast paths, once every slot is known.
void Finish(PolicyBuild& b) {
  CompiledPolicy& cp = *b.compiled;
  auto whole_used = [&b](const std::string& name) {
    const RecordBinding* r = b.env.FindRecord(name);
    return r != nullptr && r->whole_used;
  };
  cp.needs_whole_record = whole_used(b.syntax.record);
  for (UsedPolicy& u : cp.uses) u.whole_used |= whole_used(u.policy->info.name);
  cp.frame_size = b.next_slot;
  for (const auto& [name, slot] : cp.outputs)
    cp.output_keys.push_back(Value::String(name));
  for (const CompiledField& f : cp.fields)
    cp.field_keys.push_back(Value::String(f.name));
  cp.field_read = FieldsRead(cp);
  for (CompiledDecision& d : cp.decisions) {
    AddFastConditions(d);
    MakeExclusiveFirstHit(d);
    d.index = BuildTableIndex(d);
  }
  cp.direct = DirectTableOf(cp);
}

// The enum-typed names of `b`: record fields ("customer.cause"), outputs
// and locals ("tier"), used policies' outputs ("customer_tier.tier").
EnumScope EnumsOf(const PolicyBuild& b) {
  EnumScope out = EnumNames(b.column_fields, b.targets);
  for (const UsedPolicy& u : b.compiled->uses) {
    const CompiledPolicy& used = *u.policy;
    for (size_t k = 0; k < used.outputs.size(); ++k) {
      if (used.output_types[k].base == FieldType::Base::kEnum) {
        out[used.info.name + "." + used.outputs[k].first] =
            used.output_types[k].enum_values();
      }
    }
  }
  return out;
}

}  // namespace

void CompilePolicy(CompileContext& ctx, syntax::Policy& p) {
  PolicyBuild b(p);
  CompiledPolicy& cp = *b.compiled;
  cp.info.name = p.name;
  cp.info.description = p.description;
  cp.info.record = p.record;
  cp.file = p.file;
  b.env.limits = &ctx.limits();
  b.env.has_calendar = ctx.has_calendar;
  CompileFields(ctx, b);
  PlacesBounds places;
  ctx.places = &places;
  struct Reset {  // the scopes below point at locals: cleared on every exit
    CompileContext& ctx;
    ~Reset() {
      ctx.enum_scope = nullptr;
      ctx.call_enums = nullptr;
      ctx.places = nullptr;
    }
  } reset{ctx};
  for (size_t k = 0; k < cp.fields.size(); ++k) {
    const FieldType& t = cp.fields[k].type;
    if (t.base == FieldType::Base::kInt) {
      places.Set(static_cast<int>(k), 0);
    } else if (t.base == FieldType::Base::kMoney) {
      places.Set(static_cast<int>(k),
                 t.IsMoney() ? FieldType::kMoneyPlaces : Decimal::kMaxScale);
    }
  }
  CompileParams(ctx, b);
  CheckPatternParams(ctx, b);
  RegisterCallables(ctx, b.env, p.name);
  CompileUses(ctx, b);
  CompileBatchAggregates(ctx, b);
  for (const auto& o : p.outputs) DeclareTarget(ctx, b, o, true);
  for (const auto& l : p.locals) DeclareTarget(ctx, b, l, false);
  const EnumScope enums = EnumsOf(b);
  ctx.enum_scope = &enums;
  const CallEnums calls = CallEnumsOf(ctx, p.name);
  ctx.call_enums = &calls;
  CompileLets(ctx, b);
  for (size_t i = 0; i < p.decisions.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (p.decisions[j].id != p.decisions[i].id) continue;
      // Traces and table findings name decisions by id: one each.
      ctx.Error(p.decisions[i].pos,
                "decision id '" + p.decisions[i].id +
                    "' is used twice in policy '" + p.name +
                    "' (also at line " +
                    std::to_string(p.decisions[j].pos.line) + ")");
      b.ok = false;
      break;
    }
    for (const auto& f : p.functions) {
      if (f.name != p.decisions[i].id) continue;
      // Test coverage and the workbench name a policy's decisions and its
      // functions alike ("policy/name"): one name each, or the rows of one
      // are counted and marked as the other's.
      ctx.Error(p.decisions[i].pos,
                "decision id '" + p.decisions[i].id +
                    "' is the name of a function of policy '" + p.name +
                    "' (line " + std::to_string(f.pos.line) +
                    "): rename one; coverage and the workbench name both "
                    "by it");
      b.ok = false;
    }
  }
  std::vector<int> unproven;
  ctx.unproven_slots = &unproven;
  for (auto& d : p.decisions) {
    CompiledDecision cd;
    cd.policy = p.name;
    if (!CompileDecision(ctx, d, b.env, b.targets, &cd, &b.column_fields))
      b.ok = false;
    cp.decisions.push_back(std::move(cd));
  }
  ctx.unproven_slots = nullptr;
  for (size_t k = 0; k < cp.outputs.size(); ++k) {
    if (std::find(unproven.begin(), unproven.end(), cp.outputs[k].second) !=
        unproven.end())
      cp.checked_outputs.push_back(static_cast<uint32_t>(k));
  }
  ctx.enum_scope = nullptr;
  ctx.places = nullptr;  // WarnUnsetOutputs and Finish compile nothing more
  if (p.outputs.empty()) {
    ctx.Error(p.pos, "policy '" + p.name + "' declares no outputs");
    b.ok = false;
  }
  // Only for a policy that compiled: a decision that failed to compile
  // sets nothing, so its outputs would be "never set" beside its error.
  if (b.ok) {
    WarnUnsetOutputs(ctx, b);
    WarnReadsBeforeWrites(ctx, b);
    DropProvenRequiredOutputs(cp);
  }
  Finish(b);
  if (b.ok) ctx.pack().policies.push_back(std::move(b.compiled));
}

}  // namespace verdict
