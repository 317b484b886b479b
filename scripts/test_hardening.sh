#!/usr/bin/env bash
# Reliability checks, run by scripts/test.sh (and so by CI):
#  1. the unit tests and the CLI on the spec cases under AddressSanitizer +
#     UndefinedBehaviorSanitizer;
#  2. the concurrency tests under ThreadSanitizer (build-tsan, which builds
#     only their files: verdict_concurrency_tests);
#  3. a short libFuzzer run of each target (FUZZ_SECONDS, default 60), two
#     at a time (one per core).
# 1 and 3 share one build, build-fuzz (the one scripts/fuzz.sh uses): clang-14
# with -fsanitize=fuzzer-no-link,address,undefined, so the library is compiled
# once for both (the fuzzers' coverage instrumentation, which only counts
# edges and comparisons, does not change what ASan and UBSan check).
# Only the targets needed, reused between runs.
# `scripts/test_hardening.sh --build-only` configures and builds both build
# directories and runs nothing (scripts/test.sh runs it in the background,
# at the lowest CPU priority, while the other suites run; this script then
# finds the builds up to date).
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
build() {  # dir targets...
  echo "-- building ${*:2} in $1"
  scripts/ninja_quiet.sh "$@"
}
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

# build-fuzz: the same configuration as scripts/fuzz.sh's (one build for
# both); the fuzzers are built here too, in the same ninja run.
FUZZ_CONFIG=(build-fuzz fuzzer-no-link,address,undefined
             -DVERDICT_BUILD_FUZZERS=ON -DVERDICT_BUILD_TESTS=ON -DVERDICT_BUILD_CLI=ON)
FUZZ_TARGETS=(verdict_unit_tests verdict_cli fuzz_expression fuzz_records fuzz_pack fuzz_inflate)
TSAN_TARGETS=(verdict_concurrency_tests verdict_cli)
scripts/configure_clang.sh "${FUZZ_CONFIG[@]}"
build build-fuzz "${FUZZ_TARGETS[@]}"
scripts/configure_clang.sh build-tsan thread
build build-tsan "${TSAN_TARGETS[@]}"
if [[ "${1:-}" == "--build-only" ]]; then
  echo "hardening: build-fuzz and build-tsan built"
  exit 0
fi

step "unit tests under ASan+UBSan" build-fuzz/tests/verdict_unit_tests --gtest_brief=1
step "spec cases through the CLI under ASan+UBSan" \
  python3 tests/spec_cases/run_cases.py --verdict build-fuzz/verdict --pack rules/bss
step "pack tests under ASan+UBSan" build-fuzz/verdict test --require-all-rules rules/bss

# build-tsan builds only the files that hold these tests
# (verdict_concurrency_tests, tests/CMakeLists.txt): it must list every one
# the whole unit test binary (build/, scripts/build.sh) lists.
CONCURRENCY_FILTER='*Concurren*:*Reload*:*Thread*'
same_concurrency_tests() {
  scripts/build.sh build verdict_unit_tests >/dev/null
  local want got
  want=$(build/tests/verdict_unit_tests --gtest_list_tests --gtest_filter="$CONCURRENCY_FILTER")
  got=$(build-tsan/tests/verdict_concurrency_tests --gtest_list_tests --gtest_filter="$CONCURRENCY_FILTER")
  echo "$(grep -c '^  ' <<<"$want") concurrency tests in verdict_unit_tests"
  [[ "$want" == "$got" ]] || { diff <(echo "$want") <(echo "$got"); return 1; }
}
step "the TSan binary holds every concurrency test" same_concurrency_tests
step "concurrency tests under TSan" build-tsan/tests/verdict_concurrency_tests --gtest_brief=1 \
  --gtest_filter="$CONCURRENCY_FILTER"

# Each target runs a fixed number of inputs from a fixed seed, from the
# committed seed corpus alone (a fresh folder for what it finds), so a CI run
# repeats what the same run here did (scripts/fuzz.sh without FUZZ_RUNS
# explores with a random seed and keeps its corpus).
# Artifacts go to build-fuzz/artifacts/TARGET/, so one target's finding does
# not fail the others; a finding's report is printed, then kept there.
fuzz_step() {  # target runs
  local dir=build-fuzz/artifacts/$1 corpus=build-fuzz/fixed-corpus/$1
  rm -rf "$dir" "$corpus" && mkdir -p "$dir" "$corpus"
  FUZZ_BUILT=1 FUZZ_SEED=${FUZZ_SEED:-1} FUZZ_RUNS=$2 FUZZ_ARTIFACTS=$dir/ \
    FUZZ_CORPUS=$corpus scripts/fuzz.sh "$1" "$FUZZ_SECONDS" >"build-fuzz/fuzz_$1.log" 2>&1 || true
  grep -E '^Done|stat::number_of_executed_units|stat::new_units_added' "build-fuzz/fuzz_$1.log"
  if ls "$dir" | grep -q .; then
    grep -E -A12 'ERROR|==ERROR|fuzz property failed|deadly|out-of-memory|timeout' \
      "build-fuzz/fuzz_$1.log" | head -60
    echo "found: $(ls "$dir") (replay: build-fuzz/fuzz/fuzz_$1 $dir/<file>;" \
      "then copy it to fuzz/regressions/$1/)"
    return 1
  fi
  grep -q '^Done' "build-fuzz/fuzz_$1.log" || { tail -40 "build-fuzz/fuzz_$1.log"; return 1; }
}
# Two targets at a time, one per core (each libFuzzer run is one process):
# each step's report is printed whole when both of the pair are done.
fuzz_pair() {  # target runs target runs
  local pids=() names=("$1" "$3") i
  fuzz_step "$1" "$2" >"build-fuzz/step_$1.out" 2>&1 &
  pids+=($!)
  fuzz_step "$3" "$4" >"build-fuzz/step_$3.out" 2>&1 &
  pids+=($!)
  for i in 0 1; do
    echo "-- fuzz ${names[$i]} (${FUZZ_SECONDS}s at most, beside fuzz ${names[$((1 - i))]})"
    local status=0
    wait "${pids[$i]}" || status=$?
    cat "build-fuzz/step_${names[$i]}.out"
    if [[ $status -eq 0 ]]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAILED: fuzz ${names[$i]}"
    fi
  done
}
mkdir -p build-fuzz
fuzz_pair expression 200000 records 15000
fuzz_pair pack 30000 inflate 200000
echo "hardening: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
