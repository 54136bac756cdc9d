// CBC suites (MAC-then-encrypt and RFC 7366's encrypt-then-MAC) and TLS 1.0 / 1.1
// between our client and our server over memory: every CBC suite in the versions it
// allows, version negotiation and the TLS 1.1 downgrade sentinel, client certificates,
// sessions that resume only in their version, the record version; and the CBC record
// layer against records built here by hand, both orders: every padding length taken,
// every wrong padding byte, MAC byte and short record refused with the one bad_record_mac.
#include "session.hpp"

#include <tls/crypto.hpp>

#include <nocrypto/aes.hpp>
#include <nocrypto/hmac.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>

namespace tls {
namespace {

using namespace test;

// Configurations of both ends speaking `min` to `max`, with every CBC suite after the
// defaults.
void speak(Config& c, ProtocolVersion min, ProtocolVersion max) {
  for (auto s : crypto::all_suites())
    if (crypto::cbc_suite(s) && std::find(c.suites.begin(), c.suites.end(), s) == c.suites.end())
      c.suites.push_back(s);
  c.min_version = min;
  c.max_version = max;
}

std::shared_ptr<ClientConfig> client_speaking(ProtocolVersion min, ProtocolVersion max) {
  auto c = client_config();
  speak(*c, min, max);
  return c;
}

std::shared_ptr<ServerConfig> server_speaking(ProtocolVersion min, ProtocolVersion max, const std::string& cert = "p256") {
  auto s = server_config(cert);
  speak(*s, min, max);
  return s;
}

// The application data records in `records` (headers read, bodies skipped).
int count_records(ByteView records, std::uint8_t type) {
  int n = 0;
  for (std::size_t at = 0; at + 5 <= records.size(); at += 5 + ((records[at + 3] << 8) | records[at + 4]))
    n += records[at] == type ? 1 : 0;
  return n;
}

struct CbcCase {
  Combo combo;
  ProtocolVersion version;
};

class EveryCbcCombination : public ::testing::TestWithParam<CbcCase> {};
void run_cbc_case(const CbcCase& param, bool etm);

TEST_P(EveryCbcCombination, HandshakesAndMovesData) {
  for (bool etm : {true, false}) {
    SCOPED_TRACE(etm ? "encrypt-then-MAC" : "MAC-then-encrypt");
    run_cbc_case(GetParam(), etm);
  }
}

void run_cbc_case(const CbcCase& param, bool etm) {
  const auto [c, version] = param;
  auto [cc, sc] = combo_configs(c);
  for (Config* x : {static_cast<Config*>(cc.get()), static_cast<Config*>(sc.get())}) {
    x->min_version = version;
    x->max_version = version;
  }
  sc->encrypt_then_mac = etm;  // the client offers it; the server decides
  Session t(cc, sc);
  ASSERT_TRUE(t.ok()) << describe(t.result);
  for (const Connection* side : {&*t.client, &*t.server}) {
    EXPECT_EQ(side->info().version, version);
    EXPECT_EQ(side->info().suite, c.suite);
    EXPECT_EQ(side->info().group, c.group);
    EXPECT_EQ(side->info().encrypt_then_mac, etm);
  }
  // TLS 1.0 and 1.1 signatures name no scheme.
  EXPECT_EQ(t.client->info().peer_signature.has_value(), version == ProtocolVersion::tls12);
  Bytes big(70000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 13);
  ASSERT_TRUE(t.server->send(big));
  ASSERT_TRUE(t.client->send(bytes("ping")));
  // TLS 1.0 splits application data 1/n-1 (BEAST): two records for "ping".
  const Bytes ping = t.client->take_output();
  EXPECT_EQ(count_records(ping, 23), version == ProtocolVersion::tls10 ? 2 : 1);
  auto got = t.server->handle(ping);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->data, bytes("ping"));
  auto p = t.exchange();
  EXPECT_EQ(p.to_client, big);
  auto a = t.client->export_keying_material("EXPERIMENTAL test", bytes("ctx"), 40);
  auto b = t.server->export_keying_material("EXPERIMENTAL test", bytes("ctx"), 40);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  t.client->close();
  EXPECT_TRUE(t.exchange().server_closed);
}

using S = CipherSuite;
using V = ProtocolVersion;
INSTANTIATE_TEST_SUITE_P(
    Cbc, EveryCbcCombination,
    ::testing::Values(CbcCase{{S::ecdhe_rsa_aes_128_cbc_sha, Group::x25519, "rsa2048"}, V::tls10},
                      CbcCase{{S::ecdhe_rsa_aes_128_cbc_sha, Group::x25519, "rsa2048"}, V::tls11},
                      CbcCase{{S::ecdhe_rsa_aes_128_cbc_sha, Group::x25519, "rsa2048"}, V::tls12},
                      CbcCase{{S::ecdhe_ecdsa_aes_256_cbc_sha, Group::secp256r1, "p256"}, V::tls10},
                      CbcCase{{S::ecdhe_ecdsa_aes_128_cbc_sha, Group::secp521r1, "p521"}, V::tls11},
                      CbcCase{{S::ecdhe_rsa_aes_256_cbc_sha, Group::secp384r1, "rsa2048"}, V::tls12},
                      CbcCase{{S::dhe_rsa_aes_128_cbc_sha, Group::ffdhe2048, "rsa2048"}, V::tls10},
                      CbcCase{{S::dhe_rsa_aes_256_cbc_sha, Group::ffdhe2048, "rsa2048"}, V::tls11},
                      CbcCase{{S::ecdhe_ecdsa_aes_128_cbc_sha256, Group::secp384r1, "p384"}, V::tls12},
                      CbcCase{{S::ecdhe_ecdsa_aes_256_cbc_sha384, Group::secp256r1, "ed25519"}, V::tls12},
                      CbcCase{{S::ecdhe_rsa_aes_128_cbc_sha256, Group::x25519, "rsa2048"}, V::tls12},
                      CbcCase{{S::ecdhe_rsa_aes_256_cbc_sha384, Group::x25519, "rsa2048"}, V::tls12},
                      CbcCase{{S::dhe_rsa_aes_128_cbc_sha256, Group::ffdhe3072, "rsa2048"}, V::tls12},
                      CbcCase{{S::dhe_rsa_aes_256_cbc_sha256, Group::ffdhe2048, "rsa2048"}, V::tls12}));

TEST(Legacy, OldVersionsAreOptInAndNeedACbcSuite) {
  ClientConfig c = *client_config();
  EXPECT_EQ(c.validate(), "");
  c.min_version = ProtocolVersion::tls10;  // the defaults hold no suite TLS 1.0 can use
  EXPECT_NE(c.validate().find("CBC suites with SHA-1"), std::string::npos) << c.validate();
  c.suites.push_back(CipherSuite::ecdhe_rsa_aes_128_cbc_sha);
  EXPECT_EQ(c.validate(), "");
  c.suites = {CipherSuite::ecdhe_rsa_aes_128_cbc_sha256};  // TLS 1.2 only
  c.max_version = ProtocolVersion::tls11;
  EXPECT_NE(c.validate().find("no cipher suite"), std::string::npos) << c.validate();
  // A server whose only key is Ed25519 cannot sign in TLS 1.0 or 1.1.
  ServerConfig s = *server_config("ed25519");
  speak(s, ProtocolVersion::tls10, ProtocolVersion::tls11);
  EXPECT_NE(s.validate().find("signs with none"), std::string::npos) << s.validate();
  // By default neither end speaks them: a TLS 1.0 client gets protocol_version.
  Session t(client_speaking(ProtocolVersion::tls10, ProtocolVersion::tls10), server_config());
  ASSERT_TRUE(t.result.server_error);
  EXPECT_EQ(t.result.server_error->alert, Alert::protocol_version);
}

TEST(Legacy, TheHighestVersionBothSpeakIsNegotiated) {
  const struct {
    V client_min, client_max, server_min, server_max, expected;
  } cases[] = {
      {V::tls10, V::tls10, V::tls10, V::tls13, V::tls10}, {V::tls10, V::tls11, V::tls10, V::tls13, V::tls11},
      {V::tls10, V::tls13, V::tls10, V::tls11, V::tls11}, {V::tls10, V::tls12, V::tls10, V::tls13, V::tls12},
      {V::tls10, V::tls13, V::tls10, V::tls13, V::tls13}, {V::tls11, V::tls13, V::tls10, V::tls10, V::tls10},
  };
  for (const auto& k : cases) {
    Session t(client_speaking(k.client_min, k.client_max), server_speaking(k.server_min, k.server_max, "rsa2048"));
    if (k.client_min > k.server_max) {  // the last case: nothing in common
      ASSERT_FALSE(t.ok());
      continue;
    }
    ASSERT_TRUE(t.ok()) << describe(t.result) << " " << version_name(k.expected);
    EXPECT_EQ(t.client->info().version, k.expected);
    EXPECT_EQ(t.server->info().version, k.expected);
  }
}

TEST(Legacy, DowngradeSentinelForTls11AndOlder) {
  // An attacker makes a hello offering 1.2 look like one offering 1.1: our server, which
  // speaks 1.2, answers with TLS 1.1 and DOWNGRD followed by 0; the client refuses.
  const auto as_tls11 = [](wire::ClientHello& ch) {
    ch.legacy_version = 0x0302;
    drop(ch, wire::ext::supported_versions);
  };
  for (V client_max : {V::tls12, V::tls13}) {
    Edited e(client_speaking(V::tls10, client_max), server_speaking(V::tls10, V::tls13), as_tls11);
    ASSERT_TRUE(e.server_result.has_value()) << e.server_result.error().message;
    ASSERT_FALSE(e.client_result.has_value());
    EXPECT_EQ(e.client_result.error().alert, Alert::illegal_parameter);
    EXPECT_NE(std::string(e.client_result.error().message).find("downgrade"), std::string::npos);
  }
  // A client that speaks nothing newer has nothing to check.
  Edited fine(client_speaking(V::tls10, V::tls11), server_speaking(V::tls10, V::tls13), as_tls11);
  EXPECT_TRUE(fine.client_result.has_value()) << fine.client_result.error().message;
}

TEST(Legacy, ClientCertificates) {
  for (V v : {V::tls10, V::tls11}) {
    auto cc = client_speaking(v, v);
    cc->certificate = certified("client");
    auto sc = server_speaking(v, v, "rsa2048");
    sc->client_auth = ClientAuth::required;
    sc->client_authenticator = authenticator();
    Session t(cc, sc);
    ASSERT_TRUE(t.ok()) << describe(t.result);
    EXPECT_TRUE(t.server->info().client_authenticated);
    EXPECT_EQ(t.server->info().peer_chain.size(), 1u);
    // Without one, a server that requires it stops.
    Session u(client_speaking(v, v), sc);
    ASSERT_TRUE(u.result.server_error);
    EXPECT_EQ(u.result.server_error->alert, Alert::handshake_failure);
  }
}

TEST(Legacy, SessionsResumeOnlyInTheirVersion) {
  auto sc = server_speaking(V::tls10, V::tls12);
  sc->ticket_key = Bytes(32, 7);
  auto cache = use_session_cache(*sc);
  auto first = std::make_unique<Session>(client_speaking(V::tls10, V::tls10), sc);
  ASSERT_TRUE(first->ok()) << describe(first->result);
  auto tickets = first->client->take_tickets();
  ASSERT_FALSE(tickets.empty());
  EXPECT_EQ(tickets.back().version, V::tls10);
  ASSERT_EQ(cache->size(), 1u);
  EXPECT_EQ(cache->begin()->second.version, V::tls10);
  Session again(client_speaking(V::tls10, V::tls10), sc, tickets.back(), 3);
  ASSERT_TRUE(again.ok()) << describe(again.result);
  EXPECT_TRUE(again.client->info().resumed);
  // A client speaking 1.0 and 1.1 offers the 1.0 session; the server, now at 1.1, does a
  // full handshake (by ticket and by session ID alike).
  auto newer = server_speaking(V::tls11, V::tls12);
  newer->ticket_key = sc->ticket_key;
  newer->session_store = sc->session_store;
  newer->session_lookup = sc->session_lookup;
  Session full(client_speaking(V::tls10, V::tls11), newer, tickets.back(), 5);
  ASSERT_TRUE(full.ok()) << describe(full.result);
  EXPECT_EQ(full.client->info().version, V::tls11);
  EXPECT_FALSE(full.client->info().resumed);
  Ticket by_id = tickets.back();
  by_id.identity.clear();
  Session full_by_id(client_speaking(V::tls10, V::tls11), newer, by_id, 7);
  ASSERT_TRUE(full_by_id.ok()) << describe(full_by_id.result);
  EXPECT_FALSE(full_by_id.client->info().resumed);
}

TEST(Legacy, RecordsCarryTheVersionNegotiated) {
  Session t(client_speaking(V::tls10, V::tls10), server_speaking(V::tls10, V::tls13));
  ASSERT_TRUE(t.ok()) << describe(t.result);
  ASSERT_TRUE(t.client->send(bytes("hello")));
  Bytes records = t.client->take_output();
  ASSERT_GE(records.size(), 5u);
  EXPECT_EQ(records[1], 3);
  EXPECT_EQ(records[2], 1);
  records[2] = 3;  // TLS 1.2's
  auto r = t.server->handle(records);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().alert, Alert::protocol_version);
}

