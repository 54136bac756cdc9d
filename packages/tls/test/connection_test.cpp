// Our client against our server over memory: every suite, group and certificate type,
// HelloRetryRequest, ALPN, client authentication, KeyUpdate, exporters, large transfers,
// record_size_limit, and the alert each broken or unexpected input gets.
#include "session.hpp"

#include <tls/crypto.hpp>
#include <tls/messages.hpp>

#include <gtest/gtest.h>

namespace tls {
namespace {

using namespace test;

TEST(Connection, HandshakeAndDataBothWays) {
  Session t(client_config(), server_config());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(t.client->info().suite, CipherSuite::aes_128_gcm_sha256);
  EXPECT_EQ(t.client->info().group, Group::x25519);
  EXPECT_EQ(t.client->info().peer_signature, SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_EQ(t.server->info().server_name, "localhost");
  EXPECT_FALSE(t.client->info().hello_retry);
  ASSERT_EQ(t.client->info().peer_chain.size(), 1u);
  ASSERT_TRUE(t.client->send(bytes("hello server")));
  ASSERT_TRUE(t.server->send(bytes("hello client")));
  auto p = t.exchange();
  EXPECT_EQ(p.to_server, bytes("hello server"));
  EXPECT_EQ(p.to_client, bytes("hello client"));
  t.client->close();
  p = t.exchange();
  EXPECT_TRUE(p.server_closed);
  EXPECT_FALSE(t.client->send(bytes("more")).has_value());
}

class EveryCombination : public ::testing::TestWithParam<Combo> {};

TEST_P(EveryCombination, Handshakes) {
  const Combo c = GetParam();
  auto [cc, sc] = combo_configs(c);
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(t.client->info().suite, c.suite);
  EXPECT_EQ(t.server->info().group, c.group);
  Bytes big(70000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
  ASSERT_TRUE(t.server->send(big));
  auto p = t.exchange();
  EXPECT_EQ(p.to_client, big);
}

INSTANTIATE_TEST_SUITE_P(
    Tls13, EveryCombination,
    ::testing::Values(Combo{CipherSuite::aes_128_gcm_sha256, Group::x25519, "p256"},
                      Combo{CipherSuite::aes_256_gcm_sha384, Group::secp256r1, "p384"},
                      Combo{CipherSuite::chacha20_poly1305_sha256, Group::secp384r1, "p521"},
                      Combo{CipherSuite::aes_128_gcm_sha256, Group::secp521r1, "ed25519"},
                      Combo{CipherSuite::aes_256_gcm_sha384, Group::ffdhe2048, "rsa2048"},
                      Combo{CipherSuite::chacha20_poly1305_sha256, Group::ffdhe3072, "p256"},
                      Combo{CipherSuite::aes_128_ccm_sha256, Group::x25519, "p256"}));

TEST(Connection, HelloRetryRequestForTheServersGroup) {
  auto cc = client_config();
  cc->key_share_groups = {Group::secp256r1};  // a share the server will not take
  auto sc = server_config();
  sc->prefer_own_group_order = true;
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_TRUE(t.client->info().hello_retry);
  EXPECT_TRUE(t.server->info().hello_retry);
  EXPECT_EQ(t.client->info().group, Group::x25519);
}

TEST(Connection, HelloRetryRequestWhenNoShareIsUsable) {
  auto cc = client_config();
  cc->groups = {Group::secp384r1, Group::x25519};
  cc->key_share_groups = {Group::secp384r1};
  auto sc = server_config();
  sc->groups = {Group::x25519};
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_TRUE(t.client->info().hello_retry);
  EXPECT_EQ(t.client->info().group, Group::x25519);
}

TEST(Connection, NoGroupInCommon) {
  auto cc = client_config();
  cc->groups = {Group::secp384r1};
  auto sc = server_config();
  sc->groups = {Group::x25519};
  Session t(cc, sc);
  ASSERT_TRUE(t.result.server_error);
  EXPECT_EQ(t.result.server_error->alert, Alert::handshake_failure);
  ASSERT_TRUE(t.result.client_error);
  EXPECT_TRUE(t.result.client_error->received);
  EXPECT_EQ(t.result.client_error->alert, Alert::handshake_failure);
}

TEST(Connection, Alpn) {
  auto cc = client_config();
  cc->alpn = {"h2", "http/1.1"};
  auto sc = server_config();
  sc->alpn = {"http/1.1"};
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(t.client->info().alpn, "http/1.1");
  EXPECT_EQ(t.server->info().alpn, "http/1.1");

  sc = server_config();
  sc->alpn = {"smtp"};
  Session u(cc, sc);
  ASSERT_TRUE(u.result.server_error);
  EXPECT_EQ(u.result.server_error->alert, Alert::no_application_protocol);
}

TEST(Connection, ClientAuthentication) {
  auto cc = client_config();
  cc->certificate = certified("client");
  auto sc = server_config();
  sc->client_auth = ClientAuth::required;
  sc->client_authenticator = authenticator();
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_TRUE(t.server->info().client_authenticated);
  ASSERT_EQ(t.server->info().peer_chain.size(), 1u);

  Session without(client_config(), sc);
  ASSERT_TRUE(without.result.server_error);
  EXPECT_EQ(without.result.server_error->alert, Alert::certificate_required);

  sc->client_auth = ClientAuth::optional;
  Session optional(client_config(), sc);
  ASSERT_TRUE(optional.ok()) << describe(optional.result);
  EXPECT_FALSE(optional.server->info().client_authenticated);
}

TEST(Connection, KeyUpdateBothWays) {
  Session t(client_config(), server_config());
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t.client->key_update(true));
  ASSERT_TRUE(t.client->send(bytes("after update")));
  auto p = t.exchange();
  EXPECT_EQ(p.to_server, bytes("after update"));
  ASSERT_TRUE(t.server->send(bytes("server after update")));
  ASSERT_TRUE(t.server->key_update(false));
  ASSERT_TRUE(t.server->send(bytes("!")));
  p = t.exchange();
  EXPECT_EQ(p.to_client, bytes("server after update!"));
  EXPECT_FALSE(p.client_error || p.server_error) << describe(p);
}

TEST(Connection, ExportersAgree) {
  Session t(client_config(), server_config());
  ASSERT_TRUE(t.ok());
  auto a = t.client->export_keying_material("EXPERIMENTAL test", bytes("ctx"), 42);
  auto b = t.server->export_keying_material("EXPERIMENTAL test", bytes("ctx"), 42);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->size(), 42u);
  auto c = t.server->export_keying_material("EXPERIMENTAL test", bytes("other"), 42);
  EXPECT_NE(*a, *c);
}

TEST(Connection, RecordSizeLimitIsHonoured) {
  auto cc = client_config();
  cc->record_size_limit = 256;
  Session t(cc, server_config());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  ASSERT_TRUE(t.server->send(Bytes(5000, 0x41)));
  const Bytes out = t.server->take_output();
  std::size_t records = 0;
  for (std::size_t at = 0; at + 5 <= out.size(); ++records) {
    const std::size_t len = (std::size_t{out[at + 3]} << 8) | out[at + 4];
    EXPECT_LE(len, 256u + 16u);  // 255 bytes of data, the type byte, the tag
    at += 5 + len;
  }
  EXPECT_EQ(records, 20u);  // 5000 / 255, rounded up
  auto got = t.client->handle(out);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->data.size(), 5000u);
}

TEST(Connection, BytesOneAtATime) {
  TestRng cr{5}, sr{6};
  auto client = Connection::client(client_config(), cr);
  auto server = Connection::server(server_config(), sr);
  ASSERT_TRUE(client && server);
  for (int round = 0; round < 10 && (client->has_output() || server->has_output()); ++round) {
    for (std::uint8_t byte : client->take_output()) ASSERT_TRUE(server->handle(ByteView(&byte, 1)));
    for (std::uint8_t byte : server->take_output()) ASSERT_TRUE(client->handle(ByteView(&byte, 1)));
  }
  EXPECT_TRUE(client->handshake_done());
  EXPECT_TRUE(server->handshake_done());
}

TEST(Connection, AuthenticationFailures) {
  Session wrong_name(client_config("elsewhere.example"), server_config());
  ASSERT_TRUE(wrong_name.result.client_error);
  EXPECT_EQ(wrong_name.result.client_error->alert, Alert::bad_certificate);
  ASSERT_TRUE(wrong_name.result.server_error);
  EXPECT_TRUE(wrong_name.result.server_error->received);

  auto cc = client_config();
  cc->authenticator = authenticator({});  // no roots
  Session untrusted(cc, server_config());
  ASSERT_TRUE(untrusted.result.client_error);
  EXPECT_EQ(untrusted.result.client_error->alert, Alert::unknown_ca);
}

TEST(Connection, ConfigurationErrors) {
  TestRng rng;
  auto cc = std::make_shared<ClientConfig>();
  EXPECT_NE(cc->validate().find("authenticator"), std::string::npos);
  EXPECT_FALSE(Connection::client(cc, rng).has_value());
  auto sc = std::make_shared<ServerConfig>();
  EXPECT_NE(sc->validate().find("certificate"), std::string::npos);
  sc = server_config("ed25519");
  sc->signature_schemes = {SignatureScheme::ecdsa_secp256r1_sha256};
  EXPECT_NE(sc->validate().find("signs with none"), std::string::npos);
  sc = server_config();
  sc->client_auth = ClientAuth::required;
  EXPECT_NE(sc->validate().find("client_authenticator"), std::string::npos);
  auto bad = certified_from_pem(read_text(data_path("p256.pem")), read_text(data_path("p384.key")));
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(std::string(bad.error().message).find("does not match"), std::string::npos);
}

// ---- the alerts broken input gets

Result<Received> server_fed(Bytes bytes, Connection** out = nullptr,
                            std::shared_ptr<ServerConfig> config = server_config()) {
  static TestRng rng{9};
  static std::optional<Connection> server;
  server.emplace(*Connection::server(std::move(config), rng));
  if (out) *out = &*server;
  return server->handle(bytes);
}

Bytes record(std::uint8_t type, Bytes body, std::uint16_t version = 0x0303) {
  Bytes r{type, static_cast<std::uint8_t>(version >> 8), static_cast<std::uint8_t>(version),
          static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
  r.insert(r.end(), body.begin(), body.end());
  return r;
}

Bytes client_hello_record(std::uint64_t seed = 3) {
  TestRng rng{seed};
  auto c = Connection::client(client_config(), rng);
  return c->take_output();
}

TEST(Alerts, RecordLayer) {
  Connection* s = nullptr;
  auto r = server_fed(record(22, Bytes(16385, 0)), &s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::record_overflow);
  EXPECT_EQ(s->take_output(), (Bytes{21, 3, 3, 0, 2, 2, 22}));  // the fatal alert, in clear

  r = server_fed(record(22, {}));
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
  EXPECT_EQ(server_fed(record(99, {1}, 0x0303)).error().alert, Alert::unexpected_message);
  EXPECT_EQ(server_fed(record(22, {1}, 0x0203)).error().alert, Alert::protocol_version);
  EXPECT_EQ(server_fed(record(20, {1})).error().alert, Alert::unexpected_message);  // CCS before ClientHello
  EXPECT_EQ(server_fed(record(23, {1, 2, 3})).error().alert, Alert::unexpected_message);
  EXPECT_EQ(server_fed(record(21, {2})).error().alert, Alert::decode_error);
  auto alert = server_fed(record(21, {2, 40}));
  EXPECT_TRUE(alert.error().received);
  EXPECT_EQ(alert.error().alert, Alert::handshake_failure);
  // A partial record is kept, not an error.
  EXPECT_TRUE(server_fed(Bytes{22, 3, 3, 0}).has_value());
}

TEST(Alerts, HandshakeMessages) {
  // Finished before ClientHello.
  EXPECT_EQ(server_fed(record(22, {20, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                   0,  0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .error()
                .alert,
            Alert::unexpected_message);
  // A ClientHello cut short inside its body.
  Bytes ch = client_hello_record();
  Bytes body(ch.begin() + 5, ch.end());
  body[3] -= 10;
  body.resize(body.size() - 10);
  EXPECT_EQ(server_fed(record(22, body)).error().alert, Alert::decode_error);
  // A handshake message longer than the limit.
  EXPECT_EQ(server_fed(record(22, {1, 0x10, 0, 0})).error().alert, Alert::decode_error);
}

// Takes the ClientHello apart, lets `edit` change its extensions, and feeds it back (to a
// server speaking only TLS 1.3, unless `tls12` lets it fall back).
Error edited_hello(const std::function<void(wire::ClientHello&)>& edit, bool tls12 = false) {
  Bytes rec = client_hello_record();
  auto ch = wire::decode_client_hello(ByteView(rec).subspan(9));
  EXPECT_TRUE(ch.has_value());
  edit(*ch);
  auto config = server_config();
  if (!tls12) config->min_version = ProtocolVersion::tls13;
  auto r = server_fed(record(22, wire::encode(*ch)), nullptr, config);
  EXPECT_FALSE(r.has_value());
  return r ? Error{} : r.error();
}

void drop(wire::ClientHello& ch, std::uint16_t type) {
  std::erase_if(ch.extensions.items, [&](const wire::Extension& e) { return e.type == type; });
}

TEST(Alerts, ClientHelloContents) {
  namespace ext = wire::ext;
  EXPECT_EQ(edited_hello([](auto& ch) { drop(ch, ext::supported_versions); }).alert, Alert::protocol_version);
  EXPECT_EQ(edited_hello([](auto& ch) { drop(ch, ext::key_share); }).alert, Alert::missing_extension);
  EXPECT_EQ(edited_hello([](auto& ch) { drop(ch, ext::supported_groups); }).alert, Alert::missing_extension);
  EXPECT_EQ(edited_hello([](auto& ch) { drop(ch, ext::signature_algorithms); }).alert, Alert::missing_extension);
  EXPECT_EQ(edited_hello([](auto& ch) { ch.cipher_suites = {0x00ff}; }).alert, Alert::handshake_failure);
  EXPECT_EQ(edited_hello([](auto& ch) { ch.legacy_compression_methods = {1, 0}; }).alert, Alert::illegal_parameter);
  EXPECT_EQ(edited_hello([](auto& ch) { ch.extensions.items.push_back(ch.extensions.items.front()); }).alert,
            Alert::illegal_parameter);
  EXPECT_EQ(edited_hello([](auto& ch) {
              for (auto& e : ch.extensions.items)  // the X25519 share relabelled as P-256's
                if (e.type == ext::key_share) e.data[2] = 0x00, e.data[3] = 0x17;
            }).alert,
            Alert::illegal_parameter);
  EXPECT_EQ(edited_hello([](auto& ch) {
              for (auto& e : ch.extensions.items)
                if (e.type == ext::supported_versions) e.data = {2, 3, 3};
            }).alert,
            Alert::protocol_version);
  EXPECT_EQ(edited_hello([](auto& ch) {
              ch.extensions.add(ext::alpn, {0, 1, 0});  // an empty protocol name
            }).alert,
            Alert::decode_error);
}

TEST(Alerts, ClientRejectsABadServerHello) {
  TestRng rng{4};
  auto c = Connection::client(client_config(), rng);
  (void)c->take_output();
  wire::ServerHello sh;
  sh.cipher_suite = 0x1301;
  sh.extensions.add(wire::ext::supported_versions, {3, 3});
  auto r = c->handle(record(22, wire::encode(sh)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::illegal_parameter);

  TestRng rng2{4};
  c = Connection::client(client_config(), rng2);
  wire::ServerHello tls12;  // no supported_versions, with the downgrade sentinel
  tls12.cipher_suite = 0xc02f;
  const char* sentinel = "DOWNGRD\x01";
  std::copy(sentinel, sentinel + 8, tls12.random.begin() + 24);
  r = c->handle(record(22, wire::encode(tls12)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::illegal_parameter);
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

TEST(Connection, BufferReusingOverloads) {
  test::TestRng cr{7}, sr{8};
  auto c = Connection::client(test::client_config(), cr);
  auto s = Connection::server(test::server_config(), sr);
  ASSERT_TRUE(c && s);
  Bytes wire;
  Received got;
  for (int i = 0; i < 4 && !(c->handshake_done() && s->handshake_done()); ++i) {
    c->take_output(wire);
    ASSERT_TRUE(s->handle(wire, got));
    s->take_output(wire);
    ASSERT_TRUE(c->handle(wire, got));
  }
  ASSERT_TRUE(c->handshake_done() && s->handshake_done());
  for (int round = 0; round < 3; ++round) {
    const Bytes data(40000, static_cast<std::uint8_t>(round));
    ASSERT_TRUE(c->send(data));
    c->take_output(wire);
    EXPECT_FALSE(c->has_output());
    ASSERT_TRUE(s->handle(wire, got));
    EXPECT_EQ(got.data, data);  // only this round's data: cleared on entry
  }
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

struct Clock {
  std::uint64_t now = 1'000'000;
};

struct Resumption : ::testing::Test {
  std::shared_ptr<Clock> clock = std::make_shared<Clock>();
  std::shared_ptr<ClientConfig> cc = test::client_config();
  std::shared_ptr<ServerConfig> sc = test::server_config();
  void SetUp() override {
    cc->clock_ms = [c = clock] { return c->now; };
    sc->clock_ms = [c = clock] { return c->now; };
    sc->ticket_key = Bytes(32, 0x42);
  }
  // A full handshake, then the client's first ticket.
  Ticket first_ticket() {
    Session t(cc, sc);
    EXPECT_TRUE(t.ok()) << describe(t.result);
    EXPECT_FALSE(t.server->info().resumed);
    auto tickets = t.client->take_tickets();
    EXPECT_EQ(tickets.size(), 1u);
    return tickets.empty() ? Ticket{} : tickets.front();
  }
  struct Resumed {
    test::TestRng cr{11}, sr{12};
    std::optional<Connection> client, server;
    Pumped result;
  };
  std::unique_ptr<Resumed> resume(const Ticket& ticket) {
    auto r = std::make_unique<Resumed>();
    r->client.emplace(*Connection::client(cc, r->cr, ticket));
    r->server.emplace(*Connection::server(sc, r->sr));
    r->result = pump(*r->client, *r->server);
    return r;
  }
};

TEST_F(Resumption, TicketResumesWithoutCertificates) {
  const Ticket ticket = first_ticket();
  EXPECT_EQ(ticket.suite, CipherSuite::aes_128_gcm_sha256);
  EXPECT_EQ(ticket.lifetime_s, 7200u);
  EXPECT_EQ(ticket.server_name, "localhost");
  clock->now += 5000;
  auto r = resume(ticket);
  ASSERT_FALSE(r->result.client_error || r->result.server_error) << describe(r->result);
  EXPECT_TRUE(r->client->handshake_done());
  EXPECT_TRUE(r->client->info().resumed);
  EXPECT_TRUE(r->server->info().resumed);
  EXPECT_FALSE(r->client->info().peer_signature);  // no CertificateVerify
  ASSERT_TRUE(r->client->send(bytes("resumed")));
  auto p = pump(*r->client, *r->server);
  EXPECT_EQ(p.to_server, bytes("resumed"));
  EXPECT_EQ(r->client->take_tickets().size(), 1u);  // a fresh ticket for next time
}

TEST_F(Resumption, WrongPskFailsTheBinder) {
  Ticket ticket = first_ticket();
  ticket.psk[0] ^= 1;
  auto r = resume(ticket);
  ASSERT_TRUE(r->result.server_error);
  EXPECT_EQ(r->result.server_error->alert, Alert::decrypt_error);
}

TEST_F(Resumption, UnknownOrExpiredTicketsFallBackToAFullHandshake) {
  const Ticket ticket = first_ticket();
  sc->ticket_key = Bytes(32, 0x43);  // the key rotated
  auto r = resume(ticket);
  ASSERT_FALSE(r->result.client_error || r->result.server_error) << describe(r->result);
  EXPECT_FALSE(r->client->info().resumed);
  EXPECT_TRUE(r->client->info().peer_signature);
  sc->ticket_key = Bytes(32, 0x42);
  clock->now += 7201 * 1000;
  r = resume(ticket);
  ASSERT_FALSE(r->result.client_error || r->result.server_error) << describe(r->result);
  EXPECT_FALSE(r->server->info().resumed);
}

TEST_F(Resumption, AfterAHelloRetryRequest) {
  const Ticket ticket = first_ticket();
  cc->key_share_groups = {Group::secp256r1};
  sc->prefer_own_group_order = true;
  auto r = resume(ticket);
  ASSERT_FALSE(r->result.client_error || r->result.server_error) << describe(r->result);
  EXPECT_TRUE(r->client->info().hello_retry);
  EXPECT_TRUE(r->client->info().resumed);
}

TEST_F(Resumption, NotOfferedForASuiteOfAnotherHash) {
  const Ticket ticket = first_ticket();
  cc->suites = {CipherSuite::aes_256_gcm_sha384};
  auto r = resume(ticket);
  ASSERT_FALSE(r->result.client_error || r->result.server_error) << describe(r->result);
  EXPECT_FALSE(r->client->info().resumed);
}

TEST(ResumptionConfig, TicketKeyMustBe32Bytes) {
  auto sc = test::server_config();
  sc->ticket_key = Bytes(16, 1);
  EXPECT_NE(sc->validate().find("32 bytes"), std::string::npos);
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

TEST(Connection, ClientEchoesTheCookieOfAHelloRetryRequest) {
  test::TestRng rng{21};
  auto c = Connection::client(test::client_config(), rng);
  ASSERT_TRUE(c.has_value());
  (void)c->take_output();
  wire::ServerHello hrr;
  hrr.random = wire::hello_retry_request_random;
  hrr.cipher_suite = 0x1301;
  hrr.extensions.add(wire::ext::supported_versions, {3, 4});
  hrr.extensions.add(wire::ext::key_share, {0, 0x17});
  hrr.extensions.add(wire::ext::cookie, wire::encode_cookie(Bytes{1, 2, 3}));
  auto r = c->handle(record(22, wire::encode(hrr)));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const Bytes out = c->take_output();
  ASSERT_GT(out.size(), 9u);
  auto ch2 = wire::decode_client_hello(ByteView(out).subspan(9));
  ASSERT_TRUE(ch2.has_value());
  const auto* cookie = ch2->extensions.find(wire::ext::cookie);
  ASSERT_NE(cookie, nullptr);
  EXPECT_EQ(*wire::decode_cookie(cookie->data), (Bytes{1, 2, 3}));
  auto shares = wire::decode_key_share_client(ch2->extensions.find(wire::ext::key_share)->data);
  ASSERT_TRUE(shares.has_value());
  ASSERT_EQ(shares->size(), 1u);
  EXPECT_EQ(shares->front().group, 0x17);
  // A second HelloRetryRequest is refused.
  r = c->handle(record(22, wire::encode(hrr)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
}

}  // namespace
}  // namespace tls
