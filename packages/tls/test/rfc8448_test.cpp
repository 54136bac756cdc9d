// RFC 8448 section 3, byte for byte: our client and our server, given the trace's randoms
// and keys, send exactly the records the RFC shows, and read the other side's.
#include "support.hpp"
#include "trace.hpp"

#include <tls/crypto.hpp>
#include <tls/messages.hpp>

#include <gtest/gtest.h>

namespace tls {
namespace {

namespace r = rfc8448;
using test::ScriptedRng;

using trace::b;
using trace::cat;
using trace::trace_client;
using trace::trace_server;
using trace::trace_pss_salt;

TEST(Rfc8448, KeyScheduleFromTheSharedSecret) {
  using namespace crypto;
  const HashAlg h = HashAlg::sha256;
  const Bytes zeros(32, 0);
  const Bytes early = hkdf_extract(h, {}, zeros);
  EXPECT_EQ(early, b(r::early_secret));
  const Bytes derived = derive_secret(h, early, "derived", hash(h, {}));
  const Bytes hs = hkdf_extract(h, derived, b(r::shared_secret));
  EXPECT_EQ(hs, b(r::handshake_secret));
  const Bytes th = hash(h, cat(b(r::client_hello), b(r::server_hello)));
  EXPECT_EQ(derive_secret(h, hs, "s hs traffic", th), b(r::server_handshake_traffic_secret));
  EXPECT_EQ(derive_secret(h, hs, "c hs traffic", th), b(r::client_handshake_traffic_secret));
  auto p = RecordProtection::from_secret(CipherSuite::aes_128_gcm_sha256, b(r::server_handshake_traffic_secret));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(Bytes(p->key().begin(), p->key().end()), b(r::server_handshake_key));
  EXPECT_EQ(Bytes(p->iv().begin(), p->iv().end()), b(r::server_handshake_iv));
}

TEST(Rfc8448, KeySharesFromThePrivateKeys) {
  auto c = crypto::KeyShare::from_private(Group::x25519, b(r::client_x25519_private));
  auto s = crypto::KeyShare::from_private(Group::x25519, b(r::server_x25519_private));
  ASSERT_TRUE(c && s);
  EXPECT_EQ(c->public_key(), b(r::client_x25519_public));
  EXPECT_EQ(s->public_key(), b(r::server_x25519_public));
  EXPECT_EQ(*c->shared(s->public_key()), b(r::shared_secret));
}

TEST(Rfc8448, MessagesReencodeToTheSameBytes) {
  const Bytes ch = b(r::client_hello), sh = b(r::server_hello);
  auto m = wire::decode_client_hello(ByteView(ch).subspan(4));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(wire::encode(*m), ch);
  auto s = wire::decode_server_hello(ByteView(sh).subspan(4));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(wire::encode(*s), sh);
  const Bytes cert = b(r::server_certificate);
  auto c = wire::decode_certificate(ByteView(cert).subspan(4));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(wire::encode(*c), cert);
  const Bytes nst = b(r::new_session_ticket);
  auto t = wire::decode_new_session_ticket(ByteView(nst).subspan(4));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(wire::encode(*t), nst);
}

TEST(Rfc8448, ClientSendsTheTracesRecords) {
  ScriptedRng rng{{b(r::client_random), b(r::client_x25519_private)}};
  auto client = Connection::client(trace_client(), rng);
  ASSERT_TRUE(client.has_value()) << client.error().message;
  EXPECT_EQ(client->take_output(), b(r::client_hello_record));

  auto got = client->handle(cat(b(r::server_hello_record), b(r::server_handshake_record)));
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_TRUE(got->handshake_done);
  EXPECT_EQ(client->take_output(), b(r::client_finished_record));
  EXPECT_EQ(client->info().suite, CipherSuite::aes_128_gcm_sha256);
  EXPECT_EQ(client->info().group, Group::x25519);
  EXPECT_EQ(client->info().peer_signature, SignatureScheme::rsa_pss_rsae_sha256);

  got = client->handle(b(r::new_session_ticket_record));
  ASSERT_TRUE(got.has_value()) << got.error().message;

  ASSERT_TRUE(client->send(b(r::application_data_plaintext)));
  EXPECT_EQ(client->take_output(), b(r::client_application_data_record));
  got = client->handle(b(r::server_application_data_record));
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ(got->data, b(r::application_data_plaintext));

  client->close();
  EXPECT_EQ(client->take_output(), b(r::client_alert_record));
  got = client->handle(b(r::server_alert_record));
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_TRUE(got->closed);
}

TEST(Rfc8448, ServerSendsTheTracesRecords) {
  ScriptedRng rng{{b(r::server_random), b(r::server_x25519_private), trace_pss_salt()}, true};
  auto server = Connection::server(trace_server(), rng);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  auto got = server->handle(b(r::client_hello_record));
  ASSERT_TRUE(got.has_value()) << got.error().message;
  const Bytes out = server->take_output();
  EXPECT_EQ(out, cat(b(r::server_hello_record), b(r::server_handshake_record)));
  EXPECT_GE(rng.next, 3u);
  EXPECT_EQ(server->info().server_name, "server");

  got = server->handle(b(r::client_finished_record));
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_TRUE(got->handshake_done);
  // The trace's server sends a NewSessionTicket next; ours sends none yet, so its later
  // records differ in sequence number. The client's records still open.
  got = server->handle(b(r::client_application_data_record));
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ(got->data, b(r::application_data_plaintext));
  got = server->handle(b(r::client_alert_record));
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->closed);
}

TEST(Rfc8448, TamperedServerFlightFailsWithBadRecordMac) {
  ScriptedRng rng{{b(r::client_random), b(r::client_x25519_private)}};
  auto client = Connection::client(trace_client(), rng);
  ASSERT_TRUE(client.has_value());
  (void)client->take_output();
  Bytes flight = cat(b(r::server_hello_record), b(r::server_handshake_record));
  flight[200] ^= 1;
  auto got = client->handle(flight);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().alert, Alert::bad_record_mac);
  EXPECT_TRUE(client->failed());
  EXPECT_FALSE(client->take_output().empty());  // the alert
}

}  // namespace
}  // namespace tls