// ---- the CBC record layer, against records made here

struct CbcKeys {
  CipherSuite suite;
  ProtocolVersion version;
  bool etm;
  Bytes mac_key, key, iv;
};

CbcKeys keys(CipherSuite suite, ProtocolVersion version, bool etm = false) {
  CbcKeys k{suite, version, etm, Bytes(crypto::suite_mac_length(suite)), Bytes(crypto::suite_key_length(suite)),
            Bytes(16)};
  for (std::size_t i = 0; i < k.mac_key.size(); ++i) k.mac_key[i] = static_cast<std::uint8_t>(0x40 + i);
  for (std::size_t i = 0; i < k.key.size(); ++i) k.key[i] = static_cast<std::uint8_t>(0x80 + i);
  for (std::size_t i = 0; i < k.iv.size(); ++i) k.iv[i] = static_cast<std::uint8_t>(0xc0 + i);
  return k;
}

// The HMAC of record 0's sequence number and header (its length `length`) and `data`.
Bytes record_mac(const CbcKeys& k, std::size_t length, ByteView data) {
  const auto v = static_cast<std::uint16_t>(k.version);
  Bytes in{0, 0, 0, 0, 0, 0, 0, 0, 23, static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v),
           static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
  in.insert(in.end(), data.begin(), data.end());
  const auto bytes_of = [](auto mac) { return Bytes(mac.begin(), mac.end()); };
  if (k.mac_key.size() == 20) return bytes_of(nocrypto::hmac<nocrypto::Sha1>(k.mac_key, in));
  if (k.mac_key.size() == 32) return bytes_of(nocrypto::hmac<nocrypto::Sha256>(k.mac_key, in));
  return bytes_of(nocrypto::hmac<nocrypto::Sha384>(k.mac_key, in));
}

