#!/usr/bin/env bash
# Configures (once) and builds Verdict with Ninja into build/ (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
if [[ ! -f "$BUILD/build.ninja" ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$BUILD" "${@:2}"
