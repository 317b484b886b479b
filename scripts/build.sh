#!/usr/bin/env bash
# Configures (once) and builds Verdict with Ninja into build/ (or $1).
# g++ (or $CXX) through ccache (scripts/install-deps.sh), with the cache in
# build-ccache/ inside the checkout (scripts/ccache_env.sh): the Python
# package's builds (`pip install .` in scripts/test_python.sh and
# scripts/test_spark.sh) compile the library with the same compiler and
# flags, so they take its objects from there instead of compiling it again.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
if [[ ! -f "$BUILD/build.ninja" ]]; then
  source scripts/ccache_env.sh
  echo "configuring $BUILD: CXX=$VERDICT_CXX cmake -G Ninja -DCMAKE_BUILD_TYPE=Release $VERDICT_LAUNCHER"
  CXX=$VERDICT_CXX cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    ${VERDICT_LAUNCHER:+"$VERDICT_LAUNCHER"} >/dev/null
fi
ninja -C "$BUILD" "${@:2}"
