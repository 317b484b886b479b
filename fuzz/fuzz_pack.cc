// libFuzzer entry point: the pack loader and compiler (the input is one policy
// file). The body is verdict::fuzz::RunPack (fuzz/fuzz_targets.cc).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  verdict::fuzz::RunPack(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
