#!/usr/bin/env bash
# Proves the package convention end to end (packages/README.md):
#  1. the monorepo build installs every package into a prefix, which is then moved
#     (the exported configs must be relocatable);
#  2. packages that have dependencies build and pass their tests alone against it;
#  3. a downstream project finds them with find_package(NAME X.Y REQUIRED), builds, runs;
#  4. asking for the next major version fails with CMake's own message.
#   ci/install-test.sh BUILD_DIR [PACKAGE...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd); shift
alone=("$@")
((${#alone[@]})) || alone=(mirage-types mirage-runtime)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/staging" >/dev/null
mv "$work/staging" "$work/prefix"
prefix="$work/prefix"

for p in "${alone[@]}"; do
  echo "-- $p alone against the prefix"
  cmake -S "$root/packages/$p" -B "$work/alone-$p" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DMIRAGE_BENCH=OFF >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  cmake --build "$work/alone-$p" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  (cd "$work/alone-$p" && ctest --output-on-failure -L unit | tail -n 3)
done

echo "-- downstream consumer"
cmake -S "$root/ci/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
cmake --build "$work/consumer" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
"$work/consumer/consumer" --name=downstream

echo "-- the next major version must be refused"
if cmake -S "$root/ci/consumer" -B "$work/consumer-next" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DCONSUMER_ASK_NEXT_MAJOR=ON >"$work/log" 2>&1; then
  echo "FAIL: find_package(cstruct 2.0) succeeded against cstruct 1.x"; exit 1
fi
grep -q 'compatible with requested version "2.0"' "$work/log" || { cat "$work/log"; exit 1; }
echo "refused as expected: $(grep -o 'Could not find a configuration file for package "cstruct" that is compatible with requested version "2.0"' "$work/log")"
echo "install-test: ok"
