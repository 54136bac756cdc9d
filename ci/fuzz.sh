#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 19, ASan+UBSan) and runs each for FUZZ_SECONDS
# (default 30) from its committed corpus. New inputs go to a scratch directory, not the repo.
# FUZZ_PRESET picks the build: fuzz (default; -O2, the fastest fuzzing) or asan (-O1, the
# tree ci/test.sh has already built for the unit tests, so CI compiles everything once).
#   ci/fuzz.sh [TARGET]      FUZZ_SECONDS=300 ci/fuzz.sh cstruct_reader_fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
preset=${FUZZ_PRESET:-fuzz}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
while IFS='=' read -r target corpus; do
  [[ -n "$target" ]] || continue
  [[ -z "${1:-}" || "$1" == "$target" ]] || continue
  exe=$(find "build/$preset" -name "$target" -type f -perm -u+x | head -n1)
  mkdir -p "$scratch/$target"
  echo "== fuzz $target for ${seconds}s (corpus $corpus)"
  if ! "$exe" -max_total_time="$seconds" -print_final_stats=1 "$scratch/$target" "$corpus" \
      > "$scratch/$target.log" 2>&1; then
    status=1
    tail -n 60 "$scratch/$target.log"
    echo "FAIL: $target (reproducer written in the working directory as crash-*)"
  else
    grep -E "stat::number_of_executed_units|cov:" "$scratch/$target.log" | tail -n 2
  fi
done < "build/$preset/fuzz-targets.txt"
exit $status
