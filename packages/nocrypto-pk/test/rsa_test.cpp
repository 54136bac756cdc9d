// RSA: key generation, import checks, round trips, the fault check, bad input.
#include "support.hpp"

#include <gmp.h>

namespace nocrypto_pk_test {
namespace {

using namespace nocrypto::pk;
using nocrypto::Error;

// An owner of an mpz_t read from big-endian bytes, for checking key arithmetic.
struct Z {
  mpz_t v;
  explicit Z(ByteView b) {
    mpz_init(v);
    if (!b.empty()) mpz_import(v, b.size(), 1, 1, 1, 0, b.data());
  }
  Z() { mpz_init(v); }
  ~Z() { mpz_clear(v); }
};

TEST(Rsa, GeneratesConsistent2048BitKeys) {
  const RsaPrivateKey& key = test_key_2048();
  EXPECT_EQ(key.bits(), 2048u);
  EXPECT_EQ(key.size(), 256u);
  EXPECT_EQ(to_hex(key.e()), "010001");
  Z n(key.n()), e(key.e()), d(key.d()), p(key.p()), q(key.q()), t, lcm, p1, q1;
  mpz_mul(t.v, p.v, q.v);
  EXPECT_EQ(mpz_cmp(t.v, n.v), 0) << "p*q != n";
  EXPECT_EQ(mpz_sizeinbase(p.v, 2), 1024u);
  EXPECT_EQ(mpz_sizeinbase(q.v, 2), 1024u);
  EXPECT_TRUE(mpz_tstbit(p.v, 1022) && mpz_tstbit(q.v, 1022)) << "top two bits";
  EXPECT_NE(mpz_probab_prime_p(p.v, 30), 0);
  EXPECT_NE(mpz_probab_prime_p(q.v, 30), 0);
  mpz_sub_ui(p1.v, p.v, 1);
  mpz_sub_ui(q1.v, q.v, 1);
  mpz_lcm(lcm.v, p1.v, q1.v);
  mpz_mul(t.v, e.v, d.v);
  mpz_mod(t.v, t.v, lcm.v);
  EXPECT_EQ(mpz_cmp_ui(t.v, 1), 0) << "e*d != 1 mod lcm(p-1, q-1)";
  mpz_sub(t.v, p.v, q.v);
  mpz_abs(t.v, t.v);
  EXPECT_GT(mpz_sizeinbase(t.v, 2), 1024u - 100u);
  // Re-importing every field passes the consistency checks.
  EXPECT_TRUE(RsaPrivateKey::make(key.n(), key.e(), key.d(), key.p(), key.q(), key.dp(),
                                  key.dq(), key.qinv())
                  .has_value());
}

TEST(Rsa, GenerationIsDeterministicForADeterministicSource) {
  TestRng a("same"), b("same");
  auto k1 = RsaPrivateKey::generate(a, 2048);
  auto k2 = RsaPrivateKey::generate(b, 2048);
  ASSERT_TRUE(k1 && k2);
  EXPECT_EQ(to_hex(k1->n()), to_hex(k2->n()));
}

TEST(Rsa, RefusesBadGenerationParameters) {
  TestRng rng;
  EXPECT_EQ(RsaPrivateKey::generate(rng, 1024).error(), Error::InvalidParameter);
  EXPECT_EQ(RsaPrivateKey::generate(rng, 2049).error(), Error::InvalidParameter);
  EXPECT_EQ(RsaPrivateKey::generate(rng, 2048, 4).error(), Error::InvalidParameter);
  RefusingRng refusing;
  EXPECT_EQ(RsaPrivateKey::generate(refusing, 2048).error(), Error::RandomUnavailable);
}

TEST(Rsa, RecoversFactorsFromExponents) {
  const RsaPrivateKey& key = test_key_2048();
  auto again = RsaPrivateKey::from_exponents(key.n(), key.e(), key.d());
  ASSERT_TRUE(again.has_value());
  const bool same = to_hex(again->p()) == to_hex(key.p()) || to_hex(again->p()) == to_hex(key.q());
  EXPECT_TRUE(same);
  EXPECT_EQ(to_hex(again->dp()) == to_hex(key.dp()) || to_hex(again->dp()) == to_hex(key.dq()),
            true);
  Bytes wrong_d(key.d().begin(), key.d().end());
  wrong_d.back() ^= 2;
  EXPECT_FALSE(RsaPrivateKey::from_exponents(key.n(), key.e(), wrong_d).has_value());
}

TEST(Rsa, RejectsInconsistentKeys) {
  const RsaPrivateKey& k = test_key_2048();
  auto flip = [](ByteView v) {
    Bytes b(v.begin(), v.end());
    b[b.size() / 2] ^= 0x10;
    return b;
  };
  EXPECT_FALSE(RsaPrivateKey::make(k.n(), k.e(), k.d(), k.p(), k.q(), flip(k.dp()), k.dq(),
                                   k.qinv()));
  EXPECT_FALSE(RsaPrivateKey::make(k.n(), k.e(), k.d(), k.p(), k.q(), k.dp(), flip(k.dq()),
                                   k.qinv()));
  EXPECT_FALSE(RsaPrivateKey::make(k.n(), k.e(), k.d(), k.p(), k.q(), k.dp(), k.dq(),
                                   flip(k.qinv())));
  EXPECT_FALSE(RsaPrivateKey::make(k.n(), k.e(), k.d(), k.q(), k.p(), k.dp(), k.dq(), k.qinv()));
  EXPECT_FALSE(RsaPrivateKey::make(flip(k.n()), k.e(), k.d(), k.p(), k.q(), k.dp(), k.dq(),
                                   k.qinv()));
  // Public keys: even n, small n, even or tiny e, e >= n.
  Bytes even_n(k.n().begin(), k.n().end());
  even_n.back() &= 0xfe;
  EXPECT_EQ(RsaPublicKey::make(even_n, k.e()).error(), Error::InvalidKey);
  EXPECT_FALSE(RsaPublicKey::make(Bytes(64, 0xff), k.e()));
  EXPECT_FALSE(RsaPublicKey::make(k.n(), Bytes{1}));
  EXPECT_FALSE(RsaPublicKey::make(k.n(), Bytes{0x01, 0x00, 0x00}));
  EXPECT_FALSE(RsaPublicKey::make(k.n(), k.n()));
  EXPECT_FALSE(RsaPublicKey::make(k.n(), Bytes{}));
  EXPECT_TRUE(RsaPublicKey::make(k.n(), Bytes{3}));
}

TEST(Rsa, RawPrimitivesInvertEachOther) {
  const RsaPrivateKey& key = test_key_2048();
  TestRng rng("raw");
  Bytes m(256);
  rng.generate(m);
  m[0] = 0x01;
  auto c = rsa_public(key.public_key(), m);
  ASSERT_TRUE(c.has_value());
  auto back = rsa_private(key, *c);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(to_hex(*back), to_hex(m));
  auto blinded = rsa_private(key, *c, RandomRef(rng));
  ASSERT_TRUE(blinded.has_value());
  EXPECT_EQ(to_hex(*blinded), to_hex(m));
  // Inputs of the wrong length or not below n.
  EXPECT_EQ(rsa_public(key.public_key(), Bytes(255)).error(), Error::InvalidInputLength);
  EXPECT_EQ(rsa_public(key.public_key(), Bytes(257)).error(), Error::InvalidInputLength);
  EXPECT_EQ(rsa_public(key.public_key(), Bytes(256, 0xff)).error(), Error::InvalidParameter);
  EXPECT_EQ(rsa_private(key, key.n()).error(), Error::InvalidParameter);
  RefusingRng refusing;
  EXPECT_EQ(rsa_private(key, *c, RandomRef(refusing)).error(), Error::RandomUnavailable);
}

TEST(Rsa, SignaturesRoundTrip) {
  const RsaPrivateKey& key = test_key_2048();
  const RsaPublicKey& pub = key.public_key();
  TestRng rng("sig");
  const auto msg = nocrypto::bytes_of("the message");
  for (DigestAlgorithm h : {DigestAlgorithm::sha1, DigestAlgorithm::sha224,
                            DigestAlgorithm::sha256, DigestAlgorithm::sha384,
                            DigestAlgorithm::sha512}) {
    auto s = pkcs1_sign(key, h, msg, RandomRef(rng));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->size(), 256u);
    EXPECT_TRUE(pkcs1_verify(pub, h, msg, *s));
    auto unblinded = pkcs1_sign(key, h, msg);
    ASSERT_TRUE(unblinded.has_value());
    EXPECT_EQ(to_hex(*s), to_hex(*unblinded)) << "PKCS#1 v1.5 is deterministic";
    EXPECT_FALSE(pkcs1_verify(pub, h, nocrypto::bytes_of("other"), *s));
    Bytes bad = *s;
    bad[100] ^= 1;
    EXPECT_FALSE(pkcs1_verify(pub, h, msg, bad));
    EXPECT_FALSE(pkcs1_verify(pub, h, msg, ByteView(*s).first(255)));

    const std::size_t hlen = digest_size(h);
    auto p = pss_sign(key, h, msg, rng, hlen);
    ASSERT_TRUE(p.has_value());
    EXPECT_TRUE(pss_verify(pub, h, msg, *p, hlen));
    EXPECT_TRUE(pss_verify(pub, h, msg, *p, pss_any_salt_length));
    EXPECT_FALSE(pss_verify(pub, h, msg, *p, hlen + 1));
    EXPECT_FALSE(pss_verify(pub, h, nocrypto::bytes_of("other"), *p, hlen));
    EXPECT_FALSE(pkcs1_verify(pub, h, msg, *p));
    EXPECT_FALSE(pss_verify(pub, h, msg, *s, hlen));
  }
  // Zero-length and the longest salts.
  auto p0 = pss_sign(key, DigestAlgorithm::sha256, msg, rng, 0);
  ASSERT_TRUE(p0.has_value());
  EXPECT_TRUE(pss_verify(pub, DigestAlgorithm::sha256, msg, *p0, 0));
  auto longest = pss_sign(key, DigestAlgorithm::sha256, msg, rng, 256 - 32 - 2);
  ASSERT_TRUE(longest.has_value());
  EXPECT_TRUE(pss_verify(pub, DigestAlgorithm::sha256, msg, *longest, 256 - 32 - 2));
  EXPECT_EQ(pss_sign(key, DigestAlgorithm::sha256, msg, rng, 256 - 32 - 1).error(),
            Error::MessageTooLong);
  EXPECT_EQ(pkcs1_sign_digest(key, DigestAlgorithm::sha256, Bytes(31)).error(),
            Error::InvalidInputLength);
}

TEST(Rsa, EncryptionRoundTrips) {
  const RsaPrivateKey& key = test_key_2048();
  const RsaPublicKey& pub = key.public_key();
  TestRng rng("enc");
  for (std::size_t len : {0u, 1u, 32u, 245u}) {
    Bytes m(len, 0xa5);
    auto c = pkcs1_encrypt(pub, m, rng);
    ASSERT_TRUE(c.has_value());
    auto back = pkcs1_decrypt(key, *c, RandomRef(rng));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(to_hex(*back), to_hex(m));
  }
  EXPECT_EQ(pkcs1_encrypt(pub, Bytes(246), rng).error(), Error::MessageTooLong);
  for (DigestAlgorithm h : {DigestAlgorithm::sha1, DigestAlgorithm::sha256,
                            DigestAlgorithm::sha384, DigestAlgorithm::sha512}) {
    const std::size_t max = 256 - 2 * digest_size(h) - 2;
    for (std::size_t len : {std::size_t{0}, std::size_t{16}, max}) {
      Bytes m(len, 0x5a);
      const auto label = nocrypto::bytes_of("label");
      auto c = oaep_encrypt(pub, h, m, rng, label);
      ASSERT_TRUE(c.has_value());
      auto back = oaep_decrypt(key, h, *c, label, RandomRef(rng));
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(to_hex(*back), to_hex(m));
      EXPECT_EQ(oaep_decrypt(key, h, *c).error(), Error::DecryptionFailed) << "other label";
    }
    EXPECT_EQ(oaep_encrypt(pub, h, Bytes(max + 1), rng).error(), Error::MessageTooLong);
  }
}

TEST(Rsa, DecryptionFailuresAreAllTheSameError) {
  const RsaPrivateKey& key = test_key_2048();
  TestRng rng("dec");
  auto c = oaep_encrypt(key.public_key(), DigestAlgorithm::sha256, Bytes{1, 2, 3}, rng);
  ASSERT_TRUE(c.has_value());
  Bytes modified = *c;
  modified[10] ^= 0x40;
  Bytes prefixed(1, 0);
  prefixed.insert(prefixed.end(), c->begin(), c->end());
  for (const Bytes& bad : {Bytes{}, Bytes(255), Bytes(256, 0xff), modified, prefixed,
                           Bytes(key.n().begin(), key.n().end())}) {
    EXPECT_EQ(oaep_decrypt(key, DigestAlgorithm::sha256, bad).error(), Error::DecryptionFailed);
    EXPECT_EQ(pkcs1_decrypt(key, bad).error(), Error::DecryptionFailed);
  }
  // A valid OAEP ciphertext is not a valid PKCS#1 v1.5 one.
  EXPECT_EQ(pkcs1_decrypt(key, *c).error(), Error::DecryptionFailed);
  // Raw paddings that break each rule of PKCS#1 v1.5.
  auto raw = [&](Bytes em) { return *rsa_public(key.public_key(), em); };
  Bytes em(256, 0x11);
  em[0] = 0;
  em[1] = 2;
  em[200] = 0;
  EXPECT_TRUE(pkcs1_decrypt(key, raw(em)).has_value());
  Bytes short_ps = em;
  short_ps[5] = 0;  // padding of three bytes
  EXPECT_EQ(pkcs1_decrypt(key, raw(short_ps)).error(), Error::DecryptionFailed);
  Bytes no_zero = em;
  no_zero[200] = 0x22;
  EXPECT_EQ(pkcs1_decrypt(key, raw(no_zero)).error(), Error::DecryptionFailed);
  Bytes wrong_type = em;
  wrong_type[1] = 1;
  EXPECT_EQ(pkcs1_decrypt(key, raw(wrong_type)).error(), Error::DecryptionFailed);
  Bytes empty_message = em;
  empty_message[200] = 0x11;
  empty_message[255] = 0;
  auto e = pkcs1_decrypt(key, raw(empty_message));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->size(), 0u);
}

