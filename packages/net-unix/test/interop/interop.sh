#!/usr/bin/env bash
# Our TCP/IP stack against the Linux kernel's: a network namespace holds a tap device; the
# kernel side is 10.77.0.1/24, our stack (stack_peer, on the tap) 10.77.0.2. Checks ping
# both ways (ARP both ways with it), a 3000-byte ping the kernel fragments and we
# reassemble (and fragment the reply), a UDP echo on our side for socat, our UDP client
# against a kernel UDP server, and an ICMP port unreachable for a closed port. TCP: nc
# against our echo server, curl downloading 100 MiB from our HTTP responder, nc uploading
# 100 MiB to our sink, our client uploading 100 MiB to a kernel nc, SHA-256 compared at
# both ends; then the same at 10 MiB with 5% loss each way, 20 ms delay and 10% reordering
# on our side of the link (the kernel here has no sch_netem for `tc qdisc ... netem`).
# Everything stays inside the namespace, which is deleted (with the tap) on any exit.
# Exits 77 (skipped) without root or /dev/net/tun.
#   interop.sh PATH/TO/stack_peer
set -uo pipefail
peer=${1:?usage: interop.sh PATH/TO/stack_peer}

skip() { echo "SKIPPED: $*"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "needs root for a network namespace and a tap device"
[[ -c /dev/net/tun ]] || skip "no /dev/net/tun"
for tool in ip ping socat nc curl sha256sum; do
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

# A kernel TCP server for our client: it keeps what it receives.
tcp_big=$((100 * 1024 * 1024))
ip netns exec "$ns" sh -c "exec nc -l 5001 < /dev/null > $work/recv" &
pids+=($!)

ip netns exec "$ns" "$peer" --tap "$tap" --cidr 10.77.0.2/24 --udp-echo 7 --ping 10.77.0.1 --count 3 \
  --udp-client 10.77.0.1:9000 --message "hello from mirage" \
  --tcp-echo 7 --tcp-sink 9 --http 80 --tcp-send 10.77.0.1:5001 --bytes $tcp_big \
  >"$work/peer.out" 2>"$work/peer.err" &
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
check "we ping the kernel (3 of 3)" bash -c "$(declare -f wait_for); peer_pid=$peer_pid work=$work wait_for '^active done' 120 && test \$(grep -c '^ping 10.77.0.1 seq=[0-9]* size=56 time=' $work/peer.out) -eq 3"
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

# TCP. The digests our side printed are compared with the kernel side's.
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
digest_line() { sed -n "s/^$1.*sha256=\([0-9a-f]*\).*/\1/p" "$work/peer.out" | tail -1; }
check "nc talks to our TCP echo server" test "$(printf 'hello tcp' | in_ns nc -N -w 5 10.77.0.2 7)" = "hello tcp"
head -c $((1024 * 1024)) /dev/urandom >"$work/echo.in"
check "1 MiB round-trips through our TCP echo intact" sh -c \
  "ip netns exec $ns nc -N -w 10 10.77.0.2 7 < $work/echo.in > $work/echo.out && cmp $work/echo.in $work/echo.out"
tcp_download() {  # tcp_download BYTES: curl from our HTTP responder, SHA-256 both ends
  local got
  got=$(in_ns curl -s --max-time 300 "http://10.77.0.2/$1" | sha256sum | cut -d' ' -f1)
  wait_for "^http GET /$1 sha256=" 10 && [[ "$got" == "$(digest_line "http GET \/$1 ")" ]]
}
tcp_upload() {  # tcp_upload BYTES: nc to our sink, which answers with the SHA-256 it saw
  head -c "$1" /dev/urandom >"$work/up"
  local got
  got=$(in_ns nc -N -w 60 10.77.0.2 9 <"$work/up")
  [[ "$got" == "$(sha_of "$work/up")" ]] && grep -q "^tcp-sink $1 bytes sha256=$got" "$work/peer.out"
}
start=$SECONDS
check "curl downloads 100 MiB from our HTTP responder, SHA-256 equal" tcp_download $tcp_big
echo "     (download took $((SECONDS - start)) s)"
start=$SECONDS
check "nc uploads 100 MiB to our TCP sink, SHA-256 equal" tcp_upload $tcp_big
echo "     (upload took $((SECONDS - start)) s)"
client_done() {
  wait_for "^tcp-send $tcp_big bytes" 300 || return 1
  for _ in $(seq 1 50); do [[ $(stat -c %s "$work/recv") -eq $tcp_big ]] && break; sleep 0.1; done
  [[ "$(digest_line "tcp-send $tcp_big bytes")" == "$(sha_of "$work/recv")" ]]
}
check "our TCP client sends 100 MiB to a kernel nc, SHA-256 equal" client_done
grep '^tcp-send' "$work/peer.out" | sed 's/^/     /'

kill -TERM "$peer_pid"
wait "$peer_pid"
status=$?
check "our stack stops cleanly on SIGTERM" test "$status" -eq 0
check "our counters saw the reassembly and the ARP reply" \
  grep -qE '^stats .*rx_reassembled=[1-9].*arp_replies_sent=[1-9]' "$work/peer.out"
echo "--- stack_peer said:"
cat "$work/peer.out"

# Again on an impaired link: loss both ways, delay and reordering.
mid=$((10 * 1024 * 1024))
ip netns exec "$ns" sh -c "exec nc -l 5001 < /dev/null > $work/recv" &
pids+=($!)
ip netns exec "$ns" "$peer" --tap "$tap" --cidr 10.77.0.2/24 --tcp-sink 9 --http 80 \
  --tcp-send 10.77.0.1:5001 --bytes $mid --loss 5 --delay-ms 20 --reorder 10 \
  >"$work/peer.out" 2>"$work/peer.err" &
peer_pid=$!
pids+=("$peer_pid")
check "our stack restarts on the tap with 5% loss, 20 ms delay, 10% reordering" wait_for '^ready mac=' 10
tcp_big=$mid
check "over the lossy link: curl downloads 10 MiB intact" tcp_download $mid
check "over the lossy link: nc uploads 10 MiB intact" tcp_upload $mid
check "over the lossy link: our client sends 10 MiB intact" client_done
grep '^tcp-send' "$work/peer.out" | sed 's/^/     /'
kill -TERM "$peer_pid"
wait "$peer_pid"
check "our stack stops cleanly after the lossy run" test $? -eq 0
grep '^stats' "$work/peer.out"
echo "$passed passed, $failed failed"
((failed == 0))
