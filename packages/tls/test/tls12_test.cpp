// TLS 1.2 between our client and our server over memory: every suite with its key
// exchange and certificate types, version negotiation and the downgrade sentinel, the
// extended master secret, RFC 7507's fallback check, client certificates, exporters, the
// PRF's published vector, and the alerts for what a TLS 1.2 peer may get wrong.
#include "session.hpp"

#include <tls/crypto.hpp>
#include <tls/messages.hpp>

namespace tls {
namespace {

using namespace test;

std::shared_ptr<ClientConfig> client12() {
  auto c = client_config();
  c->max_version = ProtocolVersion::tls12;
  return c;
}

struct Combo12 {
  CipherSuite suite;
  Group group;
  const char* cert;
};

class EveryTls12Combination : public ::testing::TestWithParam<Combo12> {};

TEST_P(EveryTls12Combination, HandshakesAndMovesData) {
  const Combo12 c = GetParam();
  auto cc = client12();
  cc->suites = {c.suite};
  cc->groups = {c.group};
  auto sc = server_config(c.cert);
  sc->suites.push_back(c.suite);  // AES-CCM is not in the defaults
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  for (const Connection* side : {&*t.client, &*t.server}) {
    EXPECT_EQ(side->info().version, ProtocolVersion::tls12);
    EXPECT_EQ(side->info().suite, c.suite);
    EXPECT_EQ(side->info().group, c.group);
  }
  ASSERT_TRUE(t.client->info().peer_signature.has_value());
  Bytes big(70000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 13);
  ASSERT_TRUE(t.server->send(big));
  ASSERT_TRUE(t.client->send(bytes("ping")));
  auto p = t.exchange();
  EXPECT_EQ(p.to_client, big);
  EXPECT_EQ(p.to_server, bytes("ping"));
  // RFC 5705: both ends export the same keying material, and another label another.
  auto a = t.client->export_keying_material("EXPERIMENTAL test", bytes("ctx"), 40);
  auto b = t.server->export_keying_material("EXPERIMENTAL test", bytes("ctx"), 40);
  auto other = t.server->export_keying_material("EXPERIMENTAL other", bytes("ctx"), 40);
  ASSERT_TRUE(a && b && other);
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *other);
  EXPECT_FALSE(t.client->key_update().has_value());  // TLS 1.3's alone
  t.client->close();
  EXPECT_TRUE(t.exchange().server_closed);
}

INSTANTIATE_TEST_SUITE_P(
    Tls12, EveryTls12Combination,
    ::testing::Values(Combo12{CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256, Group::secp256r1, "p256"},
                      Combo12{CipherSuite::ecdhe_ecdsa_aes_256_gcm_sha384, Group::secp384r1, "p384"},
                      Combo12{CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256, Group::secp256r1, "ed25519"},
                      Combo12{CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256, Group::secp521r1, "p521"},
                      Combo12{CipherSuite::ecdhe_rsa_aes_128_gcm_sha256, Group::x25519, "rsa2048"},
                      Combo12{CipherSuite::ecdhe_rsa_aes_256_gcm_sha384, Group::secp256r1, "rsa2048"},
                      Combo12{CipherSuite::ecdhe_rsa_chacha20_poly1305_sha256, Group::x25519, "rsa2048"},
                      Combo12{CipherSuite::dhe_rsa_aes_128_gcm_sha256, Group::ffdhe2048, "rsa2048"},
                      Combo12{CipherSuite::dhe_rsa_aes_256_gcm_sha384, Group::ffdhe3072, "rsa2048"},
                      Combo12{CipherSuite::dhe_rsa_chacha20_poly1305_sha256, Group::ffdhe2048, "rsa2048"},
                      Combo12{CipherSuite::ecdhe_ecdsa_aes_128_ccm, Group::secp256r1, "p256"},
                      Combo12{CipherSuite::ecdhe_ecdsa_aes_256_ccm, Group::secp384r1, "p384"}));

TEST(Tls12, DefaultsPreferTls13) {
  Session t(client_config(), server_config());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(t.client->info().version, ProtocolVersion::tls13);
}

TEST(Tls12, AServerOfTls12AloneIsAcceptedWithoutSentinel) {
  auto sc = server_config("rsa2048");
  sc->max_version = ProtocolVersion::tls12;
  Session t(client_config(), sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(t.client->info().version, ProtocolVersion::tls12);
  EXPECT_EQ(t.client->info().suite, CipherSuite::ecdhe_rsa_aes_128_gcm_sha256);
  EXPECT_EQ(t.client->info().peer_signature, SignatureScheme::rsa_pss_rsae_sha256);
}

TEST(Tls12, ServerPicksASuiteItsCertificateFits) {
  auto cc = client12();  // ECDSA suites first in the default list; the server holds RSA only
  Session t(cc, server_config("rsa2048"));
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(crypto::suite_key_exchange(t.client->info().suite), crypto::KeyExchange::ecdhe_rsa);
  cc = client12();
  cc->suites = {CipherSuite::ecdhe_rsa_aes_128_gcm_sha256};
  Session u(cc, server_config("p256"));
  ASSERT_TRUE(u.result.server_error);
  EXPECT_EQ(u.result.server_error->alert, Alert::handshake_failure);
}

TEST(Tls12, AnEcdsaCertificatesCurveMustBeAmongTheClientsGroups) {
  auto cc = client12();  // RFC 8422 5.1: supported_groups names the certificate curves too
  cc->groups = {Group::x25519};
  Session t(cc, server_config("p256"));
  ASSERT_TRUE(t.result.server_error);
  EXPECT_EQ(t.result.server_error->alert, Alert::handshake_failure);
  cc->groups = {Group::x25519, Group::secp256r1};
  Session u(cc, server_config("p256"));
  ASSERT_TRUE(u.ok()) << describe(u.result);
  EXPECT_EQ(u.client->info().group, Group::x25519);
}

TEST(Tls12, PkcsOneSignaturesWhenTheClientAsksForThem) {
  auto cc = client12();
  cc->signature_schemes = {SignatureScheme::rsa_pkcs1_sha384};
  Session t(cc, server_config("rsa2048"));
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(t.client->info().peer_signature, SignatureScheme::rsa_pkcs1_sha384);
  // TLS 1.3 never signs with PKCS#1 v1.5: a server picks 1.3 for a client offering both,
  // then has no scheme to sign with (as OpenSSL does).
  cc = client_config();
  cc->signature_schemes = {SignatureScheme::rsa_pkcs1_sha384};
  Session u(cc, server_config("rsa2048"));
  ASSERT_TRUE(u.result.server_error);
  EXPECT_EQ(u.result.server_error->alert, Alert::handshake_failure);
}

// The first flight of `client`, with its ClientHello edited.
Bytes edited_first_flight(Connection& client, const std::function<void(wire::ClientHello&)>& edit) {
  const Bytes rec = client.take_output();
  auto ch = wire::decode_client_hello(ByteView(rec).subspan(9));
  EXPECT_TRUE(ch.has_value());
  edit(*ch);
  const Bytes m = wire::encode(*ch);
  Bytes out{22, 3, 1, static_cast<std::uint8_t>(m.size() >> 8), static_cast<std::uint8_t>(m.size())};
  out.insert(out.end(), m.begin(), m.end());
  return out;
}

void drop(wire::ClientHello& ch, std::uint16_t type) {
  std::erase_if(ch.extensions.items, [&](const wire::Extension& e) { return e.type == type; });
}

struct Edited {
  TestRng crng{5}, srng{6};
  std::optional<Connection> client, server;
  Result<Received> server_result, client_result;
  Edited(std::shared_ptr<ClientConfig> cc, std::shared_ptr<ServerConfig> sc,
         const std::function<void(wire::ClientHello&)>& edit) {
    client.emplace(*Connection::client(std::move(cc), crng));
    server.emplace(*Connection::server(std::move(sc), srng));
    server_result = server->handle(edited_first_flight(*client, edit));
    if (server_result) client_result = client->handle(server->take_output());
  }
};

TEST(Tls12, DowngradeSentinelStopsAClientThatOfferedTls13) {
  // An attacker strips supported_versions: our TLS 1.3 server answers with TLS 1.2 and
  // the sentinel in its random; the client, which offered 1.3, refuses.
  Edited e(client_config(), server_config(), [](auto& ch) { drop(ch, wire::ext::supported_versions); });
  ASSERT_TRUE(e.server_result.has_value());
  ASSERT_FALSE(e.client_result.has_value());
  EXPECT_EQ(e.client_result.error().alert, Alert::illegal_parameter);
  EXPECT_NE(std::string(e.client_result.error().message).find("downgrade"), std::string::npos);
}

TEST(Tls12, ExtendedMasterSecretIsRequiredByDefault) {
  Edited server_side(client12(), server_config(), [](auto& ch) { drop(ch, wire::ext::extended_master_secret); });
  ASSERT_FALSE(server_side.server_result.has_value());
  EXPECT_EQ(server_side.server_result.error().alert, Alert::handshake_failure);
  // A server that does not insist answers without it; our client then refuses.
  auto sc = server_config();
  sc->require_extended_master_secret = false;
  Edited client_side(client12(), sc, [](auto& ch) { drop(ch, wire::ext::extended_master_secret); });
  ASSERT_TRUE(client_side.server_result.has_value());
  ASSERT_FALSE(client_side.client_result.has_value());
  EXPECT_EQ(client_side.client_result.error().alert, Alert::handshake_failure);
}

TEST(Tls12, SecureRenegotiationIndication) {
  // Without the extension, the SCSV says the same (RFC 5746 3.3).
  auto cc = client12();
  cc->send_renegotiation_info = false;
  Session t(cc, server_config());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  Edited bad(client12(), server_config(), [](auto& ch) {
    for (auto& x : ch.extensions.items)
      if (x.type == wire::ext::renegotiation_info) x.data = {1, 0};  // claims an earlier handshake
  });
  ASSERT_FALSE(bad.server_result.has_value());
  EXPECT_EQ(bad.server_result.error().alert, Alert::handshake_failure);
}

TEST(Tls12, FallbackScsvIsRefusedByAServerThatSpeaksMore) {
  Edited e(client12(), server_config(), [](auto& ch) { ch.cipher_suites.push_back(0x5600); });
  ASSERT_FALSE(e.server_result.has_value());
  EXPECT_EQ(e.server_result.error().alert, Alert::inappropriate_fallback);
  auto sc = server_config();
  sc->max_version = ProtocolVersion::tls12;  // nothing higher to fall back from
  Edited ok(client12(), sc, [](auto& ch) { ch.cipher_suites.push_back(0x5600); });
  EXPECT_TRUE(ok.server_result.has_value());
}

TEST(Tls12, ClientCertificates) {
  auto sc = server_config("rsa2048");
  sc->client_auth = ClientAuth::required;
  sc->client_authenticator = authenticator();
  auto cc = client12();
  cc->certificate = certified("client");
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_TRUE(t.server->info().client_authenticated);
  EXPECT_EQ(t.server->info().peer_chain.size(), 1u);
  Session none(client12(), sc);
  ASSERT_TRUE(none.result.server_error);
  EXPECT_EQ(none.result.server_error->alert, Alert::handshake_failure);
  sc->client_auth = ClientAuth::optional;
  Session optional(client12(), sc);
  ASSERT_TRUE(optional.ok()) << describe(optional.result);
  EXPECT_FALSE(optional.server->info().client_authenticated);
}

TEST(Tls12, AlpnAndServerName) {
  auto cc = client12();
  cc->alpn = {"h2", "http/1.1"};
  auto sc = server_config();
  sc->alpn = {"http/1.1"};
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_EQ(t.client->info().alpn, "http/1.1");
  EXPECT_EQ(t.server->info().server_name, "localhost");
}

TEST(Tls12, TamperedRecordIsBadRecordMac) {
  Session t(client12(), server_config());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  ASSERT_TRUE(t.client->send(bytes("secret")));
  Bytes rec = t.client->take_output();
  rec.back() ^= 1;
  auto r = t.server->handle(rec);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::bad_record_mac);
}

TEST(Tls12, PrfMatchesThePublishedVector) {
  // The TLS 1.2 PRF (SHA-256) test vector circulated on the IETF TLS list and used by
  // many implementations' tests: secret, seed, "test label", 100 bytes.
  const Bytes secret{0x9b, 0xbe, 0x43, 0x6b, 0xa9, 0x40, 0xf0, 0x17, 0xb1, 0x76, 0x52, 0x84, 0x9a, 0x71, 0xdb, 0x35};
  const Bytes seed{0xa0, 0xba, 0x9f, 0x93, 0x6c, 0xda, 0x31, 0x18, 0x27, 0xa6, 0xf7, 0x96, 0xff, 0xd5, 0x19, 0x8c};
  const Bytes out = crypto::prf(crypto::HashAlg::sha256, secret, "test label", seed, 100);
  const Bytes expected{
      0xe3, 0xf2, 0x29, 0xba, 0x72, 0x7b, 0xe1, 0x7b, 0x8d, 0x12, 0x26, 0x20, 0x55, 0x7c, 0xd4, 0x53, 0xc2, 0xaa, 0xb2, 0x1d,
      0x07, 0xc3, 0xd4, 0x95, 0x32, 0x9b, 0x52, 0xd4, 0xe6, 0x1e, 0xdb, 0x5a, 0x6b, 0x30, 0x17, 0x91, 0xe9, 0x0d, 0x35, 0xc9,
      0xc9, 0xa4, 0x6b, 0x4e, 0x14, 0xba, 0xf9, 0xaf, 0x0f, 0xa0, 0x22, 0xf7, 0x07, 0x7d, 0xef, 0x17, 0xab, 0xfd, 0x37, 0x97,
      0xc0, 0x56, 0x4b, 0xab, 0x4f, 0xbc, 0x91, 0x66, 0x6e, 0x9d, 0xef, 0x9b, 0x97, 0xfc, 0xe3, 0x4f, 0x79, 0x67, 0x89, 0xba,
      0xa4, 0x80, 0x82, 0xd1, 0x22, 0xee, 0x42, 0xc5, 0xa7, 0x2e, 0x5a, 0x51, 0x10, 0xff, 0xf7, 0x01, 0x87, 0x34, 0x7b, 0x66};
  EXPECT_EQ(out, expected);
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

using namespace test;

std::shared_ptr<ServerConfig> ticketing_server() {
  auto sc = server_config();
  sc->ticket_key = Bytes(32, 0x42);
  return sc;
}

TEST(Tls12Resumption, WithATicket) {
  auto sc = ticketing_server();
  Session first(client12(), sc);
  ASSERT_TRUE(first.ok()) << describe(first.result);
  EXPECT_FALSE(first.client->info().resumed);
  auto tickets = first.client->take_tickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].version, ProtocolVersion::tls12);
  EXPECT_FALSE(tickets[0].identity.empty());
  EXPECT_EQ(tickets[0].master_secret.size(), 48u);
  EXPECT_TRUE(tickets[0].extended_master_secret);

