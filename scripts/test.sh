#!/usr/bin/env bash
# Every test: installs what is needed, builds (reusing build/), then runs the
# C++ unit tests, the CEL conformance runner with its floor, the pack's own
# policy tests, the spec cases through the CLI, the examples and the
# install/find_package check (all via ctest), then the Python package's
# tests in a fresh virtual environment, then the decision service's tests
# (scripts/test_serve.sh), the Spark and browser tests, and last the
# sanitizer and fuzzing checks (scripts/test_hardening.sh).
#
# The sanitizer builds (clang, build-fuzz and build-tsan) are compiled in the
# background, at the lowest CPU priority (nice 19), while the Python,
# service, Spark and browser suites run (these mostly wait on a JVM, a
# browser or sockets); scripts/test_hardening.sh then finds them built. It
# still builds whatever is missing and runs every check itself, with the
# machine to itself. VERDICT_SERIAL=1 builds them in the foreground instead.
set -euo pipefail
cd "$(dirname "$0")/.."
# Everything at once, the fuzzing toolchain included (one apt run).
scripts/install-deps.sh --with-fuzz
scripts/build.sh build
echo "== C++ tests (ctest) =="
ctest --test-dir build --output-on-failure -j2

prebuild_pid=""
prebuild_log=build/hardening-prebuild.log
stop_prebuild() {
  if [[ -n "$prebuild_pid" ]]; then
    kill -- "-$prebuild_pid" 2>/dev/null || true
    wait "$prebuild_pid" 2>/dev/null || true
    prebuild_pid=""
  fi
}
if [[ "${VERDICT_SERIAL:-}" != 1 ]]; then
  echo "== sanitizer builds in the background: nice -n 19 scripts/test_hardening.sh --build-only (log: $prebuild_log) =="
  set -m  # its own process group, so that it can be stopped whole
  nice -n 19 scripts/test_hardening.sh --build-only >"$prebuild_log" 2>&1 </dev/null &
  prebuild_pid=$!
  set +m
  trap stop_prebuild EXIT
fi

# Every suite always runs: a missing script is a failure, never a skip.
echo "== Python tests =="
scripts/test_python.sh
echo "== decision service tests =="
scripts/test_serve.sh
echo "== Spark tests =="
scripts/test_spark.sh
echo "== workbench in a browser (scripts/test_browser.sh) =="
scripts/test_browser.sh
if [[ -n "$prebuild_pid" ]]; then
  echo "== waiting for the background sanitizer builds =="
  # Nothing else runs now: back to normal priority (needs root, as in CI;
  # elsewhere it stays at nice 19), so other load cannot starve it.
  renice -n 0 -g "$prebuild_pid" >/dev/null 2>&1 || true
  prebuild_status=0
  wait "$prebuild_pid" || prebuild_status=$?
  prebuild_pid=""
  cat "$prebuild_log"
  # A failed build is built (and reported) again by scripts/test_hardening.sh.
  [[ $prebuild_status -eq 0 ]] || echo "background sanitizer builds exited $prebuild_status: test_hardening.sh builds again"
fi
echo "== sanitizers and fuzzing =="
scripts/test_hardening.sh
