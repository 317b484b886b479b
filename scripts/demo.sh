#!/usr/bin/env bash
# The main job: installs what is needed, builds, checks the shipped BSS pack,
# decides the shipped sample records with all five policies, and prints a
# summary. Decisions are written to build/demo/*.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build verdict_cli >/dev/null
AS_OF=${AS_OF:-2026-11-24}
OUT=build/demo
mkdir -p "$OUT"
./build/verdict check rules/bss
run() {  # policy input
  # Exit status 2 means some records were invalid: expected in the samples.
  ./build/verdict eval rules/bss --policy "$1" --as-of "$AS_OF" --input "$2" >"$OUT/$1.jsonl" || [[ $? -eq 2 ]]
}
run customer_tier examples/data/customers.jsonl
run customer_rank_tier examples/data/customers.jsonl
run retention_followup examples/data/customers.jsonl
run refund_approval examples/data/refund_requests.jsonl
run number_grade examples/data/number_requests.jsonl
python3 scripts/summarize.py --as-of "$AS_OF" --decisions "$OUT" --data examples/data
