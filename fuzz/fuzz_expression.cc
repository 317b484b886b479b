// libFuzzer entry point: the expression parser, checker and evaluator.
// The body is verdict::fuzz::RunExpression (fuzz/fuzz_targets.cc).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  verdict::fuzz::RunExpression(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
