#!/usr/bin/env python3
"""dnsperf against dns_server_unix and NSD (one worker each), same zones, one run.

    dnsperf_bench.py DNS_SERVER_UNIX DATA_DIR [SECONDS]

Both serve DATA_DIR's zone files on free loopback ports; dnsperf (one client thread)
sends the same query mix to each for SECONDS (default 10) and the queries per second of
each and their ratio are printed. NSD runs with server-count 1 and no rate limiting.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test"))
import interop  # noqa: E402  (free_port, start_ours, start_nsd, wait_for, stop)

QUERIES = """www.example.com A
www.example.com AAAA
example.com MX
example.com NS
example.com SOA
mail.example.com A
nothere.example.com A
chain1.example.com A
www.deleg.example.com A
host3.example MX
foo.bar.example TXT
_sip._tcp.example.com SRV
www.sub.example.com A
www.example.com MX
"""


def dnsperf(port, queries, seconds):
    out = subprocess.run(["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries, "-l", str(seconds),
                          "-c", "1", "-T", "1", "-q", "1000"], capture_output=True, text=True).stdout
    qps = re.search(r"Queries per second:\s+([0-9.]+)", out)
    lost = re.search(r"Queries lost:\s+(\d+)", out)
    if not qps:
        raise RuntimeError("dnsperf said:\n" + out)
    return float(qps.group(1)), int(lost.group(1)) if lost else -1


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    binary, data = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])  # NSD needs absolute paths
    seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    for tool in ("dnsperf", "nsd"):
        if shutil.which(tool) is None:
            print("%s is not installed (ci/deps.sh --all)" % tool)
            return 77
    workdir = tempfile.mkdtemp(prefix="dns-server-bench-")
    procs = []
    try:
        queries = os.path.join(workdir, "queries")
        with open(queries, "w") as f:
            f.write(QUERIES)
        ours_port, nsd_port = interop.free_port(), interop.free_port()
        procs.append(interop.start_ours(binary, data, ours_port))
        procs.append(interop.start_nsd(workdir, data, nsd_port, minimal=True))
        for p in (ours_port, nsd_port):
            if not interop.wait_for(p):
                print("a server did not start")
                return 1
        time.sleep(0.5)
        ours, ours_lost = dnsperf(ours_port, queries, seconds)
        nsd, nsd_lost = dnsperf(nsd_port, queries, seconds)
        print("dns_server_unix: %10.0f qps (%d lost)" % (ours, ours_lost))
        print("nsd:             %10.0f qps (%d lost)" % (nsd, nsd_lost))
        print("ours / nsd:      %10.2f" % (ours / nsd if nsd else float("nan")))
    finally:
        interop.stop(procs, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
