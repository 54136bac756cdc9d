// Extensions and TLS 1.3 additions between our client and our server over memory:
// channel bindings, max_fragment_length, ClientHello padding, post-handshake client
// authentication, 0-RTT, HelloRetryRequest cookies, OCSP stapling and
// signature_algorithms_cert (both versions where both have them).
#include "session.hpp"

#include <tls/crypto.hpp>
#include <tls/messages.hpp>

#include <x509/pem.hpp>

#include <set>

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
      if (kind == ChannelBinding::tls_unique) {
        EXPECT_EQ(a->size(), 12u);
      } else if (kind == ChannelBinding::tls_server_end_point) {
        EXPECT_EQ(*a, end_point);
      } else {
        EXPECT_EQ(a->size(), 32u);  // tls_exporter
      }
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