// Record 0 as RFC 5246 6.2.3.2 builds it (the MAC of the content inside, `pad` + 1 bytes
// of value `pad`, AES-CBC) or RFC 7366 (padding, AES-CBC, then the MAC of IV and
// ciphertext); the IV is explicit (the first block) in TLS 1.1 and 1.2. `spoil` may
// change the plaintext before encryption.
Bytes make_record(const CbcKeys& k, ByteView content, std::size_t pad,
                  const std::function<void(Bytes&)>& spoil = {}) {
  Bytes plain(content.begin(), content.end());
  if (!k.etm) {
    const Bytes mac = record_mac(k, content.size(), content);
    plain.insert(plain.end(), mac.begin(), mac.end());
  }
  plain.insert(plain.end(), pad + 1, static_cast<std::uint8_t>(pad));
  if (spoil) spoil(plain);
  auto aes = nocrypto::Aes::create(k.key);
  Bytes body = k.version >= ProtocolVersion::tls11 ? k.iv : Bytes{};
  Bytes enc(plain.size());
  EXPECT_TRUE(nocrypto::cbc_encrypt(*aes, k.iv, plain, enc).has_value());
  body.insert(body.end(), enc.begin(), enc.end());
  if (k.etm) {
    const Bytes mac = record_mac(k, body.size(), body);
    body.insert(body.end(), mac.begin(), mac.end());
  }
  const auto v = static_cast<std::uint16_t>(k.version);
  Bytes record{23, static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v),
               static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
  record.insert(record.end(), body.begin(), body.end());
  return record;
}