  TestRng crng{11}, srng{12};
  auto c = Connection::client(client12(), crng, tickets[0]);
  auto s = Connection::server(sc, srng);
  ASSERT_TRUE(c && s);
  auto p = pump(*c, *s);
  ASSERT_TRUE(c->handshake_done() && s->handshake_done()) << describe(p);
  EXPECT_TRUE(c->info().resumed);
  EXPECT_TRUE(s->info().resumed);
  EXPECT_EQ(c->info().suite, tickets[0].suite);
  EXPECT_TRUE(c->info().peer_chain.empty());  // no certificates in an abbreviated handshake
  ASSERT_TRUE(c->send(bytes("again")));
  EXPECT_EQ(pump(*c, *s).to_server, bytes("again"));
  auto next = c->take_tickets();  // a fresh ticket each time
  ASSERT_EQ(next.size(), 1u);
  EXPECT_NE(next[0].identity, tickets[0].identity);
  EXPECT_EQ(next[0].master_secret, tickets[0].master_secret);  // the same session
}

TEST(Tls12Resumption, FullHandshakeWhenTheTicketCannotBeUsed) {
  Session first(client12(), ticketing_server());
  ASSERT_TRUE(first.ok()) << describe(first.result);
  const Ticket ticket = first.client->take_tickets().at(0);
  const auto resumed_with = [&](std::shared_ptr<ServerConfig> sc, std::shared_ptr<ClientConfig> cc) {
    TestRng crng{13}, srng{14};
    auto c = Connection::client(std::move(cc), crng, ticket);
    auto s = Connection::server(std::move(sc), srng);
    auto p = pump(*c, *s);
    EXPECT_TRUE(c->handshake_done() && s->handshake_done()) << describe(p);
    return c->info().resumed;
  };
  auto other_key = ticketing_server();
  other_key->ticket_key = Bytes(32, 0x43);
  EXPECT_FALSE(resumed_with(other_key, client12()));
  auto other_suite = ticketing_server();  // the session's suite no longer enabled
  other_suite->suites = {CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256};
  EXPECT_FALSE(resumed_with(other_suite, client12()));
  EXPECT_FALSE(resumed_with(ticketing_server(), client_config()));  // a TLS 1.3 handshake instead
  EXPECT_TRUE(resumed_with(ticketing_server(), client12()));
}

