#!/usr/bin/env bash
# The Google Benchmark suite (bench/policy_bench.cc): every rules/bss policy
# as a bound struct, a batch and JSON Lines in and out (customer_tier and
# refund_approval also into typed output structs), beside hand-written
# C++ functions of customer_tier and refund_approval; prints the agreement
# check, the allocations per record, the benchmark table, then the ratios.
# Usage: bench/gbench.sh [build-dir] [extra benchmark flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
shift || true
[ -f "$BUILD/build.ninja" ] || cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release
ninja -C "$BUILD" verdict_bench >/dev/null
"$BUILD/bench/verdict_bench" --benchmark_out="$BUILD/gbench.json" \
  --benchmark_out_format=json "$@"
python3 - "$BUILD/gbench.json" <<'PY'
import json, sys
runs = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
def ns(name):  # nanoseconds of CPU per record
    return 1e9 / runs[name]["items_per_second"]
print()
for short, policy in (("tier", "customer_tier"), ("refund", "refund_approval")):
    hand = ns("hand/" + policy)
    for path in ("bound", "typed", "batch", "jsonl"):
        if path + "/" + policy not in runs:
            continue
        print(f"{short} {path}/hand = {ns(path + '/' + policy) / hand:.1f}x"
              f"  ({ns(path + '/' + policy):.1f} ns vs {hand:.2f} ns per record)")
read = "bound_read/customer_tier"
if read in runs and "typed/customer_tier" in runs:
    print(f"tier bound_read/hand = {ns(read) / ns('hand/customer_tier'):.1f}x"
          f"  (a Decision, then each output read by name into the struct;"
          f" typed/bound_read = {ns('typed/customer_tier') / ns(read):.2f})")
print()
for name in sorted(runs):
    if not name.startswith("hand/"):
        print(f"{name:32} {runs[name]['items_per_second'] / 1e6:7.2f} M records/s")
PY
