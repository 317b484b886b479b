#!/usr/bin/env bash
# Every benchmark of the engine itself in one command: the Google Benchmark
# suite with its ratios (bench/gbench.sh), then `verdict eval` records/s per
# policy over one million generated records (bench/eval_throughput.sh).
# Usage: bench/run.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
bench/gbench.sh "$BUILD"
echo
bench/eval_throughput.sh "$BUILD"
