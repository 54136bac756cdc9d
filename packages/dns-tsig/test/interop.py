#!/usr/bin/env python3
"""dns-tsig against dnspython and dig: our TSIG tool signs what dnspython verifies and
verifies what dnspython signs (each algorithm, truncated MACs, responses over the request
MAC, a multi-message transfer with unsigned messages between), and `dig -y` queries a
loopback UDP server whose TSIG verification and signing are ours.

usage: interop.py path/to/dns_tsig_tool       (exit 77: skipped, dnspython missing)"""
import base64
import shutil
import socket
import subprocess
import sys
import threading
import time

try:
    import dns.message
    import dns.rrset
    import dns.name
    import dns.rdatatype
    import dns.tsig
    import dns.tsigkeyring
except ImportError:
    print("SKIP: python3-dnspython is not installed")
    sys.exit(77)

TOOL = sys.argv[1]
SECRET = base64.b64encode(b"interop secret key bytes").decode()
failures = 0


def check(what, ok, detail=""):
    global failures
    print(("ok   " if ok else "FAIL ") + what + (": " + detail if detail and not ok else ""))
    failures += 0 if ok else 1


def tool(*args, data=b""):
    p = subprocess.run([TOOL, *args], input=data, capture_output=True)
    return p.returncode, p.stdout


def unsigned_response(q):
    """dnspython's response to q, without the TSIG it would add for a signed query."""
    r = dns.message.make_response(q)
    r.keyring = None
    r.tsig = None
    r.request_mac = b""
    return r


def frames(msgs):
    return b"".join(len(m).to_bytes(2, "big") + m for m in msgs)


def unframe(data):
    out, i = [], 0
    while i < len(data):
        n = int.from_bytes(data[i:i + 2], "big")
        out.append(data[i + 2:i + 2 + n])
        i += 2 + n
    return out


ALGORITHMS = {
    "hmac-md5": dns.tsig.HMAC_MD5, "hmac-sha1": dns.tsig.HMAC_SHA1,
    "hmac-sha224": dns.tsig.HMAC_SHA224, "hmac-sha256": dns.tsig.HMAC_SHA256,
    "hmac-sha384": dns.tsig.HMAC_SHA384, "hmac-sha512": dns.tsig.HMAC_SHA512,
}

for alg, dp_alg in ALGORITHMS.items():
    spec = f"{alg}:interop.example.:{SECRET}"
    keyring = {dns.name.from_text("interop.example."): dns.tsig.Key("interop.example.", SECRET, dp_alg)}
    now = int(time.time())
    # dnspython signs a query, we verify; we sign the response over its MAC, dnspython verifies.
    q = dns.message.make_query("www.example.", "A")
    q.use_tsig(keyring, keyname="interop.example.", algorithm=dp_alg)
    wire = q.to_wire()
    rc, out = tool("verify", spec, str(now), data=wire)
    check(f"{alg}: we verify dnspython's query", rc == 0 and out.startswith(b"ok"), out.decode())
    request_mac = q.mac.hex()
    check(f"{alg}: same request MAC", out.decode().split()[-1] == request_mac if rc == 0 else False)
    r = unsigned_response(q)  # we sign it instead
    r.answer.append(dns.rrset.from_text("www.example.", 300, "IN", "A", "192.0.2.1"))
    rc, signed = tool("sign", spec, str(now), request_mac, data=r.to_wire())
    try:
        dns.message.from_wire(signed, keyring=keyring, request_mac=q.mac)
        check(f"{alg}: dnspython verifies our response", rc == 0)
    except Exception as e:  # noqa: BLE001
        check(f"{alg}: dnspython verifies our response", False, repr(e))
    # We sign a query, dnspython verifies it.
    rc, signed = tool("sign", spec, str(now), data=dns.message.make_query("a.example.", "MX").to_wire())
    try:
        m = dns.message.from_wire(signed, keyring=keyring)
        check(f"{alg}: dnspython verifies our query", rc == 0 and m.had_tsig)
    except Exception as e:  # noqa: BLE001
        check(f"{alg}: dnspython verifies our query", False, repr(e))
    # A tampered secret fails on our side with BADSIG.
    bad = f"{alg}:interop.example.:{base64.b64encode(b'another secret').decode()}"
    rc, out = tool("verify", bad, str(now), data=wire)
    check(f"{alg}: wrong secret is BADSIG", rc == 1 and b"BADSIG" in out, out.decode())

