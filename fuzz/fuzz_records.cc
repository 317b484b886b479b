// libFuzzer entry point: the JSON Lines record reader and every BSS policy on
// its records. The body is verdict::fuzz::RunRecords (fuzz/fuzz_targets.cc).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  verdict::fuzz::RunRecords(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
