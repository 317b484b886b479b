#!/usr/bin/env bash
# Peak memory (max RSS, /usr/bin/time -v) of `verdict eval` against input
# size, from a file and from a pipe, for a per-record policy (customer_tier)
# and a batch policy (customer_rank_tier). A benchmark, not a test.
# Usage: bench/rss.sh [build-dir] [counts...]   (default: build 1000000 3000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
shift || true
COUNTS=${*:-1000000 3000000 10000000}
ninja -C "$BUILD" verdict_cli >/dev/null
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
V="$BUILD/verdict"
printf '%-20s %10s %12s %12s %10s %10s\n' policy records "file MiB" "stdin MiB" "file s" "stdin s"
for n in $COUNTS; do
  python3 bench/gen_customers.py "$n" >"$DIR/c.jsonl"
  for pol in customer_tier customer_rank_tier; do
    /usr/bin/time -v "$V" eval rules/bss --policy $pol --as-of 2026-11-24 \
      --input "$DIR/c.jsonl" 2>"$DIR/f.err" >/dev/null
    # The pipe: verdict reads standard input that is not a regular file.
    /usr/bin/time -v sh -c "cat '$DIR/c.jsonl' | '$V' eval rules/bss --policy $pol --as-of 2026-11-24" \
      2>"$DIR/s.err" >/dev/null
    rss() { awk '/Maximum resident/ {printf "%.1f", $NF / 1024}' "$1"; }
    secs() { awk '/Elapsed/ {n = split($NF, t, ":"); printf "%.2f", t[n] + 60 * t[n-1]}' "$1"; }
    printf '%-20s %10s %12s %12s %10s %10s\n' $pol "$n" "$(rss "$DIR/f.err")" \
      "$(rss "$DIR/s.err")" "$(secs "$DIR/f.err")" "$(secs "$DIR/s.err")"
  done
done