TEST(Tls12Resumption, NoTicketWithoutATicketKey) {
  Session t(client12(), server_config());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_TRUE(t.client->take_tickets().empty());  // no ticket, and no session ID without a cache
}

}  // namespace
}  // namespace tls

#include <x509/pem.hpp>

namespace tls {
namespace {

using namespace test;

TEST(ChannelBinding, BothEndsAgreeAndMatchTheirDefinitions) {
  auto der = x509::decode_pem_label(read_text(data_path("p256.pem")), "CERTIFICATE");
  ASSERT_TRUE(der && !der->empty());
  const Bytes end_point = crypto::hash(crypto::HashAlg::sha256, der->front());  // ecdsa-with-SHA256
  for (auto max : {ProtocolVersion::tls12, ProtocolVersion::tls13}) {
    auto cc = client_config();
    cc->max_version = max;
    Session t(cc, server_config());
    ASSERT_TRUE(t.ok()) << describe(t.result);
    for (auto kind : {ChannelBinding::tls_unique, ChannelBinding::tls_server_end_point, ChannelBinding::tls_exporter}) {
      auto a = t.client->channel_binding(kind);
      auto b = t.server->channel_binding(kind);
      if (kind == ChannelBinding::tls_unique && max == ProtocolVersion::tls13) {
        EXPECT_FALSE(a.has_value());  // RFC 9266: not defined for TLS 1.3
        continue;
      }
      ASSERT_TRUE(a && b) << static_cast<int>(kind);
      EXPECT_EQ(*a, *b);
      if (kind == ChannelBinding::tls_unique) EXPECT_EQ(a->size(), 12u);
      if (kind == ChannelBinding::tls_server_end_point) EXPECT_EQ(*a, end_point);
      if (kind == ChannelBinding::tls_exporter) EXPECT_EQ(a->size(), 32u);
    }
  }
}

// The plaintext sizes of the records in `out` (TLS 1.3: content + type byte + 16-byte tag).
std::vector<std::size_t> record_lengths(const Bytes& out) {
  std::vector<std::size_t> v;
  for (std::size_t at = 0; at + 5 <= out.size(); at += 5 + ((out[at + 3] << 8) | out[at + 4]))
    v.push_back((out[at + 3] << 8) | out[at + 4]);
  return v;
}

TEST(MaxFragmentLength, ShrinksRecordsBothVersionsUnlessRecordSizeLimitIsUsed) {
  for (auto max : {ProtocolVersion::tls12, ProtocolVersion::tls13}) {
    auto cc = client_config();
    cc->max_version = max;
    cc->max_fragment_length = 1;  // 512 bytes
    cc->record_size_limit.reset();
    Session t(cc, server_config());
    ASSERT_TRUE(t.ok()) << describe(t.result);
    ASSERT_TRUE(t.server->send(Bytes(3000, 7)));
    const Bytes out = t.server->take_output();
    const auto lengths = record_lengths(out);
    EXPECT_EQ(lengths.size(), 6u);  // ceil(3000 / 512)
    for (auto n : lengths) EXPECT_LE(n, 512u + 8 + 16 + 1);
    auto got = t.client->handle(out);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->data.size(), 3000u);
    ASSERT_TRUE(t.client->send(Bytes(1000, 1)));
    EXPECT_EQ(record_lengths(t.client->take_output()).size(), 2u);
  }
  auto both = client_config();  // record_size_limit offered too: the server uses that
  both->max_fragment_length = 1;
  Session t(both, server_config());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  ASSERT_TRUE(t.server->send(Bytes(3000, 7)));
  EXPECT_EQ(record_lengths(t.server->take_output()).size(), 1u);
}

TEST(Padding, ClientHelloOf256To511BytesBecomes512) {
  auto cc = client_config();
  cc->alpn = {"h2", "http/1.1", "spdy/3.1", "an-application-protocol"};
  TestRng rng{3};
  cc->pad_client_hello = false;
  const Bytes plain = Connection::client(cc, rng)->take_output();
  const std::size_t unpadded = plain.size() - 5;  // the record holds the one message
  ASSERT_GE(unpadded, 256u);
  ASSERT_LT(unpadded, 512u);
  cc->pad_client_hello = true;
  const Bytes padded = Connection::client(cc, rng)->take_output();
  EXPECT_EQ(padded.size() - 5, 512u);
  auto ch = wire::decode_client_hello(ByteView(padded).subspan(9));
  ASSERT_TRUE(ch);
  const auto* pad = ch->extensions.find(wire::ext::padding);
  ASSERT_NE(pad, nullptr);
  EXPECT_EQ(pad->data, Bytes(pad->data.size(), 0));
  // Our server takes it, and the handshake completes.
  Session t(cc, server_config());
  EXPECT_TRUE(t.ok()) << describe(t.result);
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

using namespace test;

std::shared_ptr<ServerConfig> pha_server() {
  auto sc = server_config();
  sc->client_authenticator = authenticator();
  return sc;
}

TEST(PostHandshakeAuth, ServerAsksAfterTheHandshake) {
  auto cc = client_config();
  cc->post_handshake_auth = true;
  cc->certificate = certified("client");
  Session t(cc, pha_server());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_FALSE(t.server->info().client_authenticated);
  ASSERT_TRUE(t.server->request_client_certificate());
  EXPECT_FALSE(t.server->request_client_certificate().has_value());  // one at a time
  ASSERT_TRUE(t.server->send(bytes("who are you?")));
  ASSERT_TRUE(t.client->handle(t.server->take_output()));
  ASSERT_TRUE(t.client->send(bytes("me")));
  auto got = t.server->handle(t.client->take_output());
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_TRUE(got->post_handshake_auth);
  EXPECT_EQ(got->data, bytes("me"));
  EXPECT_TRUE(t.server->info().client_authenticated);
  EXPECT_EQ(t.server->info().peer_chain.size(), 1u);
  ASSERT_TRUE(t.server->request_client_certificate());  // and again
  auto p = t.exchange();
  EXPECT_FALSE(p.server_error || p.client_error);
}

TEST(PostHandshakeAuth, WithoutACertificateOrAnOffer) {
  auto cc = client_config();
  cc->post_handshake_auth = true;  // but no certificate: an empty Certificate answers
  Session t(cc, pha_server());
  ASSERT_TRUE(t.ok()) << describe(t.result);
  ASSERT_TRUE(t.server->request_client_certificate());
  ASSERT_TRUE(t.client->handle(t.server->take_output()));
  auto got = t.server->handle(t.client->take_output());
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->post_handshake_auth);
  EXPECT_FALSE(t.server->info().client_authenticated);
  Session no_offer(client_config(), pha_server());
  ASSERT_TRUE(no_offer.ok());
  EXPECT_FALSE(no_offer.server->request_client_certificate().has_value());
  auto tls12 = client_config();
  tls12->max_version = ProtocolVersion::tls12;
  tls12->post_handshake_auth = true;
  Session old(tls12, pha_server());
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old.server->request_client_certificate().has_value());
}

}  // namespace
}  // namespace tls