Result<std::pair<std::uint8_t, Bytes>> open_record(const CbcKeys& k, const Bytes& record) {
  TestRng rng{9};
  auto p = crypto::RecordProtection::cbc(k.suite, k.version, k.mac_key, k.key, k.iv, rng, k.etm);
  EXPECT_TRUE(p.has_value());
  return p->open(ByteView(record).first(5), ByteView(record).subspan(5));
}

TEST(CbcRecords, EveryPaddingLengthIsTaken) {
  for (bool etm : {false, true})
    for (auto [suite, version] : {std::pair{S::ecdhe_rsa_aes_128_cbc_sha, V::tls11},
                                  std::pair{S::ecdhe_rsa_aes_128_cbc_sha, V::tls10},
                                  std::pair{S::ecdhe_ecdsa_aes_256_cbc_sha384, V::tls12}}) {
      const CbcKeys k = keys(suite, version, etm);
      for (std::size_t content_length : {std::size_t{0}, std::size_t{5}, std::size_t{300}}) {
        const Bytes content(content_length, 0x61);
        const std::size_t base = content_length + (etm ? 0 : k.mac_key.size()) + 1;
        int taken = 0;
        for (std::size_t pad = (16 - base % 16) % 16; pad < 256; pad += 16) {
          auto r = open_record(k, make_record(k, content, pad));
          ASSERT_TRUE(r.has_value()) << "padding " << pad << " etm " << etm << ": " << r.error().message;
          EXPECT_EQ(r->first, 23);
          EXPECT_EQ(r->second, content);
          ++taken;
        }
        EXPECT_GE(taken, 15);
      }
    }
}

