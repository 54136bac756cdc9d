#!/usr/bin/env python3
"""The client side of dnsmasq.py, run inside its namespace: broadcasts dhcp_wire_tool's
DISCOVER from port 68 on the veth end "dcli", then its REQUEST for the offer; prints
offer=HEX and ack=HEX for what came back.
  client.py PATH/TO/dhcp_wire_tool MAC XID"""
import socket, subprocess, sys, time

tool, mac, xid = sys.argv[1], sys.argv[2], int(sys.argv[3])


def run(*args):
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout.strip()


def exchange(sock, message_hex, want_xid, timeout=5.0):
    """Broadcasts a message to port 67; returns the first reply (hex) for our xid."""
    deadline = time.time() + timeout
    sock.sendto(bytes.fromhex(message_hex), ("255.255.255.255", 67))
    while time.time() < deadline:
        sock.settimeout(max(0.05, deadline - time.time()))
        try:
            data, _ = sock.recvfrom(2048)
        except OSError:
            break
        if len(data) >= 8 and int.from_bytes(data[4:8], "big") == want_xid and data[0] == 2:
            return data.hex()
    return None


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"dcli")
s.bind(("0.0.0.0", 68))
offer = exchange(s, run("discover", mac, str(xid)), xid)
if offer:
    print("offer=" + offer)
    ack = exchange(s, run("request", offer, mac), xid)
    if ack:
        print("ack=" + ack)
