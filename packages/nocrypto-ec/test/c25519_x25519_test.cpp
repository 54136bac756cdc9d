// X25519 against RFC 7748 and Wycheproof, and its error cases.
#include "c25519_support.hpp"

#include <nocrypto-ec/x25519.hpp>

#include <string>

namespace {

using namespace c25519_test;
using nocrypto::Error;
using nocrypto::ec::X25519;
using nocrypto::ec::X25519Key;
using nocrypto::ec::X25519PrivateKey;

// RFC 7748 section 5.2: the two single-shot vectors.
TEST(X25519, MatchesRfc7748Vectors) {
  const struct {
    const char *k, *u, *out;
  } cases[] = {
      {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
       "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
       "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
      {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
       "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
       "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
  };
  for (const auto& c : cases) {
    auto out = X25519::shared(hex(c.k), hex(c.u));
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(to_hex(*out), c.out);
  }
}

// RFC 7748 section 5.2: k = u = 9, then k, u = X25519(k, u), k.
X25519Key iterate(int n) {
  X25519Key k{9}, u{9};
  for (int i = 0; i < n; ++i) {
    const X25519Key next = X25519::scalar_mult(k, u);
    u = k;
    k = next;
  }
  return k;
}

TEST(X25519, MatchesRfc7748IteratedOnce) {
  EXPECT_EQ(to_hex(iterate(1)), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
}

TEST(X25519, MatchesRfc7748Iterated1000Times) {
  EXPECT_EQ(to_hex(iterate(1000)),
            "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

// A minute or so: run with --gtest_also_run_disabled_tests.
TEST(X25519, DISABLED_MatchesRfc7748IteratedAMillionTimes) {
  EXPECT_EQ(to_hex(iterate(1000000)),
            "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424");
}

// RFC 7748 section 6.1: Alice and Bob.
TEST(X25519, AgreesOnRfc7748DiffieHellman) {
  const auto alice = X25519PrivateKey::from_bytes(
      hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  const auto bob = X25519PrivateKey::from_bytes(
      hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  ASSERT_TRUE(alice && bob);
  EXPECT_EQ(to_hex(alice->public_key()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(to_hex(bob->public_key()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  const auto s1 = alice->shared(bob->public_key());
  const auto s2 = bob->shared(alice->public_key());
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(to_hex(*s1), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(*s1, *s2);
}

// The fixed-base path (Edwards) and the ladder on u = 9 give the same public keys.
TEST(X25519, PublicKeyEqualsLadderOnBasePoint) {
  TestRng rng(7748);
  const X25519Key nine{9};
  for (int i = 0; i < 200; ++i) {
    X25519Key k;
    rng.generate(k);
    EXPECT_EQ(*X25519::public_key(k), X25519::scalar_mult(k, nine)) << to_hex(k);
  }
}

TEST(X25519, GeneratedKeysAgree) {
  TestRng rng(1);
  for (int i = 0; i < 50; ++i) {
    auto a = X25519::generate(rng);
    auto b = X25519PrivateKey::generate(rng);
    ASSERT_TRUE(a && b);
    EXPECT_NE(to_hex(a->bytes()), to_hex(b->bytes()));
    EXPECT_EQ(*a->shared(b->public_key()), *b->shared(a->public_key()));
  }
}

TEST(X25519, GenerateFailsWhenRandomIsRefused) {
  TestRng refusing(1, /*refuse=*/true);
  auto k = X25519PrivateKey::generate(refusing);
  ASSERT_FALSE(k.has_value());
  EXPECT_EQ(k.error(), Error::RandomUnavailable);
}

TEST(X25519, RejectsWrongLengths) {
  const Bytes k(32, 1), short_key(31, 1), long_key(33, 1);
  EXPECT_EQ(X25519PrivateKey::from_bytes(short_key).error(), Error::InvalidKeyLength);
  EXPECT_EQ(X25519::public_key(long_key).error(), Error::InvalidKeyLength);
  EXPECT_EQ(X25519::shared(k, short_key).error(), Error::InvalidKeyLength);
  EXPECT_EQ(X25519::shared(short_key, k).error(), Error::InvalidKeyLength);
  EXPECT_EQ(X25519PrivateKey::from_bytes(k)->shared(long_key).error(), Error::InvalidKeyLength);
}

// Points of small order (0, 1, and the order-8 ones) force an all-zero secret.
TEST(X25519, RejectsLowOrderPeerPoints) {
  const char* low_order[] = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p = 0
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p + 1 = 1
  };
  const Bytes k = hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
  for (const char* u : low_order) {
    auto s = X25519::shared(k, hex(u));
    ASSERT_FALSE(s.has_value()) << u;
    EXPECT_EQ(s.error(), Error::InvalidKey) << u;
  }
}

// Wycheproof x25519_test.json: every valid case gives its shared secret. "acceptable"
// cases: a public key on the twist or non-canonical (u >= p) is used as RFC 7748 says
// (bit 255 dropped, u taken mod p) and must give the listed secret; an all-zero secret
// (low-order public key) is refused with InvalidKey.
TEST(X25519, PassesWycheproof) {
  const auto doc = wycheproof("x25519_test.json");
  Counts counts;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const std::string result = t["result"].get<std::string>();
      const std::string expected = t["shared"].get<std::string>();
      const auto got = X25519::shared(hex(t["private"].get<std::string>()),
                                      hex(t["public"].get<std::string>()));
      const int id = t["tcId"].get<int>();
      const bool zero = expected == std::string(64, '0');
      if (zero) {
        EXPECT_EQ(result, "acceptable") << id;
        ASSERT_FALSE(got.has_value()) << id;
        EXPECT_EQ(got.error(), Error::InvalidKey) << id;
        ++counts.acceptable_rejected;
        continue;
      }
      ASSERT_TRUE(got.has_value()) << id;
      EXPECT_EQ(to_hex(*got), expected) << id;
      if (result == "valid") {
        ++counts.valid;
      } else if (result == "acceptable") {
        ++counts.acceptable_accepted;
      } else {
        ADD_FAILURE() << "unexpected result " << result << " in " << id;
      }
    }
  }
  report("x25519_test.json", counts);
}

}  // namespace