# Truncated MACs: dnspython's hmac-sha256-128 is hmac-sha256 cut to 16 bytes.
if hasattr(dns.tsig, "HMAC_SHA256_128"):
    keyring = {dns.name.from_text("trunc.example."): dns.tsig.Key("trunc.example.", SECRET, dns.tsig.HMAC_SHA256_128)}
    q = dns.message.make_query("www.example.", "A")
    q.use_tsig(keyring, keyname="trunc.example.", algorithm=dns.tsig.HMAC_SHA256_128)
    rc, out = tool("verify", f"hmac-sha256-128:trunc.example.:{SECRET}", str(int(time.time())), data=q.to_wire())
    # dnspython names the algorithm hmac-sha256-128., which RFC 8945 lists separately
    # from truncation of hmac-sha256; we do not implement that name: BADKEY.
    check("hmac-sha256-128 algorithm name is not ours (BADKEY)", rc == 1 and b"BADKEY" in out, out.decode())

# A transfer in several messages: dnspython's multi-message verification over ours.
spec = f"hmac-sha256:xfr.example.:{SECRET}"
keyring = {dns.name.from_text("xfr.example."): dns.tsig.Key("xfr.example.", SECRET, dns.tsig.HMAC_SHA256)}
q = dns.message.make_query("example.", "AXFR")
q.use_tsig(keyring, keyname="xfr.example.")
q.to_wire()
msgs = []
for i in range(6):
    r = unsigned_response(q)
    r.answer.append(dns.rrset.from_text(f"h{i}.example.", 300, "IN", "A", f"192.0.2.{i + 1}"))
    msgs.append(r.to_wire())
for pattern in ("ssssss", "spspps", "sppps"):
    rc, out = tool("stream-sign", spec, str(int(time.time())), q.mac.hex(), pattern, data=frames(msgs))
    ctx, ok, err = None, rc == 0, ""
    try:
        for n, m in enumerate(unframe(out)):
            parsed = dns.message.from_wire(m, keyring=keyring, request_mac=q.mac, xfr=True,
                                           origin=dns.name.from_text("example."), tsig_ctx=ctx,
                                           multi=True)
            ctx = parsed.tsig_ctx
    except Exception as e:  # noqa: BLE001
        ok, err = False, repr(e)
    check(f"dnspython verifies our transfer signed {pattern}", ok, err)

# dnspython signs a transfer (every message), we verify it as a stream.
ctx, signed = None, []
for m in msgs:
    r = dns.message.from_wire(m)
    r.use_tsig(keyring, keyname="xfr.example.")
    r.request_mac = q.mac
    wire = r.to_wire(multi=True, tsig_ctx=ctx)
    ctx = r.tsig_ctx
    signed.append(wire)
rc, out = tool("stream-verify", spec, str(int(time.time())), q.mac.hex(), data=frames(signed))
check("we verify dnspython's transfer", rc == 0 and out.strip() == b"ok 6", out.decode())

# dig -y against a loopback server: it verifies dig's query and signs its answer with our tool.
dig = shutil.which("dig")
if dig:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    spec = f"hmac-sha256:dig.example.:{SECRET}"
    seen = {}

    def serve():
        data, peer = sock.recvfrom(65535)
        now = str(int(time.time()))
        rc, out = tool("verify", spec, now, data=data)
        seen["verify"] = (rc, out)
        dig_keyring = {dns.name.from_text("dig.example."): dns.tsig.Key("dig.example.", SECRET, dns.tsig.HMAC_SHA256)}
        q = dns.message.from_wire(data, keyring=dig_keyring) if rc == 0 else None
        if q is None:
            return
        r = unsigned_response(q)
        r.answer.append(dns.rrset.from_text(q.question[0].name, 300, "IN", "A", "192.0.2.77"))
        rc, signed = tool("sign", spec, now, out.split()[1].decode(), data=r.to_wire())
        sock.sendto(signed, peer)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    p = subprocess.run([dig, "-p", str(port), "@127.0.0.1", "-y", spec, "www.example.", "A", "+tries=1", "+time=3"],
                       capture_output=True, text=True)
    t.join(5)
    sock.close()
    check("we verify dig -y's query", seen.get("verify", (1, b""))[0] == 0, str(seen.get("verify")))
    check("dig verifies our signed answer", p.returncode == 0 and "192.0.2.77" in p.stdout
          and "Couldn't verify" not in p.stdout + p.stderr
          and "could not be validated" not in p.stdout + p.stderr and "tsig" not in p.stderr.lower(),
          p.stdout + p.stderr)
else:
    print("skip dig: not installed (dnsutils / bind9-dnsutils)")

print(f"dns-tsig interop: {failures} failure(s)")
sys.exit(1 if failures else 0)
