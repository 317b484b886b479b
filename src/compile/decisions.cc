#include "src/compile/decisions.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>

#include "src/compile/expressions.h"
#include "src/compile/fast_paths.h"
#include "src/compile/table_cells.h"
#include "src/compile/table_index_builder.h"
#include "src/value/text.h"

namespace verdict {
namespace {

using types::Type;

// Whether a collect decision's items fit its `into` target (else reported):
// the target is a list (or dyn), and an object item (named `then` values,
// several output columns) goes only into a list whose items may be objects.
// Plain values are typed against the list's items as they are compiled.
bool CollectsInto(CompileContext& ctx, const syntax::Decision& d,
                  const Target& into) {
  using Base = FieldType::Base;
  const FieldType* type = into.type;
  if (!type || type->base == Base::kDyn) return true;
  const std::string& name = d.into->text;
  if (type->base != Base::kList) {
    ctx.Error(d.into->pos, "a collect decision fills a list, but '" + name +
                               "' is '" + type->text +
                               "': declare it a list, such as list(" +
                               type->text + ")");
    return false;
  }
  const FieldType* item = type->elem.get();
  if (!item || item->base == Base::kMap || item->base == Base::kDyn)
    return true;
  const std::string fix = ": give the item alone (then: VALUE), or declare '" +
                          name + "' list(map) or list";
  bool ok = true;
  if (d.outputs.size() > 1) {
    ctx.Error(d.outputs.front().pos,
              "each matching row adds an object of its " +
                  std::to_string(d.outputs.size()) + " output columns, but '" +
                  name + "' is '" + type->text + "'" + fix);
    ok = false;
  }
  for (const auto& r : d.rules) {
    if (r.then.empty() || r.from_table) continue;
    ctx.Error(r.then.front().pos,
              "rule '" + r.id + "' adds an object of its named values, but '" +
                  name + "' is '" + type->text + "'" + fix);
    ok = false;
  }
  return ok;
}

// The hit policy, and the `into` list of a collect decision.
bool CompileHit(CompileContext& ctx, const syntax::Decision& d,
                const Targets& targets, CompiledDecision* out, bool* ok) {
  static const std::map<std::string, HitPolicy> kHits = {
      {"first", HitPolicy::kFirst},
      {"unique", HitPolicy::kUnique},
      {"any", HitPolicy::kAny},
      {"collect", HitPolicy::kCollect}};
  auto hit = kHits.find(d.hit.text);
  if (hit == kHits.end()) {
    ctx.Error(d.hit.pos, "unknown hit policy '" + d.hit.text +
                             "' (expected first, unique, any or collect)");
    return false;
  }
  out->hit = hit->second;
  if (out->hit == HitPolicy::kCollect) {
    if (!d.into) {
      ctx.Error(d.pos,
                "a collect decision names the list it fills: 'into: NAME'");
      return false;
    }
    auto t = targets.find(d.into->text);
    if (t == targets.end()) {
      ctx.Error(d.into->pos,
                "'" + d.into->text + "' is not a declared output or local");
      return false;
    }
    if (!CollectsInto(ctx, d, t->second)) return false;
    out->into_slot = t->second.slot;
    out->targets.push_back(t->second.slot);
    out->target_names.push_back(d.into->text);
    out->target_nullable.push_back(true);
  } else if (d.into) {
    ctx.Error(d.into->pos, "'into' is only for collect decisions");
    *ok = false;
  }
  return true;
}

// Table columns: each evaluated once per decision into its own slot.
// Returns the column types and declared field types, parallel to d.columns.
void CompileColumns(CompileContext& ctx, const syntax::Decision& d,
                    CompileEnv& env, const ColumnFields* column_fields,
                    CompiledDecision* out, std::vector<Type>* col_types,
                    std::vector<const FieldType*>* col_fields, bool* ok) {
  for (const auto& c : d.columns) {
    CompiledExpr ce;
    if (!CompileExprAt(ctx, c, c.text, 0, env, &ce)) {
      int slot = env.NewSlot();
      *ok = false;
      col_types->push_back(Type::Dyn());
      col_fields->push_back(nullptr);
      out->columns.emplace_back(slot, Node{});
      continue;
    }
    col_types->push_back(ce.type);
    const FieldType* cf = nullptr;
    if (column_fields) {
      auto it = column_fields->find(Trim(c.text));
      if (it != column_fields->end()) cf = &it->second;
    }
    col_fields->push_back(cf);
    // A plain slot read needs no slot of its own (see RunDecision).
    int slot = ce.node.op == Op::kSlot ? ce.node.slot : env.NewSlot();
    out->columns.emplace_back(slot, std::move(ce.node));
  }
}

// What a rule sets `slot` to (-1: a field of a collected object): a literal
// as its value, anything else as its node.
RuleOutput OutputOf(int slot, Node n) {
  RuleOutput out;
  out.slot = slot;
  if (n.op == Op::kConst) {
    out.constant = std::move(n.constant);
  } else {
    out.expr = std::make_unique<const Node>(std::move(n));
  }
  return out;
}

// One `then` entry: the value a rule gives an output (or, for collect, a
// field of the collected object).
bool AddSet(CompileContext& ctx, const syntax::Decision& d,
            const std::string& name, const syntax::Pos& pos,
            const syntax::Scalar& value, const Targets& targets,
            const CompileEnv& env, CompiledRule* cr, std::vector<Value>* keys,
            std::vector<std::string>* reads) {
  Node n;
  if (d.hit.text == "collect") {
    // Fields of the collected object: untyped, literals inferred.
    if (!CompileThenValue(ctx, value, nullptr, true, env, &n, reads))
      return false;
    cr->sets.push_back(OutputOf(-1, std::move(n)));
    keys->push_back(Value::String(name));
    return true;
  }
  auto t = targets.find(name);
  if (t == targets.end()) {
    std::vector<std::string> names;
    for (const auto& [k, v] : targets) names.push_back(k);
    std::string hint = NearestName(name, names);
    ctx.Error(pos, "'" + name + "' is not a declared output or local" +
                       (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }
  bool unproven = false;
  if (!CompileThenValue(ctx, value, t->second.type, t->second.nullable, env, &n,
                        reads, &unproven))
    return false;
  if (unproven && ctx.unproven_slots)
    ctx.unproven_slots->push_back(t->second.slot);
  cr->sets.push_back(OutputOf(t->second.slot, std::move(n)));
  keys->push_back(Value::String(name));
  return true;
}

// The item type of a collect decision's `into` list (null: untyped).
const FieldType* IntoElement(const syntax::Decision& d,
                             const Targets& targets) {
  if (!d.into) return nullptr;
  auto t = targets.find(d.into->text);
  return t != targets.end() && t->second.type ? t->second.type->elem.get()
                                              : nullptr;
}

// The columns shared by every row of a table.
struct TableColumns {
  std::vector<Type> types;
  std::vector<const FieldType*> fields;
};

// A table row: one cell test per column, then one value per output column.
bool CompileTableRule(CompileContext& ctx, const syntax::Decision& d,
                      const syntax::Rule& r, const TableColumns& cols,
                      const Targets& targets, const CompileEnv& env,
                      const CompiledDecision& out, CompiledRule* cr,
                      std::vector<Value>* keys,
                      std::vector<std::string>* reads) {
  bool ok = true;
  // Sized once: a big table keeps one CompiledRule per row.
  cr->conditions.reserve(d.columns.size());
  cr->condition_texts.reserve(d.columns.size());
  cr->sets.reserve(d.outputs.size());
  keys->reserve(d.outputs.size());
  for (size_t i = 0; i < d.columns.size(); ++i) {
    Node test;
    bool any;
    CellColumn column{out.columns[i].first, &cols.types[i], cols.fields[i]};
    if (!CompileCellTest(ctx, r.cells[i], column, env, &test, &any, reads)) {
      ok = false;
      continue;
    }
    std::string col_name = Trim(d.columns[i].text);
    reads->push_back(col_name);
    if (!any) {
      cr->conditions.push_back(std::move(test));
      cr->condition_texts.push_back(col_name + " " + Trim(r.cells[i].text));
    }
  }
  if (out.hit == HitPolicy::kCollect && d.outputs.size() == 1) {
    // One output column: a matching row adds its cell's value to the list,
    // as a plain `then` value does (several columns: an object of them).
    Node value;
    bool unproven = false;
    if (!CompileThenValue(ctx, r.cells[d.columns.size()],
                          IntoElement(d, targets), true, env, &value, reads,
                          &unproven))
      return false;
    if (unproven && ctx.unproven_slots)
      ctx.unproven_slots->push_back(out.into_slot);
    cr->value = std::make_shared<const Node>(std::move(value));
    cr->has_value = true;
    return ok;
  }
  for (size_t j = 0; j < d.outputs.size(); ++j) {
    const syntax::Scalar& name = d.outputs[j];
    const syntax::Scalar& cell = r.cells[d.columns.size() + j];
    if (!AddSet(ctx, d, name.text, name.pos, cell, targets, env, cr, keys,
                reads))
      ok = false;
  }
  return ok;
}

// A rule of a rule list: `when` conditions, `then` outputs, or for collect
// a plain `then` value.
bool CompileWhenRule(CompileContext& ctx, const syntax::Decision& d,
                     const syntax::Rule& r, const Targets& targets,
                     const CompileEnv& env, const CompiledDecision& out,
                     CompiledRule* cr, std::vector<Value>* keys,
                     std::vector<std::string>* reads) {
  bool ok = true;
  for (const auto& w : r.when) {
    Node n;
    if (!CompileCondition(ctx, w, env, &n, reads)) {
      ok = false;
      continue;
    }
    cr->conditions.push_back(std::move(n));
    cr->condition_texts.push_back(Trim(w.text));
  }
  for (const auto& t : r.then) {
    if (!AddSet(ctx, d, t.name, t.pos, t.value, targets, env, cr, keys, reads))
      ok = false;
  }
  if (!r.then_value) return ok;
  if (out.hit != HitPolicy::kCollect) {
    ctx.Error(r.then_value->pos,
              "a plain 'then' value is for collect decisions; name the "
              "outputs: "
              "then: {output: value}");
    return false;
  }
  Node value;
  bool unproven = false;
  if (!CompileThenValue(ctx, *r.then_value, IntoElement(d, targets), true, env,
                        &value, reads, &unproven))
    ok = false;
  if (unproven && ctx.unproven_slots)
    ctx.unproven_slots->push_back(out.into_slot);
  cr->value = std::make_shared<const Node>(std::move(value));
  cr->has_value = true;
  return ok;
}

// `items`, shared: `previous` when it holds the same items by `same` (the
// rows of a table set the same outputs and read the same columns, and a
// copy per row was a megabyte of a 10,000-row table), else a new vector.
template <typename T, typename Same>
std::shared_ptr<const std::vector<T>> ShareLike(
    std::vector<T> items, const std::shared_ptr<const std::vector<T>>& previous,
    Same same) {
  if (previous && std::equal(items.begin(), items.end(), previous->begin(),
                             previous->end(), same)) {
    return previous;
  }
  return std::make_shared<const std::vector<T>>(std::move(items));
}

// Adds the slots a rule sets to the decision's targets (non-collect).
void AddTargets(const CompiledRule& cr, const Targets& targets,
                CompiledDecision* out) {
  for (size_t i = 0; i < cr.sets.size(); ++i) {
    if (std::find(out->targets.begin(), out->targets.end(), cr.sets[i].slot) ==
        out->targets.end()) {
      out->targets.push_back(cr.sets[i].slot);
      const std::string& name = (*cr.set_keys)[i].as_string();
      out->target_names.push_back(name);
      out->target_nullable.push_back(targets.at(name).nullable);
    }
  }
}

// Reports each rule whose id an earlier rule of `d` has; false if any. By
// sorted positions rather than a set of ids: a 10,000-row table's set was
// 640 KB at the load's peak.
bool UniqueIds(CompileContext& ctx, const CompiledDecision& d) {
  std::vector<uint32_t> order(d.rules.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return d.rules[a].id < d.rules[b].id;
  });
  bool ok = true;
  for (size_t k = 1; k < order.size(); ++k) {
    const CompiledRule& r = d.rules[order[k]];
    if (r.id != d.rules[order[k - 1]].id) continue;
    ctx.Error(r.pos, "rule id '" + r.id + "' is used twice in decision '" +
                         d.id + "'");
    ok = false;
  }
  return ok;
}

}  // namespace

std::vector<TraceRead> TraceReads(const std::vector<std::string>& names,
                                  const CompileEnv& env) {
  std::vector<TraceRead> out;
  std::set<std::string> seen;
  for (const auto& n : names) {
    if (!seen.insert(n).second) continue;
    size_t dot = n.find('.');
    if (const auto* v = env.FindVar(n)) {
      out.push_back({n, v->slot});
    } else if (dot != std::string::npos) {
      if (const auto* r = env.FindRecord(n.substr(0, dot))) {
        for (size_t i = 0; i < r->type->fields.size(); ++i) {
          if (r->type->fields[i].first == n.substr(dot + 1)) {
            out.push_back({n, r->field_slots[i]});
          }
        }
      }
    }
  }
  return out;
}

bool CompileDecision(CompileContext& ctx, syntax::Decision& d, CompileEnv& env,
                     const Targets& targets, CompiledDecision* out,
                     const ColumnFields* column_fields) {
  out->id = d.id;
  bool ok = true;
  if (!CompileHit(ctx, d, targets, out, &ok)) return false;
  TableColumns cols;
  CompileColumns(ctx, d, env, column_fields, out, &cols.types, &cols.fields,
                 &ok);
  const size_t row_count = d.rules.size();
  out->rules.reserve(row_count);  // big tables: no doubling, no copies
  for (auto& r : d.rules) {
    CompiledRule cr;
    cr.id = r.id;
    cr.description = r.description;
    cr.pos = r.pos;
    std::vector<Value> keys;
    std::vector<std::string> reads;
    bool rule_ok = r.from_table
                       ? CompileTableRule(ctx, d, r, cols, targets, env, *out,
                                          &cr, &keys, &reads)
                       : CompileWhenRule(ctx, d, r, targets, env, *out, &cr,
                                         &keys, &reads);
    if (!rule_ok) ok = false;
    // A big table's rows drop their cell Nodes as they are made, so that
    // the table never holds all of them at once.
    if (r.from_table && row_count >= kMinIndexedRules) ElideConditionNodes(cr);
    const CompiledRule* previous =
        out->rules.empty() ? nullptr : &out->rules.back();
    cr.set_keys =
        ShareLike(std::move(keys), previous ? previous->set_keys : nullptr,
                  [](const Value& a, const Value& b) {
                    return a.as_string() == b.as_string();
                  });
    if (out->hit != HitPolicy::kCollect) AddTargets(cr, targets, out);
    cr.reads =
        ShareLike(TraceReads(reads, env), previous ? previous->reads : nullptr,
                  [](const TraceRead& a, const TraceRead& b) {
                    return a.name == b.name && a.slot == b.slot;
                  });
    out->rules.push_back(std::move(cr));
    r = syntax::Rule{};  // its cells and texts: not needed again
  }
  std::vector<syntax::Rule>().swap(d.rules);
  if (!UniqueIds(ctx, *out)) ok = false;
  if (row_count == 0) {
    ctx.Error(d.pos, "decision '" + d.id + "' has no rules");
    ok = false;
  }
  return ok;
}

}  // namespace verdict
