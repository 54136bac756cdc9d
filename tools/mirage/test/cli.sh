#!/usr/bin/env bash
# The mirage commands as a user types them, against fixture indexes and the repository's
# own index. Each check prints ok/FAIL; the last line counts them.
#   test/cli.sh MIRAGE quick   # no builds: index, resolver, pins, errors, configure
#   test/cli.sh MIRAGE slow    # builds: lint, publish, install + find_package, unikernels
set -uo pipefail
M=$(realpath "$1")
MODE=${2:-quick}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
FIX=$HERE/fixtures
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export MIRAGE_CONFIG=$T/config.json MIRAGE_CACHE=$T/cache MIRAGE_ROOT=$REPO NO_COLOR=1
passed=0 failed=0

# expect STATUS PATTERN COMMAND...: the command exits with STATUS and its output matches.
expect() {
  local status=$1 pattern=$2
  shift 2
  local out got
  out=$("$@" 2>&1)
  got=$?
  if [[ $got -eq $status ]] && grep -Eq -- "$pattern" <<<"$out"; then
    passed=$((passed + 1))
    echo "ok   $*"
  else
    failed=$((failed + 1))
    echo "FAIL $* (exit $got, wanted $status, pattern: $pattern)"
    sed 's/^/     | /' <<<"$out" | head -n 30
  fi
}

