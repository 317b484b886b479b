#!/usr/bin/env bash
# Builds targets with ninja, quietly: ninja writes compiler errors to stdout,
# so on failure its errors (and a FAILED line) are printed here, never just
# an exit code. Used by scripts/test_hardening.sh and scripts/fuzz.sh.
# Usage: scripts/ninja_quiet.sh BUILD_DIR TARGET...
set -euo pipefail
dir=$1
shift
log=/tmp/verdict-build-$(basename "$dir")-$$.log
if ! ninja -C "$dir" "$@" >"$log" 2>&1; then
  grep -E -B2 -A12 'error:|FAILED' "$log" | head -120
  echo "FAILED: building $* in $dir (full log: $log)"
  exit 1
fi
rm -f "$log"
