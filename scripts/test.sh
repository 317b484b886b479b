#!/usr/bin/env bash
# Every test: installs what is needed, builds (reusing build/), then runs the
# C++ unit tests, the CEL conformance runner with its floor, the pack's own
# policy tests, the spec cases through the CLI, the examples and the
# install/find_package check (all via ctest), then the Python package's
# tests in a fresh virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
echo "== C++ tests (ctest) =="
ctest --test-dir build --output-on-failure -j2
# Every suite always runs: a missing script is a failure, never a skip.
echo "== Python tests =="
scripts/test_python.sh
echo "== sanitizers and fuzzing =="
scripts/test_hardening.sh