void expect_refused(const CbcKeys& k, const Bytes& record, const std::string& what) {
  auto r = open_record(k, record);
  ASSERT_FALSE(r.has_value()) << what;
  EXPECT_EQ(r.error().alert, Alert::bad_record_mac) << what;
}

TEST(CbcRecords, EveryDamageIsOneBadRecordMac) {
  const CbcKeys k = keys(S::ecdhe_rsa_aes_128_cbc_sha, V::tls12);
  const Bytes content(27, 0x62);
  const std::size_t pad = 16;  // 27 + 20 + 17 = 64
  ASSERT_TRUE(open_record(k, make_record(k, content, pad)).has_value());
  // Each byte of the content, of the MAC and of the padding (its length byte included).
  for (std::size_t i = 0; i < 64; ++i)
    expect_refused(k, make_record(k, content, pad, [&](Bytes& p) { p[i] ^= 0x01; }), "byte " + std::to_string(i));
  // A padding length that reaches into the MAC, or past the start.
  expect_refused(k, make_record(k, content, pad, [&](Bytes& p) { p.back() = 40; }), "padding into the MAC");
  expect_refused(k, make_record(k, {}, 11, [&](Bytes& p) {
                   for (auto& b : p) b = 255;
                 }),
                 "padding longer than the record");
  // Not whole blocks; only the IV and one block, too short for a SHA-1 MAC.
  Bytes cut = make_record(k, content, pad);
  cut.pop_back();
  cut[4] = static_cast<std::uint8_t>(cut.size() - 5);
  expect_refused(k, cut, "not whole blocks");
  Bytes tiny = make_record(k, {}, 11);
  tiny.resize(5 + 32);
  tiny[3] = 0;
  tiny[4] = 32;
  expect_refused(k, tiny, "IV and one block");
}

