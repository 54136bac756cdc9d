#!/usr/bin/env bash
# ci/expect-status.sh STATUS PATTERN COMMAND...
# Runs COMMAND; passes when it exits with STATUS and its output (stdout and stderr)
# matches the extended regular expression PATTERN.
status=$1 pattern=$2
shift 2
out=$("$@" 2>&1)
got=$?
printf '%s\n' "$out"
if [[ $got -ne $status ]]; then
  echo "expect-status: exit status $got, expected $status"
  exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$out"; then
  echo "expect-status: output does not match: $pattern"
  exit 1
fi
