#!/usr/bin/env bash
# The main job: install what is missing, build the mirage tool, then configure, build and
# run the hello unikernel for the unix target with it.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target mirage
mirage=$PWD/build/dev/tools/mirage/mirage
cd examples/hello
"$mirage" configure -t unix
"$mirage" build
echo "== mirage run -- hello='Hello from a unikernel'"
"$mirage" run -- hello="Hello from a unikernel"
