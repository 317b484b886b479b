// A 10,000-row decision table against a 3-row one, for `[a..b)` range cells
// and for string equality cells, through the bound-struct path: prints
// records/s side by side and the ratio (goal: the big table within 3x of the
// small one), and the big table once more with its index removed (the
// linear scan every table used before). Run: build/verdict_table_bench.
// With `--load DIR` it times loading a pack instead (see Load()).
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "src/api/pack_access.h"
#include "src/compile/policy.h"
#include "verdict/binding.h"
#include "verdict/engine.h"

namespace {

struct Request {
  int64_t segment = 0;
  std::string code;
};

// A pack of one first-hit table of `rows` rows: ranges of segments (as
// bench/gen_segment_pack.py writes them) or string codes.
std::shared_ptr<const verdict::Pack> MakePack(bool ranges, int rows) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("verdict_table_bench_" + std::to_string(ranges) + "_" +
                  std::to_string(rows));
  fs::create_directories(dir);
  std::ofstream(dir / "pack.yaml") << "pack: t\nversion: \"1\"\n";
  std::ofstream y(dir / "t.yaml");
  y << "policy: t\nrecord: request\nfields:\n  "
    << (ranges ? "segment: int" : "code: string")
    << "\noutputs:\n  region: string\n  area_code: int\ndecisions:\n"
       "  - id: t\n    hit: first\n    table:\n      when: [request."
    << (ranges ? "segment" : "code")
    << "]\n      then: [region, area_code]\n      rows:\n";
  for (int i = 0; i < rows; ++i) {
    const int lo = 1300000 + 10 * i;
    y << "        s" << i << ": [";
    if (ranges) {
      y << "\"[" << lo << ".." << lo + 10 << ")\"";
    } else {
      y << "c" << i * 7919 % 1000003;
    }
    y << ", r" << i % 997 << ", " << 10 + i % 900 << "]\n";
  }
  y.close();
  auto r = verdict::Pack::Load(dir.string());
  if (!r.ok()) {
    for (const auto& d : r.diagnostics)
      std::fprintf(stderr, "%s\n", d.ToString().c_str());
    std::exit(1);
  }
  return r.pack;
}

// Records that hit rows spread evenly over the table.
std::vector<Request> Records(bool ranges, int rows) {
  std::mt19937 rng(42);
  std::vector<Request> out(4096);
  for (Request& r : out) {
    const int i = static_cast<int>(rng() % rows);
    if (ranges) r.segment = 1300000 + 10 * i + rng() % 10;
    r.code = "c" + std::to_string(i * 7919 % 1000003);
  }
  return out;
}

// Records per second of deciding `records` in a loop for ~0.4 s.
double Rate(const verdict::BoundPolicy<Request>& bound,
            const std::vector<Request>& records) {
  verdict::EvalOptions opt;
  opt.as_of = *verdict::Date::Parse("2026-11-24");
  verdict::Decision d;
  size_t n = 0;
  const auto start = std::chrono::steady_clock::now();
  double secs = 0;
  while (secs < 0.4) {
    for (const Request& r : records) bound.EvaluateInto(r, opt, &d);
    if (!d.ok()) std::abort();
    n += records.size();
    secs = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start).count();
  }
  return n / secs;
}

void Compare(bool ranges) {
  auto bind = [&](std::shared_ptr<const verdict::Pack> p) {
    return ranges ? verdict::Binding<Request>()
                        .Field("segment", &Request::segment)
                        .Bind(p, "t")
                  : verdict::Binding<Request>()
                        .Field("code", &Request::code)
                        .Bind(p, "t");
  };
  auto small = MakePack(ranges, 3);
  auto big = MakePack(ranges, 10000);
  const double r_small = Rate(bind(small), Records(ranges, 3));
  const double r_big = Rate(bind(big), Records(ranges, 10000));
  // The same big table, its index removed: the linear scan.
  auto& d = const_cast<verdict::CompiledDecision&>(
      verdict::PackAccess::Impl(*big).Find("t")->decisions[0]);
  const bool indexed = d.index != nullptr;
  d.index.reset();
  const double r_linear = Rate(bind(big), Records(ranges, 10000));
  std::printf("%-16s %12.0f %12.0f %8.2fx %14.0f %8.1fx  %s\n",
              ranges ? "[a..b) ranges" : "string equality", r_small, r_big,
              r_small / r_big, r_linear, r_small / r_linear,
              indexed ? "indexed" : "NOT INDEXED");
}

}  // namespace

// `--load DIR`: the wall and CPU time of loading the pack in DIR (e.g. one
// written by bench/gen_segment_pack.py); run under /usr/bin/time -v for RSS.
int Load(const char* dir) {
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu = std::clock();
  auto r = verdict::Pack::Load(dir);
  const double cpu_ms = 1000.0 * (std::clock() - cpu) / CLOCKS_PER_SEC;
  const double ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  std::printf("load %s: %s, %.1f ms wall, %.1f ms cpu\n", dir,
              r.ok() ? "ok" : "FAILED", ms, cpu_ms);
  return r.ok() ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--load") return Load(argv[2]);
  std::printf("%-16s %12s %12s %9s %14s %9s\n", "cells", "3 rows/s",
              "10k rows/s", "ratio", "10k linear/s", "ratio");
  Compare(true);
  Compare(false);
  return 0;
}
