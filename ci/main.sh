#!/usr/bin/env bash
# The main job: install what is missing, build the tree, build the hello unikernel for the
# unix target and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target hello
echo "== running build/dev/examples/hello --hello='Hello from a unikernel'"
build/dev/examples/hello --hello="Hello from a unikernel"
