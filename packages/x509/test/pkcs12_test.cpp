// PKCS #12: files made by openssl (test/data/pkcs12, one per encryption scheme and MAC
// hash) read with their keys paired to their certificates; ours read back; wrong
// passwords, tampering, iteration limits, a missing MAC; truncated and bit-flipped files
// refused without a crash.
#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

namespace {

using x509::Bytes;
using x509::ErrorCode;
using x509::KeyType;

const std::string kPassword = "pkcs12-test";

// The fixtures beside this file (made with `openssl pkcs12 -export`, see their names).
std::string data(const std::string& name) {
  return (std::filesystem::path(__FILE__).parent_path() / "data" / "pkcs12" / name).string();
}

// Fast reads for the tests that parse many mangled files.
const x509::Pkcs12ReadOptions kQuick{.max_iterations = 4096};

x509::IssueOptions validity() {
  x509::IssueOptions o;
  o.not_before = asn1::DateTime::from_unix(1'700'000'000);
  o.not_after = asn1::DateTime::from_unix(1'800'000'000);
  return o;
}

struct Identity {
  x509::PrivateKey key;
  x509::Certificate cert;
};

Identity identity(KeyType type, std::uint64_t seed) {
  x509_test::TestRandom rng(seed);
  auto key = *x509::generate_private_key(type, rng);
  auto cert =
      *x509::self_signed_certificate(*x509::parse_name("CN=pkcs12.example"), key, validity(), rng);
  return {std::move(key), std::move(cert)};
}

// Ours with one iteration everywhere: quick to read many times.
Bytes quick_file(const Identity& id) {
  x509_test::TestRandom rng(3);
  const x509::Certificate chain[] = {id.cert};
  auto p12 = x509::encode_pkcs12(id.key, chain, kPassword, rng,
                                 {.iterations = 1, .mac_iterations = 1, .friendly_name = "q"});
  EXPECT_TRUE(p12) << p12.error().to_string();
  return p12 ? *p12 : Bytes{};
}

TEST(Pkcs12, ReadsOpensslFilesOfEverySchemeWithKeysPairedToCertificates) {
  const auto key = x509::parse_pem_private_key(x509_test::read_text(data("leaf.key")));
  const auto leaf = x509::parse_pem_certificates(x509_test::read_text(data("leaf.pem")));
  const auto ca = x509::parse_pem_certificates(x509_test::read_text(data("ca.pem")));
  ASSERT_TRUE(key && leaf && ca && leaf->size() == 1 && ca->size() == 1);
  const char* files[] = {"default-aes256.p12",       "pbes2-aes128-aes192-sha384mac.p12",
                         "pbes2-3des-sha512mac.p12", "legacy-3des-sha1mac.p12",
                         "legacy-rc2-40.p12",        "legacy-rc2-128-2des.p12"};
  int read = 0;
  for (const char* f : files) {
    SCOPED_TRACE(f);
    const Bytes der = x509_test::read_bytes(data(f));
    ASSERT_FALSE(der.empty());
    auto p12 = x509::parse_pkcs12(der, kPassword);
    ASSERT_TRUE(p12) << p12.error().to_string();
    ASSERT_EQ(p12->keys.size(), 1u);
    ASSERT_EQ(p12->certificates.size(), 2u);
    EXPECT_EQ(p12->keys[0].key.public_key_info(), key->public_key_info());
    const auto* mine = p12->certificate_for(p12->keys[0]);
    ASSERT_NE(mine, nullptr);
    EXPECT_EQ(mine->certificate.tbs_der, (*leaf)[0].tbs_der);
    EXPECT_EQ(mine->attributes.friendly_name, "leaf \xc3\xa9");
    ASSERT_TRUE(mine->attributes.local_key_id);
    EXPECT_EQ(mine->attributes.local_key_id, p12->keys[0].attributes.local_key_id);
    EXPECT_EQ(p12->keys[0].attributes.friendly_name, "leaf \xc3\xa9");
    const auto& other = &p12->certificates[0] == mine ? p12->certificates[1] : p12->certificates[0];
    EXPECT_EQ(other.certificate.tbs_der, (*ca)[0].tbs_der);
    EXPECT_EQ(other.attributes, x509::Pkcs12Attributes{});
    ++read;
  }
  std::printf("PKCS #12: %d openssl files read (PBES2 AES/3DES, SHA-1 3DES/2DES/RC2-40/RC2-128)\n",
              read);
}

TEST(Pkcs12, RefusesWrongPasswordBeforeDecrypting) {
  for (const char* f : {"default-aes256.p12", "legacy-rc2-40.p12"}) {
    auto p12 = x509::parse_pkcs12(x509_test::read_bytes(data(f)), "pkcs12-tesT");
    ASSERT_FALSE(p12) << f;
    EXPECT_EQ(p12.error().code, ErrorCode::BadSignature);
    EXPECT_NE(p12.error().message.find("wrong password"), std::string::npos)
        << p12.error().to_string();
  }
}

TEST(Pkcs12, ReadsFilesWithAnEmptyPassword) {
  auto p12 = x509::parse_pkcs12(x509_test::read_bytes(data("empty-password.p12")), "");
  ASSERT_TRUE(p12) << p12.error().to_string();
  EXPECT_EQ(p12->keys.size(), 1u);
  EXPECT_EQ(p12->certificates.size(), 1u);
  const auto id = identity(KeyType::EcP256, 9);
  x509_test::TestRandom rng(1);
  const x509::Certificate chain[] = {id.cert};
  auto ours = x509::encode_pkcs12(id.key, chain, "", rng);
  ASSERT_TRUE(ours);
  EXPECT_TRUE(x509::parse_pkcs12(*ours, ""));
  EXPECT_EQ(x509::parse_pkcs12(*ours, "x").error().code, ErrorCode::BadSignature);
}

TEST(Pkcs12, RequiresAMacUnlessToldNot) {
  const Bytes der = x509_test::read_bytes(data("plain-nomac.p12"));
  auto refused = x509::parse_pkcs12(der, kPassword);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidValue);
  EXPECT_NE(refused.error().message.find("no MAC"), std::string::npos);
  // Unencrypted: the key in a keyBag, the certificates in plain data.
  auto p12 = x509::parse_pkcs12(der, "", {.require_mac = false});
  ASSERT_TRUE(p12) << p12.error().to_string();
  ASSERT_EQ(p12->keys.size(), 1u);
  EXPECT_EQ(p12->certificates.size(), 2u);
  EXPECT_NE(p12->certificate_for(p12->keys[0]), nullptr);
}

TEST(Pkcs12, RoundTripsEveryKeyTypeAndMacHash) {
  const std::pair<KeyType, x509::HashKind> cases[] = {{KeyType::EcP256, x509::HashKind::Sha256},
                                                      {KeyType::Ed25519, x509::HashKind::Sha1},
                                                      {KeyType::EcP384, x509::HashKind::Sha384},
                                                      {KeyType::EcP521, x509::HashKind::Sha512},
                                                      {KeyType::Rsa, x509::HashKind::Sha256}};
  std::uint64_t seed = 20;
  for (const auto& [type, hash] : cases) {
    SCOPED_TRACE(x509::key_type_name(type));
    const auto id = identity(type, ++seed);
    const auto ca = identity(KeyType::EcP256, ++seed);
    x509_test::TestRandom rng(seed);
    const x509::Certificate chain[] = {id.cert, ca.cert};
    const std::string password = "p\xc3\xa4sswort \xf0\x9f\x94\x91";  // beyond the BMP too
    auto der = x509::encode_pkcs12(
        id.key, chain, password, rng,
        {.iterations = 1000, .mac_hash = hash, .friendly_name = "m\xc3\xbc key"});
    ASSERT_TRUE(der) << der.error().to_string();
    auto p12 = x509::parse_pkcs12(*der, password);
    ASSERT_TRUE(p12) << p12.error().to_string();
    ASSERT_EQ(p12->keys.size(), 1u);
    ASSERT_EQ(p12->certificates.size(), 2u);
    EXPECT_EQ(p12->keys[0].key.public_key_info(), id.key.public_key_info());
    EXPECT_EQ(x509::encode_pkcs8(p12->keys[0].key), x509::encode_pkcs8(id.key));
    EXPECT_EQ(p12->keys[0].attributes.friendly_name, "m\xc3\xbc key");
    EXPECT_EQ(p12->keys[0].attributes.local_key_id->size(), 20u);
    EXPECT_EQ(p12->certificate_for(p12->keys[0]), &p12->certificates[0]);
    EXPECT_EQ(*x509::encode_certificate(p12->certificates[0].certificate),
              *x509::encode_certificate(id.cert));
    EXPECT_EQ(p12->certificates[0].attributes, p12->keys[0].attributes);
    EXPECT_EQ(p12->certificates[1].certificate.tbs_der, ca.cert.tbs_der);
    EXPECT_FALSE(p12->certificates[1].attributes.local_key_id);
    EXPECT_EQ(x509::parse_pkcs12(*der, "passwort").error().code, ErrorCode::BadSignature);
  }
}

TEST(Pkcs12, WritesAKeyWithoutCertificates) {
  const auto id = identity(KeyType::Ed25519, 40);
  x509_test::TestRandom rng(4);
  auto der = x509::encode_pkcs12(id.key, {}, kPassword, rng, {.iterations = 10});
  ASSERT_TRUE(der);
  auto p12 = x509::parse_pkcs12(*der, kPassword);
  ASSERT_TRUE(p12) << p12.error().to_string();
  ASSERT_EQ(p12->keys.size(), 1u);
  EXPECT_TRUE(p12->certificates.empty());
  EXPECT_EQ(p12->keys[0].key.public_key_info(), id.key.public_key_info());
  EXPECT_FALSE(p12->keys[0].attributes.friendly_name);
  EXPECT_EQ(p12->certificate_for(p12->keys[0]), nullptr);
}

TEST(Pkcs12, PairsByPublicKeyWithoutLocalKeyIds) {
  const auto a = identity(KeyType::EcP256, 50), b = identity(KeyType::EcP256, 51);
  x509::Pkcs12 p12;
  p12.certificates.push_back({a.cert, {}});
  p12.certificates.push_back({b.cert, {}});
  p12.keys.push_back({b.key, {}});
  EXPECT_EQ(p12.certificate_for(p12.keys[0]), &p12.certificates[1]);
  p12.certificates.pop_back();
  EXPECT_EQ(p12.certificate_for(p12.keys[0]), nullptr);
}

TEST(Pkcs12, EncodingRefusesBadOptions) {
  const auto id = identity(KeyType::EcP256, 60);
  x509_test::TestRandom rng(6);
  EXPECT_EQ(x509::encode_pkcs12(id.key, {}, "p", rng, {.iterations = 0}).error().code,
            ErrorCode::InvalidValue);
  EXPECT_EQ(
      x509::encode_pkcs12(id.key, {}, "p", rng, {.mac_hash = x509::HashKind::None}).error().code,
      ErrorCode::InvalidValue);
  EXPECT_EQ(
      x509::encode_pkcs12(id.key, {}, "p", rng, {.friendly_name = "\xf0\x9f\x94\x91"}).error().code,
      ErrorCode::InvalidValue);
  EXPECT_EQ(x509::encode_pkcs12(id.key, {}, "p", rng, {.friendly_name = "\xff"}).error().code,
            ErrorCode::InvalidValue);
  struct Refusing {
    bool generate(std::span<std::uint8_t>) noexcept { return false; }
  } refusing;
  EXPECT_FALSE(x509::encode_pkcs12(id.key, {}, "p", refusing));
}

TEST(Pkcs12, RefusesIterationCountsAboveTheLimit) {
  const Bytes der = x509_test::read_bytes(data("default-aes256.p12"));
  auto p12 = x509::parse_pkcs12(der, kPassword, {.max_iterations = 2047});
  ASSERT_FALSE(p12);
  EXPECT_EQ(p12.error().code, ErrorCode::InvalidValue);
  EXPECT_NE(p12.error().message.find("above the limit"), std::string::npos)
      << p12.error().to_string();
  EXPECT_TRUE(x509::parse_pkcs12(der, kPassword, {.max_iterations = 2048}));
}

TEST(Pkcs12, DetectsTamperingWithTheMacOrTheContents) {
  const auto id = identity(KeyType::EcP256, 70);
  const Bytes der = quick_file(id);
  ASSERT_TRUE(x509::parse_pkcs12(der, kPassword));
  // The last bytes are the MAC's iteration count, salt and digest; the middle is the
  // encrypted certificates.
  for (std::size_t at : {der.size() / 2, der.size() - 20}) {
    Bytes bad = der;
    bad[at] ^= 0x01;
    auto p12 = x509::parse_pkcs12(bad, kPassword);
    ASSERT_FALSE(p12) << at;
    EXPECT_EQ(p12.error().code, ErrorCode::BadSignature) << p12.error().to_string();
  }
}

TEST(Pkcs12, RefusesEveryTruncationAndSurvivesBitFlips) {
  const auto id = identity(KeyType::EcP256, 80);
  const Bytes der = quick_file(id);
  for (std::size_t n = 0; n < der.size(); ++n) {
    auto p12 = x509::parse_pkcs12(x509::ByteView(der.data(), n), kPassword, kQuick);
    ASSERT_FALSE(p12) << n;
    EXPECT_FALSE(p12.error().message.empty());
  }
  x509_test::TestRandom rng(81);
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    Bytes bad = der;
    for (int k = 0; k < 1 + i % 3; ++k)
      bad[rng.below(bad.size())] ^= static_cast<std::uint8_t>(1u << rng.below(8));
    if (x509::parse_pkcs12(bad, kPassword, kQuick)) ++parsed;
    // Without a MAC to stop it, the flips reach the decryption and the bags.
    (void)x509::parse_pkcs12(bad, kPassword, {.max_iterations = 4096, .require_mac = false});
  }
  std::printf(
      "PKCS #12: %d of 3000 flipped files still read (the MAC or the DER refuses the rest)\n",
      parsed);
  const Bytes plain = x509_test::read_bytes(data("plain-nomac.p12"));
  for (int i = 0; i < 2000; ++i) {
    Bytes bad = plain;
    bad[rng.below(bad.size())] ^= static_cast<std::uint8_t>(1u << rng.below(8));
    (void)x509::parse_pkcs12(bad, "", {.max_iterations = 4096, .require_mac = false});
  }
}

// Hand-made structures (no MAC, nothing encrypted) for the bags openssl does not write.
asn1::Any any_of(const Bytes& der) {
  return *asn1::decode(asn1::any(), der);
}
Bytes octets(const Bytes& content) {
  return *asn1::encode_der(asn1::octet_string(), content);
}
// A SafeBag or a CertBag/CRLBag/SecretBag: an OID and a [0] EXPLICIT value.
Bytes typed(const char* id, const Bytes& value_der) {
  return *asn1::encode_der(
      asn1::sequence(asn1::required(asn1::oid()), asn1::required(asn1::explicit_(0, asn1::any()))),
      {*asn1::Oid::parse(id), any_of(value_der)});
}
Bytes sequence_of(const std::vector<Bytes>& elements) {
  std::vector<asn1::Any> v;
  for (const auto& e : elements) v.push_back(any_of(e));
  return *asn1::encode_der(asn1::sequence_of(asn1::any()), v);
}
// A PFX without a MAC whose AuthenticatedSafe is one data ContentInfo of `bags`.
Bytes unprotected_pfx(const std::vector<Bytes>& bags) {
  const char* data = "1.2.840.113549.1.7.1";
  const Bytes auth_safe = sequence_of({typed(data, octets(sequence_of(bags)))});
  return *asn1::encode_der(
      asn1::sequence(asn1::required(asn1::int64()), asn1::required(asn1::any())),
      {3, any_of(typed(data, octets(auth_safe)))});
}

TEST(Pkcs12, ReadsCrlSecretAndNestedBags) {
  const auto ca = identity(KeyType::EcP256, 95);
  x509_test::TestRandom rng(96);
  auto crl = x509::make_crl(ca.cert, ca.key, asn1::DateTime::from_unix(1'700'000'000), std::nullopt,
                            {}, Bytes{1}, rng);
  ASSERT_TRUE(crl);
  const Bytes crl_der = *x509::encode_crl(*crl);
  const Bytes crl_bag =
      typed("1.2.840.113549.1.12.10.1.4", typed("1.2.840.113549.1.9.23.1", octets(crl_der)));
  const Bytes secret_bag =
      typed("1.2.840.113549.1.12.10.1.5", typed("1.2.3.4", octets({'s', 'e', 'c', 'r', 'e', 't'})));
  // The key in a keyBag two safeContentsBags down.
  Bytes nested = typed("1.2.840.113549.1.12.10.1.1", x509::encode_pkcs8(ca.key));
  for (int i = 0; i < 2; ++i) nested = typed("1.2.840.113549.1.12.10.1.6", sequence_of({nested}));
  const Bytes unknown_bag = typed("1.2.3.5", octets({1, 2, 3}));
  auto p12 = x509::parse_pkcs12(unprotected_pfx({crl_bag, secret_bag, nested, unknown_bag}), "",
                                {.require_mac = false});
  ASSERT_TRUE(p12) << p12.error().to_string();
  ASSERT_EQ(p12->crls.size(), 1u);
  EXPECT_EQ(p12->crls[0].der, crl_der);
  EXPECT_TRUE(x509::parse_crl(p12->crls[0].der));
  ASSERT_EQ(p12->secrets.size(), 1u);
  EXPECT_EQ(p12->secrets[0].type.to_string(), "1.2.3.4");
  EXPECT_EQ(p12->secrets[0].value, octets({'s', 'e', 'c', 'r', 'e', 't'}));
  ASSERT_EQ(p12->keys.size(), 1u);
  EXPECT_EQ(p12->keys[0].key.public_key_info(), ca.key.public_key_info());
  EXPECT_TRUE(p12->certificates.empty());
  // Nesting is bounded.
  for (int i = 0; i < 8; ++i) nested = typed("1.2.840.113549.1.12.10.1.6", sequence_of({nested}));
  auto deep = x509::parse_pkcs12(unprotected_pfx({nested}), "", {.require_mac = false});
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::InvalidValue);
  EXPECT_NE(deep.error().message.find("nested too deeply"), std::string::npos)
      << deep.error().to_string();
}

TEST(Pkcs12, RefusesWhatIsNotAPfx) {
  const auto id = identity(KeyType::EcP256, 90);
  auto not_pfx = x509::parse_pkcs12(*x509::encode_certificate(id.cert), kPassword);
  ASSERT_FALSE(not_pfx);
  EXPECT_EQ(not_pfx.error().code, ErrorCode::Der);
  EXPECT_NE(not_pfx.error().message.find("PKCS #12"), std::string::npos);
  EXPECT_FALSE(x509::parse_pkcs12({}, kPassword));
  // Version 2 instead of 3 (the INTEGER right after the outer SEQUENCE header).
  Bytes der = quick_file(id);
  const std::size_t header = (der[1] & 0x80) ? 2 + (der[1] & 0x7f) : 2;
  ASSERT_EQ(der[header], 0x02);
  ASSERT_EQ(der[header + 2], 0x03);
  der[header + 2] = 0x02;
  auto v2 = x509::parse_pkcs12(der, kPassword);
  ASSERT_FALSE(v2);
  EXPECT_EQ(v2.error().code, ErrorCode::InvalidValue);
}

}  // namespace
