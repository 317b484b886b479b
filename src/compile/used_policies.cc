// `uses`: other policies decided on the same record. See policy_build.h.
#include "src/compile/policy_build.h"

namespace verdict {
namespace {

bool SameDefault(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  std::optional<bool> same = Equal(a, b);
  return same && *same && a.kind() == b.kind();
}

std::string DefaultText(const Value& v) {
  return v.is_null() ? "no default" : "default " + v.DebugString();
}

// For each field the used policy reads, the slot of ours that holds it
// (-1 when we lack it; reported).
std::vector<int> UsedFieldSlots(CompileContext& ctx, const syntax::Named& u,
                                const CompiledPolicy& used,
                                const PolicyBuild& b, bool* ok) {
  const CompiledPolicy& cp = *b.compiled;
  std::vector<int> field_map;
  for (const auto& uf : used.fields) {
    int found = -1;
    for (size_t i = 0; i < cp.fields.size(); ++i) {
      if (cp.fields[i].name != uf.name) continue;
      found = static_cast<int>(i);
      if (cp.fields[i].type.text != uf.type.text) {
        ctx.Error(u.pos, "policy '" + u.name + "' reads '" + uf.name + "' as " +
                             uf.type.text + ", but record '" + b.syntax.record +
                             "' declares it as " + cp.fields[i].type.text);
        *ok = false;
      } else if (!SameDefault(cp.fields[i].default_value, uf.default_value)) {
        // The used policy is decided on our validated slots, where our
        // default already stands in for an absent field: a record without
        // it would be decided with our default in both policies.
        const std::string ours = DefaultText(cp.fields[i].default_value);
        ctx.Error(u.pos,
                  "policy '" + u.name + "' reads '" + uf.name + "' with " +
                      DefaultText(uf.default_value) + ", but record '" +
                      b.syntax.record + "' declares it here with " + ours +
                      "; '" + u.name +
                      "' is decided on this policy's values, so a record "
                      "without '" +
                      uf.name + "' would get " + ours +
                      " in both: give it the same default in both policies");
        *ok = false;
      }
    }
    if (found < 0) {
      ctx.Error(u.pos, "policy '" + u.name + "' needs field '" + uf.name +
                           "', which record '" + b.syntax.record +
                           "' does not declare");
      *ok = false;
    }
    field_map.push_back(found);
  }
  return field_map;
}

}  // namespace

void CompileUses(CompileContext& ctx, PolicyBuild& b) {
  for (const auto& u : b.syntax.uses) {
    const CompiledPolicy* used = ctx.pack().Find(u.name);
    if (!used) continue;  // reported by the caller
    if (used->batch.size() > 0) {
      ctx.Error(u.pos,
                "policy '" + u.name +
                    "' decides whole batches and cannot be used per record");
      b.ok = false;
      continue;
    }
    UsedPolicy up;
    up.policy = used;
    up.slot = b.next_slot++;
    up.field_map = UsedFieldSlots(ctx, u, *used, b, &b.ok);
    auto out_type = std::make_shared<types::ObjectType>();
    out_type->name = u.name;
    for (size_t i = 0; i < used->outputs.size(); ++i) {
      out_type->fields.emplace_back(used->outputs[i].first,
                                    used->output_types[i].CheckType());
      up.output_slots.push_back(b.next_slot++);
    }
    if (b.env.FindRecord(u.name)) {
      // Named like the record: `name.field` keeps reading the record's
      // fields and a bare `name` the result, as a map.
      up.whole_used = true;
      b.env.AddVariable(u.name, up.slot, types::Object(out_type));
    } else {
      RecordBinding rb;
      rb.type = out_type;
      rb.field_slots = up.output_slots;
      rb.whole_slot = up.slot;
      rb.shadowed_by_vars = true;
      b.env.AddRecord(u.name, std::move(rb));
    }
    b.compiled->uses.push_back(std::move(up));
  }
}

}  // namespace verdict