TEST(CbcRecords, EncryptThenMacRefusesEveryDamage) {
  const CbcKeys k = keys(S::ecdhe_rsa_aes_128_cbc_sha256, V::tls12, true);
  const Bytes content(40, 0x63);
  const Bytes good = make_record(k, content, 7);  // 16 + 48 + 32: IV, blocks, MAC
  ASSERT_EQ(good.size(), 5u + 16 + 48 + 32);
  ASSERT_TRUE(open_record(k, good).has_value());
  for (std::size_t i = 5; i < good.size(); ++i) {  // IV, ciphertext, MAC
    Bytes bad = good;
    bad[i] ^= 0x80;
    expect_refused(k, bad, "byte " + std::to_string(i));
  }
  // Authentic records whose padding is not padding (the MAC is over the ciphertext).
  expect_refused(k, make_record(k, content, 7, [](Bytes& p) { p[p.size() - 3] ^= 1; }), "padding byte");
  expect_refused(k, make_record(k, content, 7, [](Bytes& p) { p.back() = 60; }), "padding longer than the record");
  // The MAC alone, or blocks without a whole MAC.
  Bytes cut = good;
  cut.resize(5 + 16 + 32);
  cut[3] = 0;
  cut[4] = 48;
  expect_refused(k, cut, "IV and MAC only");
  cut = good;
  cut.pop_back();
  cut[4] = static_cast<std::uint8_t>(cut.size() - 5);
  expect_refused(k, cut, "a MAC byte short");
}

TEST(Legacy, EncryptThenMacOnlyWithCbcAndWhenBothWant) {
  // A CBC suite: on when both want it; the client's offer alone, or the server's
  // willingness alone, leaves MAC-then-encrypt.
  for (auto [client_wants, server_wants] : {std::pair{true, true}, std::pair{true, false}, std::pair{false, true}}) {
    auto cc = client_speaking(V::tls12, V::tls12);
    cc->suites = {S::ecdhe_ecdsa_aes_128_cbc_sha256};
    cc->encrypt_then_mac = client_wants;
    auto sc = server_speaking(V::tls12, V::tls12);
    sc->encrypt_then_mac = server_wants;
    Session t(cc, sc);
    ASSERT_TRUE(t.ok()) << describe(t.result);
    EXPECT_EQ(t.client->info().encrypt_then_mac, client_wants && server_wants);
    EXPECT_EQ(t.server->info().encrypt_then_mac, client_wants && server_wants);
  }
  // An AEAD suite chosen although the client offered CBC too: no encrypt_then_mac in
  // the ServerHello (RFC 7366 3).
  Session aead(client_speaking(V::tls12, V::tls12), server_speaking(V::tls12, V::tls12));
  ASSERT_TRUE(aead.ok()) << describe(aead.result);
  EXPECT_FALSE(crypto::cbc_suite(aead.client->info().suite));
  EXPECT_FALSE(aead.client->info().encrypt_then_mac);
  EXPECT_FALSE(aead.server->info().encrypt_then_mac);
}

}  // namespace
}  // namespace tls