TEST(Rsa, FaultCheckStopsACorruptedKey) {
  const RsaPrivateKey& k = test_key_2048();
  Bytes bad_dp(k.dp().begin(), k.dp().end());
  bad_dp[10] ^= 0x01;
  auto corrupt = RsaPrivateKey::make_unchecked(k.n(), k.e(), k.d(), k.p(), k.q(), bad_dp,
                                               k.dq(), k.qinv());
  ASSERT_TRUE(corrupt.has_value());
  TestRng rng("fault");
  const auto msg = nocrypto::bytes_of("message");
  EXPECT_EQ(pkcs1_sign(*corrupt, DigestAlgorithm::sha256, msg).error(), Error::InvalidKey);
  EXPECT_EQ(pkcs1_sign(*corrupt, DigestAlgorithm::sha256, msg, RandomRef(rng)).error(),
            Error::InvalidKey);
  EXPECT_EQ(pss_sign(*corrupt, DigestAlgorithm::sha256, msg, rng, 32).error(), Error::InvalidKey);
  auto c = oaep_encrypt(k.public_key(), DigestAlgorithm::sha256, msg, rng);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(oaep_decrypt(*corrupt, DigestAlgorithm::sha256, *c).error(),
            Error::DecryptionFailed);
  // Out-of-range fields are refused even unchecked.
  EXPECT_FALSE(RsaPrivateKey::make_unchecked(k.n(), k.e(), k.d(), k.p(), k.q(), Bytes{}, k.dq(),
                                             k.qinv()));
  EXPECT_FALSE(RsaPrivateKey::make_unchecked(k.n(), k.e(), k.d(), Bytes{4}, k.q(), k.dp(),
                                             k.dq(), k.qinv()));
}

TEST(Rsa, Mgf1MatchesItsDefinition) {
  // MGF1-SHA256(seed, 40) = SHA256(seed || 0) || SHA256(seed || 1)[0..8]
  const Bytes seed = {1, 2, 3};
  Bytes out(40);
  mgf1(DigestAlgorithm::sha256, seed, out);
  Bytes in0 = seed, in1 = seed;
  in0.insert(in0.end(), {0, 0, 0, 0});
  in1.insert(in1.end(), {0, 0, 0, 1});
  Bytes expected = digest(DigestAlgorithm::sha256, in0);
  const Bytes second = digest(DigestAlgorithm::sha256, in1);
  expected.insert(expected.end(), second.begin(), second.begin() + 8);
  EXPECT_EQ(to_hex(out), to_hex(expected));
}

}  // namespace
}  // namespace nocrypto_pk_test
