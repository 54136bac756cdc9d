// TLS 1.2 between our client and our server over memory: every suite with its key
// exchange and certificate types, version negotiation and the downgrade sentinel, the
// extended master secret, RFC 7507's fallback check, client certificates, the PRF's
// published vector, resumption by ticket and by session ID (and when a session may not
// resume, in both versions), and the alerts for what a TLS 1.2 peer may get wrong.
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

class EveryTls12Combination : public ::testing::TestWithParam<Combo> {};

TEST_P(EveryTls12Combination, HandshakesAndMovesData) {
  const Combo c = GetParam();
  auto [cc, sc] = combo_configs(c);
  cc->max_version = ProtocolVersion::tls12;
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
    ::testing::Values(Combo{CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256, Group::secp256r1, "p256"},
                      Combo{CipherSuite::ecdhe_ecdsa_aes_256_gcm_sha384, Group::secp384r1, "p384"},
                      Combo{CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256, Group::secp256r1, "ed25519"},
                      Combo{CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256, Group::secp521r1, "p521"},
                      Combo{CipherSuite::ecdhe_rsa_aes_128_gcm_sha256, Group::x25519, "rsa2048"},
                      Combo{CipherSuite::ecdhe_rsa_aes_256_gcm_sha384, Group::secp256r1, "rsa2048"},
                      Combo{CipherSuite::ecdhe_rsa_chacha20_poly1305_sha256, Group::x25519, "rsa2048"},
                      Combo{CipherSuite::dhe_rsa_aes_128_gcm_sha256, Group::ffdhe2048, "rsa2048"},
                      Combo{CipherSuite::dhe_rsa_aes_256_gcm_sha384, Group::ffdhe3072, "rsa2048"},
                      Combo{CipherSuite::dhe_rsa_chacha20_poly1305_sha256, Group::ffdhe2048, "rsa2048"},
                      Combo{CipherSuite::ecdhe_ecdsa_aes_128_ccm, Group::secp256r1, "p256"},
                      Combo{CipherSuite::ecdhe_ecdsa_aes_256_ccm, Group::secp384r1, "p384"}));

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

  Session r(client12(), sc, tickets[0], 11);
  ASSERT_TRUE(r.ok()) << describe(r.result);
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_EQ(r.client->info().suite, tickets[0].suite);
  EXPECT_TRUE(r.client->info().peer_chain.empty());  // no certificates in an abbreviated handshake
  ASSERT_TRUE(r.client->send(bytes("again")));
  EXPECT_EQ(r.exchange().to_server, bytes("again"));
  auto next = r.client->take_tickets();  // a fresh ticket each time
  ASSERT_EQ(next.size(), 1u);
  EXPECT_NE(next[0].identity, tickets[0].identity);
  EXPECT_EQ(next[0].master_secret, tickets[0].master_secret);  // the same session
}

TEST(Tls12Resumption, FullHandshakeWhenTheTicketCannotBeUsed) {
  Session first(client12(), ticketing_server());
  ASSERT_TRUE(first.ok()) << describe(first.result);
  const Ticket ticket = first.client->take_tickets().at(0);
  const auto resumed_with = [&](std::shared_ptr<ServerConfig> sc, std::shared_ptr<ClientConfig> cc) {
    Session r(std::move(cc), std::move(sc), ticket, 13);
    EXPECT_TRUE(r.ok()) << describe(r.result);
    return r.ok() && r.client->info().resumed;
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


TEST(Tls12Resumption, BySessionIdWithTheApplicationsCache) {
  auto sc = server_config();
  auto cache = use_session_cache(*sc);
  Session first(client12(), sc);
  ASSERT_TRUE(first.ok()) << describe(first.result);
  ASSERT_EQ(cache->size(), 1u);
  auto tickets = first.client->take_tickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_TRUE(tickets[0].identity.empty());  // no ticket_key: the session ID alone
  EXPECT_EQ(tickets[0].session_id.size(), 32u);
  Session r(client12(), sc, tickets[0], 41);
  ASSERT_TRUE(r.ok()) << describe(r.result);
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_EQ(cache->size(), 1u);  // a resumption stores nothing new
  cache->clear();  // evicted: a full handshake, and a new entry
  Session full(client12(), sc, tickets[0], 43);
  ASSERT_TRUE(full.client->handshake_done());
  EXPECT_FALSE(full.client->info().resumed);
  EXPECT_EQ(cache->size(), 1u);
}


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
      Session r(std::move(c), std::move(s), ticket, 61);
      EXPECT_TRUE(r.ok()) << describe(r.result);
      return r.ok() && r.client->info().resumed;
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
