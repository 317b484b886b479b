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

# One decision over HTTP: `verdict serve` on a free port, one POST, SIGTERM.
echo
echo "== one decision served over HTTP =="
./build/verdict serve rules/bss --listen 127.0.0.1:0 --no-access-log 2>"$OUT/serve.log" &
SERVE_PID=$!
trap 'kill "$SERVE_PID" 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q "listening on" "$OUT/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$OUT/serve.log" | head -1)
head -2 "$OUT/serve.log"
python3 - "$URL" "$AS_OF" <<'PY'
import sys, urllib.request
url, as_of = sys.argv[1], sys.argv[2]
body = b'{"customer_id": "C-1001", "arpu": 72.50}'
req = urllib.request.Request(url + "/v1/policies/customer_tier/decide?as_of=" + as_of, data=body,
                             headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req, timeout=30) as r:
    print("POST /v1/policies/customer_tier/decide", body.decode())
    print("  ->", r.status, "Verdict-Pack:", r.headers["Verdict-Pack"])
    print("  ", r.read().decode())
PY
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
trap - EXIT