#include <set>

namespace tls {
namespace {

using namespace test;

// A server taking 0-RTT, with a clock the test moves and a strike register.
struct EarlyServer {
  std::uint64_t now_ms = 1000000;
  std::set<Bytes> seen;
  std::shared_ptr<ServerConfig> config = server_config();
  EarlyServer() {
    config->ticket_key = Bytes(32, 0x17);
    config->max_early_data = 1000;
    config->clock_ms = [this] { return now_ms; };
    config->early_data_once = [this](ByteView t) { return seen.insert(Bytes(t.begin(), t.end())).second; };
  }
};

Ticket first_ticket(EarlyServer& es, std::shared_ptr<ClientConfig> cc) {
  Session t(std::move(cc), es.config);
  EXPECT_TRUE(t.ok()) << describe(t.result);
  auto tickets = t.client->take_tickets();
  EXPECT_EQ(tickets.size(), 1u);
  return tickets.empty() ? Ticket{} : tickets[0];
}

struct EarlyRun {
  TestRng crng{21}, srng{22};
  std::optional<Connection> client, server;
  Bytes early_seen;
  Pumped rest;
  EarlyRun(std::shared_ptr<ClientConfig> cc, std::shared_ptr<ServerConfig> sc, const Ticket& t, ByteView early) {
    auto c = Connection::client(std::move(cc), crng, t, early);
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message);
    if (!c) return;
    client.emplace(std::move(*c));
    server.emplace(*Connection::server(std::move(sc), srng));
    auto got = server->handle(client->take_output());  // ClientHello and the early data together
    EXPECT_TRUE(got.has_value()) << (got ? "" : got.error().message);
    if (got) early_seen = got->early_data;
    rest = pump(*client, *server);
  }
  bool ok() const { return client && server && client->handshake_done() && server->handshake_done(); }
  Bytes exchange_to_server() { return pump(*client, *server).to_server; }
};

TEST(ZeroRtt, AcceptedOnceThenRefusedAsAReplay) {
  EarlyServer es;
  const Ticket ticket = first_ticket(es, client_config());
  EXPECT_EQ(ticket.max_early_data, 1000u);
  es.now_ms += 2000;
  EarlyRun first(client_config(), es.config, ticket, bytes("GET / HTTP/1.1\r\n\r\n"));
  ASSERT_TRUE(first.ok()) << describe(first.rest);
  EXPECT_EQ(first.early_seen, bytes("GET / HTTP/1.1\r\n\r\n"));
  EXPECT_TRUE(first.client->info().early_data_accepted);
  EXPECT_TRUE(first.server->info().early_data_accepted);
  ASSERT_TRUE(first.client->send(bytes("after")));
  EXPECT_EQ(first.exchange_to_server(), bytes("after"));
  // The same ticket again: the strike register has seen it; the early data is skipped.
  EarlyRun replay(client_config(), es.config, ticket, bytes("GET / HTTP/1.1\r\n\r\n"));
  ASSERT_TRUE(replay.ok()) << describe(replay.rest);
  EXPECT_TRUE(replay.early_seen.empty());
  EXPECT_TRUE(replay.rest.to_server.empty());
  EXPECT_FALSE(replay.client->info().early_data_accepted);
  EXPECT_TRUE(replay.client->info().resumed);
}

TEST(ZeroRtt, RefusedForAStaleAgeAndSkipped) {
  EarlyServer es;
  const Ticket ticket = first_ticket(es, client_config());
  es.now_ms += 60000;  // the client claims age 0: a minute off
  EarlyRun t(client_config(), es.config, ticket, bytes("early"));
  ASSERT_TRUE(t.ok()) << describe(t.rest);
  EXPECT_TRUE(t.early_seen.empty());
  EXPECT_FALSE(t.client->info().early_data_accepted);
}

TEST(ZeroRtt, SkippedBehindAHelloRetryRequest) {
  EarlyServer es;
  const Ticket ticket = first_ticket(es, client_config());
  auto cc = client_config();
  cc->key_share_groups = {Group::secp256r1};
  es.config->prefer_own_group_order = true;  // x25519 first: a HelloRetryRequest
  EarlyRun t(cc, es.config, ticket, bytes("early"));
  ASSERT_TRUE(t.ok()) << describe(t.rest);
  EXPECT_TRUE(t.client->info().hello_retry);
  EXPECT_TRUE(t.early_seen.empty());
  EXPECT_FALSE(t.client->info().early_data_accepted);
}

TEST(ZeroRtt, ClientRefusesWhatTheTicketDoesNotAllow) {
  EarlyServer es;
  const Ticket ticket = first_ticket(es, client_config());
  TestRng rng{1};
  EXPECT_FALSE(Connection::client(client_config(), rng, ticket, Bytes(1001, 1)).has_value());  // over the limit
  auto h2 = client_config();
  h2->alpn = {"h2"};  // the session had no ALPN protocol
  EXPECT_FALSE(Connection::client(h2, rng, ticket, bytes("x")).has_value());
  EXPECT_FALSE(Connection::client(client_config(), rng, std::nullopt, bytes("x")).has_value());
  auto plain = std::make_shared<ServerConfig>(*es.config);
  plain->max_early_data = 0;
  Session t(client_config(), plain);
  const Ticket no_early = t.client->take_tickets().at(0);
  EXPECT_EQ(no_early.max_early_data, 0u);
  EXPECT_FALSE(Connection::client(client_config(), rng, no_early, bytes("x")).has_value());
  auto unsafe = server_config();
  unsafe->ticket_key = Bytes(32, 1);
  unsafe->max_early_data = 100;  // without a clock and a strike register
  EXPECT_FALSE(unsafe->validate().empty());
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

using namespace test;

TEST(HelloRetryCookie, SecondClientHelloToANewConnection) {
  auto sc = server_config();
  sc->cookie_key = Bytes(32, 0x33);
  sc->prefer_own_group_order = true;  // x25519 first
  auto cc = client_config();
  cc->key_share_groups = {Group::secp256r1};
  TestRng crng{31}, srng{32}, srng2{33};
  auto client = Connection::client(cc, crng);
  auto first = Connection::server(sc, srng);
  ASSERT_TRUE(first->handle(client->take_output()));
  const Bytes hrr = first->take_output();
  auto second_hello = client->handle(hrr);
  ASSERT_TRUE(second_hello);
  EXPECT_TRUE(client->info().hello_retry);
  const Bytes ch2 = client->take_output();
  // The first server is forgotten; a new one takes the second ClientHello by its cookie.
  auto fresh = Connection::server(sc, srng2);
  ASSERT_TRUE(fresh->handle(ch2)) << "fresh server refused the cookie";
  auto p = pump(*client, *fresh);
  ASSERT_TRUE(client->handshake_done() && fresh->handshake_done()) << describe(p);
  EXPECT_TRUE(fresh->info().hello_retry);
  EXPECT_EQ(client->info().group, Group::x25519);
  // The same cookie altered: refused.
  Bytes bad = ch2;
  auto decoded = wire::decode_client_hello(ByteView(bad).subspan(9));
  ASSERT_TRUE(decoded);
  for (auto& e : decoded->extensions.items)
    if (e.type == wire::ext::cookie) e.data.back() ^= 1;
  const Bytes m = wire::encode(*decoded);
  Bytes rec{22, 3, 3, static_cast<std::uint8_t>(m.size() >> 8), static_cast<std::uint8_t>(m.size())};
  rec.insert(rec.end(), m.begin(), m.end());
  auto other = Connection::server(sc, srng2);
  auto r = other->handle(rec);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::illegal_parameter);
  // A server without a cookie key takes no cookie.
  auto plain = Connection::server(server_config(), srng2);
  auto q = plain->handle(ch2);
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().alert, Alert::illegal_parameter);
}

