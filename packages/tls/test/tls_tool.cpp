// tls_tool: our TLS 1.3 / 1.2 client or server over a loopback TCP socket, for the interop
// tests against openssl s_server / s_client and gnutls-serv / gnutls-cli.
//   tls_tool client PORT [options]   connects to 127.0.0.1:PORT, sends --send N bytes
//                                     (64-byte lines), reads --expect N bytes back
//   tls_tool server PORT [options]   accepts one connection and echoes what it reads;
//                                     closes once --expect N bytes were echoed
// Options: --name HOST (SNI, certificate name), --ca FILE (trust anchors; client: the
// server's, server: the client's, which also asks for a client certificate), --cert FILE
// --key FILE, --alpn P (repeatable), --group G, --suite S, --key-update (after half of
// the data), --resume (client: a second connection resuming with the first one's ticket;
// server: issue tickets), --accept N (server: N connections in turn, the data only on the
// last), --tls12 (at most TLS 1.2), --tls13 (only TLS 1.3), --sigalg S (the one scheme),
// --max-fragment N (client: RFC 6066's max_fragment_length), --pha (server: a post-handshake
// certificate request once the handshake is done; client: offer to answer one), --early X
// (client: 0-RTT data X on the resumed connection; server: take up to X bytes of 0-RTT,
// echoed once the handshake is done, printed as "early=N"), --cookie (server: a cookie in
// its HelloRetryRequest, and a new Connection for the second ClientHello), --ocsp FILE
// (server: staple that OCSP response), --want-ocsp (client: ask for one; "ocsp=N" bytes),
// --session-cache (server: TLS 1.2 resumption by session ID from a cache in memory),
// --export LABEL (print "export=HEX": 32 bytes exported under LABEL, no context),
// --tls10 / --tls11 (only that version, with the CBC suites), --legacy (TLS 1.0 to 1.3,
// the CBC suites after the defaults), --no-etm (CBC records MAC-then-encrypt: neither
// offer nor accept encrypt_then_mac). Prints "version=... suite=... group=... alpn=... sig=... hrr=0|1 client_auth=0|1 resumed=0|1" and
// "ok" on success; the alert and reason and exit status 1 on failure, 2 on a usage error.
#include "support.hpp"

#include <tls/crypto.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <string>

namespace {

using namespace tls;

struct Options {
  bool client = true;
  int port = 0;
  std::string name = "localhost", ca;
  std::vector<std::string> certs, keys;  // a server may hold several (chosen per handshake)
  std::vector<std::string> alpn;
  std::optional<Group> group;
  std::optional<CipherSuite> suite;
  std::size_t send = 0, expect = 0;
  bool key_update = false;
  bool resume = false;
  int accept = 1;
  std::optional<ProtocolVersion> min_version, max_version;
  std::optional<SignatureScheme> sigalg;
  std::optional<std::uint8_t> max_fragment;
  bool pha = false;
  bool cookie = false;
  std::string ocsp;        // server: a DER OCSPResponse file to staple
  bool want_ocsp = false;  // client: ask for one
  bool session_cache = false;  // server: TLS 1.2 sessions kept by ID
  std::string export_label;    // print 32 bytes of keying material under this label  // server: cookies in HelloRetryRequest, and a new connection after one
  std::string early;              // client: 0-RTT data on the resumed connection
  std::uint32_t max_early = 0;    // server: take this much 0-RTT data
  bool legacy = false;            // TLS 1.0 and 1.1 too, and the CBC suites
  bool etm = true;                // offer or accept encrypt_then_mac
};

// What both sides take from the options: suites, versions, signature schemes.
void apply_common(Config& config, const Options& o) {
  if (o.legacy || (o.max_version && *o.max_version < ProtocolVersion::tls12)) {
    for (auto s : crypto::all_suites())
      if (crypto::cbc_suite(s)) config.suites.push_back(s);
    config.min_version = ProtocolVersion::tls10;
  }
  if (o.suite) config.suites = {*o.suite};
  if (o.min_version) config.min_version = *o.min_version;
  if (o.max_version) config.max_version = *o.max_version;
  if (o.sigalg) config.signature_schemes = {*o.sigalg};
  config.encrypt_then_mac = o.etm;
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "tls_tool: %s\nusage: tls_tool client|server PORT [--name HOST] [--ca FILE] "
                       "[--cert FILE --key FILE] [--alpn P] [--group G] [--suite S] [--send N] "
                       "[--expect N] [--key-update]\n", why);
  std::exit(2);
}

