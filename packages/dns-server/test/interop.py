#!/usr/bin/env python3
"""Interop: dns_server_unix against NSD, on loopback, serving the same zone files.

    interop.py DNS_SERVER_UNIX DATA_DIR

Starts our server twice (minimal responses, and with the NS RRset in the authority
section as NSD gives it by default) and NSD twice (default, and minimal-responses), each
on its own free port with its own config in a temporary directory, as a foreground process
without privileges. Then `dig` and `kdig` ask every server the same questions, over UDP and
TCP, and the answers are compared field by field: rcode, the AA/TC/QR flags, and each
section's records (sorted). Zone transfers (`dig axfr`, a zone big enough for many
messages) are compared record by record, and a TSIG-signed transfer is checked with
`dig -y`. Exits 77 (skipped) when dig, kdig or nsd is missing.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

KEY = "hmac-sha256:xfr-key:c2VjcmV0IGtleSBmb3IgdHJhbnNmZXJz"

failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
        except OSError:
            t.close()
            continue
        t.close()
        u.close()
        return port
    raise RuntimeError("no free port")


def run(cmd, timeout=20):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout).stdout


def parse(output):
    """rcode, flags and sections of one dig or kdig answer."""
    status = re.search(r"status: ([A-Z]+)", output)
    flags = re.search(r"[Ff]lags: ([a-z ]*);", output)
    result = {
        "status": status.group(1) if status else None,
        "flags": sorted(f for f in (flags.group(1).split() if flags else []) if f in ("qr", "aa", "tc", "rd")),
        "answer": [], "authority": [], "additional": [],
    }
    section = None
    for line in output.splitlines():
        if "ANSWER SECTION" in line:
            section = "answer"
        elif "AUTHORITY SECTION" in line:
            section = "authority"
        elif "ADDITIONAL SECTION" in line:
            section = "additional"
        elif line.startswith(";") or not line.strip():
            if line.startswith(";;") and "SECTION" in line:
                section = None
            continue
        elif section:
            fields = line.split()
            fields[0] = fields[0].lower()
            result[section].append(" ".join(fields))
    for s in ("answer", "authority", "additional"):
        result[s].sort()
    return result


def dig(port, name, qtype, *opts):
    return parse(run(["dig", "@127.0.0.1", "-p", str(port), "+norec", "+nocookie", "+tries=1",
                      "+time=3", *opts, name, qtype]))


def kdig(port, name, qtype, *opts):
    return parse(run(["kdig", "@127.0.0.1", "-p", str(port), "+norec", "+retry=0", "+time=3",
                      *opts, name, qtype]))


def wait_for(port):
    for _ in range(100):
        if dig(port, "example.com.", "SOA")["status"] == "NOERROR":
            return True
        time.sleep(0.1)
    return False


def start_ours(binary, zones, port, *extra):
    p = subprocess.Popen([binary, "--zones", zones, "--address", "127.0.0.1", "--port", str(port), *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line.startswith("listening"):
        raise RuntimeError("our server did not start: " + line + p.stderr.read())
    return p


def stop(procs, workdir):
    """Ends the servers (killed if they linger) and removes the temporary directory."""
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    shutil.rmtree(workdir, ignore_errors=True)


def start_nsd(workdir, zones, port, minimal):
    conf = os.path.join(workdir, "nsd-%d.conf" % port)
    state = os.path.join(workdir, "nsd-%d" % port)
    os.makedirs(state)
    with open(conf, "w") as f:
        f.write("server:\n  ip-address: 127.0.0.1\n  port: %d\n  database: \"\"\n" % port)
        for k in ("pidfile", "xfrdfile", "zonelistfile", "logfile"):
            f.write("  %s: \"%s/%s\"\n" % (k, state, k))
        f.write("  xfrdir: \"%s\"\n  username: \"\"\n  chroot: \"\"\n  server-count: 1\n" % state)
        f.write("  hide-version: yes\n  hide-identity: yes\n  refuse-any: no\n  rrl-ratelimit: 0\n")
        f.write("  minimal-responses: %s\n" % ("yes" if minimal else "no"))
        f.write("remote-control:\n  control-enable: no\n")
        for z in sorted(os.listdir(zones)):
            if z.endswith(".zone"):
                f.write("zone:\n  name: %s\n  zonefile: \"%s\"\n  provide-xfr: 127.0.0.1 NOKEY\n"
                        % (z[:-5], os.path.join(zones, z)))
    return subprocess.Popen(["nsd", "-d", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# (name, type, extra dig options) asked of every server.
QUERIES = [
    ("www.example.com.", "A"), ("www.example.com.", "AAAA"), ("www.example.com.", "MX"),
    ("WwW.ExAmPlE.cOm.", "A"), ("example.com.", "SOA"), ("example.com.", "NS"), ("example.com.", "MX"),
    ("example.com.", "TXT"), ("example.com.", "HTTPS"), ("caa.example.com.", "CAA"),
    ("ptr.example.com.", "PTR"), ("hinfo.example.com.", "HINFO"), ("sshfp.example.com.", "SSHFP"),
    ("_443._tcp.www.example.com.", "TLSA"), ("svc.example.com.", "SVCB"), ("loc.example.com.", "LOC"),
    ("spf.example.com.", "TXT"), ("_sip._tcp.example.com.", "SRV"),
    ("ns1.example.com.", "A"), ("mail.example.com.", "TYPE666"),
    ("alias.example.com.", "A"), ("alias.example.com.", "CNAME"), ("alias.example.com.", "TXT"),
    ("chain1.example.com.", "A"), ("chain1.example.com.", "AAAA"), ("dangling.example.com.", "A"),
    ("outside.example.com.", "A"), ("host.dname.example.com.", "A"), ("dname.example.com.", "DNAME"),
    ("a.b.c.dname.example.com.", "TXT"),
    ("www.deleg.example.com.", "A"), ("deleg.example.com.", "NS"), ("deleg.example.com.", "A"),
    ("ns.deleg.example.com.", "A"), ("sub.example.com.", "DS"), ("www.sub.example.com.", "A"),
    ("sub.example.com.", "SOA"), ("sub.example.com.", "NS"), ("nothere.sub.example.com.", "A"),
    ("nothere.example.com.", "A"), ("b.ent.example.com.", "A"), ("ent.example.com.", "A"),
    ("c.b.ent.example.com.", "A"), ("a.b.ent.example.com.", "A"),
    # RFC 4592 §2.2.1
    ("host3.example.", "MX"), ("host3.example.", "A"), ("foo.bar.example.", "TXT"),
    ("host1.example.", "MX"), ("sub.*.example.", "MX"), ("_telnet._tcp.host1.example.", "SRV"),
    ("ghost.*.example.", "MX"), ("host.subdel.example.", "A"), ("_ssh._tcp.host1.example.", "SRV"),
    ("*.example.", "TXT"), ("example.", "SOA"), ("example.", "NS"),
    # Not ours; truncation; EDNS sizes.
    ("www.example.org.", "A"), ("big.example.com.", "TXT", "+noedns", "+ignore"),
    ("big.example.com.", "TXT", "+bufsize=4096"), ("big.example.com.", "TXT", "+bufsize=512", "+ignore"),
]


def compare(label, ours, theirs, sections):
    for field in ("status", "flags") + sections:
        check(ours[field] == theirs[field],
              "%s: %s differs\n  ours:   %s\n  theirs: %s" % (label, field, ours[field], theirs[field]))


def udp_query(qid, name, qtype=1):
    """A DNS query message for `name` (absolute, no trailing dot needed) and type."""
    q = qid.to_bytes(2, "big") + b"\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
    for label in name.strip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + qtype.to_bytes(2, "big") + b"\x00\x01"


def rate_limit_checks(port):
    """Response-rate limiting (--rate-limit 5, slip 2): a burst of 40 identical UDP queries
    gets a second's worth or two answered (the limit is per second), the rest dropped or
    slipped (TC, no records); dig, given a slipped answer, retries over TCP and gets it."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for i in range(40):
            s.sendto(udp_query(i, "www.example.com"), ("127.0.0.1", port))
        full = slipped = 0
        s.settimeout(1.0)
        try:
            while True:
                m, _ = s.recvfrom(4096)
                tc, ancount = bool(m[2] & 0x02), int.from_bytes(m[6:8], "big")
                if tc and ancount == 0:
                    slipped += 1
                elif ancount > 0:
                    full += 1
        except socket.timeout:
            pass
    finally:
        s.close()
    check(5 <= full <= 10 and slipped >= 10 and full + slipped < 40,
          "rate limiting: %d answered, %d slipped of 40" % (full, slipped))
    out = run(["dig", "@127.0.0.1", "-p", str(port), "www.example.com.", "A"])
    check("192.0.2.80" in out, "dig after a burst: the answer, over TCP if UDP was limited:\n" + out[-400:])


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, data = sys.argv[1], sys.argv[2]
    for tool in ("dig", "kdig", "nsd"):
        if shutil.which(tool) is None:
            print("SKIP: %s is not installed (ci/deps.sh --all)" % tool)
            return 77
    workdir = tempfile.mkdtemp(prefix="dns-server-interop-")
    procs = []
    try:
        zones = os.path.join(workdir, "zones")
        os.makedirs(zones)
        for z in os.listdir(data):
            if z.endswith(".zone"):
                shutil.copy(os.path.join(data, z), zones)
        # A zone too big for one transfer message.
        with open(os.path.join(zones, "big.test.zone"), "w") as f:
            f.write("$TTL 300\n@ SOA ns1 hostmaster 42 3600 600 86400 60\n@ NS ns1\nns1 A 192.0.2.1\n")
            for i in range(4000):
                f.write("host%d A 10.%d.%d.%d\nhost%d TXT \"record number %d\"\n"
                        % (i, i // 65536, i // 256 % 256, i % 256, i, i))

        ports = {k: free_port() for k in ("ours", "ours_ns", "ours_tsig", "ours_rrl", "nsd", "nsd_min")}
        procs.append(start_ours(binary, zones, ports["ours"], "--transfers", "allow", "--nsid", "ours-1"))
        procs.append(start_ours(binary, zones, ports["ours_ns"], "--authority-ns", "yes"))
        procs.append(start_ours(binary, zones, ports["ours_tsig"], "--transfers", "tsig", "--key", KEY))
        procs.append(start_ours(binary, zones, ports["ours_rrl"], "--rate-limit", "5", "--rate-limit-slip", "2"))
        procs.append(start_nsd(workdir, zones, ports["nsd"], minimal=False))
        procs.append(start_nsd(workdir, zones, ports["nsd_min"], minimal=True))
        for k, p in ports.items():
            if not wait_for(p):
                print("FAIL: %s did not answer on port %d" % (k, p))
                return 1

        # Every query, by dig and kdig, over UDP and TCP: all sections against default NSD
        # (ours with --authority-ns yes), answer and authority against minimal NSD.
        for q in QUERIES:
            name, qtype, opts = q[0], q[1], list(q[2:])
            for transport in ([], ["+tcp"]):
                if transport and "+ignore" in opts:
                    continue
                label = "dig %s %s %s" % (name, qtype, " ".join(opts + transport))
                full = ("answer", "authority", "additional")
                compare(label + " [all sections]", dig(ports["ours_ns"], name, qtype, *opts, *transport),
                        dig(ports["nsd"], name, qtype, *opts, *transport), full)
                compare(label + " [minimal]", dig(ports["ours"], name, qtype, *opts, *transport),
                        dig(ports["nsd_min"], name, qtype, *opts, *transport), ("answer", "authority"))
                kopts = [o for o in opts if o not in ("+ignore",)]
                kopts += ["+tcp"] if transport else ["+notcp"]
                if "+noedns" in opts:
                    kopts = [o for o in kopts if o != "+noedns"]  # kdig sends no EDNS by default
                else:
                    kopts.append("+edns")
                klabel = "kdig %s %s %s" % (name, qtype, " ".join(kopts))
                compare(klabel, kdig(ports["ours_ns"], name, qtype, *kopts),
                        kdig(ports["nsd"], name, qtype, *kopts), full)

        # Checks of our own where NSD's behaviour is its own choice.
        r = dig(ports["ours"], "big.example.com.", "TXT", "+noedns", "+ignore")
        check(r["flags"].count("tc") == 1 and r["answer"] == [], "UDP answer over 512 bytes sets TC: %s" % r)
        raw = run(["dig", "@127.0.0.1", "-p", str(ports["ours"]), "+norec", "+edns=1", "+noednsnegotiation",
                   "www.example.com.", "A"])
        check("status: BADVERS" in raw, "EDNS version 1 gets BADVERS:\n" + raw)
        raw = run(["dig", "@127.0.0.1", "-p", str(ports["ours"]), "+norec", "+opcode=notify",
                   "example.com.", "SOA"])
        check("status: NOTIMP" in raw, "NOTIFY gets NOTIMP:\n" + raw)
        r = dig(ports["ours"], "version.bind.", "TXT", "-c", "CH")
        check(r["status"] == "REFUSED", "CH version.bind is refused: %s" % r)
        raw = run(["dig", "@127.0.0.1", "-p", str(ports["ours"]), "+norec", "+nsid", "www.example.com.", "A"])
        check('NSID: 6f 75 72 73 2d 31 ("ours-1")' in raw, "dig +nsid shows our NSID:\n" + raw)
        raw = run(["kdig", "@127.0.0.1", "-p", str(ports["ours"]), "+norec", "+nsid", "www.example.com.", "A"])
        check('NSID: 6F7572732D31 "ours-1"' in raw, "kdig +nsid shows our NSID:\n" + raw)
        raw = run(["dig", "@127.0.0.1", "-p", str(ports["ours"]), "+norec", "+tcp", "+keepalive",
                   "www.example.com.", "A"])
        check("TCP KEEPALIVE: 10.0 secs" in raw, "dig +keepalive over TCP shows our idle timeout:\n" + raw)
        raw = run(["dig", "@127.0.0.1", "-p", str(ports["ours"]), "+norec", "+notcp", "+keepalive",
                   "www.example.com.", "A"])
        check("KEEPALIVE" not in raw, "no keepalive over UDP:\n" + raw)
        # dig and kdig always use TCP for AXFR: send one over UDP by hand.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(3)
            axfr = bytes.fromhex("abcd00000001000000000000" "076578616d706c6503636f6d00" "00fc0001")
            s.sendto(axfr, ("127.0.0.1", ports["ours"]))
            reply = s.recv(512)
            check(reply[:2] == b"\xab\xcd" and reply[3] & 15 == 5 and reply[6:8] == b"\0\0",
                  "AXFR over UDP is REFUSED with no records: %s" % reply.hex())
        # RFC 8482 lets a server answer ANY with one RRset (NSD does); we give them all.
        r = dig(ports["ours"], "ns2.example.com.", "ANY")
        check(r["answer"] == ["ns2.example.com. 3600 IN A 192.0.2.2", "ns2.example.com. 3600 IN AAAA 2001:db8::2"],
              "ANY gives every RRset: %s" % r)

        # Zone transfers: the same records as NSD's, SOA first and last.
        for zone in ("example.com.", "example.", "sub.example.com.", "big.test."):
            ours = run(["dig", "@127.0.0.1", "-p", str(ports["ours"]), "+nocookie", zone, "AXFR"], 60)
            theirs = run(["dig", "@127.0.0.1", "-p", str(ports["nsd"]), "+nocookie", zone, "AXFR"], 60)
            ours_records = [" ".join(l.split()) for l in ours.splitlines() if l and not l.startswith(";")]
            theirs_records = [" ".join(l.split()) for l in theirs.splitlines() if l and not l.startswith(";")]
            check(len(ours_records) > 2 and " SOA " in ours_records[0] and ours_records[0] == ours_records[-1],
                  "AXFR %s: SOA first and last" % zone)
            check(sorted(ours_records) == sorted(theirs_records),
                  "AXFR %s: %d records from us, %d from NSD; differing: %s" % (
                      zone, len(ours_records), len(theirs_records),
                      sorted(set(ours_records) ^ set(theirs_records))[:10]))
            if zone == "big.test.":
                m = re.search(r"messages (\d+)", ours)
                check(m is not None and int(m.group(1)) > 1, "AXFR big.test. spans several messages: %s"
                      % (m.group(0) if m else ours[-300:]))
            kours = run(["kdig", "@127.0.0.1", "-p", str(ports["ours"]), zone, "AXFR"], 60)
            ktheirs = run(["kdig", "@127.0.0.1", "-p", str(ports["nsd"]), zone, "AXFR"], 60)
            kours_records = [" ".join(l.split()) for l in kours.splitlines() if l and not l.startswith(";")]
            ktheirs_records = [" ".join(l.split()) for l in ktheirs.splitlines() if l and not l.startswith(";")]
            check(len(kours_records) == len(ours_records) and sorted(kours_records) == sorted(ktheirs_records),
                  "kdig AXFR %s: %d records from us, %d from NSD" % (zone, len(kours_records), len(ktheirs_records)))

        # TSIG: dig signs the request and verifies every message of the stream.
        signed = run(["dig", "@127.0.0.1", "-p", str(ports["ours_tsig"]), "-y", KEY, "big.test.", "AXFR"], 60)
        signed_records = [l for l in signed.splitlines() if l and not l.startswith(";") and "TSIG" not in l.split()]
        tsigs = [l for l in signed.splitlines() if "TSIG" in l.split()]
        messages = re.search(r"messages (\d+)", signed)
        check("failed" not in signed.lower() and "failure" not in signed.lower() and
              len(signed_records) == 2 * 4000 + 4 and messages is not None and
              len(tsigs) == int(messages.group(1)) and len(tsigs) > 1,
              "TSIG-signed AXFR verifies: %d records, tail %s" % (len(signed_records), signed[-400:]))
        unsigned = run(["dig", "@127.0.0.1", "-p", str(ports["ours_tsig"]), "big.test.", "AXFR"], 60)
        check("Transfer failed" in unsigned, "unsigned AXFR refused when TSIG is required:\n" + unsigned[-300:])
        wrong = run(["dig", "@127.0.0.1", "-p", str(ports["ours_tsig"]), "-y",
                     "hmac-sha256:xfr-key:d3Jvbmcgc2VjcmV0", "big.test.", "AXFR"], 60)
        check("tsig" in wrong.lower() or "failed" in wrong.lower(), "wrong TSIG secret fails:\n" + wrong[-300:])
        kd = run(["kdig", "@127.0.0.1", "-p", str(ports["ours_tsig"]), "-y", KEY, "+tcp", "example.com.", "SOA"])
        check("NOERROR" in kd and "TSIG PSEUDOSECTION" in kd and "BADSIG" not in kd,
              "kdig -y: a signed query gets a verified, signed answer:\n" + kd)
        rate_limit_checks(ports["ours_rrl"])
    finally:
        stop(procs, workdir)
    print("%d checks, %d failed" % (checks, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
