#!/usr/bin/env bash
# Benchmarks (not tests): the customer_tier decision over a bound struct
# against a hand-written C++ function, measured side by side in one run, and
# `verdict eval` throughput over one million generated records.
# Usage: bench/run.sh [build-dir]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
[ -d "$BUILD" ] || cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release
ninja -C "$BUILD" verdict_bench verdict_cli >/dev/null
"$BUILD/bench/verdict_bench" --benchmark_min_time=1 --benchmark_format=json \
  --benchmark_out="$BUILD/bench.json" --benchmark_out_format=json >/dev/null
python3 - "$BUILD/bench.json" <<'PY'
import json, sys
runs = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
hand = runs["BM_HandWritten"]["cpu_time"]
print(f"{'benchmark':32} {'ns/record':>10} {'x hand-written':>15}")
for name in ("BM_HandWritten", "BM_VerdictBoundStructInto", "BM_VerdictBoundStruct"):
    t = runs[name]["cpu_time"]
    print(f"{name:32} {t:10.1f} {t / hand:15.1f}")
for name in ("BM_VerdictBoundStructBatch", "BM_VerdictBoundStructBatchInto"):
    b = runs[name]
    print(f"{name:32} {1e9 / b['items_per_second']:10.1f} "
          f"{1e9 / b['items_per_second'] / hand:15.1f}")
PY
DATA="$BUILD/bench_1m.jsonl"
if [ ! -f "$DATA" ]; then
  python3 examples/data/generate.py --big 1000000 --out "$DATA"
fi
python3 - "$BUILD/verdict" "$DATA" <<'PY'
import subprocess, sys, time
verdict, data = sys.argv[1], sys.argv[2]
n = sum(1 for _ in open(data))
best = None
for _ in range(3):
    t0 = time.perf_counter()
    subprocess.run([verdict, "eval", "rules/bss", "--policy", "customer_tier", "--as-of",
                    "2026-11-24", "--input", data], stdout=subprocess.DEVNULL, check=True)
    dt = time.perf_counter() - t0
    best = dt if best is None else min(best, dt)
print(f"verdict eval customer_tier: {n} records in {best:.3f} s (best of 3) = "
      f"{n / best / 1e6:.2f} M records/s, one process, one thread")
PY
