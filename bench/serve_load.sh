#!/usr/bin/env bash
# Load benchmark of `verdict serve` beside OPA, same machine, same run, same
# wrk settings (not part of the tests; see bench/README.md).
#
#   bench/serve_load.sh            # DURATION=10 CONNS=32 by default
#
# Runs, in order:
#  1. agreement: 64 customers decided by both servers must give the same tier;
#  2. single-record decide, keep-alive, CONNS connections: Verdict, then OPA
#     (`opa run --server --log-level error`: request logging off, its fastest
#     documented setup; the same table in bench/serve/customer_tier.rego);
#  3. the same at about half of each server's maximum rate (DELAY_MS=1 per
#     connection, half the connections' worth of rate), for p99 at moderate load;
#  4. NDJSON batches of 10,000 customers through ONE connection (Verdict only).
# OPA is built with `go install` into bench/serve/.opa (never a project
# dependency). Both servers get 2 worker threads; wrk gets 2 threads; the
# machine has 2 cores, so client and server compete: ratios are what count.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
OPA_VERSION=v1.22.3
OPA=bench/serve/.opa/bin/opa
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
scripts/build.sh build verdict >/dev/null
if [[ ! -x $OPA ]]; then
  echo "building OPA $OPA_VERSION into bench/serve/.opa (once)"
  GOBIN=$PWD/bench/serve/.opa/bin /usr/local/go/bin/go install \
    github.com/open-policy-agent/opa@$OPA_VERSION
fi
TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

build/verdict serve rules/bss --listen 127.0.0.1:0 --threads 2 2>"$TMP/verdict.err" &
PIDS+=($!)
for _ in $(seq 100); do
  grep -q "listening on" "$TMP/verdict.err" 2>/dev/null && break
  sleep 0.1
done
VPORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$TMP/verdict.err" | head -1)
[[ -n $VPORT ]] || { cat "$TMP/verdict.err"; echo "verdict serve did not start"; exit 1; }
OPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
GOMAXPROCS=2 $OPA run --server --addr "127.0.0.1:$OPORT" --log-level error \
  --disable-telemetry bench/serve/customer_tier.rego >"$TMP/opa.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$OPORT/health" >/dev/null && break
  sleep 0.1
done
VPATH="/v1/policies/customer_tier/decide?as_of=2026-11-24"
OPATH="/v1/data/bss/customer_tier/result"

echo "== agreement (64 customers) =="
python3 - "$VPORT" "$OPORT" "$VPATH" "$OPATH" <<'PY'
import json, sys, urllib.request
vport, oport, vpath, opath = sys.argv[1:]
def post(url, body):
    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
for i in range(64):
    rec = json.loads('{"customer_id": "C%06d", "arpu": %d.%02d}' % (i, (i * 37) % 120, i % 100))
    v = post(f"http://127.0.0.1:{vport}{vpath}", rec)
    o = post(f"http://127.0.0.1:{oport}{opath}", {"input": rec})["result"]
    if v != o:
        sys.exit(f"disagree on {rec}: verdict {v} opa {o}")
print("verdict and OPA agree on 64 of 64 customers")
PY

run() {  # name, port, path, script, wrap, connections, threads, extra env
  local name=$1 port=$2 path=$3 script=$4 wrap=$5 conns=$6 threads=$7
  shift 7
  env LOAD_PATH="$path" LOAD_WRAP="$wrap" "$@" wrk -t"$threads" -c"$conns" -d"${DURATION}s" \
    --latency -s "bench/serve/$script" "http://127.0.0.1:$port" >"$TMP/$name.out"
  grep RESULT "$TMP/$name.out" | sed "s/^RESULT/$name/"
}
echo "== load: ${DURATION}s each, wrk -t2 -c$CONNS =="
run verdict_single "$VPORT" "$VPATH" single.lua verdict "$CONNS" 2 | tee "$TMP/r1"
run opa_single "$OPORT" "$OPATH" single.lua opa "$CONNS" 2 | tee "$TMP/r2"
rate() { sed -n 's/.*requests=\([0-9]*\).*seconds=\([0-9.]*\).*/\1 \2/p' "$1" | awk '{printf "%d", $1/$2}'; }
VMAX=$(rate "$TMP/r1"); OMAX=$(rate "$TMP/r2")
# About half the maximum: connections that each send one request per ~1 ms.
VHALF=$(( VMAX / 2000 > 1 ? VMAX / 2000 : 1 )); OHALF=$(( OMAX / 2000 > 1 ? OMAX / 2000 : 1 ))
run verdict_half "$VPORT" "$VPATH" single.lua verdict "$VHALF" 1 DELAY_MS=1 | tee "$TMP/r3"
run opa_half "$OPORT" "$OPATH" single.lua opa "$OHALF" 1 DELAY_MS=1 | tee "$TMP/r4"
run verdict_ndjson "$VPORT" "$VPATH" batch.lua verdict 1 1 BATCH=10000 | tee "$TMP/r5"
RSS=$(ps -o rss= -p "${PIDS[0]}" | tr -d ' ')

python3 - "$TMP" "$RSS" <<'PY'
import re, sys, os
tmp, rss = sys.argv[1], int(sys.argv[2])
rows = {}
for i, name in enumerate(["verdict_single", "opa_single", "verdict_half", "opa_half", "verdict_ndjson"], 1):
    m = dict(re.findall(r"(\w+)=([\d.]+)", open(os.path.join(tmp, f"r{i}")).read()))
    rows[name] = {k: float(v) for k, v in m.items()}
def rps(r): return r["requests"] / r["seconds"]
print()
print("| run | requests/s | decisions/s | p50 ms | p90 ms | p99 ms | errors |")
print("|---|---|---|---|---|---|---|")
for name, r in rows.items():
    per = r.get("batch", 1)
    print(f"| {name} | {rps(r):,.0f} | {rps(r) * per:,.0f} | {r['p50_us']/1000:.3f} | "
          f"{r['p90_us']/1000:.3f} | {r['p99_us']/1000:.3f} | {int(r['errors'] + r['non2xx'])} |")
print()
print(f"single-record decide, Verdict / OPA: {rps(rows['verdict_single']) / rps(rows['opa_single']):.2f}x requests/s (goal: 3x)")
print(f"Verdict p99 at ~half its maximum rate: {rows['verdict_half']['p99_us']/1000:.3f} ms (goal: under 1 ms)")
print(f"NDJSON batch through one connection: {rps(rows['verdict_ndjson']) * rows['verdict_ndjson']['batch']:,.0f} decisions/s (goal: 1M)")
print(f"verdict serve RSS after the runs: {rss/1024:.1f} MiB")
PY
