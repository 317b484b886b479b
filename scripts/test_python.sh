#!/usr/bin/env bash
# Python package tests: a fresh virtual environment (build-py/venv, reused
# when it exists), `pip install .`, then pytest on tests/python (API, spec
# cases, the tour notebook, stub checks).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=build-py/venv
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
"$VENV/bin/pip" install -q pytest pandas numpy pyarrow polars matplotlib nbclient nbformat ipykernel mypy
# The package's build compiles the library again: with build/'s compiler and
# compiler cache (scripts/ccache_env.sh), as cache hits when build/ is built.
source scripts/ccache_env.sh
echo "pip install . (CXX=$VERDICT_CXX${VERDICT_LAUNCHER:+, CMAKE_ARGS=$VERDICT_LAUNCHER})"
CXX=$VERDICT_CXX CMAKE_ARGS="${CMAKE_ARGS:+$CMAKE_ARGS }$VERDICT_LAUNCHER" "$VENV/bin/pip" install -q .
# Run from outside the source tree so `import verdict` is the installed package.
cd tests/python
"../../$VENV/bin/python" -m pytest -q -p no:cacheprovider .
