#!/usr/bin/env python3
"""dhcp-wire against dnsmasq: in a network namespace of its own, dnsmasq serves DHCP on one
end of a veth pair; from the other end (in a second namespace), our DISCOVER (dhcp_wire_tool) gets an OFFER that
our parser decodes, and our REQUEST for it gets an ACK for the same address, with the
lease, mask, router and DNS server dnsmasq was told to give. Exits 77 (skipped) without
root, ip or dnsmasq.
  dnsmasq.py PATH/TO/dhcp_wire_tool"""
import os, shutil, socket, subprocess, sys, time

tool = sys.argv[1]
if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("dnsmasq"):
    print("SKIPPED: needs root, ip and dnsmasq (ci/deps.sh --all installs dnsmasq-base)")
    sys.exit(77)

ns = f"mirage-dhcp-{os.getpid()}"
cns = f"mirage-dhcpc-{os.getpid()}"  # the client's end, in a namespace of its own
mac = "02:00:5e:10:20:30"
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok  ", name)
    else:
        failed += 1
        print("FAIL", name, detail)


def sh(*args):
    subprocess.run(args, check=True)


def decode(hexbytes):
    out = subprocess.run([tool, "decode", hexbytes], capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip()}
    fields = {}
    for line in out.stdout.splitlines():
        k, _, v = line.partition("=")
        fields.setdefault(k, v)
    return fields


dns = None
try:
    sh("ip", "netns", "add", ns)
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "netns", "add", cns)
    sh("ip", "-n", ns, "link", "add", "dsrv", "type", "veth", "peer", "name", "dcli", "netns", cns)
    sh("ip", "-n", ns, "addr", "add", "10.79.0.1/24", "dev", "dsrv")
    sh("ip", "-n", ns, "link", "set", "dsrv", "up")
    sh("ip", "-n", cns, "link", "set", "dcli", "address", mac)
    # The client's socket needs an address to send and receive through the kernel (a real
    # client uses a packet socket); DHCP itself does not care where the DISCOVER came from.
    sh("ip", "-n", cns, "addr", "add", "10.79.0.200/24", "dev", "dcli")
    sh("ip", "-n", cns, "link", "set", "dcli", "up")
    dns = subprocess.Popen(["ip", "netns", "exec", ns, "dnsmasq", "--no-daemon", "--port=0",
                            "--interface=dsrv", "--bind-interfaces", "--dhcp-authoritative",
                            "--dhcp-range=10.79.0.50,10.79.0.60,255.255.255.0,1h",
                            "--dhcp-option=option:router,10.79.0.1",
                            "--dhcp-option=option:dns-server,10.79.0.1",
                            "--dhcp-leasefile=/dev/null", "--log-dhcp"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    # The client, inside the namespace (client.py).
    xid = 0x4d495241
    client = subprocess.run(
        ["ip", "netns", "exec", cns, sys.executable,
         os.path.join(os.path.dirname(os.path.abspath(__file__)), "client.py"), tool, mac, str(xid)],
        capture_output=True, text=True, timeout=30)
    lines = dict(l.split("=", 1) for l in client.stdout.splitlines() if "=" in l)
    check("our DISCOVER gets an OFFER from dnsmasq", "offer" in lines, client.stderr[-500:])
    if "offer" in lines:
        offer = decode(lines["offer"])
        check("our parser reads it as DHCPOFFER for our MAC",
              offer.get("type") == "DHCPOFFER" and offer.get("chaddr") == mac, str(offer))
        addr = offer.get("yiaddr", "")
        last = int(addr.split(".")[-1]) if addr.count(".") == 3 else 0
        check("the offered address is in dnsmasq's range", addr.startswith("10.79.0.") and 50 <= last <= 60, addr)
        check("server identifier, lease, mask, router and DNS as configured",
              offer.get("server") == "10.79.0.1" and offer.get("lease") == "3600" and
              offer.get("mask") == "255.255.255.0" and offer.get("router") == "10.79.0.1" and
              offer.get("dns") == "10.79.0.1", str(offer))
        check("our REQUEST gets a DHCPACK for the same address", "ack" in lines, client.stderr[-500:])
        if "ack" in lines:
            ack = decode(lines["ack"])
            check("the ACK names the offered address", ack.get("type") == "DHCPACK" and ack.get("yiaddr") == addr, str(ack))
finally:
    if dns:
        dns.terminate()
        try:
            log = dns.communicate(timeout=5)[1]
        except Exception:
            log = ""
        if failed:
            print(log[-2000:])
    subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    subprocess.run(["ip", "netns", "del", cns], stderr=subprocess.DEVNULL)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
