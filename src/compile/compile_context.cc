#include "src/compile/compile_context.h"

#include "src/value/text.h"

namespace verdict {

void CompileContext::Error(const syntax::Pos& p, std::string msg) {
  failed_ = true;
  diags_->push_back(
      {p.file, p.line, p.column, Diagnostic::Severity::kError, std::move(msg)});
}

void CompileContext::Warn(const syntax::Pos& p, std::string msg) {
  diags_->push_back({p.file, p.line, p.column, Diagnostic::Severity::kWarning,
                     std::move(msg)});
}

bool ParseTypeAt(CompileContext& ctx, const syntax::Scalar& s, FieldType* out,
                 bool* nullable) {
  std::string text = Trim(s.text);
  *nullable = false;
  if (!text.empty() && text.back() == '?') {
    *nullable = true;
    text.pop_back();
  }
  std::string err;
  auto t = FieldType::Parse(text, &err, ctx.limits().max_depth);
  if (!t) {
    ctx.Error(s.pos, err);
    return false;
  }
  *out = *t;
  return true;
}

EnumScope EnumNames(const ColumnFields& fields, const Targets& targets) {
  EnumScope out;
  for (const auto& [name, type] : fields) {
    if (type.base == FieldType::Base::kEnum) out[name] = type.enum_values();
  }
  for (const auto& [name, target] : targets) {
    if (target.type && target.type->base == FieldType::Base::kEnum)
      out[name] = target.type->enum_values();
  }
  return out;
}

}  // namespace verdict
