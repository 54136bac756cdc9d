#!/usr/bin/env python3
"""TLS 1.3, 1.2, 1.1 and 1.0 interop over loopback: our client (tls_tool) against openssl
s_server and gnutls-serv, and openssl s_client and gnutls-cli against our server, across
certificate types, groups, cipher suites (AEAD and CBC), HelloRetryRequest, ALPN, client
certificates, KeyUpdate and resumption with tickets, with data both ways (1 MiB in some
cases).

    interop.py TLS_TOOL DATA_DIR      exit 0: all passed, 1: a failure, 77: no peers
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

TOOL, DATA = sys.argv[1], sys.argv[2]
OPENSSL = shutil.which("openssl")
GNUTLS_SERV, GNUTLS_CLI = shutil.which("gnutls-serv"), shutil.which("gnutls-cli")
GNUTLS_TLS13 = "NORMAL:-VERS-ALL:+VERS-TLS1.3"
GNUTLS_TLS12 = "NORMAL:-VERS-ALL:+VERS-TLS1.2"
failures = []
passed = 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def d(name):
    return os.path.join(DATA, name)


def pattern(n):
    return bytes(10 if i % 64 == 63 else ord("a") + i % 26 for i in range(n))  # as tls_tool's


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
        print(f"ok    {name}")
    else:
        failures.append(name)
        print(f"FAIL  {name}\n{detail}")


def run_tool(args, timeout=60):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=timeout)


def our_client_against(name, server_cmd, port, tool_args, expect_in_info=(), sink=None,
                       size=65536, echo=False):
    """Starts a peer server, runs our client (sending `size` bytes; reading them back
    when the peer echoes), and checks the bytes and the handshake summary."""
    with tempfile.TemporaryFile() as out:
        srv = subprocess.Popen(server_cmd, stdin=subprocess.PIPE, stdout=out,
                               stderr=subprocess.STDOUT)
        try:
            if not wait_listening(port, srv):
                out.seek(0)
                check(name, False, "peer server did not start: " + out.read().decode(errors="replace")[-800:])
                return
            # wait_listening's probe connection was one accept; gnutls-serv and s_server
            # (without -naccept) take the next.
            args = [*tool_args, "--send", str(size)] + (["--expect", str(size)] if echo else [])
            r = run_tool(["client", str(port), *args])
            time.sleep(0.2)
        finally:
            srv.kill()
            srv.wait()
        out.seek(0)
        peer = out.read()
    info = r.stdout
    ok = r.returncode == 0 and all(e in info for e in expect_in_info)
    if sink == "stdout":  # s_server prints what it received
        ok = ok and pattern(size) in peer
    check(name, ok, f"ours: {info}{r.stderr}\npeer: {peer.decode(errors='replace')[-1500:]}")


def our_server_against(name, client_cmd, tool_args, expect_in_info=(), size=65536, strip_prefix=False,
                       first=None, peer_prints=None, agree=None):
    """Starts our server (echoing `size` bytes, then closing) and runs a peer client
    that sends random bytes from stdin; the peer must print them back. `first`: a peer
    command run before, on a connection of its own (for resumption)."""
    port = free_port()
    srv = subprocess.Popen([TOOL, "server", str(port), *tool_args, "--expect", str(size)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = srv.stdout.readline()
        if "listening" not in line:
            check(name, False, "our server did not start: " + line + srv.stdout.read())
            return
        data = os.urandom(size)
        try:
            if first:  # its stdin stays open a second, long enough for the ticket to arrive
                f = subprocess.Popen([c.replace("PORT", str(port)) for c in first], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(1.0)
                f.stdin.close()
                f.wait(timeout=30)
            cmd = [c.replace("PORT", str(port)) for c in client_cmd]
            r = subprocess.run(cmd, input=data, capture_output=True, timeout=60)
            out, _ = srv.communicate(timeout=30)
        except subprocess.TimeoutExpired as e:
            check(name, False, f"timed out: {e}")
            return
    finally:
        if srv.poll() is None:
            srv.kill()
            srv.wait()
    info = out
    got = r.stdout
    # gnutls-cli prints its own lines around the data it received.
    echoed = data in got if strip_prefix else got == data
    ok = srv.returncode == 0 and echoed and all(e in info for e in expect_in_info)
    ok = ok and (peer_prints is None or peer_prints in got)
    ok = ok and (agree is None or agree(info, got.decode(errors="replace")))
    check(name, ok, f"ours: {info}\npeer exit {r.returncode}: {r.stderr.decode(errors='replace')[-1500:]}"
                    f"\npeer stdout {len(got)} bytes")


def ocsp_response(tmp, cert):
    """A DER OCSP response for test/data/CERT.pem, signed by the test CA with openssl ocsp."""
    def field(*args):
        return subprocess.run([OPENSSL, "x509", "-in", d(cert + ".pem"), "-noout", *args], check=True,
                              capture_output=True, text=True).stdout.strip().split("=", 1)[1]
    index, req, resp = (os.path.join(tmp, n) for n in ("index.txt", "req.der", "resp.der"))
    with open(index, "w") as f:
        f.write(f"V\t991231235959Z\t\t{field('-serial')}\tunknown\t{field('-subject', '-nameopt', 'compat')}\n")
    subprocess.run([OPENSSL, "ocsp", "-issuer", d("ca.pem"), "-cert", d(cert + ".pem"), "-reqout", req, "-no_nonce"],
                   check=True, capture_output=True)
    subprocess.run([OPENSSL, "ocsp", "-index", index, "-rsigner", d("ca.pem"), "-rkey", d("ca.key"), "-CA", d("ca.pem"),
                    "-reqin", req, "-respout", resp, "-ndays", "1"], check=True, capture_output=True)
    return resp


def exporter_cases():
    """RFC 5705 / RFC 8446 7.5: our server and s_client export the same keying material."""
    import re

    def same(ours, peer):
        a = re.search(r"export=([0-9A-F]+)", ours)
        b = re.search(r"Keying material: ([0-9A-F]+)", peer)
        return bool(a and b and a.group(1) == b.group(1))

    for version, flag in [("TLS 1.3", "-tls1_3"), ("TLS 1.2", "-tls1_2")]:
        client = [OPENSSL, "s_client", "-connect", "127.0.0.1:PORT", "-servername", "localhost", "-CAfile",
                  d("ca.pem"), "-verify_return_error", flag, "-ign_eof", "-keymatexport", "EXPERIMENTAL-mirage",
                  "-keymatexportlen", "32"]
        our_server_against(f"openssl s_client -keymatexport -> our server, the same exported keys, {version}", client,
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), "--export", "EXPERIMENTAL-mirage"],
                           strip_prefix=True, agree=same)


def ocsp_cases(tmp):
    """Stapling passed through: the server's response reaches the client unchanged."""
    resp = ocsp_response(tmp, "p256")
    size = os.path.getsize(resp)
    for version, flag in [("TLS 1.3", "-tls1_3"), ("TLS 1.2", "-tls1_2")]:
        p = free_port()
        server = [OPENSSL, "s_server", "-accept", str(p), "-cert", d("p256.pem"), "-key", d("p256.key"), flag,
                  "-quiet", "-status_file", resp]
        our_client_against(f"openssl s_server -status_file <- our client, OCSP stapling, {version}", server, p,
                           ["--ca", d("ca.pem"), "--want-ocsp"], [f"ocsp={size}"], sink="stdout")
        client = [OPENSSL, "s_client", "-connect", "127.0.0.1:PORT", "-servername", "localhost", "-CAfile",
                  d("ca.pem"), "-verify_return_error", flag, "-ign_eof", "-status"]
        our_server_against(f"openssl s_client -status -> our server, OCSP stapling, {version}", client,
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), "--ocsp", resp], strip_prefix=True,
                           peer_prints=b"OCSP Response Status: successful")


