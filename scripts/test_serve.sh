#!/usr/bin/env bash
# Decision-service tests: starts the real `verdict serve` (build/verdict) on
# free ports and talks HTTP to it with pytest (tests/serve/): every row of
# the contract, the spec cases over HTTP against `verdict eval`, auth, TLS,
# hostile bodies, streaming, reload under load, SIGTERM drain, kill -9 and
# the decision log, replay, 1000 idle connections, the OpenAPI document and a
# bounded schemathesis run. Uses the Python test venv (build-py/venv).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=build-py/venv
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
"$VENV/bin/pip" install -q pytest requests openapi-spec-validator schemathesis
for tool in openssl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh)"; exit 1; }
done
scripts/build.sh build verdict_cli  # no-op when up to date; embeds openapi.json
echo "tests/serve: $(ls tests/serve/test_*.py | wc -l) files"
VERDICT_BIN="$PWD/build/verdict" "$VENV/bin/python" -m pytest -q -s -p no:cacheprovider tests/serve "$@"
