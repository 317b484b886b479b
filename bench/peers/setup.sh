#!/usr/bin/env bash
# The peers' own virtual environment for bench/compare_peers.py:
# bench/peers/.venv (gitignored), never a dependency of the project. Installs
# the peers from PyPI at pinned versions, then Verdict itself from this
# checkout with `pip install .` (the build scripts/test_python.sh does,
# into the same build-py/ directory, so a second build is incremental).
# Reused when it exists; `--fresh` starts over.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=bench/peers/.venv
if [[ "${1:-}" == "--fresh" ]]; then rm -rf "$VENV"; fi
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
"$VENV/bin/pip" install -q "zen-engine==2.1.3" "common-expression-language==0.10.0" \
  numpy pandas pyarrow
"$VENV/bin/pip" install -q .
"$VENV/bin/python" -c "import verdict, zen, cel, numpy, pandas, pyarrow; print('peers venv ready')"
