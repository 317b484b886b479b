// See test_names.h.
#include "src/compile/test_names.h"

#include <algorithm>

#include "src/check/expr_compiler.h"

namespace verdict {
namespace {

std::string Hint(const std::string& name,
                 const std::vector<std::string>& candidates) {
  std::string hint = NearestName(name, candidates);
  return hint.empty() ? "" : " (did you mean '" + hint + "'?)";
}

// The keys of one expected decision: outputs of `p`. In a batch entry,
// `error` is the record's expected error (the loader checked it).
void CheckOutputs(CompileContext& ctx, const syntax::Policy& p,
                  const syntax::Tree& expect, bool batch_entry) {
  if (!expect.is_map()) return;
  std::vector<std::string> outputs;
  for (const auto& o : p.outputs) outputs.push_back(o.name);
  for (const auto& key : expect.keys) {
    if (batch_entry && key.text == "error") continue;
    if (std::find(outputs.begin(), outputs.end(), key.text) != outputs.end())
      continue;
    ctx.Error(key.pos, "policy '" + p.name + "' has no output '" + key.text +
                           "'" + Hint(key.text, outputs));
  }
}

}  // namespace

void CheckTestNames(CompileContext& ctx, const syntax::Pack& s) {
  std::vector<std::string> names;
  for (const auto& p : s.policies) names.push_back(p.name);
  for (const auto& file : s.tests) {
    if (file.policy.empty()) continue;  // the loader reported the bad name
    const syntax::Policy* policy = nullptr;
    for (const auto& p : s.policies) {
      if (p.name == file.policy) policy = &p;
    }
    if (!policy) {
      ctx.Error(file.policy_pos, "unknown policy '" + file.policy + "'" +
                                     Hint(file.policy, names));
      continue;
    }
    for (const auto& tc : file.cases) {
      if (tc.expect.is_list() && tc.records.present()) {
        for (const auto& entry : tc.expect.items)
          CheckOutputs(ctx, *policy, entry, true);
      } else {
        CheckOutputs(ctx, *policy, tc.expect, false);
      }
    }
  }
}

}  // namespace verdict
