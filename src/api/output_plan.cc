// verdict/binding.h's output side: checking members against a policy's
// outputs, and writing a decision's outputs into them.
#include "src/api/output_plan.h"

#include <stdexcept>
#include <string>

namespace verdict {

namespace {

// The C++ type word (binding_internal::TypeWord) that holds an output of
// policy type `type` (nullable mark removed), or "" when only a Value
// member can: an untyped list, a map.
std::string MemberWordFor(std::string_view type) {
  if (type == "string" || type.starts_with("enum(")) return "string";
  if (type == "bool" || type == "int" || type == "double" || type == "date" ||
      type == "datetime" || type == "money") {
    return std::string(type);
  }
  if (type == "decimal") return "money";  // both are held by a Decimal
  if (type.starts_with("list(") && type.ends_with(")")) {
    std::string inner = MemberWordFor(type.substr(5, type.size() - 6));
    return inner.empty() ? "" : "list(" + inner + ")";
  }
  return "";
}

// Why a member of C++ type `cpp` cannot hold output `name` of policy type
// `type`; empty when it can.
std::string Mismatch(const std::string& name, std::string_view type,
                     std::string_view cpp) {
  if (cpp == "value") return "";
  bool nullable = type.ends_with("?");
  std::string_view base = nullable ? type.substr(0, type.size() - 1) : type;
  bool optional = cpp.starts_with("optional<") && cpp.ends_with(">");
  std::string_view held = optional ? cpp.substr(9, cpp.size() - 10) : cpp;
  std::string want = MemberWordFor(base);
  std::string head = "output '" + name + "' is " + std::string(type) +
                     ", but the member is " + std::string(cpp);
  if (want.empty()) return head + " (only a verdict::Value member holds it)";
  if (held != want) return head + " (it takes a " + want + " member)";
  if (nullable && !optional) {
    return head + " (it may be null: bind it to a std::optional member)";
  }
  return "";
}

// The kind of a scalar member's values ("string", "bool", ...); kNull
// (checked by the writer) for lists and anything else.
Kind ScalarKind(std::string_view cpp) {
  if (cpp == "string") return Kind::kString;
  if (cpp == "bool") return Kind::kBool;
  if (cpp == "int") return Kind::kInt;
  if (cpp == "double") return Kind::kDouble;
  if (cpp == "money") return Kind::kDecimal;
  if (cpp == "date") return Kind::kDate;
  if (cpp == "datetime") return Kind::kTimestamp;
  return Kind::kNull;
}

}  // namespace

OutputPlan::OutputPlan(const CompiledPolicy& policy,
                       std::vector<OutputWriter> writers)
    : policy_(&policy) {
  const PolicyInfo& info = policy.info;
  if (info.batch) {
    throw std::invalid_argument("Returning: policy '" + info.name +
                                "' decides over a whole batch; use "
                                "EvaluateMany");
  }
  std::vector<bool> taken(info.outputs.size(), false);
  for (OutputWriter& w : writers) {
    size_t k = 0;
    while (k < info.outputs.size() && info.outputs[k].first != w.name) ++k;
    if (k == info.outputs.size()) {
      std::string names;
      for (const auto& [name, type] : info.outputs)
        names += (names.empty() ? "" : ", ") + name;
      throw std::invalid_argument("Returning: policy '" + info.name +
                                  "' has no output '" + w.name +
                                  "' (it has: " + names + ")");
    }
    if (taken[k]) {
      throw std::invalid_argument("Returning: output '" + w.name +
                                  "' is bound twice");
    }
    taken[k] = true;
    std::string why = Mismatch(w.name, info.outputs[k].second, w.cpp_type);
    if (!why.empty()) {
      throw std::invalid_argument("Returning: policy '" + info.name + "' " +
                                  why);
    }
    Bound b{k, std::move(w)};
    std::string_view held = b.writer.cpp_type;
    b.holds_any = held == "value";
    b.holds_null = held.starts_with("optional<");
    if (b.holds_null) held = held.substr(9, held.size() - 10);
    b.kind = ScalarKind(held);
    bound_.push_back(std::move(b));
  }
}

std::optional<RecordError> OutputPlan::Write(
    std::span<const Value* const> values, void* out) const {
  // Every value is checked before any is written. Most are scalars of the
  // member's own kind, checked here; the rest (lists, a null into a member
  // that is not a std::optional) by the writer, which then only checks.
  for (const Bound& b : bound_) {
    const Value& v = *values[b.output];
    Kind k = v.kind();
    if (b.holds_any || k == b.kind || (b.holds_null && k == Kind::kNull))
      continue;
    if (!b.writer.write(v, nullptr, b.writer.member)) {
      return RecordError{"evaluation_error",
                         "output '" + b.writer.name + "' is " +
                             v.DebugString() + ", which its member (" +
                             b.writer.cpp_type + ") cannot hold",
                         ""};
    }
  }
  for (const Bound& b : bound_)
    b.writer.write(*values[b.output], out, b.writer.member);
  return std::nullopt;
}

}  // namespace verdict
