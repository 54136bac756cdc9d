#!/usr/bin/env bash
# The echo unikernel against the Linux kernel's stack, in a network namespace of its own:
#   test.sh socket DIST/echo   the socket stack: the unikernel on the namespace's
#                              loopback, clients from the same namespace
#   test.sh direct DIST/echo   the direct stack: the unikernel on a tap device in the
#                              namespace as 10.78.0.2 and fd00:78::2, the kernel side
#                              10.78.0.1 and fd00:78::1
#   test.sh dhcp DIST/echo     the direct stack with --stack-ipv4=dhcp: dnsmasq on the
#                              kernel side leases it an address (T1 4 s, so the test also
#                              sees a renewal), then the same checks against that address
# Checks: nc gets its line back, 10 MiB of random bytes round-trip intact over TCP, socat's
# UDP datagram comes back, ping (direct and dhcp). Exits 77 (skipped) without root (or, for
# dhcp, without dnsmasq).
set -uo pipefail
mode=${1:?usage: test.sh socket|direct|dhcp PATH/TO/echo}
echo_bin=${2:?usage: test.sh socket|direct|dhcp PATH/TO/echo}
[[ $(id -u) -eq 0 ]] || { echo "SKIPPED: needs root for a network namespace"; exit 77; }
tools="ip nc socat cmp"
[[ $mode == dhcp ]] && tools+=" dnsmasq"
for tool in $tools; do command -v $tool >/dev/null || { echo "SKIPPED: $tool missing"; exit 77; }; done
ns=mirage-echo-$$
work=$(mktemp -d)
pid=
dnsmasq_pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [[ -n $dnsmasq_pid ]] && kill "$dnsmasq_pid" 2>/dev/null && wait "$dnsmasq_pid" 2>/dev/null
  ip netns del "$ns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
in_ns() { ip netns exec "$ns" "$@"; }
ip netns add "$ns" || { echo "SKIPPED: cannot create a network namespace"; exit 77; }
in_ns ip link set lo up
if [[ $mode == direct || $mode == dhcp ]]; then
  in_ns ip tuntap add dev etap0 mode tap
  in_ns ip addr add 10.78.0.1/24 dev etap0
  in_ns ip -6 addr add fd00:78::1/64 dev etap0 nodad
  in_ns ip link set etap0 up
  addr=10.78.0.2
  if [[ $mode == dhcp ]]; then
    # dnsmasq's shortest lease is 2 minutes; T1 and T2 can be set shorter.
    ip netns exec "$ns" dnsmasq --no-daemon --port=0 --interface=etap0 --bind-interfaces --dhcp-authoritative \
      --dhcp-range=10.78.0.50,10.78.0.60,255.255.255.0,2m --dhcp-option=option:router,10.78.0.1 \
      --dhcp-option=option:T1,4 --dhcp-option=option:T2,6 --dhcp-leasefile="$work/leases" \
      --pid-file= --log-dhcp --log-facility="$work/dnsmasq.log" >/dev/null 2>&1 &
    dnsmasq_pid=$!
    ipv4=dhcp
  else
    ipv4=10.78.0.2/24
  fi
  ip netns exec "$ns" "$echo_bin" --stack-tap=etap0 --stack-ipv4=$ipv4 --stack-ipv6=fd00:78::2/64 --port=7 \
    >"$work/out" 2>"$work/err" &
else
  addr=127.0.0.1
  ip netns exec "$ns" "$echo_bin" --port=7 >"$work/out" 2>"$work/err" &
fi
pid=$!
passed=0 failed=0
check() {
  local name=$1
  shift
  if "$@" >"$work/last" 2>&1; then echo "ok   $name"; passed=$((passed + 1))
  else echo "FAIL $name"; sed 's/^/     | /' "$work/last"; failed=$((failed + 1)); fi
}
started() {
  for _ in $(seq 100); do grep -q "^echo: TCP and UDP port 7 on" "$work/out" && return 0; sleep 0.1; done
  cat "$work/out" "$work/err"; return 1
}
check "echo ($mode) starts and says where it listens" started
if [[ $mode == dhcp ]]; then
  leased() {
    for _ in $(seq 100); do grep -q "dhcp-client.*bound 10\.78\.0\." "$work/err" && return 0; sleep 0.1; done
    cat "$work/err"; return 1
  }
  check "the DHCP client gets a lease from dnsmasq" leased
  addr=$(sed -n 's/.*dhcp-client.*bound \(10\.78\.0\.[0-9]*\)\/24 via 10\.78\.0\.1 .*/\1/p' "$work/err" | head -1)
  check "dnsmasq leased what the unikernel says it took ($addr)" grep -q "DHCPACK(etap0) $addr " "$work/dnsmasq.log"
fi
if [[ $mode == direct || $mode == dhcp ]]; then
  for _ in $(seq 20); do in_ns ping -c 1 -W 1 $addr >/dev/null 2>&1 && break; sleep 0.3; done
  check "the kernel pings the unikernel" in_ns ping -c 3 -i 0.2 -W 2 $addr
  # IPv6: our address is usable once duplicate address detection is over (about 1 s).
  for _ in $(seq 30); do in_ns ping -6 -c 1 -W 1 fd00:78::2 >/dev/null 2>&1 && break; sleep 0.2; done
  check "the kernel pings the unikernel over IPv6" in_ns ping -6 -c 3 -i 0.2 -W 2 fd00:78::2
  check "a UDP datagram comes back over IPv6" test "$(printf 'udp6 echo' | in_ns socat -T 3 - 'UDP6:[fd00:78::2]:7')" = "udp6 echo"
  check "the direct stack dropped its capabilities" grep -q "dropped every capability" "$work/err"
fi
check "nc gets its line back over TCP" test "$(printf 'hello echo\n' | in_ns nc -N -w 5 $addr 7)" = "hello echo"
head -c $((10 * 1024 * 1024)) /dev/urandom >"$work/in"
check "10 MiB round-trip intact over TCP" sh -c "ip netns exec $ns nc -N -w 20 $addr 7 < $work/in > $work/back && cmp $work/in $work/back"
check "a UDP datagram comes back" test "$(printf 'udp echo' | in_ns socat -T 3 - UDP4:$addr:7)" = "udp echo"
check "the console has a line per TCP connection" sh -c "test \$(grep -c '^tcp .* bytes echoed, closed' $work/out) -ge 2"
if [[ $mode == dhcp ]]; then
  renewed() {
    for _ in $(seq 100); do grep -q "dhcp-client.*renewed $addr/24" "$work/err" && return 0; sleep 0.1; done
    cat "$work/err"; return 1
  }
  check "the lease is renewed at T1 (unicast REQUEST, dnsmasq ACKs)" renewed
  check "and the address still answers after the renewal" in_ns ping -c 1 -W 2 $addr
  echo "--- dnsmasq said:"; grep -E "DHCP(DISCOVER|OFFER|REQUEST|ACK|NAK)" "$work/dnsmasq.log"
fi
echo "--- the unikernel said:"; cat "$work/out"
echo "$passed passed, $failed failed"
((failed == 0))
