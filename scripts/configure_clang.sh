#!/usr/bin/env bash
# Configures a clang-14 sanitizer build (RelWithDebInfo with line tables
# only, Ninja, no benchmarks)
# for scripts/test_hardening.sh and scripts/fuzz.sh:
#   scripts/configure_clang.sh DIR SANITIZE [CMAKE_ARG...]
# SANITIZE is VERDICT_SANITIZE (thread / fuzzer-no-link,address,undefined).
# Configures only when DIR has no build.ninja or was configured with other
# arguments (e.g. a build dir left by an older script), so an up-to-date dir
# costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1
sanitize=$2
shift 2
# Line tables only, not full debug info: sanitizer reports still name
# file:line in every frame, and the builds (3 compilations of every file in
# CI) are about a tenth faster, the links much lighter.
debug="-O2 -gline-tables-only -DNDEBUG"
args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$debug"
      "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$debug" -DVERDICT_BUILD_BENCH=OFF
      "-DVERDICT_SANITIZE=$sanitize" "$@")
stamp="$dir/verdict-configure-args.txt"
if [[ -f "$dir/build.ninja" && -f "$stamp" && "$(cat "$stamp")" == "${args[*]}" ]]; then
  exit 0
fi
echo "-- configuring $dir: CC=clang-14 CXX=clang++-14 cmake -G Ninja ${args[*]}"
log="/tmp/verdict-configure-$(basename "$dir")-$$.log"
if ! CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -G Ninja "${args[@]}" >"$log" 2>&1; then
  cat "$log"
  echo "FAILED: configuring $dir"
  exit 1
fi
rm -f "$log"
printf '%s' "${args[*]}" >"$stamp"
