#!/usr/bin/env bash
# Our TCP/IP stack against the Linux kernel's: a network namespace holds a tap device; the
# kernel side is 10.77.0.1/24, our stack (stack_peer, on the tap) 10.77.0.2. Checks ping
# both ways (ARP both ways with it), a 3000-byte ping the kernel fragments and we
# reassemble (and fragment the reply), a UDP echo on our side for socat, our UDP client
# against a kernel UDP server, and an ICMP port unreachable for a closed port.
# Everything stays inside the namespace, which is deleted (with the tap) on any exit.
# Exits 77 (skipped) without root or /dev/net/tun.
#   interop.sh PATH/TO/stack_peer
set -uo pipefail
peer=${1:?usage: interop.sh PATH/TO/stack_peer}

skip() { echo "SKIPPED: $*"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "needs root for a network namespace and a tap device"
[[ -c /dev/net/tun ]] || skip "no /dev/net/tun"
for tool in ip ping socat; do
  command -v "$tool" >/dev/null || skip "$tool is missing (ci/deps.sh --all installs it)"
done

ns=mirage-tcpip-$$
tap=mtap0
work=$(mktemp -d)
pids=()  # what runs in the background, to stop on exit
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
  [[ -n ${KEEP:-} ]] && mkdir -p "$KEEP" && cp -r "$work"/. "$KEEP"
  rm -rf "$work"
}
trap cleanup EXIT
in_ns() { ip netns exec "$ns" "$@"; }

ip netns add "$ns" || skip "cannot create a network namespace here"
in_ns ip link set lo up
in_ns ip tuntap add dev "$tap" mode tap || { echo "FAIL: cannot create the tap device"; exit 1; }
in_ns ip addr add 10.77.0.1/24 dev "$tap"
in_ns ip link set "$tap" up
kernel_mac=$(in_ns cat "/sys/class/net/$tap/address")

# A kernel UDP echo server for our client. (ip netns exec execs the command: $! is its pid.)
ip netns exec "$ns" socat UDP4-RECVFROM:9000,fork EXEC:cat >/dev/null 2>&1 &
pids+=($!)

ip netns exec "$ns" "$peer" --tap "$tap" --cidr 10.77.0.2/24 --udp-echo 7 --ping 10.77.0.1 --count 3 \
  --udp-client 10.77.0.1:9000 --message "hello from mirage" >"$work/peer.out" 2>"$work/peer.err" &
peer_pid=$!
pids+=("$peer_pid")

passed=0
failed=0
check() {  # check NAME COMMAND...: runs the command, counts and reports
  local name=$1
  shift
  if "$@" >"$work/last" 2>&1; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    sed 's/^/     | /' "$work/last"
    failed=$((failed + 1))
  fi
}
wait_for() {  # wait_for PATTERN SECONDS: until the peer prints a line matching PATTERN
  local deadline=$((SECONDS + $2))
  until grep -qE "$1" "$work/peer.out"; do
    ((SECONDS < deadline)) || { echo "no line matching '$1' after $2 s"; cat "$work/peer.out"; return 1; }
    kill -0 "$peer_pid" 2>/dev/null || { echo "stack_peer exited"; cat "$work/peer.out" "$work/peer.err"; return 1; }
    sleep 0.1
  done
}

check "our stack starts on the tap" wait_for '^ready mac=' 10
our_mac=$(sed -n 's/^ready mac=\([0-9a-f:]*\) .*/\1/p' "$work/peer.out")
check "capabilities are dropped and logged" grep -q "dropped every capability" "$work/peer.err"

if [[ -n ${KEEP:-} ]] && command -v tcpdump >/dev/null; then  # KEEP=DIR keeps a capture and the logs
  ip netns exec "$ns" tcpdump -i "$tap" -nn -e -U -w "$work/tap.pcap" 2>/dev/null &
  pids+=($!)
fi
# The tap's carrier comes up when our program attaches; give the kernel's side (ARP, link
# state) up to 5 s to reach us once before counting replies.
for _ in $(seq 1 10); do in_ns ping -c 1 -W 1 10.77.0.2 >/dev/null 2>&1 && break; sleep 0.5; done
check "the kernel pings us (3 of 3)" in_ns ping -c 3 -i 0.2 -W 2 10.77.0.2
check "a 3000-byte ping is reassembled and answered" in_ns ping -c 2 -i 0.2 -W 2 -s 3000 10.77.0.2

check "we resolved the kernel's MAC by ARP" wait_for "^arp-resolved 10.77.0.1 is-at $kernel_mac" 10
check "we ping the kernel (3 of 3)" sh -c "$(declare -f wait_for); peer_pid=$peer_pid work=$work wait_for '^active done' 20 && test \$(grep -c '^ping 10.77.0.1 seq=[0-9]* size=56 time=' $work/peer.out) -eq 3"
check "our UDP client reaches a kernel server" grep -q '^udp-client reply from 10.77.0.1:9000: hello from mirage$' "$work/peer.out"

echo_reply() { printf '%s' "$1" | in_ns socat -T 2 - UDP4:10.77.0.2:7; }
check "our UDP echo answers socat" test "$(echo_reply 'hello mirage')" = "hello mirage"
big=$(head -c 3000 /dev/zero | tr '\0' 'm')
check "our UDP echo answers a fragmented 3000-byte datagram" test "$(echo_reply "$big")" = "$big"
check "a closed port answers with ICMP port unreachable" \
  sh -c "printf x | ip netns exec $ns socat -T 2 - UDP4:10.77.0.2:9999 2>&1 | grep -qi 'refused'"

# The kernel learnt our MAC from our own request; make it ask, and see that we answer.
in_ns ip neigh flush dev "$tap"
check "we answer the kernel's ARP request" sh -c "ip netns exec $ns ping -c 1 -W 2 10.77.0.2 >/dev/null &&
  ip netns exec $ns ip neigh show 10.77.0.2 dev $tap | grep -qi 'lladdr $our_mac'"

kill -TERM "$peer_pid"
wait "$peer_pid"
status=$?
check "our stack stops cleanly on SIGTERM" test "$status" -eq 0
check "our counters saw the reassembly and the ARP reply" \
  grep -qE '^stats .*rx_reassembled=[1-9].*arp_replies_sent=[1-9]' "$work/peer.out"
echo "--- stack_peer said:"
cat "$work/peer.out"
echo "$passed passed, $failed failed"
((failed == 0))
