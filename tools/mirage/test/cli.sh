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
  expect 0 "mirage-types +1\.[0-9]+\.[0-9]+" "$M" resolve kv-unix
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
  expect 0 "^u for target unix \(--net socket --kv-ro crunch\)" bash -c "cd '$T/u' && '$M' describe"

  # The network: a stack device is the socket stack on unix (--net socket, the default) or
  # our own TCP/IP on a tap device (--net direct); raw net devices say what to use instead.
  expect 2 "--net takes socket or direct, not 'tap'" bash -c "cd '$T/u' && '$M' configure -t unix --net tap"
  expect 2 "--net applies to -t unix only" bash -c "cd '$T/u' && '$M' configure -t virtio --net socket"
  cp -r "$REPO/examples/tls-echo" "$T/te" && rm -rf "$T/te/_build" "$T/te/dist" "$T/te/mirage.lock"
  expect 0 "configured tls-echo for unix with [0-9]+ packages" bash -c "cd '$T/te' && '$M' configure -t unix --net socket"
  expect 0 "tcpip_socket::Stack stack\(platform\);" cat "$T/te/_build/main.cpp"
  expect 0 "5\. stack \(stack\) -> tcpip_socket::Stack from tcpip-socket 1\.[0-9.]+: the host's TCP and UDP sockets" bash -c "cd '$T/te' && '$M' describe"
  expect 0 '"net": "socket"' bash -c "cd '$T/te' && '$M' describe --json"
  expect 0 "configured tls-echo for unix with [0-9]+ packages" bash -c "cd '$T/te' && '$M' configure -t unix --net direct"
  expect 0 "tcpip_unix::Stack::open\(platform, loop" cat "$T/te/_build/main.cpp"
  expect 0 "5\. stack \(stack\) -> tcpip_unix::Stack from tcpip-unix 0\.[0-9.]+: our own TCP/IP \(tcpip\) on a tap device, from the boot keys --stack-tap" bash -c "cd '$T/te' && '$M' describe"
  mk <<<'{"name": "u", "source": "unikernel.hpp", "template": "Unikernel", "devices": [{"kind": "console"}, {"name": "eth0", "kind": "net"}]}'
  expect 1 "device 'eth0' \(net\) has no implementation for target unix: .*use a stack device \(--net socket for the host's sockets, --net direct" bash -c "cd '$T/u' && '$M' configure -t unix"
