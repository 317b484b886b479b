#!/usr/bin/env bash
# The big-table load goal of issue #12 in one command: writes the 10,000-row
# and a 3-row pack of bench/gen_segment_pack.py, then prints the CPU time and
# the peak memory (max RSS, /usr/bin/time -v) of loading each, in two
# processes: `verdict_table_bench --load` (Pack::Load alone) and `verdict
# eval` of one record (the CLI, which links more). Goal: under 100 ms and
# 20 MB for the 10,000-row pack. A benchmark, not a test: RSS moves by a few
# hundred KB between runs, so it runs each process $RUNS times (default 3)
# and prints every run.
# Usage: bench/load_memory.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${RUNS:-3}
ninja -C "$BUILD" verdict_cli verdict_table_bench >/dev/null
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 bench/gen_segment_pack.py "$DIR/seg10k" 10000 >/dev/null
python3 bench/gen_segment_pack.py "$DIR/seg3" 3 >/dev/null
echo '{"segment": 1300005}' >"$DIR/one.jsonl"
rss() { awk '/Maximum resident/ {printf "%.1f", $NF / 1024}' "$1"; }
printf '%-8s %-26s %s\n' pack process "max RSS MB (load ms)"
for pack in seg3 seg10k; do
  line_load="" line_eval=""
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -v "$BUILD/bench/verdict_table_bench" --load "$DIR/$pack" \
      >"$DIR/out" 2>"$DIR/err"
    ms=$(sed -n 's/.* \([0-9.]*\) ms cpu/\1/p' "$DIR/out")
    line_load+=" $(rss "$DIR/err") ($ms)"
    /usr/bin/time -v "$BUILD/verdict" eval "$DIR/$pack" --policy number_segment \
      --input "$DIR/one.jsonl" >/dev/null 2>"$DIR/err"
    line_eval+=" $(rss "$DIR/err")"
  done
  printf '%-8s %-26s%s\n' "$pack" "verdict_table_bench --load" "$line_load"
  printf '%-8s %-26s%s\n' "$pack" "verdict eval (one record)" "$line_eval"
done
echo "goal for seg10k: under 100 ms and 20 MB"