TEST(HelloRetryCookie, SameConnectionChecksTheCookie) {
  auto sc = server_config();
  sc->cookie_key = Bytes(32, 0x34);
  sc->prefer_own_group_order = true;
  auto cc = client_config();
  cc->key_share_groups = {Group::secp384r1};
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  EXPECT_TRUE(t.server->info().hello_retry);
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

using namespace test;

TEST(OcspStapling, PassedThroughWhenAskedInBothVersions) {
  auto sc = server_config();
  sc->certificates.front().ocsp_response = bytes("a DER OCSPResponse, as far as TLS cares");
  for (auto max : {ProtocolVersion::tls12, ProtocolVersion::tls13}) {
    auto cc = client_config();
    cc->max_version = max;
    cc->request_ocsp = true;
    Session t(cc, sc);
    ASSERT_TRUE(t.ok()) << describe(t.result);
    EXPECT_EQ(t.client->info().ocsp_response, sc->certificates.front().ocsp_response);
    cc->request_ocsp = false;
    Session quiet(cc, sc);
    ASSERT_TRUE(quiet.ok()) << describe(quiet.result);
    EXPECT_TRUE(quiet.client->info().ocsp_response.empty());
  }
  auto cc = client_config();  // a server with nothing to staple sends nothing
  cc->request_ocsp = true;
  Session none(cc, server_config());
  ASSERT_TRUE(none.ok()) << describe(none.result);
  EXPECT_TRUE(none.client->info().ocsp_response.empty());
}

}  // namespace
}  // namespace tls

