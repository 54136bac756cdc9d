// Finite-field DH: the group constants, agreement, and the peer value checks.
#include "support.hpp"

#include <gmp.h>

namespace nocrypto_pk_test {
namespace {

using namespace nocrypto::pk;

const DhGroup kGroups[] = {DhGroup::ffdhe2048, DhGroup::ffdhe3072, DhGroup::ffdhe4096,
                           DhGroup::ffdhe6144, DhGroup::ffdhe8192, DhGroup::modp1536,
                           DhGroup::modp2048,  DhGroup::modp3072,  DhGroup::modp4096,
                           DhGroup::modp6144,  DhGroup::modp8192};

TEST(Dh, GroupPrimesAreSafePrimes) {
  for (DhGroup g : kGroups) {
    const ByteView p = dh_prime(g);
    EXPECT_EQ(p.size(), dh_size(g));
    // RFC 3526 and RFC 7919 primes begin and end with 64 one bits.
    for (std::size_t i = 0; i < 8; ++i) {
      EXPECT_EQ(p[i], 0xff);
      EXPECT_EQ(p[p.size() - 1 - i], 0xff);
    }
    mpz_t pp, q;
    mpz_inits(pp, q, nullptr);
    mpz_import(pp, p.size(), 1, 1, 1, 0, p.data());
    mpz_sub_ui(q, pp, 1);
    mpz_tdiv_q_2exp(q, q, 1);
    EXPECT_NE(mpz_probab_prime_p(q, 2), 0) << dh_size(g) * 8;
    mpz_clears(pp, q, nullptr);
  }
}

TEST(Dh, AgreesOnASharedSecret) {
  TestRng rng("dh");
  for (DhGroup g : {DhGroup::ffdhe2048, DhGroup::ffdhe3072, DhGroup::modp1536,
                    DhGroup::modp2048}) {
    auto a = DhPrivateKey::generate(g, rng);
    auto b = DhPrivateKey::generate(g, rng);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->public_value().size(), dh_size(g));
    EXPECT_LE(a->x().size(), (dh_exponent_bits(g) + 7) / 8);
    auto s1 = dh_shared_secret(*a, b->public_value());
    auto s2 = dh_shared_secret(*b, a->public_value());
    ASSERT_TRUE(s1 && s2);
    EXPECT_EQ(s1->size(), dh_size(g));
    EXPECT_EQ(to_hex(*s1), to_hex(*s2));
  }
}

TEST(Dh, KnownSmallExponent) {
  // x = 2: the public value is 4, and the secret with peer 3 is 9, left-padded.
  auto key = DhPrivateKey::make(DhGroup::ffdhe2048, Bytes{2});
  ASSERT_TRUE(key.has_value());
  Bytes four(256);
  four.back() = 4;
  EXPECT_EQ(to_hex(key->public_value()), to_hex(four));
  auto s = dh_shared_secret(*key, Bytes{3});
  ASSERT_TRUE(s.has_value());
  Bytes nine(256);
  nine.back() = 9;
  EXPECT_EQ(to_hex(*s), to_hex(nine));
}

TEST(Dh, RejectsBadPeerValues) {
  TestRng rng("dh-peer");
  auto key = DhPrivateKey::generate(DhGroup::ffdhe2048, rng);
  ASSERT_TRUE(key.has_value());
  const ByteView p = dh_prime(DhGroup::ffdhe2048);
  Bytes p_minus_1(p.begin(), p.end());
  p_minus_1.back() -= 1;
  Bytes p_plus(p.begin(), p.end());
  p_plus.back() = 0;  // p - 255: fine
  for (const Bytes& bad : {Bytes{}, Bytes{0}, Bytes{1}, Bytes(256, 0), p_minus_1,
                           Bytes(p.begin(), p.end()), Bytes(256, 0xff), Bytes(257, 0x01)}) {
    EXPECT_EQ(dh_shared_secret(*key, bad).error(), nocrypto::Error::InvalidKey);
  }
  EXPECT_TRUE(dh_shared_secret(*key, p_plus).has_value());
  EXPECT_TRUE(dh_shared_secret(*key, Bytes{2}).has_value());
}

TEST(Dh, RejectsBadPrivateValues) {
  EXPECT_FALSE(DhPrivateKey::make(DhGroup::ffdhe2048, Bytes{}).has_value());
  EXPECT_FALSE(DhPrivateKey::make(DhGroup::ffdhe2048, Bytes{1}).has_value());
  EXPECT_FALSE(DhPrivateKey::make(DhGroup::ffdhe2048, Bytes(256, 0xff)).has_value());
  RefusingRng refusing;
  EXPECT_EQ(DhPrivateKey::generate(DhGroup::ffdhe2048, refusing).error(),
            nocrypto::Error::RandomUnavailable);
}

}  // namespace
}  // namespace nocrypto_pk_test