def briefly(s_client_cmd):
    """An s_client command with -brief for -quiet and without -ign_eof (which -quiet
    implies): it closes once its stdin ends, after the session ticket has arrived."""
    return [{"-quiet": "-brief"}.get(c, c) for c in s_client_cmd if c != "-ign_eof"]


def openssl_cases():
    def s_server(port, cert, *extra):
        return [OPENSSL, "s_server", "-accept", str(port), "-cert", d(cert + ".pem"), "-key",
                d(cert + ".key"), "-tls1_3", "-quiet", *extra]

    def s_client(*extra):
        return [OPENSSL, "s_client", "-connect", "127.0.0.1:PORT", "-servername", "localhost",
                "-CAfile", d("ca.pem"), "-verify_return_error", "-tls1_3", "-quiet", "-ign_eof", *extra]

    ca = ["--ca", d("ca.pem")]
    schemes = {"p256": "ecdsa_secp256r1_sha256", "p384": "ecdsa_secp384r1_sha384",
               "p521": "ecdsa_secp521r1_sha512", "ed25519": "ed25519", "rsa2048": "rsa_pss_rsae_sha256"}
    for cert, scheme in schemes.items():
        p = free_port()
        our_client_against(f"openssl s_server ({cert}) <- our client", s_server(p, cert), p, ca,
                           [f"sig={scheme}"], sink="stdout")
        our_server_against(f"openssl s_client -> our server ({cert})", s_client(),
                           ["--cert", d(cert + ".pem"), "--key", d(cert + ".key")])
    for group in ["x25519", "secp256r1", "secp384r1", "secp521r1", "ffdhe2048", "ffdhe3072", "ffdhe4096"]:
        p = free_port()
        our_client_against(f"openssl s_server <- our client, group {group}", s_server(p, "p256"), p,
                           [*ca, "--group", group], [f"group={group}", "hrr=0"], sink="stdout")
        ossl = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}.get(group, group)
        our_server_against(f"openssl s_client -> our server, group {group}", s_client("-groups", ossl),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), "--group", group],
                           [f"group={group}", "hrr=0"])
    for suite in ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]:
        p = free_port()
        our_client_against(f"openssl s_server <- our client, {suite}", s_server(p, "p256"), p,
                           [*ca, "--suite", suite], [f"suite={suite}"], sink="stdout")
        our_server_against(f"openssl s_client -> our server, {suite}", s_client("-ciphersuites", suite),
                           ["--cert", d("p256.pem"), "--key", d("p256.key")], [f"suite={suite}"])
    p = free_port()  # AES-CCM: implemented, not in the defaults
    our_client_against("openssl s_server <- our client, TLS_AES_128_CCM_SHA256",
                       s_server(p, "p256", "-ciphersuites", "TLS_AES_128_CCM_SHA256"), p,
                       [*ca, "--suite", "TLS_AES_128_CCM_SHA256"], ["suite=TLS_AES_128_CCM_SHA256"], sink="stdout")
    our_server_against("openssl s_client -> our server, TLS_AES_128_CCM_SHA256",
                       s_client("-ciphersuites", "TLS_AES_128_CCM_SHA256"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--suite", "TLS_AES_128_CCM_SHA256"],
                       ["suite=TLS_AES_128_CCM_SHA256"])
    p = free_port()
    our_client_against("openssl s_server <- our client, HelloRetryRequest",
                       s_server(p, "p256", "-groups", "X25519"), p, [*ca, "--group", "secp384r1"],
                       ["group=x25519", "hrr=1"], sink="stdout")
    our_server_against("openssl s_client -> our server, HelloRetryRequest",
                       s_client("-groups", "P-256:X25519"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--group", "x25519"],
                       ["group=x25519", "hrr=1"])
    our_server_against("openssl s_client -> our server, stateless HelloRetryRequest with a cookie",
                       s_client("-groups", "P-256:X25519"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--group", "x25519", "--cookie"],
                       ["stateless retry", "group=x25519", "hrr=1"])
    p = free_port()
    our_client_against("openssl s_server -stateless <- our client, HelloRetryRequest with a cookie",
                       s_server(p, "p256", "-stateless"), p, ca, ["hrr=1"], sink="stdout")
    p = free_port()
    our_client_against("openssl s_server <- our client, ALPN", s_server(p, "p256", "-alpn", "h2,http/1.1"), p,
                       [*ca, "--alpn", "http/1.1"], ["alpn=http/1.1"], sink="stdout")
    our_server_against("openssl s_client -> our server, ALPN", s_client("-alpn", "h2"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--alpn", "h2"], ["alpn=h2"])
    p = free_port()
    our_client_against("openssl s_server <- our client, client certificate",
                       s_server(p, "p256", "-Verify", "1", "-CAfile", d("ca.pem")), p,
                       [*ca, "--cert", d("client.pem"), "--key", d("client.key")], sink="stdout")
    our_server_against("openssl s_client -> our server, client certificate",
                       s_client("-cert", d("client.pem"), "-key", d("client.key")),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), *ca], ["client_auth=1"])
    p = free_port()
    our_client_against("openssl s_server <- our client, resumption", s_server(p, "p256"), p,
                       [*ca, "--resume"], ["resumed=0", "resumed=1"], sink="stdout")
    with tempfile.TemporaryDirectory() as tmp:
        sess = os.path.join(tmp, "session.pem")
        our_server_against("openssl s_client -> our server, resumption", s_client("-sess_in", sess),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), "--resume", "--accept", "2"],
                           ["resumed=0", "resumed=1"],
                           first=briefly(s_client("-sess_out", sess)))
    our_server_against("openssl s_client -enable_pha -> our server, post-handshake authentication",
                       s_client("-enable_pha", "-cert", d("client.pem"), "-key", d("client.key")),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), *ca, "--pha"], ["pha client_auth=1"])
    p = free_port()
    our_client_against("openssl s_server <- our client, max_fragment_length 512", s_server(p, "p256"), p,
                       [*ca, "--max-fragment", "1"], sink="stdout")
    our_server_against("openssl s_client -maxfraglen 512 -> our server", s_client("-maxfraglen", "512"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key")])
    p = free_port()
    our_client_against("openssl s_server -early_data <- our client, 0-RTT", s_server(p, "p256", "-early_data"), p,
                       [*ca, "--resume", "--early", "0-RTT from mirage\n"], ["resumed=1 early=1"], sink="stdout")
    with tempfile.TemporaryDirectory() as tmp:
        sess, early = os.path.join(tmp, "session.pem"), os.path.join(tmp, "early.txt")
        with open(early, "w") as f:
            f.write("0-RTT from openssl\n")
        our_server_against("openssl s_client -early_data -> our server, 0-RTT", s_client("-sess_in", sess, "-early_data", early),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), "--resume", "--accept", "2", "--early", "16384"],
                           ["resumed=1 early=1", "early=19"], strip_prefix=True,
                           first=briefly(s_client("-sess_out", sess)))
    p = free_port()
    our_client_against("openssl s_server <- our client, KeyUpdate, 1 MiB", s_server(p, "p256"), p,
                       [*ca, "--key-update"], sink="stdout", size=1 << 20)
    our_server_against("openssl s_client -> our server, KeyUpdate, 1 MiB echo", s_client(),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--key-update"], size=1 << 20)


def openssl12_cases(tmp):
    """TLS 1.2: every suite, the curves, RFC 7919 DH groups (s_server given their
    parameters: its automatic DH parameters are RFC 3526's, which we do not take), PKCS#1
    signatures, ALPN, client certificates and 1 MiB, both directions."""
    dh = {}
    for g in ["ffdhe2048", "ffdhe3072"]:
        dh[g] = os.path.join(tmp, g + ".pem")
        subprocess.run([OPENSSL, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:" + g,
                        "-out", dh[g]], check=True, capture_output=True)

    def s_server(port, cert, *extra):
        return [OPENSSL, "s_server", "-accept", str(port), "-cert", d(cert + ".pem"), "-key",
                d(cert + ".key"), "-tls1_2", "-quiet", "-dhparam", dh["ffdhe2048"], *extra]

    def s_client(*extra):
        return [OPENSSL, "s_client", "-connect", "127.0.0.1:PORT", "-servername", "localhost",
                "-CAfile", d("ca.pem"), "-verify_return_error", "-tls1_2", "-quiet", "-ign_eof", *extra]

    ca = ["--ca", d("ca.pem"), "--tls12"]
    v = "version=TLSv1.2"
    suites = [("ECDHE-ECDSA-AES128-GCM-SHA256", "p256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
              ("ECDHE-ECDSA-AES256-GCM-SHA384", "p384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
              ("ECDHE-ECDSA-CHACHA20-POLY1305", "ed25519", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
              ("ECDHE-RSA-AES128-GCM-SHA256", "rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
              ("ECDHE-RSA-AES256-GCM-SHA384", "rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
              ("ECDHE-RSA-CHACHA20-POLY1305", "rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
              ("DHE-RSA-AES128-GCM-SHA256", "rsa2048", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
              ("DHE-RSA-AES256-GCM-SHA384", "rsa2048", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
              ("DHE-RSA-CHACHA20-POLY1305", "rsa2048", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256")]
    for ossl, cert, ours in suites:
        p = free_port()
        our_client_against(f"openssl s_server -tls1_2 <- our client, {ossl}", s_server(p, cert, "-cipher", ossl), p,
                           ca, [v, f"suite={ours}"], sink="stdout")
        our_server_against(f"openssl s_client -tls1_2 -> our server, {ossl}", s_client("-cipher", ossl),
                           ["--cert", d(cert + ".pem"), "--key", d(cert + ".key")], [v, f"suite={ours}"])
    for ossl, ours in [("ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
                       ("ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM")]:
        p = free_port()
        our_client_against(f"openssl s_server -tls1_2 <- our client, {ossl}", s_server(p, "p256", "-cipher", ossl), p,
                           [*ca, "--suite", ours], [v, f"suite={ours}"], sink="stdout")
        our_server_against(f"openssl s_client -tls1_2 -> our server, {ossl}", s_client("-cipher", ossl),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), "--suite", ours], [v, f"suite={ours}"])
    for group in ["x25519", "secp256r1", "secp384r1", "secp521r1"]:
        ossl = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}.get(group, group)
        p = free_port()
        # RSA certificates: in TLS 1.2 the groups also limit an ECDSA certificate's curve.
        our_client_against(f"openssl s_server -tls1_2 <- our client, ECDHE {group}", s_server(p, "rsa2048"), p,
                           [*ca, "--group", group], [v, f"group={group}"], sink="stdout")
        our_server_against(f"openssl s_client -tls1_2 -> our server, ECDHE {group}", s_client("-groups", ossl),
                           ["--cert", d("rsa2048.pem"), "--key", d("rsa2048.key")], [v, f"group={group}"])
    # ...which our server honours: with a P-384 and a P-256 certificate, a client naming
    # only P-256 gets the P-256 one.
    our_server_against("openssl s_client -tls1_2 -groups P-256 -> our server, ECDSA certificate on P-256",
                       s_client("-groups", "P-256", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                       ["--cert", d("p384.pem"), "--key", d("p384.key"), "--cert", d("p256.pem"), "--key", d("p256.key")],
                       [v, "group=secp256r1"])
    p = free_port()
    our_client_against("openssl s_server -tls1_2 <- our client, DHE ffdhe3072",
                       s_server(p, "rsa2048", "-cipher", "DHE-RSA-AES128-GCM-SHA256", "-dhparam", dh["ffdhe3072"]),
                       p, ca, [v, "group=ffdhe3072"], sink="stdout")
    p = free_port()
    our_client_against("openssl s_server -tls1_2 <- our client, RSA PKCS#1 signature",
                       s_server(p, "rsa2048", "-sigalgs", "RSA+SHA384"), p, ca, [v, "sig=rsa_pkcs1_sha384"],
                       sink="stdout")
    our_server_against("openssl s_client -tls1_2 -> our server, RSA PKCS#1 signature", s_client("-sigalgs", "RSA+SHA256"),
                       ["--cert", d("rsa2048.pem"), "--key", d("rsa2048.key")], [v])
    p = free_port()
    our_client_against("openssl s_server -tls1_2 <- our client, ALPN", s_server(p, "p256", "-alpn", "h2,http/1.1"), p,
                       [*ca, "--alpn", "http/1.1"], [v, "alpn=http/1.1"], sink="stdout")
    our_server_against("openssl s_client -tls1_2 -> our server, ALPN", s_client("-alpn", "h2"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--alpn", "h2"], [v, "alpn=h2"])
    p = free_port()
    our_client_against("openssl s_server -tls1_2 <- our client, client certificate",
                       s_server(p, "p256", "-Verify", "1", "-CAfile", d("ca.pem")), p,
                       [*ca, "--cert", d("client.pem"), "--key", d("client.key")], [v], sink="stdout")
    our_server_against("openssl s_client -tls1_2 -> our server, client certificate",
                       s_client("-cert", d("client.pem"), "-key", d("client.key")),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), *ca], [v, "client_auth=1"])
    p = free_port()
    our_client_against("openssl s_server -tls1_2 <- our client, 1 MiB", s_server(p, "rsa2048"), p, ca, [v],
                       sink="stdout", size=1 << 20)
    our_server_against("openssl s_client -tls1_2 -> our server, 1 MiB echo", s_client(),
                       ["--cert", d("p256.pem"), "--key", d("p256.key")], [v], size=1 << 20)
    p = free_port()
    our_client_against("openssl s_server -tls1_2 <- our client, resumption with a ticket", s_server(p, "p256"), p,
                       [*ca, "--resume"], [v, "resumed=0", "resumed=1"], sink="stdout")
    p = free_port()
    our_client_against("openssl s_server -tls1_2 -no_ticket <- our client, resumption by session ID",
                       s_server(p, "p256", "-no_ticket"), p, [*ca, "--resume"], [v, "resumed=0", "resumed=1"],
                       sink="stdout")
    sess = os.path.join(tmp, "session12.pem")
    our_server_against("openssl s_client -tls1_2 -> our server, resumption with a ticket", s_client("-sess_in", sess),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--resume", "--accept", "2"],
                       [v, "resumed=0", "resumed=1"],
                       first=briefly(s_client("-sess_out", sess)))
    sess = os.path.join(tmp, "session12-id.pem")
    our_server_against("openssl s_client -tls1_2 -no_ticket -> our server, resumption by session ID",
                       s_client("-no_ticket", "-sess_in", sess),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--session-cache", "--accept", "2"],
                       [v, "resumed=0", "resumed=1"],
                       first=briefly(s_client("-no_ticket", "-sess_out", sess)))
    # Our server speaks 1.3 too: an OpenSSL client limited to 1.2 still gets 1.2 (with
    # the downgrade sentinel, which a 1.2-only client does not check).
    our_server_against("openssl s_client -tls1_2 -> our server (TLS 1.3 too)", s_client(),
                       ["--cert", d("rsa2048.pem"), "--key", d("rsa2048.key")], [v])


def openssl_legacy_cases(tmp):
    """CBC suites in TLS 1.2, 1.1 and 1.0, both directions: encrypt-then-MAC (RFC 7366,
    which both ends offer by default) and MAC-then-encrypt (-no_etm, --no-etm). OpenSSL 3
    takes TLS 1.0 and 1.1 only at security level 0 (their signatures use SHA-1)."""
    dh = os.path.join(tmp, "ffdhe2048.pem")
    subprocess.run([OPENSSL, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048",
                    "-out", dh], check=True, capture_output=True)

    def s_server(port, cert, flag, cipher, *extra):
        return [OPENSSL, "s_server", "-accept", str(port), "-cert", d(cert + ".pem"), "-key", d(cert + ".key"),
                flag, "-quiet", "-dhparam", dh, "-cipher", cipher + ":@SECLEVEL=0", *extra]

    def s_client(flag, cipher, *extra):
        return [OPENSSL, "s_client", "-connect", "127.0.0.1:PORT", "-servername", "localhost", "-CAfile",
                d("ca.pem"), "-verify_return_error", flag, "-quiet", "-ign_eof", "-cipher", cipher + ":@SECLEVEL=0",
                *extra]

    versions = {"-tls1_2": ("TLSv1.2", ["--legacy", "--tls12"]), "-tls1_1": ("TLSv1.1", ["--tls11"]),
                "-tls1": ("TLSv1", ["--tls10"])}
    cases = [("-tls1_2", "ECDHE-ECDSA-AES128-SHA256", "p256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
             ("-tls1_2", "ECDHE-ECDSA-AES256-SHA384", "p384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
             ("-tls1_2", "ECDHE-RSA-AES128-SHA256", "rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
             ("-tls1_2", "ECDHE-RSA-AES256-SHA384", "rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
             ("-tls1_2", "DHE-RSA-AES256-SHA256", "rsa2048", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
             ("-tls1_2", "ECDHE-RSA-AES128-SHA", "rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
             ("-tls1_1", "ECDHE-RSA-AES256-SHA", "rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
             ("-tls1_1", "ECDHE-ECDSA-AES128-SHA", "p256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
             ("-tls1_1", "DHE-RSA-AES128-SHA", "rsa2048", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
             ("-tls1", "ECDHE-RSA-AES128-SHA", "rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
             ("-tls1", "ECDHE-ECDSA-AES256-SHA", "p384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
             ("-tls1", "DHE-RSA-AES256-SHA", "rsa2048", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA")]
    for flag, ossl, cert, ours in cases:
        v, tool = versions[flag]
        p = free_port()
        our_client_against(f"openssl s_server {flag} <- our client, {ossl}", s_server(p, cert, flag, ossl), p,
                           ["--ca", d("ca.pem"), *tool], [f"version={v} ", f"suite={ours}", "etm=1"], sink="stdout")
        our_server_against(f"openssl s_client {flag} -> our server, {ossl}", s_client(flag, ossl),
                           ["--cert", d(cert + ".pem"), "--key", d(cert + ".key"), *tool],
                           [f"version={v} ", f"suite={ours}", "etm=1"])
    for flag in ["-tls1", "-tls1_1", "-tls1_2"]:
        v, tool = versions[flag]
        p = free_port()
        our_client_against(f"openssl s_server {flag} <- our client --no-etm, MAC-then-encrypt",
                           s_server(p, "rsa2048", flag, "ECDHE-RSA-AES128-SHA"), p,
                           ["--ca", d("ca.pem"), *tool, "--no-etm"], [f"version={v} ", "etm=0"], sink="stdout")
        our_server_against(f"openssl s_client {flag} -no_etm -> our server, MAC-then-encrypt",
                           s_client(flag, "ECDHE-ECDSA-AES256-SHA", "-no_etm"),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), *tool], [f"version={v} ", "etm=0"])
    for flag in ["-tls1", "-tls1_1"]:
        v, tool = versions[flag]
        p = free_port()
        our_client_against(f"openssl s_server {flag} <- our client, 1 MiB MAC-then-encrypt",
                           s_server(p, "rsa2048", flag, "ALL"), p, ["--ca", d("ca.pem"), *tool, "--no-etm"],
                           [f"version={v} ", "etm=0"], sink="stdout", size=1 << 20)
        our_server_against(f"openssl s_client {flag} -> our server, 1 MiB echo encrypt-then-MAC", s_client(flag, "ALL"),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), *tool], [f"version={v} ", "etm=1"],
                           size=1 << 20)
        p = free_port()
        our_client_against(f"openssl s_server {flag} <- our client, client certificate",
                           s_server(p, "p256", flag, "ALL", "-Verify", "1", "-CAfile", d("ca.pem")), p,
                           ["--ca", d("ca.pem"), *tool, "--cert", d("client.pem"), "--key", d("client.key")],
                           [f"version={v} "], sink="stdout")
        our_server_against(f"openssl s_client {flag} -> our server, client certificate",
                           s_client(flag, "ALL", "-cert", d("client.pem"), "-key", d("client.key")),
                           ["--cert", d("rsa2048.pem"), "--key", d("rsa2048.key"), "--ca", d("ca.pem"), *tool],
                           [f"version={v} ", "client_auth=1"])
        p = free_port()
        our_client_against(f"openssl s_server {flag} <- our client, resumption with a ticket",
                           s_server(p, "p256", flag, "ALL"), p, ["--ca", d("ca.pem"), *tool, "--resume"],
                           [f"version={v} ", "resumed=0", "resumed=1"], sink="stdout")
        sess = os.path.join(tmp, f"session{flag}.pem")
        our_server_against(f"openssl s_client {flag} -no_ticket -> our server, resumption by session ID",
                           s_client(flag, "ALL", "-no_ticket", "-sess_in", sess),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), *tool, "--session-cache", "--accept", "2"],
                           [f"version={v} ", "resumed=0", "resumed=1"],
                           first=briefly(s_client(flag, "ALL", "-no_ticket", "-sess_out", sess)))
    # Version negotiation: our server speaking 1.0 to 1.3 gives an old client the old
    # version; our client speaking them all gets what an old server speaks (its hello
    # carries no downgrade sentinel: it speaks nothing newer).
    our_server_against("openssl s_client -tls1 -> our server (TLS 1.0 to 1.3)", s_client("-tls1", "ALL"),
                       ["--cert", d("rsa2048.pem"), "--key", d("rsa2048.key"), "--legacy"], ["version=TLSv1 "])
    p = free_port()
    our_client_against("openssl s_server -tls1_1 <- our client (TLS 1.0 to 1.3)", s_server(p, "p256", "-tls1_1", "ALL"),
                       p, ["--ca", d("ca.pem"), "--legacy"], ["version=TLSv1.1 "], sink="stdout")
    # ...but not below its min_version.
    p = free_port()
    srv = subprocess.Popen(s_server(p, "p256", "-tls1", "ALL"), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        if wait_listening(p, srv):
            r = run_tool(["client", str(p), "--ca", d("ca.pem"), "--send", "64"])
            check("openssl s_server -tls1 <- our client (defaults): refused", r.returncode == 1 and
                  "protocol_version" in r.stdout, r.stdout + r.stderr)
    finally:
        srv.kill()
        srv.wait()


def gnutls_legacy_cases():
    for vers, v, tool in [("TLS1.2", "TLSv1.2", ["--legacy", "--tls12"]), ("TLS1.1", "TLSv1.1", ["--tls11"]),
                          ("TLS1.0", "TLSv1", ["--tls10"])]:
        for kx, cipher, mac, cert in [("ECDHE-RSA", "AES-128-CBC", "SHA1", "rsa2048"),
                                      ("ECDHE-ECDSA", "AES-256-CBC", "SHA1", "p256")] + \
                                     ([("ECDHE-RSA", "AES-256-CBC", "SHA384", "rsa2048")] if vers == "TLS1.2" else []):
            prio = f"NORMAL:-VERS-ALL:+VERS-{vers}:-KX-ALL:+{kx}:-CIPHER-ALL:+{cipher}:-MAC-ALL:+{mac}"
            p = free_port()
            our_client_against(f"gnutls-serv {vers} <- our client, {kx} {cipher} {mac}", serv(p, cert, prio), p,
                               ["--ca", d("ca.pem"), *tool], [f"version={v} ", "etm=1"], echo=True)
            our_server_against(f"gnutls-cli {vers} -> our server, {kx} {cipher} {mac}", cli(prio),
                               ["--cert", d(cert + ".pem"), "--key", d(cert + ".key"), *tool],
                               [f"version={v} ", "etm=1"], strip_prefix=True)
        # MAC-then-encrypt: %NO_ETM on their side, --no-etm on ours.
        prio = f"NORMAL:-VERS-ALL:+VERS-{vers}:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1"
        p = free_port()
        our_client_against(f"gnutls-serv {vers} %NO_ETM <- our client, MAC-then-encrypt",
                           serv(p, "rsa2048", prio + ":%NO_ETM"), p, ["--ca", d("ca.pem"), *tool],
                           [f"version={v} ", "etm=0"], echo=True)
        our_server_against(f"gnutls-cli {vers} -> our server --no-etm, MAC-then-encrypt", cli(prio),
                           ["--cert", d("rsa2048.pem"), "--key", d("rsa2048.key"), *tool, "--no-etm"],
                           [f"version={v} ", "etm=0"], strip_prefix=True)


def serv(port, cert, priority=GNUTLS_TLS13, *extra):
    return [GNUTLS_SERV, "--echo", "--port", str(port), "--x509certfile", d(cert + ".pem"), "--x509keyfile",
            d(cert + ".key"), "--priority", priority, *extra]


def cli(priority=GNUTLS_TLS13, *extra):
    return [GNUTLS_CLI, "--port", "PORT", "--x509cafile", d("ca.pem"), "--priority", priority, *extra, "localhost"]


def gnutls_alpn_and_client_certificate(label, priority, tool_args, expect, size=65536):
    """ALPN h2 and a client certificate, our client against gnutls-serv and gnutls-cli
    against our server."""
    p = free_port()
    our_client_against(f"gnutls-serv{label} <- our client, ALPN and client certificate",
                       serv(p, "p256", priority, "--alpn", "h2", "--require-client-cert", "--x509cafile", d("ca.pem")),
                       p, [*tool_args, "--alpn", "h2", "--cert", d("client.pem"), "--key", d("client.key")],
                       [*expect, "alpn=h2"], echo=True, size=size)
    our_server_against(f"gnutls-cli{label} -> our server, ALPN and client certificate",
                       cli(priority, "--alpn", "h2", "--x509certfile", d("client.pem"), "--x509keyfile", d("client.key")),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--alpn", "h2", *tool_args],
                       [*expect, "alpn=h2", "client_auth=1"], strip_prefix=True)


def gnutls12_cases():
    ca = ["--ca", d("ca.pem"), "--tls12"]
    v = "version=TLSv1.2"
    for kx, cipher, cert, ours in [("ECDHE-ECDSA", "AES-128-GCM", "p256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                                   ("ECDHE-RSA", "CHACHA20-POLY1305", "rsa2048",
                                    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
                                   ("DHE-RSA", "AES-256-GCM", "rsa2048", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384")]:
        prio = f"{GNUTLS_TLS12}:-KX-ALL:+{kx}:-CIPHER-ALL:+{cipher}"
        p = free_port()
        our_client_against(f"gnutls-serv TLS 1.2 <- our client, {kx} {cipher}", serv(p, cert, prio), p, ca,
                           [v, f"suite={ours}"], echo=True)
        our_server_against(f"gnutls-cli TLS 1.2 -> our server, {kx} {cipher}", cli(prio),
                           ["--cert", d(cert + ".pem"), "--key", d(cert + ".key")], [v, f"suite={ours}"],
                           strip_prefix=True)
    gnutls_alpn_and_client_certificate(" TLS 1.2", GNUTLS_TLS12, ca, [v], size=1 << 20)
    p = free_port()
    our_client_against("gnutls-serv TLS 1.2 <- our client, resumption", serv(p, "p256", GNUTLS_TLS12), p,
                       [*ca, "--resume"], [v, "resumed=0", "resumed=1"], echo=True)
    our_server_against("gnutls-cli -r TLS 1.2 -> our server, resumption", cli(GNUTLS_TLS12, "-r"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--resume", "--accept", "2"],
                       [v, "resumed=0", "resumed=1"], strip_prefix=True)


def gnutls_cases():
    ca = ["--ca", d("ca.pem")]
    for cert in ["p256", "p384", "ed25519", "rsa2048"]:
        p = free_port()
        our_client_against(f"gnutls-serv ({cert}) <- our client, echo", serv(p, cert), p, ca, echo=True)
        our_server_against(f"gnutls-cli -> our server ({cert})", cli(),
                           ["--cert", d(cert + ".pem"), "--key", d(cert + ".key")], strip_prefix=True)
    for group, gname in [("x25519", "X25519"), ("secp256r1", "SECP256R1"), ("secp384r1", "SECP384R1"),
                         ("secp521r1", "SECP521R1"), ("ffdhe2048", "FFDHE2048"), ("ffdhe3072", "FFDHE3072")]:
        prio = f"{GNUTLS_TLS13}:-GROUP-ALL:+GROUP-{gname}"
        p = free_port()
        our_client_against(f"gnutls-serv <- our client, group {group}", serv(p, "p256", prio), p,
                           [*ca, "--group", group], [f"group={group}"], echo=True)
        our_server_against(f"gnutls-cli -> our server, group {group}", cli(prio),
                           ["--cert", d("p256.pem"), "--key", d("p256.key"), "--group", group],
                           [f"group={group}"], strip_prefix=True)
    for suite, gname in [("TLS_AES_256_GCM_SHA384", "AES-256-GCM"),
                         ("TLS_CHACHA20_POLY1305_SHA256", "CHACHA20-POLY1305")]:
        prio = f"{GNUTLS_TLS13}:-CIPHER-ALL:+{gname}"
        p = free_port()
        our_client_against(f"gnutls-serv <- our client, {suite}", serv(p, "p256", prio), p,
                           ca, [f"suite={suite}"], echo=True)
        our_server_against(f"gnutls-cli -> our server, {suite}", cli(prio),
                           ["--cert", d("p256.pem"), "--key", d("p256.key")], [f"suite={suite}"],
                           strip_prefix=True)
    p = free_port()
    our_client_against("gnutls-serv <- our client, HelloRetryRequest",
                       serv(p, "p256", f"{GNUTLS_TLS13}:-GROUP-ALL:+GROUP-X25519"), p,
                       [*ca, "--group", "secp384r1"], ["hrr=1"], echo=True)
    our_server_against("gnutls-cli -> our server, HelloRetryRequest",
                       # gnutls-cli sends shares for its first two groups, not the third
                       cli(f"{GNUTLS_TLS13}:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--group", "secp384r1"],
                       ["group=secp384r1", "hrr=1"],
                       strip_prefix=True)
    our_server_against("gnutls-cli -> our server, stateless HelloRetryRequest with a cookie",
                       cli(f"{GNUTLS_TLS13}:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--group", "secp384r1", "--cookie"],
                       ["stateless retry", "group=secp384r1", "hrr=1"], strip_prefix=True)
    gnutls_alpn_and_client_certificate("", GNUTLS_TLS13, ca, [])
    # (gnutls-cli 3.7's --post-handshake-auth reports the request and drops the session:
    # it leaves the answer, gnutls_reauth, to an application loop it does not have.)
    p = free_port()
    our_client_against("gnutls-serv <- our client, resumption", serv(p, "p256"), p, [*ca, "--resume"],
                       ["resumed=0", "resumed=1"], echo=True)
    our_server_against("gnutls-cli -r -> our server, resumption", cli(GNUTLS_TLS13, "-r"),
                       ["--cert", d("p256.pem"), "--key", d("p256.key"), "--resume", "--accept", "2"],
                       ["resumed=0", "resumed=1"], strip_prefix=True)
    p = free_port()
    our_client_against("gnutls-serv <- our client, KeyUpdate, 1 MiB echo", serv(p, "p256"), p,
                       [*ca, "--key-update"], echo=True, size=1 << 20)


def main():
    if not OPENSSL and not (GNUTLS_SERV and GNUTLS_CLI):
        print("neither openssl nor gnutls-bin is installed (ci/deps.sh --all installs them)")
        return 77
    if OPENSSL:
        openssl_cases()
        with tempfile.TemporaryDirectory() as tmp:
            openssl12_cases(tmp)
        with tempfile.TemporaryDirectory() as tmp:
            openssl_legacy_cases(tmp)
        with tempfile.TemporaryDirectory() as tmp:
            ocsp_cases(tmp)
        exporter_cases()
    else:
        print("skipped: openssl not installed")
    if GNUTLS_SERV and GNUTLS_CLI:
        gnutls_cases()
        gnutls12_cases()
        gnutls_legacy_cases()
    else:
        print("skipped: gnutls-bin not installed (ci/deps.sh --all installs it)")
    print(f"{passed} passed, {len(failures)} failed")
    for f in failures:
        print(f"  failed: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
