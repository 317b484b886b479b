// verdict/binding.h: checking a struct binding against a policy's record and
// evaluating bound structs.
#include "verdict/binding.h"

#include <stdexcept>

#include "src/api/output_plan.h"
#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "src/evaluate/policy_eval.h"
#include "src/evaluate/record_pipeline.h"

namespace verdict {

class BoundPolicyImpl {
 public:
  std::shared_ptr<const Pack> pack;
  const CompiledPolicy* policy = nullptr;
  // For each field of the policy: the member that supplies it, or -1.
  std::vector<int> member_of_field;
  std::vector<MemberReader> members;
  // The fields loaded and validated, ascending. The others are not loaded
  // at all: nothing reads them after validation, and the member's C++ type
  // makes every value valid (or the field is unbound and optional, so it
  // would only get its unread default).
  std::vector<uint32_t> loaded;

  void Load(const void* record, Frame& f) const {
    for (uint32_t i : loaded) {
      const int m = member_of_field[i];
      Value& slot = f.slot(static_cast<int>(i));
      if (m < 0) {
        slot.Reset();
      } else if (members[m].load) {
        members[m].load(record, members[m].member, &slot);
      } else {
        slot = members[m].read(record);
      }
    }
  }
};

namespace {

// Whether a member of C++ type `cpp` can supply a field of policy type `field`.
bool Compatible(const FieldType& field, std::string cpp, bool required,
                std::string* why) {
  bool optional = cpp.starts_with("optional<");
  if (optional) cpp = cpp.substr(9, cpp.size() - 10);
  (void)required;
  using B = FieldType::Base;
  switch (field.base) {
    case B::kString:
    case B::kEnum:
      return cpp == "string";
    case B::kBool:
      return cpp == "bool";
    case B::kInt:
      return cpp == "int";
    case B::kMoney:
      return cpp == "money" || cpp == "int" || cpp == "double";
    case B::kDouble:
      return cpp == "double" || cpp == "int" || cpp == "money";
    case B::kDate:
      return cpp == "date" || cpp == "string";
    case B::kDatetime:
      return cpp == "datetime" || cpp == "string";
    case B::kList: {
      if (!cpp.starts_with("list(") || !cpp.ends_with(")")) return false;
      if (!field.elem || field.elem->base == B::kDyn) return true;
      // Item by item: a std::vector<int> for a list(string) failed every
      // record instead of the Bind. A typed list's items are never null,
      // so an optional item type is refused too (a nullopt failed its
      // record).
      const std::string item = cpp.substr(5, cpp.size() - 6);
      return !item.starts_with("optional<") &&
             Compatible(*field.elem, item, true, why);
    }
    case B::kMap:
      return false;
    case B::kDyn:
      return true;
  }
  return false;
}

}  // namespace

BoundRecords BoundRecords::Bind(std::shared_ptr<const Pack> pack,
                                std::string_view policy,
                                std::vector<MemberReader> members) {
  if (!pack) throw std::invalid_argument("Bind: no pack");
  const CompiledPolicy* p = PackAccess::Impl(*pack).Find(policy);
  if (!p)
    throw std::invalid_argument("Bind: unknown policy '" + std::string(policy) +
                                "'");
  auto impl = std::make_shared<BoundPolicyImpl>();
  impl->pack = pack;
  impl->policy = p;
  impl->member_of_field.assign(p->fields.size(), -1);
  for (size_t m = 0; m < members.size(); ++m) {
    bool found = false;
    for (size_t i = 0; i < p->fields.size(); ++i) {
      const CompiledField& f = p->fields[i];
      if (f.name != members[m].name) continue;
      found = true;
      if (impl->member_of_field[i] >= 0) {
        throw std::invalid_argument("Bind: field '" + f.name +
                                    "' is bound twice");
      }
      std::string why;
      if (!Compatible(f.type, members[m].cpp_type, f.required, &why)) {
        throw std::invalid_argument(
            "Bind: policy '" + p->info.name + "' field '" + f.name + "' is " +
            f.type.text + ", but the member is " + members[m].cpp_type);
      }
      impl->member_of_field[i] = static_cast<int>(m);
    }
    if (!found) {
      std::string names;
      for (const auto& f : p->fields)
        names += (names.empty() ? "" : ", ") + f.name;
      throw std::invalid_argument(
          "Bind: record '" + p->info.record + "' of policy '" + p->info.name +
          "' has no field '" + members[m].name + "' (it has: " + names + ")");
    }
  }
  for (size_t i = 0; i < p->fields.size(); ++i) {
    if (impl->member_of_field[i] < 0 && p->fields[i].required) {
      throw std::invalid_argument("Bind: required field '" + p->fields[i].name +
                                  "' of policy '" + p->info.name +
                                  "' is not bound to a member");
    }
  }
  for (size_t i = 0; i < p->fields.size(); ++i) {
    int m = impl->member_of_field[i];
    // Every bound member is loaded and validated, read or not, as every
    // other entry point validates every field it is given: a date member
    // may be out of range or "not given" (a boost special value), a string
    // not UTF-8, a converted member null. Only an unbound optional field
    // that nothing reads is skipped (it would only get its default).
    bool skip = !p->field_read[i] && m < 0 && !p->fields[i].required;
    if (!skip) impl->loaded.push_back(static_cast<uint32_t>(i));
  }
  impl->members = std::move(members);
  BoundRecords out;
  out.impl_ = std::move(impl);
  return out;
}

Decision BoundRecords::Evaluate(const void* record,
                                const EvalOptions& options) const {
  Decision d;
  EvaluateInto(record, options, &d);
  return d;
}

void BoundRecords::EvaluateInto(const void* record, const EvalOptions& options,
                                Decision* out) const {
  const CompiledPolicy& p = *impl_->policy;
  if (p.info.batch) {
    throw std::invalid_argument(
        "policy '" + p.info.name +
        "' decides over a whole batch; use EvaluateMany");
  }
  // A per-thread frame buffer: no allocation per record once warm.
  thread_local std::vector<Value> storage;
  RecordPipeline run(PackAccess::Impl(*impl_->pack), p, options, &impl_->loaded,
                     std::move(storage));
  impl_->Load(record, run.frame());
  run.DecideLoaded(std::nullopt, out);
  storage = run.ReleaseStorage();
}

std::shared_ptr<const OutputPlan> BoundRecords::PlanOutputs(
    std::vector<OutputWriter> writers) const {
  return std::make_shared<const OutputPlan>(*impl_->policy, std::move(writers));
}

std::optional<RecordError> BoundRecords::EvaluateTo(const void* record,
                                                    const EvalOptions& options,
                                                    const OutputPlan& plan,
                                                    void* out) const {
  const CompiledPolicy& p = *impl_->policy;
  if (&plan.policy() != &p) {
    throw std::invalid_argument(
        "EvaluateTo: the output plan of policy '" + plan.policy().info.name +
        "' given to a binding of '" + p.info.name + "'");
  }
  if (options.trace || options.audit) {
    throw std::invalid_argument(
        "deciding into a struct has no place for a trace or an audit; use "
        "Evaluate for those");
  }
  // Per-thread buffers, as in EvaluateInto: no allocation once warm.
  thread_local std::vector<Value> storage;
  thread_local std::vector<const Value*> many;
  const Value* few[16];
  const size_t n = p.outputs.size();
  if (n > std::size(few)) many.resize(n);
  std::span<const Value*> values(n > std::size(few) ? many.data() : few, n);
  RecordPipeline run(PackAccess::Impl(*impl_->pack), p, options, &impl_->loaded,
                     std::move(storage));
  impl_->Load(record, run.frame());
  std::optional<RecordError> err = run.Validate(std::nullopt);
  if (!err) err = DecideInPlace(p, run.frame(), values);
  // The values point into the frame: written before it is released.
  if (!err) err = plan.Write(values, out);
  storage = run.ReleaseStorage();
  return err;
}

std::vector<Decision> BoundRecords::EvaluateMany(
    const void* first, size_t stride, size_t n,
    const EvalOptions& options) const {
  std::vector<Decision> out;
  EvaluateManyInto(first, stride, n, options, &out);
  return out;
}

void BoundRecords::EvaluateManyInto(const void* first, size_t stride, size_t n,
                                    const EvalOptions& options,
                                    std::vector<Decision>* out) const {
  RecordPipeline run(PackAccess::Impl(*impl_->pack), *impl_->policy, options,
                     &impl_->loaded);
  const char* base = static_cast<const char*>(first);
  run.RunInto(
      n,
      [&](size_t i) -> std::optional<RecordError> {
        impl_->Load(base + i * stride, run.frame());
        return std::nullopt;
      },
      out);
}

}  // namespace verdict
