// Compiles small packs straight through LoadPackSyntax() and CompilePack(),
// so that tests of the compiler's parts can look at what they built.
#ifndef VERDICT_TESTS_UNIT_COMPILE_TEST_UTIL_H_
#define VERDICT_TESTS_UNIT_COMPILE_TEST_UTIL_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/compile/policy.h"
#include "src/evaluate/policy_eval.h"
#include "tests/unit/test_util.h"

namespace verdict::testing_util {

struct CompiledPack {
  std::unique_ptr<PackImpl> pack;  // null when any error was reported
  std::vector<Diagnostic> diags;
  std::string Diags() const {
    std::string out;
    for (const auto& d : diags) out += d.ToString() + "\n";
    return out;
  }
  bool Has(const std::string& text) const {
    return Diags().find(text) != std::string::npos;
  }
};

inline CompiledPack CompileFiles(
    const std::string& name, const std::map<std::string, std::string>& files) {
  CompiledPack out;
  Limits limits;
  syntax::Pack s =
      syntax::LoadPackSyntax(WritePack(name, files), limits, &out.diags);
  out.pack = CompilePack(std::move(s), limits, &out.diags);
  return out;
}

// A one-policy pack named `name` with the policy text `policy`.
inline CompiledPack CompilePolicyText(const std::string& name,
                                      const std::string& policy) {
  return CompileFiles(name, {{"p.yaml", policy}});
}

// Decides `p` on a record whose field i is fields[i] (DecideInto, traced or
// not) and returns its outputs as "name=value " text, or "error CODE:
// message"; the trace's entries are counted into *traced, and listed
// ("trace RULE ") only when `show_trace`.
inline std::string DecisionText(const CompiledPolicy& p,
                                const std::vector<Value>& fields, bool trace,
                                size_t* traced = nullptr,
                                bool show_trace = false) {
  EvalContext ctx;
  Frame f(&ctx, p.frame_size);
  for (size_t i = 0; i < fields.size(); ++i)
    f.slot(static_cast<int>(i)) = fields[i];
  Decision d;
  DecideInto(p, f, nullptr, trace, &d);
  if (traced) *traced += d.trace.size();
  if (!d.ok()) return "error " + d.error->code + ": " + d.error->message;
  std::string out;
  for (const auto& [name, v] : d.outputs)
    out += name + "=" + v.DebugString() + " ";
  if (show_trace) {
    for (const TraceEntry& t : d.trace) out += "trace " + t.rule + " ";
  }
  return out;
}

}  // namespace verdict::testing_util

#endif  // VERDICT_TESTS_UNIT_COMPILE_TEST_UTIL_H_
