#!/usr/bin/env bash
# TCP bulk transfer, our stack against the kernel's, in one run: N bytes (default 512 MiB)
# of zeros through `nc` (i) kernel to kernel over a veth pair between two namespaces,
# (ii) kernel nc to our stack (stack_peer --tcp-discard) over a tap device, (iii) our
# client (stack_peer --tcp-send) to a kernel nc over the tap, with TCP segmentation offload
# (one write of up to 64 KiB that the kernel cuts) and (iv) without (--no-tso: a write per
# 1514-byte frame). MTU 1500 everywhere. Prints Gbit/s for each and ours over the kernel's.
# nc's sender reads its data through a pipe from head, which ours does not; so the kernel
# is also measured with iperf3 over the same veth (when installed: apt-get install iperf3),
# its best case, and ours is given against both. The receive side is also measured with a
# sender that has no pipe (sendfile(2) of a file in /dev/shm, from Python) into our stack
# and into a Python receiver on the kernel's veth. Needs root; cleans up on exit.
#   tcp_throughput.sh PATH/TO/stack_peer [BYTES]
set -uo pipefail
peer=${1:?usage: tcp_throughput.sh PATH/TO/stack_peer [BYTES]}
bytes=${2:-$((512 * 1024 * 1024))}
[[ $(id -u) -eq 0 ]] || { echo "needs root"; exit 77; }
a=mirage-bench-a-$$ b=mirage-bench-b-$$ t=mirage-bench-t-$$
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null; ip netns del "$t" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
# sendfile_to HOST PORT: sends $work/zeros with sendfile(2), prints the seconds until the
# receiver has closed. drain PORT: receives into a 1 MiB buffer until the sender closes.
sendfile_to() {
  /usr/bin/python3 -c 'import os, socket, sys, time
f = open(sys.argv[3], "rb"); s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
t = time.monotonic(); s.sendfile(f); s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
print("%.6f" % (time.monotonic() - t))' "$1" "$2" "$work/zeros"
}
drain() {
  /usr/bin/python3 -c 'import socket, sys
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind(("0.0.0.0", int(sys.argv[1]))); l.listen(1)
c, _ = l.accept(); b = bytearray(1 << 20)
while c.recv_into(b): pass
c.close()' "$1"
}
gbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.2f", b * 8 / s / 1e9 }'; }

# (i) veth
ip netns add "$a"; ip netns add "$b"
ip link add va type veth peer name vb
ip link set va netns "$a"; ip link set vb netns "$b"
ip -n "$a" addr add 10.88.0.1/24 dev va; ip -n "$b" addr add 10.88.0.2/24 dev vb
ip -n "$a" link set va up; ip -n "$b" link set vb up
ip netns exec "$b" sh -c 'exec nc -l 5001 > /dev/null' &
pids+=($!)
sleep 0.3
s=$(now)
ip netns exec "$a" sh -c "head -c $bytes /dev/zero | nc -N 10.88.0.2 5001"
kernel_s=$(awk -v a="$s" -v b="$(now)" 'BEGIN { print b - a }')
kernel=$(gbps "$bytes" "$kernel_s")
iperf=
if command -v iperf3 >/dev/null; then
  ip netns exec "$b" iperf3 -s -1 >/dev/null 2>&1 &
  pids+=($!)
  sleep 0.5
  iperf=$(ip netns exec "$a" iperf3 -c 10.88.0.2 -n "$bytes" -J 2>/dev/null |
    /usr/bin/python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))' 2>/dev/null)
fi

# The same transfer from a sender without a pipe, into a receiver with a large buffer.
truncate -s "$bytes" "$work/zeros" 2>/dev/null || head -c "$bytes" /dev/zero >"$work/zeros"
ip netns exec "$b" bash -c "$(declare -f drain); drain 5003" &
pids+=($!)
sleep 0.5
kernel_sf_s=$(ip netns exec "$a" bash -c "work=$work; $(declare -f sendfile_to); sendfile_to 10.88.0.2 5003")
kernel_sf=$(gbps "$bytes" "${kernel_sf_s:-1e9}")

