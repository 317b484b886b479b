// Compiles small packs straight through LoadPackSyntax() and CompilePack(),
// so that tests of the compiler's parts can look at what they built.
#ifndef VERDICT_TESTS_UNIT_COMPILE_TEST_UTIL_H_
#define VERDICT_TESTS_UNIT_COMPILE_TEST_UTIL_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/compile/policy.h"
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

}  // namespace verdict::testing_util

#endif  // VERDICT_TESTS_UNIT_COMPILE_TEST_UTIL_H_
