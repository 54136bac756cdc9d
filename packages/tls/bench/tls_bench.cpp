// Ours against OpenSSL's libssl in the same run, client and server in one process over
// memory: full TLS 1.3 handshakes per second (X25519; an ECDSA P-256 and an RSA-2048
// certificate, verified against test/data/ca.pem with the host name on both sides),
// resumptions per second (PSK with X25519, as both do by default), and bulk transfer
// (16 KiB records sealed by one side and opened by the other): TLS 1.3 AES-128-GCM, and
// TLS 1.2 AES-128-CBC with HMAC-SHA1 encrypt-then-MAC and MAC-then-encrypt.
//   tls_bench [SECONDS_PER_ROW]      prints each rate and the ratio ours/OpenSSL
#include "../test/support.hpp"

#include <mirage_bench/compare.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>

namespace {

using namespace tls;
// ---- ours

struct Ours {
  std::shared_ptr<ClientConfig> client = test::client_config();
  std::shared_ptr<ServerConfig> server;
  test::TestRng crng{1}, srng{2};
  explicit Ours(const char* cert) : server(test::server_config(cert)) {
    client->suites = {CipherSuite::aes_128_gcm_sha256};
  }
  void handshake() {
    auto c = Connection::client(client, crng);
    auto s = Connection::server(server, srng);
    auto p = test::pump(*c, *s);
    if (!c->handshake_done() || !s->handshake_done() || p.client_error || p.server_error) std::abort();
  }
};

// Resumption with a ticket from a first full handshake (each resumption also issues
// the client a new ticket, as OpenSSL's server does).
struct OursResume {
  Ours o{"p256"};
  Ticket ticket;
  OursResume() {
    o.server->ticket_key = Bytes(32, 7);
    auto c = Connection::client(o.client, o.crng);
    auto s = Connection::server(o.server, o.srng);
    test::pump(*c, *s);
    auto t = c->take_tickets();
    if (t.empty()) std::abort();
    ticket = t.front();
  }
  void resume() {
    auto c = Connection::client(o.client, o.crng, ticket);
    auto s = Connection::server(o.server, o.srng);
    auto p = test::pump(*c, *s);
    if (!c->info().resumed || p.client_error || p.server_error) std::abort();
  }
};

// A TLS 1.2 CBC suite for the bulk rows, and whether records are encrypt-then-MAC.
struct Cbc {
  CipherSuite suite;
  const char* openssl_name;
  bool etm;
};

// A connected pair whose client seals `batch` records and whose server opens them.
struct OursBulk {
  Ours o{"p256"};
  std::optional<Connection> c, s;
  Bytes data;
  OursBulk(std::size_t record, std::optional<Cbc> cbc = {}) : data(record, 0x5a) {
    if (cbc) {
      o.client->suites = {cbc->suite};
      o.client->max_version = ProtocolVersion::tls12;
      o.client->encrypt_then_mac = cbc->etm;
      o.server->suites.push_back(cbc->suite);
    }
    c.emplace(*Connection::client(o.client, o.crng));
    s.emplace(*Connection::server(o.server, o.srng));
    test::pump(*c, *s);
  }
  Bytes wire;   // records in flight, reused
  Received got;  // what the server read, reused
  void run(std::size_t batch) {
    for (std::size_t i = 0; i < batch; ++i) (void)c->send(data);
    c->take_output(wire);
    auto r = s->handle(wire, got);
    if (!r || got.data.size() != batch * data.size()) std::abort();
  }
};

// ---- OpenSSL

[[noreturn]] void ossl_die(const char* what) {
  std::fprintf(stderr, "openssl: %s\n", what);
  ERR_print_errors_fp(stderr);
  std::exit(1);
}

struct Ossl {
  SSL_CTX* client = SSL_CTX_new(TLS_client_method());
  SSL_CTX* server = SSL_CTX_new(TLS_server_method());
  explicit Ossl(const std::string& cert, std::optional<Cbc> cbc = {}) {
    for (SSL_CTX* ctx : {client, server}) {
      SSL_CTX_set_min_proto_version(ctx, cbc ? TLS1_2_VERSION : TLS1_3_VERSION);
      SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256");
      SSL_CTX_set1_groups_list(ctx, "X25519");
      if (!cbc) continue;
      SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
      SSL_CTX_set1_groups_list(ctx, "X25519:P-256");  // TLS 1.2: the ECDSA certificate's curve too
      if (SSL_CTX_set_cipher_list(ctx, cbc->openssl_name) != 1) ossl_die("cipher list");
      if (!cbc->etm) SSL_CTX_set_options(ctx, SSL_OP_NO_ENCRYPT_THEN_MAC);
    }
    if (SSL_CTX_use_certificate_chain_file(server, test::data_path(cert + ".pem").c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(server, test::data_path(cert + ".key").c_str(), SSL_FILETYPE_PEM) != 1)
      ossl_die("server certificate");
    SSL_CTX_set_num_tickets(server, 0);  // ours sends no tickets either
    if (SSL_CTX_load_verify_locations(client, test::data_path("ca.pem").c_str(), nullptr) != 1)
      ossl_die("client CA");
    SSL_CTX_set_verify(client, SSL_VERIFY_PEER, nullptr);
  }
  ~Ossl() {
    SSL_CTX_free(client);
    SSL_CTX_free(server);
  }

  struct Pair {
    SSL* c = nullptr;
    SSL* s = nullptr;
    Pair() = default;
    Pair(const Pair&) = delete;
    ~Pair() {
      // Freed without a shutdown, OpenSSL marks the session not resumable.
      SSL_set_shutdown(c, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
      SSL_set_shutdown(s, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
      SSL_free(c);
      SSL_free(s);
    }
  };

  std::unique_ptr<Pair> connect(SSL_SESSION* resume = nullptr) {
    auto p = std::make_unique<Pair>();
    p->c = SSL_new(client);
    p->s = SSL_new(server);
    if (resume != nullptr) SSL_set_session(p->c, resume);
    BIO *cb = nullptr, *sb = nullptr;
    if (BIO_new_bio_pair(&cb, 1 << 20, &sb, 1 << 20) != 1) ossl_die("bio pair");
    SSL_set_bio(p->c, cb, cb);
    SSL_set_bio(p->s, sb, sb);
    SSL_set_tlsext_host_name(p->c, "localhost");
    SSL_set1_host(p->c, "localhost");
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
    for (int i = 0; i < 20; ++i) {
      const int a = SSL_do_handshake(p->c);
      const int b = SSL_do_handshake(p->s);
      if (a == 1 && b == 1) return p;
    }
    ossl_die("handshake did not complete");
  }
};

struct OsslResume {
  Ossl o{"p256"};
  SSL_SESSION* session = nullptr;
  OsslResume() {
    SSL_CTX_set_num_tickets(o.server, 1);
    auto p = o.connect();
    std::uint8_t b;
    (void)SSL_read(p->c, &b, 1);  // reads the ticket that followed the handshake
    session = SSL_get1_session(p->c);
    if (session == nullptr || SSL_SESSION_is_resumable(session) != 1) ossl_die("no resumable session");
  }
  ~OsslResume() { SSL_SESSION_free(session); }
  void resume() {
    auto p = o.connect(session);
    if (SSL_session_reused(p->c) != 1) ossl_die("not resumed");
  }
};

struct OsslBulk {
  Ossl o;
  std::unique_ptr<Ossl::Pair> p = o.connect();
  Bytes data, sink;
  OsslBulk(std::size_t record, std::optional<Cbc> cbc = {}) : o("p256", cbc), data(record, 0x5a), sink(record) {}
  void run(std::size_t batch) {
    const int n = static_cast<int>(data.size());
    for (std::size_t i = 0; i < batch; ++i)
      if (SSL_write(p->c, data.data(), n) != n) ossl_die("write");
    std::size_t got = 0;
    while (got < batch * data.size()) {
      const int r = SSL_read(p->s, sink.data(), static_cast<int>(sink.size()));
      if (r <= 0) ossl_die("read");
      got += static_cast<std::size_t>(r);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  mirage_bench::header_ops("ours", "OpenSSL");
  for (const char* cert : {"p256", "rsa2048"}) {
    Ours ours(cert);
    Ossl ossl(cert);
    const std::string name = std::string("handshake X25519 ") + cert;
    mirage_bench::row_ops(name.c_str(), [&] { ours.handshake(); }, [&] { (void)ossl.connect(); });
  }
  {
    OursResume ours;
    OsslResume ossl;
    mirage_bench::row_ops("resumption X25519 p256", [&] { ours.resume(); }, [&] { ossl.resume(); });
  }
  mirage_bench::header_mbps("ours", "OpenSSL");
  const std::size_t record = 16384, batch = 32;
  {
    OursBulk ours(record);
    OsslBulk ossl(record);
    mirage_bench::row_mbps("TLS 1.3 AES-128-GCM seal+open", record * batch, [&] { ours.run(batch); },
                           [&] { ossl.run(batch); });
  }
  for (bool etm : {true, false}) {
    const Cbc cbc{CipherSuite::ecdhe_ecdsa_aes_128_cbc_sha, "ECDHE-ECDSA-AES128-SHA", etm};
    OursBulk ours(record, cbc);
    OsslBulk ossl(record, cbc);
    if (ours.c->info().encrypt_then_mac != etm) std::abort();
    mirage_bench::row_mbps(etm ? "TLS 1.2 AES-128-CBC-SHA1 EtM seal+open" : "TLS 1.2 AES-128-CBC-SHA1 MtE seal+open",
                           record * batch, [&] { ours.run(batch); }, [&] { ossl.run(batch); });
  }
  return 0;
}
