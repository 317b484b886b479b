// VectorPlan::Make()'s fields and outputs (arrow_vector_plan.h): how each
// field's column is loaded and checked, and how each output is written.
#include <algorithm>
#include <string_view>

#include "src/api/arrow_columnar_plan.h"
#include "src/api/arrow_vector_plan.h"
#include "src/evaluate/interpreter.h"
#include "src/io/arrow_take.h"
#include "src/io/arrow_write.h"

namespace verdict {

namespace {

using B = FieldType::Base;

// Whether fast check `c` compares with decimal literals only.
bool DecimalCheck(const FastCondition& c) {
  if (c.is_set()) return false;
  for (int i = 0; i < c.atom_count(); ++i) {
    const Value& v = c.atom_constant(i);
    if (v.kind() != Kind::kDecimal) return false;
    const __int128 m = v.as_decimal().mantissa();
    if (m >= kLiteralLimit || m <= -kLiteralLimit) return false;
  }
  return true;
}

bool DecField(const CompiledField& cf, std::string_view fmt, VField* f) {
  f->kind = VKind::kDec;
  if (f->column < 0) {
    f->load = VField::Load::kAbsent;
  } else if (fmt == "l") {
    f->load = VField::Load::kInt64;
  } else if (auto sc = DecimalScale(fmt); sc && *sc >= 0 && *sc <= 4) {
    f->load = VField::Load::kDecimal128;
    f->column_scale = *sc;
  } else {
    return false;
  }
  f->scale = f->column_scale;
  if (!f->fill.is_null()) {
    if (f->fill.kind() != Kind::kDecimal || f->fill.as_decimal().scale() > 4)
      return false;
    f->scale = std::max(f->scale, f->fill.as_decimal().scale());
    __int128 m = f->fill.as_decimal().mantissa();
    for (int k = f->fill.as_decimal().scale(); k < f->scale; ++k) m *= 10;
    f->fill_mantissa = m;
    f->fill_null = false;
  }
  if (cf.has_check) {
    if (!cf.fast_check || !DecimalCheck(*cf.fast_check)) return false;
    f->check = cf.fast_check;
  }
  return true;
}

// An enum's or bool's dictionary, each entry's validity (the field's check
// run by the interpreter at plan time) and the null cell's fill.
bool DictField(const CompiledField& cf, const CompiledPolicy& p,
               const EvalContext& ctx, std::string_view fmt, VField* f) {
  f->kind = VKind::kDict;
  if (cf.type.base == B::kBool) {
    f->load = f->column < 0 ? VField::Load::kAbsent : VField::Load::kBool;
    if (f->column >= 0 && fmt != "b") return false;
    f->dict = {Value::Bool(false), Value::Bool(true)};
  } else {
    if (f->column < 0) {
      f->load = VField::Load::kAbsent;
    } else if (fmt == "u" || fmt == "U") {
      f->load =
          fmt == "u" ? VField::Load::kEnumUtf8 : VField::Load::kEnumLargeUtf8;
    } else {
      return false;
    }
    for (const std::string& m : cf.type.enum_values())
      f->dict.push_back(Value::String(m));
  }
  for (const Value& v : f->dict) {
    bool ok = true;
    if (cf.has_check) {
      Frame frame(&ctx, static_cast<size_t>(p.frame_size));
      frame.slot(p.check_slot) = v;
      Value r = Eval(cf.check, frame);
      ok = r.kind() == Kind::kBool && r.as_bool();
    }
    f->ok.push_back(ok);
  }
  f->dict.push_back(f->fill);  // a null cell
  f->ok.push_back(1);
  return true;
}

// A dictionary-encoded text column (`child`): integer indices into utf8
// or large utf8 entries, for an enum field (coded by member) or a string
// field (a kDict of the batch's entries: memos key it by its codes).
bool DictionaryField(const CompiledField& cf, bool read,
                     const ArrowSchema& child, const CompiledPolicy& p,
                     const EvalContext& ctx, VField* f) {
  const std::string_view index = child.format;
  const std::string_view values = child.dictionary->format;
  if (index.size() != 1 ||
      std::string_view("cCsSiIlL").find(index[0]) == std::string_view::npos) {
    return false;
  }
  if (values != "u" && values != "U") return false;
  f->values_format = values;
  if (cf.type.base == B::kEnum) {
    if (!DictField(cf, p, ctx, "u", f)) return false;
  } else if (cf.type.base == B::kString && !cf.has_check &&
             (f->fill.is_null() || f->fill.kind() == Kind::kString)) {
    f->kind = VKind::kDict;  // entries filled per batch
  } else {
    return false;
  }
  (void)read;
  f->load = VField::Load::kDictionary;
  return true;
}

}  // namespace

bool MakeVField(const CompiledField& cf, bool read, const ArrowSchema& schema,
                const CompiledPolicy& p, const EvalContext& ctx, VField* f) {
  if (cf.pattern) return false;
  f->required = cf.required;
  f->fill = cf.default_value;
  f->fill_null = f->fill.is_null();
  f->column = ColumnOf(schema, cf.name);
  const ArrowSchema* child =
      f->column >= 0 ? schema.children[f->column] : nullptr;
  const std::string_view fmt = child ? child->format : "";
  f->format = fmt;
  if (!read && !cf.has_check) {
    if (!child) return !cf.required;  // kAbsent: nothing reads it
    if (SkippableFormat(cf, fmt)) {
      f->load = VField::Load::kSkipped;
      return true;
    }
  }
  if (!child && cf.required) return false;  // every row fails
  if (child && child->dictionary)
    return DictionaryField(cf, read, *child, p, ctx, f);
  switch (cf.type.base) {
    case B::kMoney:
      return DecField(cf, fmt, f);
    case B::kBool:
    case B::kEnum:
      return DictField(cf, p, ctx, fmt, f);
    case B::kString:
      if (cf.has_check) return false;
      if (f->fill.kind() != Kind::kString && !f->fill.is_null()) return false;
      f->kind = VKind::kStr;
      if (!child) {
        f->load = VField::Load::kAbsent;
      } else if (fmt == "u" || fmt == "U") {
        f->load = fmt == "u" ? VField::Load::kUtf8 : VField::Load::kLargeUtf8;
      } else {
        return false;
      }
      return true;
    default:
      return false;
  }
}

bool MakeRecordField(const CompiledField& cf, bool read, VField* f) {
  f->required = cf.required;
  if (!read) return true;  // kAbsent, an empty kDict: nothing held
  f->load = VField::Load::kRecord;
  switch (cf.type.base) {
    case B::kMoney:
      f->kind = VKind::kDec;
      f->scale = f->column_scale = kRecordMoneyScale;
      return true;
    case B::kBool:
      f->dict = {Value::Bool(false), Value::Bool(true)};
      break;
    case B::kEnum:
      for (const std::string& m : cf.type.enum_values())
        f->dict.push_back(Value::String(m));
      break;
    case B::kString:
      f->kind = VKind::kStr;
      return true;
    case B::kInt:
    case B::kDate:
      // Few distinct values in most inputs (counts, years, days): coded as
      // they come, in an open dictionary.
      f->open = true;
      f->dict = {Value()};
      f->ok = {1};
      return true;
    default:
      return false;
  }
  // Validated: every member is a valid value; null (no default) last.
  f->dict.emplace_back();
  f->ok.assign(f->dict.size(), 1);
  return true;
}

bool MakeVOutput(const CompiledPolicy& p, size_t k, const Zone& zone,
                 VOutput* o) {
  auto has = [&](const std::vector<uint32_t>& v) {
    return std::find(v.begin(), v.end(), k) != v.end();
  };
  o->required = has(p.required_outputs);
  o->money = has(p.money_outputs);
  o->checked = has(p.checked_outputs);
  auto builder = ArrowBuilder::For(p.output_types[k], zone, p.outputs[k].first);
  ArrowSchema schema;
  builder->Schema("cells", &schema);
  o->format = schema.format;
  const bool takes = TakeSupports(schema);
  schema.release(&schema);
  switch (o->kind) {
    case VKind::kDict:
      return takes;
    case VKind::kDec: {
      if (p.output_types[k].base != B::kMoney || o->scale > 4) return false;
      auto sc = DecimalScale(o->format);
      if (!sc || *sc < o->scale) return false;
      o->out_scale = *sc;
      return true;
    }
    case VKind::kStr:
      return o->format == "u" && p.output_types[k].base == B::kString;
  }
  return false;
}

}  // namespace verdict
