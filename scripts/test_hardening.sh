#!/usr/bin/env bash
# Reliability checks, run by scripts/test.sh (and so by CI):
#  1. the unit tests and the CLI on the spec cases under AddressSanitizer +
#     UndefinedBehaviorSanitizer (build-asan);
#  2. the concurrency tests under ThreadSanitizer (build-tsan);
#  3. a short libFuzzer run of each target (FUZZ_SECONDS, default 60).
# Separate build directories, only the targets needed, reused between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-fuzz
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
passed=0
failed=0
step() {  # name command...
  local name=$1
  shift
  echo "-- $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
configure() {  # dir sanitize
  if [[ ! -f "$1/build.ninja" ]]; then
    CC=clang-14 CXX=clang++-14 cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DVERDICT_BUILD_BENCH=OFF -DVERDICT_SANITIZE="$2" >/dev/null
  fi
}
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

configure build-asan address,undefined
ninja -C build-asan verdict_unit_tests verdict_cli >/dev/null
step "unit tests under ASan+UBSan" build-asan/tests/verdict_unit_tests --gtest_brief=1
step "spec cases through the CLI under ASan+UBSan" \
  python3 tests/spec_cases/run_cases.py --verdict build-asan/verdict --pack rules/bss
step "pack tests under ASan+UBSan" build-asan/verdict test --require-all-rules rules/bss

configure build-tsan thread
ninja -C build-tsan verdict_unit_tests verdict_cli >/dev/null
step "concurrency tests under TSan" build-tsan/tests/verdict_unit_tests --gtest_brief=1 \
  --gtest_filter='*Concurren*:*Reload*:*Thread*'

mkdir -p build-fuzz
for target in expression records pack; do
  step "fuzz $target for ${FUZZ_SECONDS}s" bash -c \
    "scripts/fuzz.sh $target $FUZZ_SECONDS | tee build-fuzz/fuzz_$target.log | grep -E '^Done|stat::number_of_executed_units|stat::new_units_added'; ! ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* 2>/dev/null | grep -q ."
done
echo "hardening: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
