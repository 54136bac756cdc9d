#!/usr/bin/env bash
# Every test, as CI runs it: installs what is missing, then builds and tests the tree in
# each configuration (CMakePresets.json) in turn, then runs every fuzz target briefly.
#   ci/test.sh                 # the stages CI runs: dev asan fuzz
#   ci/test.sh dev asan        # only these stages (dev portable asan fuzz)
# The asan stage builds the portable packages with -fno-exceptions -fno-rtti too, so the
# portable stage (the same check in a Release build) is not among the default stages, and
# it builds the libFuzzer targets, which the fuzz stage runs from that tree: one build of
# each kind keeps CI well under an hour on two cores.
set -uo pipefail
cd "$(dirname "$0")/.."
ci/deps.sh --all || exit 1
stages=("$@")
((${#stages[@]})) || stages=(dev asan fuzz)
export CTEST_OUTPUT_ON_FAILURE=1
passed=0
failed=0
failures=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {  # adds the counts from ctest's summary line in $log
  local line
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -n1)
  if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1]))
    passed=$((passed + BASH_REMATCH[2] - BASH_REMATCH[1]))
  fi
}

for stage in "${stages[@]}"; do
  start=$SECONDS
  echo "=== stage $stage"
  if [[ $stage == fuzz ]]; then
    if FUZZ_SECONDS=${FUZZ_SECONDS:-10} FUZZ_PRESET=${FUZZ_PRESET:-asan} ci/fuzz.sh; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1)); failures+=(fuzz)
    fi
  elif ! cmake --preset "$stage" >"$log" 2>&1; then
    cat "$log"; failed=$((failed + 1)); failures+=("$stage:configure")
  elif ! cmake --build --preset "$stage" >"$log" 2>&1; then
    grep -E "error|Error|FAILED" "$log" | head -n 60
    failed=$((failed + 1)); failures+=("$stage:build")
  else
    ctest --preset "$stage" 2>&1 | tee "$log" | grep -vE "^ +[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed"
    [[ ${PIPESTATUS[0]} -eq 0 ]] || failures+=("$stage:tests")
    count
  fi
  echo "=== stage $stage took $((SECONDS - start))s"
done

if ((${#failures[@]})); then
  echo "ci: failed stages: ${failures[*]}"
fi
echo "ci: ${passed} passed, ${failed} failed"
((${#failures[@]} == 0))
