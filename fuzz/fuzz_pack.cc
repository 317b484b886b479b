// Fuzzes the pack loader and compiler: the input is one policy file of a
// pack that also has a fixed pack.yaml and calendar.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "verdict/engine.h"
#include "verdict/testing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() /
             ("verdict_fuzz_pack_" + std::to_string(getpid()));
    std::filesystem::create_directories(d / "tests");
    std::ofstream(d / "pack.yaml") << "pack: fuzz\nzone: \"+08:00\"\n";
    std::ofstream(d / "calendar.yaml")
        << "calendar: c\nweekend: [saturday, sunday]\nholidays: "
           "[2026-10-01]\nworkdays: []\n";
    return d;
  }();
  {
    std::ofstream out(dir / "policy.yaml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data),
              static_cast<std::streamsize>(size));
  }
  verdict::LoadResult r = verdict::Pack::Load(dir.string());
  for (const auto& d : r.diagnostics) (void)d.ToString();
  if (r.ok()) {
    verdict::EvalOptions opt;
    opt.as_of = *verdict::Date::Parse("2026-11-24");
    for (const auto& p : r.pack->PolicyNames()) {
      (void)r.pack->EvaluateJsonLines(p, "{}\n{\"a\": 1}\n", opt);
    }
    (void)verdict::RunPackTests(*r.pack);
  }
  return 0;
}
