#!/usr/bin/env bash
# Load benchmark of `verdict serve` with wrk, side by side with OPA serving
# the same customer_tier table in Rego (bench/serve/customer_tier.rego).
# Not part of the tests. Prints one table: requests/s, decisions/s, latency
# percentiles for single-record decides (keep-alive) and NDJSON batches.
#
#   bench/serve_load.sh              # DURATION=10s CONNS=32 THREADS=2 BATCH=1000
#   SKIP_OPA=1 bench/serve_load.sh   # Verdict only
#
# OPA is built with `go install` into bench/serve/opa/ (GOBIN there; not a
# project dependency) the first time; OPA_VERSION picks the release.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
export BATCH=${BATCH:-1000}
export BENCH_DIR=$PWD/bench/serve
OPA_VERSION=${OPA_VERSION:-v1.22.3}
OPA=$BENCH_DIR/opa/bin/opa
command -v wrk >/dev/null || { echo "wrk is missing (scripts/install-deps.sh)"; exit 1; }
scripts/build.sh build verdict_cli >/dev/null
if [[ -z "${SKIP_OPA:-}" && ! -x "$OPA" ]]; then
  echo "building OPA $OPA_VERSION into $BENCH_DIR/opa/bin (once)"
  GOBIN=$BENCH_DIR/opa/bin go install "github.com/open-policy-agent/opa@$OPA_VERSION"
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

build/verdict serve rules/bss --listen 127.0.0.1:0 --no-access-log 2>"$WORK/verdict.log" &
PIDS+=($!)
for _ in $(seq 300); do grep -q "listening on" "$WORK/verdict.log" && break; sleep 0.1; done
VERDICT_URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$WORK/verdict.log" | head -1)

if [[ -z "${SKIP_OPA:-}" ]]; then
  OPA_PORT=$(free_port)
  "$OPA" run --server --addr "127.0.0.1:$OPA_PORT" --log-level error "$BENCH_DIR/customer_tier.rego" \
    >"$WORK/opa.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$OPA_PORT/health" >/dev/null 2>&1 && break
    python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$OPA_PORT/health', timeout=1)" 2>/dev/null && break
    sleep 0.1
  done
  OPA_URL=http://127.0.0.1:$OPA_PORT
fi

run() {  # name url script target per_request
  local line
  line=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s "$BENCH_DIR/$3" "$2" -- "$4" | grep '^RESULT')
  local rps errors p50 p90 p99 p999
  rps=$(sed 's/.*req\/s=\([0-9]*\).*/\1/' <<<"$line")
  errors=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<<"$line")
  read -r p50 p90 p99 p999 < <(sed 's/.*p50=\([0-9.]*\) p90=\([0-9.]*\) p99=\([0-9.]*\) p99.9=\([0-9.]*\)/\1 \2 \3 \4/' <<<"$line")
  printf "| %-34s | %9s | %11s | %7s | %7s | %7s | %7s | %6s |\n" "$1" "$rps" "$((rps * $5))" "$p50" "$p90" "$p99" "$p999" "$errors"
}

echo "wrk -t$THREADS -c$CONNS -d$DURATION, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "| what                               |     req/s | decisions/s | p50 ms  | p90 ms  | p99 ms  | p99.9   | errors |"
echo "|------------------------------------|----------:|------------:|--------:|--------:|--------:|--------:|-------:|"
run "Verdict, 1 record (JSON)" "$VERDICT_URL" single.lua verdict 1
[[ -n "${OPA_URL:-}" ]] && run "OPA, 1 record" "$OPA_URL" single.lua opa 1
run "Verdict, NDJSON batch of $BATCH" "$VERDICT_URL" batch.lua verdict "$BATCH"
[[ -n "${OPA_URL:-}" ]] && run "OPA, batch of $BATCH (JSON array)" "$OPA_URL" batch.lua opa "$BATCH"
# One connection, one thread: the NDJSON throughput of a single client.
CONNS=1 THREADS=1 run "Verdict, NDJSON $BATCH, 1 connection" "$VERDICT_URL" batch.lua verdict "$BATCH"
true
