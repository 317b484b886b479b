// Record fields: types, defaults, patterns and checks. See policy_build.h.
#include <re2/re2.h>

#include <algorithm>

#include "src/compile/policy_build.h"
#include "src/compile/table_cells.h"
#include "src/value/text.h"

namespace verdict {
namespace {

using types::Type;
using types::TypeKind;

// One declared field. False (after reporting) when its type is unknown: the
// field then has no slot. A bad default or pattern is reported and clears
// `*ok`, but the field keeps its slot.
bool CompileField(CompileContext& ctx, const syntax::Field& f,
                  CompiledField* cf, bool* ok) {
  cf->name = f.name;
  bool nullable;
  if (!ParseTypeAt(ctx, f.type, &cf->type, &nullable)) return false;
  cf->required = f.required && !nullable;
  if (f.default_value) {
    std::string why;
    if (!cf->type.FromText(f.default_value->text, f.default_value->quoted,
                           ctx.zone(), &cf->default_value, &why)) {
      ctx.Error(f.default_value->pos, "default of '" + f.name + "': " + why);
      *ok = false;
    } else if (std::string places =
                   cf->type.MoneyPlacesError(cf->default_value);
               !places.empty()) {
      // A record that leaves the field out must not get a money value no
      // record could give (every such record failed its outputs).
      ctx.Error(f.default_value->pos, "default of '" + f.name + "': " + places);
      *ok = false;
    }
  }
  if (f.pattern && cf->type.base != FieldType::Base::kString &&
      cf->type.base != FieldType::Base::kEnum) {
    // A pattern matches text; any other value has none to match (records
    // of such a field were refused at run time, or crashed the reader).
    ctx.Error(f.pattern->pos,
              "a pattern matches text, but field '" + f.name + "' is '" +
                  cf->type.text +
                  "' (give the field type string, or test its values with "
                  "check: such as check: \">= 100\")");
    *ok = false;
  } else if (f.pattern) {
    RE2::Options opt;
    opt.set_log_errors(false);
    auto re = std::make_shared<RE2>(f.pattern->text, opt);
    if (!re->ok()) {
      ctx.Error(f.pattern->pos, "invalid pattern: " + re->error());
      *ok = false;
    } else {
      cf->pattern = re;
      cf->fast_pattern = ClassRepeat::Parse(f.pattern->text);
      cf->pattern_text = f.pattern->text;
    }
  }
  return true;
}

// Field checks ("> 0"), compiled as cell tests on a scratch slot.
void CompileFieldChecks(CompileContext& ctx, PolicyBuild& b) {
  CompiledPolicy& cp = *b.compiled;
  const syntax::Policy& p = b.syntax;
  cp.check_slot = b.next_slot++;
  for (size_t i = 0; i < p.fields.size() && i < cp.fields.size(); ++i) {
    if (!p.fields[i].check) continue;
    bool any;
    std::vector<std::string> reads;
    CompiledField& cf = cp.fields[i];
    Type check_type = cf.type.CheckType();
    CellColumn column{cp.check_slot, &check_type, &cf.type};
    if (CompileCellTest(ctx, *p.fields[i].check, column, b.env, &cf.check, &any,
                        &reads) &&
        !any) {
      cf.has_check = true;
      cf.check_text = Trim(p.fields[i].check->text);
      cf.fast_check = FastCondition::From(cf.check);
      // Only a check that reads nothing but the value tested.
      if (cf.fast_check && !cf.fast_check->ReadsOnlySlot(cp.check_slot))
        cf.fast_check.reset();
    }
  }
}

}  // namespace

void CompileFields(CompileContext& ctx, PolicyBuild& b) {
  CompiledPolicy& cp = *b.compiled;
  const syntax::Policy& p = b.syntax;
  auto object = std::make_shared<types::ObjectType>();
  object->name = p.record;
  RecordBinding rb;
  for (const auto& f : p.fields) {
    CompiledField cf;
    if (!CompileField(ctx, f, &cf, &b.ok)) {
      b.ok = false;
      continue;
    }
    cf.plain_name = std::all_of(f.name.begin(), f.name.end(), [](char c) {
      return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    });
    int slot = b.next_slot++;
    object->fields.emplace_back(f.name, cf.type.CheckType());
    rb.field_slots.push_back(slot);
    b.column_fields[p.record + "." + f.name] = cf.type;
    FieldInfo info;
    info.name = f.name;
    info.type = cf.type.text;
    info.required = cf.required;
    info.default_value = cf.default_value;
    cp.info.fields.push_back(info);
    cp.fields.push_back(std::move(cf));
  }
  rb.type = object;
  rb.whole_slot = b.next_slot++;
  cp.whole_record_slot = rb.whole_slot;
  b.env.AddRecord(p.record, rb);
  cp.as_of_slot = b.next_slot++;
  b.env.AddVariable("as_of", cp.as_of_slot, Type::Of(TypeKind::kDate));
  CompileFieldChecks(ctx, b);
}

}  // namespace verdict