# (ii) and (iii) over a tap
ip netns add "$t"
ip netns exec "$t" ip tuntap add dev btap0 mode tap
ip -n "$t" addr add 10.77.0.1/24 dev btap0
ip -n "$t" link set btap0 up
ip netns exec "$t" sh -c 'exec nc -l 5001 > /dev/null' &
pids+=($!)
sleep 0.3
ip netns exec "$t" "$peer" --tap btap0 --cidr 10.77.0.2/24 --tcp-discard 5001 \
  --tcp-send 10.77.0.1:5001 --bytes "$bytes" --no-hash >"$work/peer.out" 2>"$work/peer.err" &
pids+=($!)
for _ in $(seq 1 600); do grep -q '^tcp-send ' "$work/peer.out" && break; sleep 0.1; done
send_s=$(sed -n 's/^tcp-send .* seconds=\([0-9.]*\).*/\1/p' "$work/peer.out")
s=$(now)
ip netns exec "$t" sh -c "head -c $bytes /dev/zero | nc -N 10.77.0.2 5001"
for _ in $(seq 1 100); do grep -q '^tcp-discard ' "$work/peer.out" && break; sleep 0.1; done
recv_s=$(awk -v a="$s" -v b="$(now)" 'BEGIN { print b - a }')
ours_send=$(gbps "$bytes" "${send_s:-1e9}")
ours_recv=$(gbps "$bytes" "$recv_s")
# (ii) again with the pipe-free sender
kill "${pids[-1]}" 2>/dev/null; wait "${pids[-1]}" 2>/dev/null
ip netns exec "$t" "$peer" --tap btap0 --cidr 10.77.0.2/24 --tcp-discard 5003 >"$work/peer3.out" 2>"$work/peer3.err" &
pids+=($!)
sleep 0.5
ours_sf_s=$(ip netns exec "$t" bash -c "work=$work; $(declare -f sendfile_to); sendfile_to 10.77.0.2 5003")
ours_sf=$(gbps "$bytes" "${ours_sf_s:-1e9}")
# (iv) the same send without segmentation offload
kill "${pids[-1]}" 2>/dev/null; wait "${pids[-1]}" 2>/dev/null
ip netns exec "$t" sh -c 'exec nc -l 5002 > /dev/null' &
pids+=($!)
sleep 0.3
ip netns exec "$t" "$peer" --tap btap0 --cidr 10.77.0.2/24 --no-tso \
  --tcp-send 10.77.0.1:5002 --bytes "$bytes" --no-hash >"$work/peer2.out" 2>"$work/peer2.err" &
pids+=($!)
for _ in $(seq 1 600); do grep -q '^tcp-send ' "$work/peer2.out" && break; sleep 0.1; done
plain_s=$(sed -n 's/^tcp-send .* seconds=\([0-9.]*\).*/\1/p' "$work/peer2.out")
ours_plain=$(gbps "$bytes" "${plain_s:-1e9}")
echo "bytes=$bytes (MTU 1500, nc, one connection each)"
echo "kernel -> kernel over veth:    $kernel Gbit/s (nc)"
[[ -n $iperf ]] && echo "kernel -> kernel over veth:    $iperf Gbit/s (iperf3)"
ratio() { awk -v o="$1" -v k="$2" 'BEGIN { printf "%.3f", o / k }'; }
vs_iperf() { [[ -n $iperf ]] && printf ', %s of iperf3' "$(ratio "$1" "$iperf")"; }
echo "ours   -> kernel over tap:     $ours_send Gbit/s  ratio $(ratio "$ours_send" "$kernel")$(vs_iperf "$ours_send")  (TSO)"
echo "ours   -> kernel, no TSO:       $ours_plain Gbit/s  ratio $(ratio "$ours_plain" "$kernel")$(vs_iperf "$ours_plain")"
echo "kernel -> ours   over tap:     $ours_recv Gbit/s  ratio $(ratio "$ours_recv" "$kernel")$(vs_iperf "$ours_recv")"
echo "kernel -> kernel, sendfile:     $kernel_sf Gbit/s (Python sendfile(2) into a 1 MiB recv_into)"
echo "kernel -> ours,   sendfile:     $ours_sf Gbit/s  ratio $(ratio "$ours_sf" "$kernel_sf") of the same sender into the kernel"
grep -h '^tcp-' "$work/peer.out" "$work/peer2.out"