std::optional<Group> group_named(std::string_view n) {
  for (auto g : {Group::x25519, Group::secp256r1, Group::secp384r1, Group::secp521r1, Group::ffdhe2048,
                 Group::ffdhe3072, Group::ffdhe4096, Group::ffdhe6144, Group::ffdhe8192})
    if (n == group_name(g)) return g;
  return std::nullopt;
}

std::optional<CipherSuite> suite_named(std::string_view n) {
  for (auto s : crypto::all_suites())
    if (n == suite_name(s)) return s;
  return std::nullopt;
}

Options parse(int argc, char** argv) {
  if (argc < 3) usage("a mode and a port are required");
  Options o;
  const std::string mode = argv[1];
  if (mode != "client" && mode != "server") usage("the mode is client or server");
  o.client = mode == "client";
  o.port = std::atoi(argv[2]);
  if (o.port <= 0 || o.port > 65535) usage("the port is a number from 1 to 65535");
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("option " + a + " needs a value").c_str());
      return argv[++i];
    };
    if (a == "--name") o.name = value();
    else if (a == "--ca") o.ca = value();
    else if (a == "--cert") o.certs.push_back(value());
    else if (a == "--key") o.keys.push_back(value());
    else if (a == "--alpn") o.alpn.push_back(value());
    else if (a == "--group") {
      o.group = group_named(value());
      if (!o.group) usage("unknown group (x25519, secp256r1, ..., ffdhe2048, ...)");
    } else if (a == "--suite") {
      o.suite = suite_named(value());
      if (!o.suite) usage("unknown suite (TLS_AES_128_GCM_SHA256, ...)");
    } else if (a == "--send") o.send = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--expect") o.expect = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--key-update") o.key_update = true;
    else if (a == "--resume") o.resume = true;
    else if (a == "--tls12") o.max_version = ProtocolVersion::tls12;
    else if (a == "--tls13") o.min_version = ProtocolVersion::tls13;
    else if (a == "--tls10" || a == "--tls11")
      o.min_version = o.max_version = a == "--tls10" ? ProtocolVersion::tls10 : ProtocolVersion::tls11;
    else if (a == "--legacy") o.legacy = true;
    else if (a == "--no-etm") o.etm = false;
    else if (a == "--pha") o.pha = true;
    else if (a == "--cookie") o.cookie = true;
    else if (a == "--ocsp") o.ocsp = value();
    else if (a == "--want-ocsp") o.want_ocsp = true;
    else if (a == "--session-cache") o.session_cache = true;
    else if (a == "--export") o.export_label = value();
    else if (a == "--early") {
      if (o.client) o.early = value();
      else o.max_early = static_cast<std::uint32_t>(std::strtoul(value().c_str(), nullptr, 10));
    }
    else if (a == "--max-fragment") {
      const int n = std::atoi(value().c_str());
      if (n < 1 || n > 4) usage("--max-fragment takes 1 to 4 (512 to 4096 bytes)");
      o.max_fragment = static_cast<std::uint8_t>(n);
    } else if (a == "--sigalg") {
      const std::string n = value();
      for (auto sc : Config{}.signature_schemes)
        if (n == scheme_name(sc)) o.sigalg = sc;
      if (!o.sigalg) usage("unknown signature scheme (ecdsa_secp256r1_sha256, rsa_pkcs1_sha256, ...)");
    }
    else if (a == "--accept") {
      o.accept = std::atoi(value().c_str());
      if (o.accept < 1) usage("--accept takes a number of connections, at least 1");
    }
    else usage(("unknown option " + a).c_str());
  }
  return o;
}

