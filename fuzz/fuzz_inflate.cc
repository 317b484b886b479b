// libFuzzer entry point: the inflater of compressed bodies and files. The
// body is verdict::fuzz::RunInflate (fuzz/fuzz_targets.cc).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  verdict::fuzz::RunInflate(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
