// Fuzzes the JSON Lines record reader and every BSS policy on its records.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "verdict/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::shared_ptr<const verdict::Pack> pack = [] {
    auto r = verdict::Pack::Load(VERDICT_SOURCE_DIR "/rules/bss");
    if (!r.ok()) std::abort();
    return r.pack;
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  opt.trace = size % 2 == 0;
  for (const auto& policy : pack->PolicyNames()) {
    for (const auto& d : pack->EvaluateJsonLines(policy, text, opt))
      (void)pack->ToJson(d);
  }
  return 0;
}