bool write_all(int fd, const Bytes& b) {
  std::size_t at = 0;
  while (at < b.size()) {
    const ssize_t n = ::write(fd, b.data() + at, b.size() - at);
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

int fail_with(const Error& e) {
  std::printf("%s %s: %s\n", e.received ? "received" : "sent", alert_name(e.alert), e.message);
  return 1;
}

Bytes pattern(std::size_t n) {
  Bytes b(n);
  // Lines of 64 bytes: gnutls-serv --echo answers line by line.
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i % 64 == 63 ? '\n' : 'a' + i % 26);
  return b;
}

void print_info(const Connection& c) {
  const SessionInfo& i = c.info();
  std::printf("version=%s suite=%s group=%s alpn=%s sig=%s hrr=%d client_auth=%d resumed=%d early=%d ocsp=%zu "
              "etm=%d\n",
              version_name(i.version), suite_name(i.suite),
              group_name(i.group), i.alpn ? i.alpn->c_str() : "-",
              i.peer_signature ? scheme_name(*i.peer_signature) : "-", i.hello_retry ? 1 : 0,
              i.client_authenticated ? 1 : 0, i.resumed ? 1 : 0, i.early_data_accepted ? 1 : 0, i.ocsp_response.size(),
              i.encrypt_then_mac ? 1 : 0);
  std::fflush(stdout);
}

struct Urandom {
  bool generate(std::span<std::uint8_t> out) {
    FILE* f = std::fopen("/dev/urandom", "rb");
    if (f == nullptr) return false;
    const bool ok = std::fread(out.data(), 1, out.size(), f) == out.size();
    std::fclose(f);
    return ok;
  }
};

// Drives the connection over `fd`: the client sends its data once the handshake is done
// and stops after reading `expect` bytes; the server echoes and closes after `expect`.
int run(Connection& c, int fd, const Options& o) {
  Bytes received;
  std::size_t echoed = 0;
  bool sent = false, printed = false, pha_asked = false, pha_done = false;
  Bytes early;  // a server's 0-RTT data, echoed once the handshake is done
  // The handshake summary, and the exported keying material when asked for.
  const auto announce = [&] {
    print_info(c);
    if (o.export_label.empty()) return true;
    auto k = c.export_keying_material(o.export_label, 32);
    if (!k) return fail_with(k.error()), false;
    std::printf("export=");
    for (auto b : *k) std::printf("%02X", b);
    std::printf("\n");
    return true;
  };
  const Bytes data = pattern(o.send);
  std::uint8_t buf[65536];
  while (true) {
    if (!write_all(fd, c.take_output())) return std::printf("write failed\n"), 1;
    if (c.handshake_done() && !printed) {
      printed = true;
      if (!announce()) return 1;
    }
    if (!early.empty() && c.handshake_done()) {
      if (auto r = c.send(early); !r) return fail_with(r.error());
      early.clear();
      continue;
    }
    if (!o.client && o.pha && c.handshake_done() && !pha_asked) {
      pha_asked = true;
      if (auto r = c.request_client_certificate(); !r) return fail_with(r.error());
      continue;
    }
    if (o.client && c.handshake_done() && !sent) {
      sent = true;
      const std::size_t half = data.size() / 2;
      if (auto r = c.send(ByteView(data).first(half)); !r) return fail_with(r.error());
      if (o.key_update)
        if (auto r = c.key_update(true); !r) return fail_with(r.error());
      if (auto r = c.send(ByteView(data).subspan(half)); !r) return fail_with(r.error());
      if (o.expect == 0) c.close();
      continue;
    }
    if (o.client && sent && received.size() >= o.expect && o.expect > 0) {
      if (Bytes(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(o.expect)) != pattern(o.expect))
        return std::printf("echo differs\n"), 1;
      c.close();
      (void)write_all(fd, c.take_output());
      std::printf("ok\n");
      return 0;
    }
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) {
      if (o.client && o.expect == 0 && sent) return std::printf("ok\n"), 0;
      if (!o.client && echoed >= o.expect) return std::printf("ok\n"), 0;
      return std::printf("connection closed early (%zu bytes)\n", o.client ? received.size() : echoed), 1;
    }
    auto r = c.handle(ByteView(buf, static_cast<std::size_t>(n)));
    if (!r) {
      (void)write_all(fd, c.take_output());
      return fail_with(r.error());
    }
    if (c.handshake_done() && !printed) {
      printed = true;
      if (!announce()) return 1;
    }
    if (!r->early_data.empty()) {
      std::printf("early=%zu\n", r->early_data.size());
      early.insert(early.end(), r->early_data.begin(), r->early_data.end());
    }
    if (!early.empty() && c.handshake_done()) {  // the early data's echo goes first
      if (auto e = c.send(early); !e) return fail_with(e.error());
      early.clear();
    }
    if (r->post_handshake_auth) {
      pha_done = true;
      std::printf("pha client_auth=%d\n", c.info().client_authenticated ? 1 : 0);
    }
    if (o.client) {
      received.insert(received.end(), r->data.begin(), r->data.end());
    } else if (!r->data.empty()) {
      const bool update = o.key_update && echoed < o.expect / 2 && echoed + r->data.size() >= o.expect / 2;
      if (auto s = c.send(r->data); !s) return fail_with(s.error());
      echoed += r->data.size();
      if (update)
        if (auto k = c.key_update(true); !k) return fail_with(k.error());
    }
    if (!o.client && o.expect > 0 && echoed >= o.expect && (!o.pha || pha_done)) {  // with --pha: its answer too
      c.close();
      (void)write_all(fd, c.take_output());
      std::printf("ok\n");
      return 0;
    }
    if (r->closed) {
      c.close();
      (void)write_all(fd, c.take_output());
      const bool done = o.client ? received.size() >= o.expect : echoed >= o.expect;
      std::printf(done ? "ok\n" : "peer closed early\n");
      return done ? 0 : 1;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line reaches the test as it is printed
  const Options o = parse(argc, argv);
  Urandom rng;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (o.certs.size() != o.keys.size()) usage("each --cert needs its --key");
  std::vector<Certified> owns;
  for (std::size_t i = 0; i < o.certs.size(); ++i) {
    auto c = certified_from_pem(test::read_text(o.certs[i]), test::read_text(o.keys[i]));
    if (!c) return std::printf("certificate: %s\n", c.error().message), 2;
    owns.push_back(std::move(*c));
  }
  std::optional<Certified> own;
  if (!owns.empty()) own = owns.front();
  std::vector<x509::Certificate> anchors;
  if (!o.ca.empty()) {
    auto a = x509::parse_pem_certificates(test::read_text(o.ca));
    if (!a || a->empty()) return std::printf("--ca %s holds no certificate\n", o.ca.c_str()), 2;
    anchors = std::move(*a);
  }

  if (o.client) {
    auto config = std::make_shared<ClientConfig>();
    config->server_name = o.name;
    if (anchors.empty()) config->insecure_skip_verification = true;
    else config->authenticator = test::authenticator(anchors);
    config->alpn = o.alpn;
    config->certificate = own;
    if (o.group) config->key_share_groups = {*o.group};
    if (o.group && o.max_version) config->groups = {*o.group};  // TLS 1.2 has no key shares
    apply_common(*config, o);
    config->max_fragment_length = o.max_fragment;
    config->post_handshake_auth = o.pha;
    config->request_ocsp = o.want_ocsp;
    std::optional<Ticket> ticket;
    for (int round = 0; round < (o.resume ? 2 : 1); ++round) {
      const Bytes early = ticket ? Bytes(o.early.begin(), o.early.end()) : Bytes{};
      auto c = Connection::client(config, rng, ticket, early);
      if (!c) return std::printf("client: %s\n", c.error().message), 2;
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        return std::printf("connect to 127.0.0.1:%d: %s\n", o.port, std::strerror(errno)), 1;
      const int status = run(*c, fd, o);
      ::close(fd);
      if (status != 0) return status;
      auto tickets = c->take_tickets();
      if (o.resume && round == 0) {
        if (tickets.empty()) return std::printf("no ticket from the server\n"), 1;
        ticket = tickets.back();
      }
    }
    return 0;
  }

  if (!own) usage("a server needs --cert and --key");
  auto config = std::make_shared<ServerConfig>();
  if (!o.ocsp.empty()) {
    const std::string der = test::read_text(o.ocsp);
    if (der.empty()) return std::printf("--ocsp %s: no such file or empty\n", o.ocsp.c_str()), 2;
    owns.front().ocsp_response.assign(der.begin(), der.end());
  }
  config->certificates = owns;
  config->alpn = o.alpn;
  if (o.group) config->groups = {*o.group};
  apply_common(*config, o);
  if (o.max_early > 0) {  // a strike register in memory and the monotonic clock
    config->max_early_data = o.max_early;
    config->clock_ms = [] {
      timespec ts{};
      ::clock_gettime(CLOCK_MONOTONIC, &ts);
      return static_cast<std::uint64_t>(ts.tv_sec) * 1000 + static_cast<std::uint64_t>(ts.tv_nsec) / 1000000;
    };
    auto seen = std::make_shared<std::set<Bytes>>();
    config->early_data_once = [seen](ByteView t) { return seen->insert(Bytes(t.begin(), t.end())).second; };
  }
  if (o.session_cache) test::use_session_cache(*config);
  if (o.cookie) {
    config->cookie_key = Bytes(32);
    if (!rng.generate(*config->cookie_key)) return std::printf("no randomness\n"), 1;
  }
  if (o.resume) {
    config->ticket_key = Bytes(32);
    if (!rng.generate(*config->ticket_key)) return std::printf("no randomness\n"), 1;
  }
  if (!anchors.empty()) {  // with --pha: asked after the handshake instead of during it
    if (!o.pha) config->client_auth = ClientAuth::required;
    config->client_authenticator = test::authenticator(anchors);
  }
  const int ls = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(ls, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(ls, 1) != 0)
    return std::printf("listen on 127.0.0.1:%d: %s\n", o.port, std::strerror(errno)), 1;
  std::printf("listening\n");
  std::fflush(stdout);
  int status = 0;
  for (int i = 0; i < o.accept && status == 0; ++i) {
    const int fd = ::accept(ls, nullptr, nullptr);
    auto c = Connection::server(config, rng);
    if (!c) return std::printf("server: %s\n", c.error().message), 2;
    if (o.cookie) {  // a stateless retry: the connection that sent a HelloRetryRequest is dropped
      std::uint8_t buf[16384];
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) return std::printf("connection closed early (0 bytes)\n"), 1;
      auto r = c->handle(ByteView(buf, static_cast<std::size_t>(n)));
      if (!write_all(fd, c->take_output()) || !r) return r ? 1 : fail_with(r.error());
      if (c->info().hello_retry) {
        c = Connection::server(config, rng);
        std::printf("stateless retry\n");
      }
    }
    Options each = o;
    if (i + 1 < o.accept) each.expect = 0;  // earlier connections: the handshake, until the peer closes
    status = run(*c, fd, each);
    ::close(fd);
  }
  ::close(ls);
  return status;
}