#include <map>

namespace tls {
namespace {

using namespace test;

TEST(Tls12Resumption, BySessionIdWithTheApplicationsCache) {
  auto cache = std::make_shared<std::map<Bytes, StoredSession>>();
  auto sc = server_config();
  sc->session_store = [cache](ByteView id, const StoredSession& s) { (*cache)[Bytes(id.begin(), id.end())] = s; };
  sc->session_lookup = [cache](ByteView id) -> std::optional<StoredSession> {
    auto it = cache->find(Bytes(id.begin(), id.end()));
    if (it == cache->end()) return std::nullopt;
    return it->second;
  };
  Session first(client12(), sc);
  ASSERT_TRUE(first.ok()) << describe(first.result);
  ASSERT_EQ(cache->size(), 1u);
  auto tickets = first.client->take_tickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_TRUE(tickets[0].identity.empty());  // no ticket_key: the session ID alone
  EXPECT_EQ(tickets[0].session_id.size(), 32u);
  TestRng crng{41}, srng{42};
  auto c = Connection::client(client12(), crng, tickets[0]);
  auto s = Connection::server(sc, srng);
  auto p = pump(*c, *s);
  ASSERT_TRUE(c->handshake_done() && s->handshake_done()) << describe(p);
  EXPECT_TRUE(c->info().resumed);
  EXPECT_TRUE(s->info().resumed);
  EXPECT_EQ(cache->size(), 1u);  // a resumption stores nothing new
  cache->clear();  // evicted: a full handshake, and a new entry
  TestRng crng2{43}, srng2{44};
  auto c2 = Connection::client(client12(), crng2, tickets[0]);
  auto s2 = Connection::server(sc, srng2);
  pump(*c2, *s2);
  ASSERT_TRUE(c2->handshake_done());
  EXPECT_FALSE(c2->info().resumed);
  EXPECT_EQ(cache->size(), 1u);
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

using namespace test;

// A self-signed Ed25519 certificate: its chain is signed with ed25519, unlike test/data's
// (ecdsa_secp256r1_sha256 from the test CA).
Certified self_signed_ed25519() {
  TestRng rng{51};
  auto c = self_signed_certified(x509::KeyType::Ed25519, "CN=ed25519 self-signed", rng);
  if (!c) die(c.error().message);
  return std::move(*c);
}

TEST(SignatureAlgorithmsCert, ServerPrefersAChainTheClientTakes) {
  auto sc = server_config("p256");
  sc->certificates.push_back(self_signed_ed25519());
  for (auto max : {ProtocolVersion::tls12, ProtocolVersion::tls13}) {
    auto cc = client_config();
    cc->max_version = max;
    cc->server_name.reset();
    cc->insecure_skip_verification = true;
    Session plain(cc, sc);
    ASSERT_TRUE(plain.ok()) << describe(plain.result);
    EXPECT_EQ(plain.client->info().peer_signature, SignatureScheme::ecdsa_secp256r1_sha256);  // the first
    cc->certificate_signature_schemes = {SignatureScheme::ed25519};
    Session picky(cc, sc);
    ASSERT_TRUE(picky.ok()) << describe(picky.result);
    EXPECT_EQ(picky.client->info().peer_signature, SignatureScheme::ed25519);
    cc->certificate_signature_schemes = {SignatureScheme::rsa_pkcs1_sha512};  // none fits: one anyway
    Session any(cc, sc);
    EXPECT_TRUE(any.ok()) << describe(any.result);
  }
}

}  // namespace
}  // namespace tls

namespace tls {
namespace {

using namespace test;

TEST(ResumptionRules, OnlyForTheSameServerNameAndNotWhenClientCertificatesAreRequired) {
  for (auto max : {ProtocolVersion::tls12, ProtocolVersion::tls13}) {
    auto sc = server_config();
    sc->ticket_key = Bytes(32, 0x61);
    auto cc = client_config("localhost");
    cc->max_version = max;
    Session first(cc, sc);
    ASSERT_TRUE(first.ok()) << describe(first.result);
    const Ticket ticket = first.client->take_tickets().at(0);
    const auto second = [&](std::shared_ptr<ClientConfig> c, std::shared_ptr<ServerConfig> s) {
      TestRng crng{61}, srng{62};
      auto client = Connection::client(std::move(c), crng, ticket);
      auto server = Connection::server(std::move(s), srng);
      auto p = pump(*client, *server);
      EXPECT_TRUE(client->handshake_done() && server->handshake_done()) << describe(p);
      return client->info().resumed;
    };
    EXPECT_TRUE(second(cc, sc));
    auto other = client_config("p256.example");  // the same certificate names it, but not the session
    other->max_version = max;
    EXPECT_FALSE(second(other, sc));
    auto strict = std::make_shared<ServerConfig>(*sc);
    strict->client_auth = ClientAuth::required;
    strict->client_authenticator = authenticator();
    auto with_cert = std::make_shared<ClientConfig>(*cc);
    with_cert->certificate = certified("client");
    EXPECT_FALSE(second(with_cert, strict));  // a full handshake, with the certificate
  }
}

}  // namespace
}  // namespace tls
