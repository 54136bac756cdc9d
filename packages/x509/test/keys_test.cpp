// Private keys: generation, PKCS #8 / PKCS #1 / SEC 1 round trips, malformed keys,
// signing with every scheme and verifying with the public half; names from text.
#include "support.hpp"

#include <gtest/gtest.h>

namespace {

using x509::Bytes;
using x509::ErrorCode;
using x509::KeyType;

const KeyType all_types[] = {KeyType::Rsa, KeyType::EcP256, KeyType::EcP384, KeyType::EcP521,
                             KeyType::Ed25519};

const x509::PrivateKey& key_of(KeyType t) {
  static std::vector<x509::PrivateKey> keys = [] {
    std::vector<x509::PrivateKey> out;
    x509_test::TestRandom rng(7);
    for (auto type : all_types) out.push_back(*x509::generate_private_key(type, rng));
    return out;
  }();
  return keys[static_cast<std::size_t>(t)];
}

TEST(PrivateKey, TypesAndNames) {
  for (auto t : all_types) {
    EXPECT_EQ(key_of(t).type(), t);
    EXPECT_EQ(x509::key_type_from_name(x509::key_type_name(t)), t);
  }
  EXPECT_EQ(x509::key_type_from_name("P-256"), KeyType::EcP256);
  EXPECT_EQ(x509::key_type_from_name("secp384r1"), KeyType::EcP384);
  EXPECT_FALSE(x509::key_type_from_name("dsa"));
}

TEST(PrivateKey, Pkcs8AndTraditionalRoundTrip) {
  for (auto t : all_types) {
    const auto& key = key_of(t);
    const Bytes pkcs8 = x509::encode_pkcs8(key);
    auto back = x509::parse_private_key(pkcs8);
    ASSERT_TRUE(back) << x509::key_type_name(t) << ": " << back.error().to_string();
    EXPECT_EQ(back->public_key_info(), key.public_key_info());
    EXPECT_EQ(x509::encode_pkcs8(*back), pkcs8);  // deterministic encoding
    const Bytes trad = x509::encode_traditional(key);
    auto back2 = x509::parse_private_key(trad);
    ASSERT_TRUE(back2) << back2.error().to_string();
    EXPECT_EQ(back2->public_key_info(), key.public_key_info());
    auto pem = x509::parse_pem_private_key(x509::encode_pem_private_key(key));
    ASSERT_TRUE(pem);
    EXPECT_EQ(pem->public_key_info(), key.public_key_info());
  }
}

TEST(PrivateKey, PublicKeyInfoDecodesLikeACertificateKey) {
  for (auto t : all_types) {
    const auto info = key_of(t).public_key_info();
    auto decoded = x509::decode_public_key(info.algorithm, info.subject_public_key);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, info.key);
  }
}

TEST(PrivateKey, TruncatedAndFlippedNeverCrash) {
  for (auto t : all_types) {
    for (const Bytes& der : {x509::encode_pkcs8(key_of(t)), x509::encode_traditional(key_of(t))}) {
      for (std::size_t n = 0; n < der.size(); ++n) {
        auto r = x509::parse_private_key(x509::ByteView(der.data(), n));
        EXPECT_FALSE(r) << n;
      }
      x509_test::TestRandom rng(static_cast<std::uint64_t>(t) + 1);
      for (int i = 0; i < 200; ++i) {
        Bytes copy = der;
        copy[rng.below(copy.size())] ^= static_cast<std::uint8_t>(1u << rng.below(8));
        auto r = x509::parse_private_key(copy);
        if (r) {
          EXPECT_EQ(r->type(), t);  // a flip in a value that stays consistent
        }
      }
    }
  }
}

TEST(PrivateKey, InconsistentKeysRefused) {
  // An EC key whose public point is another key's.
  const Bytes a = x509::encode_traditional(key_of(KeyType::EcP256));
  x509_test::TestRandom rng(99);
  auto other = *x509::generate_private_key(KeyType::EcP256, rng);
  const Bytes b = x509::encode_traditional(other);
  // SEC 1 layout for P-256: the public key BIT STRING is the last 65 bytes (the point).
  Bytes mixed(a.begin(), a.end() - 65);
  mixed.insert(mixed.end(), b.end() - 65, b.end());
  auto r = x509::parse_private_key(mixed);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidKey);
  // An RSA key with a changed prime: n != p*q.
  Bytes rsa = x509::encode_traditional(key_of(KeyType::Rsa));
  rsa[rsa.size() / 2] ^= 1;
  auto r2 = x509::parse_private_key(rsa);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, ErrorCode::InvalidKey);
}

