#!/usr/bin/env bash
# Every package passes `mirage lint --quick`: package.json well formed, CMake takes its
# version from it, every header it includes comes from a package it declares, and portable
# packages reach no host I/O, clock or thread (ARCHITECTURE.md §3).
#   ci/lint-all.sh MIRAGE
set -uo pipefail
mirage=$1
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for p in "$root"/packages/*/; do
  if ! out=$(MIRAGE_ROOT=$root "$mirage" lint --quick "$p" 2>&1); then
    echo "== $(basename "$p")"
    echo "$out" | grep -v '^ok '
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "every package passes mirage lint --quick"
exit $status