if [[ $MODE == quick ]]; then
  # Usage errors.
  expect 2 "usage: mirage COMMAND" "$M"
  expect 2 "unknown command 'serch'; did you mean 'search'" "$M" serch kv
  expect 2 "unknown option --bogus for mirage search" "$M" search kv --bogus
  expect 2 "option --prefix needs a value" "$M" install kv-mem --prefix

  # The repository's index.
  expect 0 "kv-mem +1\.0\.0" "$M" search kv
  expect 1 "no package matches" "$M" search zzzz-nothing
  expect 0 '"name": "kv-unix"' "$M" show kv-unix --json
  expect 0 "targets: +unix$" "$M" show kv-unix
  expect 1 "package 'kv-uni' is not in any index; did you mean 'kv-unix'" "$M" show kv-uni
  expect 1 "kv-unix has no version 9.9.9 \(published: 1\.0\.0\)" "$M" show kv-unix.9.9.9
  expect 0 "mirage-types +1\.0\.0" "$M" resolve kv-unix
  expect 0 '"ok": true' "$M" resolve kv-unix --json
  expect 1 "kv-unix .*does not support target virtio" "$M" resolve kv-unix -t virtio
  expect 2 "unknown target 'arm'" "$M" resolve kv-unix -t arm
  expect 0 "└─ " "$M" deps kv-unix --tree
  expect 0 '"kv-unix" -> "mirage-types"' "$M" deps kv-unix --dot

  # A second index, layered above the first, with the classic tls/x509/asn1 conflict.
  mkdir -p "$T/classic" && cp "$FIX/indexes/classic.json" "$T/classic/index.json"
  expect 0 "added index classic \(3 packages\)" "$M" index add classic "$T/classic"
  expect 0 "^1 +classic" "$M" index list
  expect 0 "^2 +main" "$M" index list
  expect 0 '"name": "classic"' "$M" index list --json
  expect 0 "tls +2\.0\.0" "$M" resolve tls
  expect 0 "asn1 +2\.1\.0" "$M" resolve tls
  expect 0 "tls +1\.0\.0" "$M" resolve tls -t virtio
  # The oldest tls in either index: the repository's own 0.1.0, below the fixture's 1.0.0.
  expect 0 "tls +0\.1\.0" "$M" resolve tls --prefer-oldest
  expect 0 "pinned asn1 to 1.4.0" "$M" pin asn1 1.4.0
  expect 0 "tls +1\.0\.0" "$M" resolve tls
  expect 0 '"version": "1.4.0"' "$M" pin --json
  expect 1 "tls.*x509.*asn1" "$M" resolve "tls>=2"
  expect 0 "unpinned asn1" "$M" pin --remove asn1
  expect 1 "nothing-here 1.0.0 is in no index" "$M" pin nothing-here 1.0.0
  expect 0 "removed index classic" "$M" index remove classic

  # Malformed indexes name the file, the package and the field.
  mkdir -p "$T/bad-json" && echo '{"index-version": 1, "packages": {' >"$T/bad-json/index.json"
  expect 3 "bad-json/index.json: not valid JSON" "$M" index add badjson "$T/bad-json"
  mkdir -p "$T/bad-field" && sed 's/"license": "ISC",/"license": "ISC", "homepage": "x",/' "$FIX/indexes/classic.json" >"$T/bad-field/index.json"
  expect 3 "package '(asn1|tls|x509)': unknown field 'homepage'" "$M" index add badfield "$T/bad-field"
  mkdir -p "$T/bad-version" && sed 's/"2.1.0"/"2.1"/' "$FIX/indexes/classic.json" >"$T/bad-version/index.json"
  expect 3 "package 'asn1' version '2.1': '2.1' is not a version" "$M" index add badversion "$T/bad-version"
  mkdir -p "$T/bad-constraint" && sed 's/"x509": "\^1.0"/"x509": ">= one"/' "$FIX/indexes/classic.json" >"$T/bad-constraint/index.json"
  expect 3 "package 'tls' version '1.0.0'.depends.x509: bad constraint" "$M" index add badconstraint "$T/bad-constraint"
  mkdir -p "$T/bad-sum/greet" && cp -r "$FIX/thirdparty/greet/." "$T/bad-sum/greet/"
  cat >"$T/bad-sum/index.json" <<JSON
{"index-version": 1, "packages": {"greet": {"synopsis": "", "license": "MIT", "versions": {"0.3.0": {
 "targets": ["unix"], "source": {"path": "greet"},
 "manifest-sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}}}}
JSON
  expect 3 "package 'greet' version '0.3.0'.manifest-sha256: checksum mismatch" "$M" index add badsum "$T/bad-sum"
  expect 0 "^1 +main" "$M" index list

  # unikernel.json mistakes, caught at configure.
  mk() { rm -rf "$T/u" && mkdir -p "$T/u" && cp "$REPO/examples/hello/unikernel.hpp" "$T/u/" && cat >"$T/u/unikernel.json"; }
  mk <<<'{"name": "u", "source": "unikernel.hpp", "devices": []}'
  expect 3 "unikernel.json: template: missing" bash -c "cd '$T/u' && '$M' configure -t unix"
  mk <<<'{"name": "u", "source": "unikernel.hpp", "template": "Unikernel", "devices": [{"kind": "consle"}]}'
  expect 3 "devices\[0\].kind: unknown device 'consle' \(did you mean 'console'\?\)" bash -c "cd '$T/u' && '$M' configure -t unix"
  mk <<<'{"name": "u", "source": "unikernel.hpp", "template": "Unikernel", "devices": [{"kind": "console"}], "colour": 1}'
  expect 3 "colour: unknown field" bash -c "cd '$T/u' && '$M' configure -t unix"
  mk <<<'{"name": "u", "source": "unikernel.hpp", "template": "Unikernel", "devices": [{"kind": "console"}]}'
  expect 2 "unknown target 'arm'" bash -c "cd '$T/u' && '$M' configure -t arm"
  expect 1 "device 'console' \(console\) has no implementation for target virtio" bash -c "cd '$T/u' && '$M' configure -t virtio"
  mk <<<'{"name": "u", "source": "unikernel.hpp", "template": "Unikernel", "devices": [{"kind": "console"}], "packages": {"kv-mem": ">= 7"}}'
  expect 1 "no versions of kv-mem match >= 7" bash -c "cd '$T/u' && '$M' configure -t unix"
  mk <<<'{"name": "u", "source": "unikernel.hpp", "template": "Unikernel", "devices": [{"kind": "console"}, {"kind": "time"}], "keys": [{"name": "n", "type": "int", "default": "x"}]}'
  expect 3 "keys\[0\].default: expected an integer" bash -c "cd '$T/u' && '$M' configure -t unix"
  mk <<<'{"name": "u", "source": "unikernel.hpp", "template": "Unikernel", "devices": [{"kind": "console"}, {"kind": "time"}], "keys": [{"name": "hello", "type": "string", "default": "hi"}]}'
  expect 2 "not configured: run .mirage configure" bash -c "cd '$T/u' && '$M' build"
  expect 0 "configured u for unix with [0-9]+ packages" bash -c "cd '$T/u' && '$M' configure -t unix"
  expect 0 "Unikernel<mirage_unix::Console, mirage_unix::Time>" cat "$T/u/_build/main.cpp"
  expect 0 "find_package\(mirage-unix 1\.0\.0 EXACT REQUIRED\)" cat "$T/u/_build/CMakeLists.txt"
  expect 0 "1\. console \(console\) -> mirage_unix::Console" bash -c "cd '$T/u' && '$M' describe"
  expect 0 "app -> time" bash -c "cd '$T/u' && '$M' describe --dot"
else
  # Publishing a third-party package to a second index, then resolving it.
  mkdir -p "$T/third"
  expect 0 "added index third \(0 packages\)" "$M" index add third "$T/third"
  cp -r "$FIX/thirdparty/greet" "$T/greet"
  expect 0 "published greet 0.3.0 in $T/third/index.json" "$M" publish "$T/greet" --index third
  expect 0 "greet +0\.3\.0 +\(third\)" "$M" resolve greet
  expect 0 "already published" "$M" publish "$T/greet" --index third
  before=$(sha256sum "$T/third/index.json")
  echo "// changed" >>"$T/greet/src/greet.cpp"
  sed -i 's/A third-party library/A changed library/' "$T/greet/package.json"
  expect 1 "greet 0.3.0 is already in .* with different contents" "$M" publish "$T/greet" --index third
  sed -i 's/"version": "0.3.0"/"version": "0.2.0"/' "$T/greet/package.json"
  expect 1 "lower than the newest published version 0.3.0; pass --backport" "$M" publish "$T/greet" --index third
  expect 0 "^$before" bash -c "sha256sum '$T/third/index.json'"
  expect 0 "published greet 0.2.0" "$M" publish "$T/greet" --index third --backport
  expect 0 "0\.2\.0, 0\.3\.0" "$M" show greet
  mkdir -p "$T/broken" && cp -r "$FIX/thirdparty/greet/." "$T/broken/" && sed -i 's/"greet"/"Greet!"/' "$T/broken/package.json"
  expect 1 "not published: .* fails lint" "$M" publish "$T/broken" --index third
  expect 0 "ok builds alone and its unit tests pass" "$M" lint "$REPO/packages/kv-mem"

  # install, then a downstream project finds the packages.
  expect 0 "installed [0-9]+ packages into $T/prefix" "$M" install kv-mem mirage-runtime --prefix "$T/prefix"
  expect 0 "consumer: hello, installed" bash -c "cmake -S '$REPO/ci/consumer' -B '$T/consumer' -G Ninja -DCMAKE_PREFIX_PATH='$T/prefix' >/dev/null && cmake --build '$T/consumer' >/dev/null && '$T/consumer/consumer' --name=installed"

  # The hello unikernel, from configure to run; a wrong device named at compile time.
  cp -r "$REPO/examples/hello" "$T/hello" && rm -rf "$T/hello/_build" "$T/hello/dist"
  expect 0 "configured hello" bash -c "cd '$T/hello' && '$M' configure -t unix"
  expect 0 "built dist/hello" bash -c "cd '$T/hello' && '$M' build"
  expect 0 "^hi$" bash -c "cd '$T/hello' && '$M' run -- hello=hi | uniq"
  expect 64 "unknown key --nope" bash -c "cd '$T/hello' && '$M' run -- nope=1"
  # A typed boot key refuses a malformed value with EX_USAGE (64), naming the key.
  # (the same unikernel with one more key: configure and build again, incrementally)
  sed -i 's/"keys": \[/"keys": [ { "name": "port", "type": "port", "default": 8080, "help": "A port." },/' "$T/hello/unikernel.json"
  expect 0 "built dist/hello" bash -c "cd '$T/hello' && '$M' configure -t unix >/dev/null && '$M' build"
  expect 64 "invalid value 'abc' for --port: expected an integer in 0..65535" bash -c "cd '$T/hello' && '$M' run -- --port=abc"
  expect 0 "--port=PORT" bash -c "cd '$T/hello' && '$M' run -- --help"
  # kv: the same application over the directory embedded (crunch) and read at run time
  # (kv-unix); both must print what sha256sum prints for the directory.
  cp -r "$REPO/examples/kv" "$T/kv" && rm -rf "$T/kv/_build" "$T/kv/dist" "$T/kv/mirage.lock"
  (cd "$T/kv/data" && find . -type f | sed 's|^\./||' | xargs sha256sum | LC_ALL=C sort) >"$T/kv.expected"
  expect 0 "2\. files \(kv_ro\) -> const crunch::Store" bash -c "cd '$T/kv' && '$M' configure -t unix --kv-ro crunch >/dev/null && '$M' describe"
  expect 0 "built dist/kv" bash -c "cd '$T/kv' && '$M' build"
  expect 0 "^same$" bash -c "cd '$T/kv' && '$M' run | LC_ALL=C sort | cmp - '$T/kv.expected' && echo same"
  expect 0 "2\. files \(kv_ro\) -> kv_unix::Store" bash -c "cd '$T/kv' && '$M' configure -t unix --kv-ro direct >/dev/null && '$M' describe"
  expect 0 "built dist/kv" bash -c "cd '$T/kv' && '$M' build"
  expect 0 "^same$" bash -c "cd '$T/kv' && '$M' run | LC_ALL=C sort | cmp - '$T/kv.expected' && echo same"
  mkdir -p "$T/other" && echo "other" >"$T/other/file.txt"
  expect 0 "^$(echo other | sha256sum | cut -d' ' -f1)  file.txt$" bash -c "cd '$T/kv' && '$M' run -- files-directory='$T/other'"
  expect 1 "cannot open store directory $T/nowhere" bash -c "cd '$T/kv' && '$M' run -- files-directory='$T/nowhere'"

  # hello with its two devices swapped: the template needs a Console first.
  mkdir -p "$T/wrong" && cp "$REPO/examples/hello/unikernel.hpp" "$T/wrong/"
  python3 -c 'import json,sys; u=json.load(open(sys.argv[1])); u["name"]="wrong-device"; u["devices"].reverse(); print(json.dumps(u))' \
    "$REPO/examples/hello/unikernel.json" >"$T/wrong/unikernel.json"
  expect 0 "configured wrong-device" bash -c "cd '$T/wrong' && '$M' configure -t unix"
  expect 4 "device 1 'time' \(time, mirage_unix::Time\) does not satisfy mirage::Console" bash -c "cd '$T/wrong' && '$M' build"
fi

echo "mirage-cli-$MODE: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