TEST(PrivateKey, PemErrors) {
  auto enc = x509::parse_pem_private_key(
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
  ASSERT_FALSE(enc);
  EXPECT_EQ(enc.error().code, ErrorCode::UnsupportedAlgorithm);
  auto none = x509::parse_pem_private_key("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::Pem);
  auto junk = x509::parse_private_key(Bytes{0x30, 0x03, 0x02, 0x01, 0x00});
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().code, ErrorCode::Der);
}

TEST(Signing, EverySchemeVerifies) {
  const Bytes message = {'h', 'e', 'l', 'l', 'o'};
  x509_test::TestRandom rng(3);
  struct Case {
    KeyType type;
    x509::SignOptions options;
  };
  const Case cases[] = {
      {KeyType::Rsa, {}},
      {KeyType::Rsa, {x509::HashKind::Sha384, false}},
      {KeyType::Rsa, {x509::HashKind::Sha512, true}},
      {KeyType::Rsa, {x509::HashKind::Sha256, true}},
      {KeyType::EcP256, {}},
      {KeyType::EcP384, {}},
      {KeyType::EcP521, {}},
      {KeyType::EcP256, {x509::HashKind::Sha512, false}},
      {KeyType::Ed25519, {}},
  };
  for (const auto& c : cases) {
    const auto& key = key_of(c.type);
    auto alg = x509::signature_algorithm(key, c.options);
    ASSERT_TRUE(alg) << alg.error().to_string();
    auto sig = x509::sign(key, *alg, message, rng);
    ASSERT_TRUE(sig) << sig.error().to_string();
    EXPECT_TRUE(x509::verify_signature(*alg, message, *sig, key.public_key_info()));
    Bytes other = message;
    other[0] ^= 1;
    EXPECT_FALSE(x509::verify_signature(*alg, other, *sig, key.public_key_info()));
    // The scheme reads back as asked.
    auto scheme = x509::signature_scheme(*alg);
    ASSERT_TRUE(scheme);
    EXPECT_EQ(scheme->kind == x509::SignatureKind::RsaPss, c.options.pss);
  }
}

TEST(Signing, RefusedCombinations) {
  x509_test::TestRandom rng(4);
  EXPECT_EQ(x509::signature_algorithm(key_of(KeyType::Ed25519), {x509::HashKind::Sha256, false})
                .error()
                .code,
            ErrorCode::UnsupportedAlgorithm);
  EXPECT_EQ(x509::signature_algorithm(key_of(KeyType::EcP256), {x509::HashKind::None, true})
                .error()
                .code,
            ErrorCode::UnsupportedAlgorithm);
  EXPECT_EQ(x509::signature_algorithm(key_of(KeyType::Rsa), {x509::HashKind::Sha1, false})
                .error()
                .code,
            ErrorCode::UnsupportedAlgorithm);
  // An ECDSA algorithm with an RSA key.
  auto ec_alg = *x509::signature_algorithm(key_of(KeyType::EcP256));
  auto r = x509::sign(key_of(KeyType::Rsa), ec_alg, Bytes{1}, rng);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::AlgorithmMismatch);
}

TEST(Names, ParseBothSpellings) {
  auto a = x509::parse_name("C=US, O=Example Inc, CN=www.example.com");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->to_string(), "C=US, O=Example Inc, CN=www.example.com");
  auto b = x509::parse_name("/C=US/O=Example Inc/CN=www.example.com");
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
  // Country as PrintableString, CN as UTF8String, emailAddress and DC as IA5String.
  EXPECT_EQ(a->rdns[0][0].value.index(), 0u);
  EXPECT_EQ(a->rdns[2][0].value.index(), 1u);
  auto e = x509::parse_name("DC=example, emailAddress=a@example.com");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rdns[0][0].value.index(), 5u);
  EXPECT_EQ(e->rdns[1][0].value.index(), 5u);
  // Escapes, multi-valued RDNs, OIDs.
  auto m = x509::parse_name("O=Smith\\, Jones + OU=R\\2BD, 2.5.4.3=x\\=y");
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->rdns.size(), 2u);
  EXPECT_EQ(m->rdns[0].size(), 2u);
  EXPECT_EQ(m->values(x509::attr::organization)[0], "Smith, Jones");
  EXPECT_EQ(m->values(x509::attr::organizational_unit)[0], "R+D");
  EXPECT_EQ(m->values(x509::attr::common_name)[0], "x=y");
  EXPECT_TRUE(x509::parse_name("")->rdns.empty());
}

TEST(Names, ParseErrors) {
  for (const char* bad : {"CN", "XX=1", "C=USA", "CN=", "CN=a\\", "CN=a\\q", "C=U$"}) {
    auto r = x509::parse_name(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidValue);
  }
}

TEST(Names, Rfc5280Comparison) {
  auto a = *x509::parse_name("C=US, O=Test  Certificates, CN=Good CA");
  auto b = *x509::parse_name("C=us, O= test certificates , CN=GOOD ca");
  EXPECT_TRUE(x509::names_match(a, b));
  // The same text as PrintableString and UTF8String matches.
  auto c = a;
  c.rdns[2][0].value = x509::AttributeValue(std::in_place_index<0>, std::string("Good CA"));
  EXPECT_TRUE(x509::names_match(a, c));
  EXPECT_FALSE(a == c);
  auto d = *x509::parse_name("C=US, O=Test Certificates, CN=Good CA2");
  EXPECT_FALSE(x509::names_match(a, d));
  auto e = *x509::parse_name("C=US, O=Test Certificates");
  EXPECT_FALSE(x509::names_match(a, e));
}

}  // namespace
