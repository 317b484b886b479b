#!/usr/bin/env bash
# `verdict eval` records/s for every per-record policy of rules/bss over N
# generated records (bench/gen_records.py, seed 42; default one million),
# best of 3 by CPU time (user + system) of the one process with
# `--threads 1` (one core: on a shared machine the wall clock mostly
# measures other jobs), then best of 3 by wall clock with the default
# threads (one per core) beside it.
# Usage: bench/eval_throughput.sh [build-dir] [N] [verdict-binary]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
N=${2:-1000000}
BIN=${3:-$BUILD/verdict}
if [ "$#" -lt 3 ]; then
  [ -f "$BUILD/build.ninja" ] || cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release
  ninja -C "$BUILD" verdict_cli >/dev/null
fi
for p in customer_tier retention_followup refund_approval number_grade; do
  data="$BUILD/bench_${p}_$N.jsonl"
  [ -f "$data" ] || python3 bench/gen_records.py "$p" "$N" > "$data"
  best=""
  wall=""
  for _ in 1 2 3; do
    t=$( { /usr/bin/time -f "%U %S" "$BIN" eval rules/bss --policy "$p" --threads 1 \
             --as-of 2026-11-24 --input "$data" >/dev/null; } 2>&1 | tail -1 |
         awk '{print $1 + $2}')
    best=$(python3 -c "print(min(float('$t'), float('${best:-$t}')))")
    w=$( { /usr/bin/time -f "%e" "$BIN" eval rules/bss --policy "$p" \
             --as-of 2026-11-24 --input "$data" >/dev/null; } 2>&1 | tail -1)
    wall=$(python3 -c "print(min(float('$w'), float('${wall:-$w}')))")
  done
  python3 -c "print(f'verdict eval $p: $N records in {$best:.2f} s CPU, one thread (best of 3)'
                     f' = {$N / max($best, 0.01) / 1e6:.2f} M records/s;'
                     f' {$wall:.2f} s wall with one thread per core'
                     f' = {$N / max($wall, 0.01) / 1e6:.2f} M records/s')"
done