else
  # `mirage build` builds every locked package alone, for each unikernel and in each run:
  # through ccache when it is there, with paths under $T hashed relative to it, a package
  # compiled once (in an earlier run too) is not compiled again.
  if [[ -z ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]] && command -v ccache >/dev/null; then
    export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR=$T
  fi

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

  # tls-echo: a stack device (the socket stack) and TLS 1.3, checked with openssl s_client
  # against a certificate made now: 1 MiB of random bytes echoed byte for byte while another
  # connection stays open, the session printed as TLSv1.3 and resumed from its ticket, a
  # refused handshake logged, bad PEM and a taken port refused, SIGTERM with a client connected.
  if expect 0 "^OpenSSL 3" openssl version; then
    TE=$T/tls-echo
    cp -r "$REPO/examples/tls-echo" "$TE" && rm -rf "$TE/_build" "$TE/dist" "$TE/mirage.lock"
    expect 0 "5\. stack \(stack\) -> tcpip_socket::Stack from tcpip-socket" bash -c "cd '$TE' && '$M' configure -t unix >/dev/null && '$M' describe"
    expect 0 "built dist/tls-echo" bash -c "cd '$TE' && '$M' build"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
      -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$TE/key.pem" -out "$TE/cert.pem" 2>/dev/null
    openssl genpkey -algorithm ed25519 -out "$TE/other-key.pem" 2>/dev/null
    head -c 1048576 /dev/urandom >"$TE/payload.bin"
    printf 'first\n' >"$TE/first.txt"
    printf -- '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n' >"$TE/garbage.pem"
    : >"$TE/empty"
    # A port nothing listens on now (the kernel's choice), then the server on it.
    te_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::", 0)); print(s.getsockname()[1])')
    te_start() { "$TE/dist/tls-echo" --cert="$(cat "$1")" --key="$(cat "$2")" --port="$3" "${@:4}"; }  # CERT KEY PORT
    "$TE/dist/tls-echo" --cert="$(cat "$TE/cert.pem")" --key="$(cat "$TE/key.pem")" --port="$te_port" --alpn=echo \
      >"$TE/server.log" 2>&1 &
    te_server=$! te_first=""
    trap 'kill $te_server $te_first 2>/dev/null; rm -rf "$T"' EXIT
    # waitfor PATTERN FILE: until a line of FILE matches PATTERN (at most 10 s), then prints it.
    waitfor() {
      for _ in $(seq 200); do grep -E -- "$1" "$2" 2>/dev/null && return 0; sleep 0.05; done
      echo "no line matches '$1' in $2:"; cat "$2"; return 1
    }
    # te_client IN OUT UNTIL [OPTION...]: openssl s_client to the server, its output in OUT,
    # with the file IN as input held open until the command UNTIL succeeds (tried every 50 ms,
    # $tries times: 20 s unless the caller sets tries). The end of input then makes it send
    # close_notify (-no_ign_eof comes after the options as -quiet implies -ign_eof;
    # -nocommands: a chunk of input starting with Q, R or k is data, not a command).
    te_client() {
      local in=$1 out=$2 until=$3 tries=${tries:-400}
      shift 3
      { cat "$in"; for _ in $(seq "$tries"); do eval "$until" && break; sleep 0.05; done; } |
        timeout $((tries / 20 + 30)) openssl s_client "$@" -connect "127.0.0.1:$te_port" -servername localhost \
          -CAfile "$TE/cert.pem" -verify_return_error -no_ign_eof -nocommands >"$out"
    }
    echoed() { [[ $(stat -c %s "$2" 2>/dev/null || echo 0) -ge $(stat -c %s "$1") ]]; }  # echoed IN OUT
    echo_payload() {
      te_client "$TE/payload.bin" "$TE/payload.out" 'echoed "$TE/payload.bin" "$TE/payload.out"' -quiet \
        2>"$TE/payload.err" && cmp "$TE/payload.bin" "$TE/payload.out" && echo same
    }
    # session OUT TICKET [OPTION...]: a client without -quiet, until the server's ticket has
    # arrived (s_client writes it to the file TICKET and prints the session then).
    session() {
      local out=$1 ticket=$2
      shift 2
      te_client "$TE/empty" "$out" "[[ -s '$ticket' ]]" -sess_out "$ticket" "$@" 2>/dev/null
      cat "$out"
    }
    if expect 0 "listening on port $te_port, ALPN echo" waitfor "listening|cannot" "$TE/server.log"; then
      # The first connection stays open (its echo received) while the second echoes 1 MiB.
      tries=2400 te_client "$TE/first.txt" "$TE/first.out" \
        'echoed "$TE/first.txt" "$TE/first.out" && [[ -e "$TE/release" ]]' -quiet 2>"$TE/first.err" &
      te_first=$!
      expect 0 "^first$" waitfor "^first$" "$TE/first.out"
      expect 0 "^same$" echo_payload
      expect 0 "^$(sha256sum <"$TE/payload.bin" | cut -d' ' -f1)  " sha256sum "$TE/payload.out"
      expect 0 "TLS_AES_[0-9A-Z_]+ x25519, echoed 1048576 bytes until close_notify" waitfor "echoed 1048576 bytes" "$TE/server.log"
      expect 0 "^first still open$" bash -c "kill -0 $te_first && echo first still open"
      # Without -quiet: the session (printed when the server's ticket arrives), then resumed.
      expect 0 "Protocol  : TLSv1\.3" session "$TE/session.out" "$TE/ticket.pem" -alpn echo
      expect 0 "Verify return code: 0 \(ok\)" cat "$TE/session.out"
      expect 0 "ALPN protocol: echo" cat "$TE/session.out"
      expect 0 "^Reused, TLSv1\.3" session "$TE/resumed.out" "$TE/ticket2.pem" -sess_in "$TE/ticket.pem"
      expect 0 "x25519 \(resumed\), echoed 0 bytes until close_notify" waitfor "resumed" "$TE/server.log"
      # A client of TLS 1.2 alone gets TLS 1.2.
      expect 0 "Protocol  : TLSv1\.2" session "$TE/session12.out" "$TE/ticket12.pem" -tls1_2
      expect 0 "TLS_ECDHE_ECDSA_WITH_AES_[0-9A-Z_]+ x25519, echoed 0 bytes until close_notify" waitfor "ECDHE_ECDSA" "$TE/server.log"
      # A client that offers only another application protocol is refused, and the log says so.
      expect 1 "alert no application protocol" te_client "$TE/empty" /dev/null true -alpn other
      expect 0 "127\.0\.0\.1:[0-9]+: handshake failed: sent no_application_protocol" waitfor "handshake failed" "$TE/server.log"
      # Boot keys that cannot work: exit 64 with the reason. A port that is taken: 1.
      expect 64 "^tls-echo: --cert holds no PEM block: it takes the PEM text of the chain, not a file name" \
        "$TE/dist/tls-echo" --cert="$TE/cert.pem" --key="$TE/key.pem" --port=0
      expect 64 "^tls-echo: --cert/--key: private key does not match the first certificate's public key$" \
        te_start "$TE/cert.pem" "$TE/other-key.pem" 0
      expect 64 "^tls-echo: --cert/--key: certificate chain: the first certificate does not parse$" \
        te_start "$TE/garbage.pem" "$TE/key.pem" 0
      expect 1 "^tls-echo: cannot listen on port $te_port: address already in use$" te_start "$TE/cert.pem" "$TE/key.pem" "$te_port"
    fi
    # SIGTERM, the first client still connected: its task is cancelled, the status is 128+15.
    kill -TERM "$te_server"
    wait "$te_server"
    expect 0 "^143$" echo "$?"
    touch "$TE/release"
    [[ -n $te_first ]] && wait "$te_first"
    expect 0 "^first$" cat "$TE/first.out"
    trap 'rm -rf "$T"' EXIT
  fi

  # echo: one application over the socket stack and over our own TCP/IP on a tap device
  # (--net direct, with a fixed address and from DHCP), each against the kernel in a network
  # namespace (examples/echo/test.sh: nc, 10 MiB round-trips, UDP, ping; skipped without root).
  for net in socket direct; do
    EC=$T/echo-$net
    cp -r "$REPO/examples/echo" "$EC" && rm -rf "$EC/_build" "$EC/dist" "$EC/mirage.lock"
    expect 0 "configured echo for unix" bash -c "cd '$EC' && '$M' configure -t unix --net $net"
    expect 0 "built dist/echo" bash -c "cd '$EC' && '$M' build"
    if [[ $(id -u) -eq 0 ]]; then
      expect 0 "[5-9] passed, 0 failed" bash "$REPO/examples/echo/test.sh" $net "$EC/dist/echo"
      # The same direct-stack build with its address from dnsmasq (dhcp-client), renewed at T1.
      [[ $net == direct ]] && command -v dnsmasq >/dev/null &&
        expect 0 "1[0-9] passed, 0 failed" bash "$REPO/examples/echo/test.sh" dhcp "$EC/dist/echo"
    else
      echo "skip examples/echo/test.sh $net (needs root)"
    fi
  done

  # hello with its two devices swapped: the template needs a Console first.
  mkdir -p "$T/wrong" && cp "$REPO/examples/hello/unikernel.hpp" "$T/wrong/"
  python3 -c 'import json,sys; u=json.load(open(sys.argv[1])); u["name"]="wrong-device"; u["devices"].reverse(); print(json.dumps(u))' \
    "$REPO/examples/hello/unikernel.json" >"$T/wrong/unikernel.json"
  expect 0 "configured wrong-device" bash -c "cd '$T/wrong' && '$M' configure -t unix"
  expect 4 "device 1 'time' \(time, mirage_unix::Time\) does not satisfy mirage::Console" bash -c "cd '$T/wrong' && '$M' build"
fi

echo "mirage-cli-$MODE: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
