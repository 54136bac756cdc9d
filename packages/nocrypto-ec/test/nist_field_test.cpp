// The two implementations of P-256's arithmetic: the BMI2/ADX assembly (field_adx.hpp,
// used when the CPU has both) against the portable code, limb by limb on random and edge
// values, and the public operations with the CPU features on and with
// cpu::force_portable: the same keys, signatures and shared secrets.
#include "nist_support.hpp"

#include "../src/weierstrass_field.hpp"

#include <nocrypto/cpu.hpp>

#include <random>

namespace nist_test {
namespace {

using namespace nocrypto::ec;
namespace d = nocrypto::ec::detail;
using L4 = d::Limbs<4>;

struct P256p {
  static constexpr std::size_t limbs = 4;
  static constexpr L4 modulus =
      d::limbs_of_hex<4>("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
};
struct P256n {
  static constexpr std::size_t limbs = 4;
  static constexpr L4 modulus =
      d::limbs_of_hex<4>("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
};

bool have_adx() {
  const auto& f = nocrypto::cpu::detected();
  return NOCRYPTO_EC_ADX && f.bmi2 && f.adx;
}

// Values below `m` (or any 256-bit value when `below` is false): random limbs, mixed
// with the edges where carries run the whole length.
class Values {
 public:
  Values(const L4& m, std::uint64_t seed) : m_(m), rng_(seed) {}
  L4 next(bool below) {
    for (;;) {
      L4 x{};
      for (auto& v : x) v = rng_();
      switch (rng_() % 10) {
        case 0:
          x = L4{};
          break;
        case 1:  // m - 1 .. m - 3
          x = m_;
          x[0] -= 1 + rng_() % 3;
          break;
        case 2:
          x = L4{~0ull, ~0ull, ~0ull, ~0ull};
          break;
        case 3:
          x[0] = x[1] = ~0ull;
          break;
        case 4:
          x[2] = 0;
          x[3] = m_[3];
          break;
        case 5:
          x = L4{rng_() % 4, 0, 0, 0};
          break;
        default:
          break;
      }
      if (!below || d::less_than(x, m_)) return x;
    }
  }

 private:
  L4 m_;
  std::mt19937_64 rng_;
};

TEST(NistField, P256AdxMultiplicationMatchesPortable) {
  if (!have_adx()) GTEST_SKIP() << "no BMI2/ADX on this CPU";
#if NOCRYPTO_EC_ADX
  using F = d::Montgomery<P256p>;
  Values values(F::m, 1);
  for (int i = 0; i < 200000; ++i) {
    const L4 a = values.next(false), b = values.next(true), c = values.next(true);
    ASSERT_EQ(d::adx::p256_mul(a, b), d::P256Field::mul(a, b)) << i;
    ASSERT_EQ(d::adx::p256_sqr(c), d::P256Field::sqr(c)) << i;
    // The generic four-limb code with P-256's p (m0inv = 1) agrees too.
    ASSERT_EQ(d::adx::mont4_mul(a, b, F::m, F::m0inv), d::P256Field::mul(a, b)) << i;
  }
#endif
}

TEST(NistField, P256OrderAdxMultiplicationMatchesPortable) {
  if (!have_adx()) GTEST_SKIP() << "no BMI2/ADX on this CPU";
#if NOCRYPTO_EC_ADX
  using S = d::Montgomery<P256n>;
  using SAdx = d::Montgomery<P256n, true>;
  Values values(S::m, 2);
  for (int i = 0; i < 200000; ++i) {
    const L4 a = values.next(false), b = values.next(true);
    ASSERT_EQ(d::adx::mont4_mul(a, b, S::m, S::m0inv), S::mul_generic(a, b)) << i;
    ASSERT_EQ(SAdx::sqr(b), S::sqr(b)) << i;
  }
  // Through the inversion chain: a * a^-1 = 1.
  for (int i = 0; i < 20; ++i) {
    const L4 a = values.next(true);
    const L4 inv = SAdx::inv(a);
    EXPECT_EQ(inv, S::inv(a));
    if (S::is_zero(a) == 0) {
      EXPECT_EQ(SAdx::mul(a, inv), S::one);
    }
  }
#endif
}

// The public operations on P-256 give the same bytes on both paths.
TEST(NistField, P256OperationsAgreeWithForcedPortable) {
  Counts counts;
  std::mt19937_64 rng(3);
  const Bytes n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  for (int i = 0; i < 60; ++i) {
    Bytes d(32), e(32), digest(32);
    for (auto& b : d) b = static_cast<std::uint8_t>(rng());
    for (auto& b : e) b = static_cast<std::uint8_t>(rng());
    for (auto& b : digest) b = static_cast<std::uint8_t>(rng());
    d[0] &= 0x7f;
    e[0] &= 0x7f;
    if (i < 10) {  // small scalars, whose windows are mostly zero digits
      std::fill(d.begin(), d.end(), 0);
      d[31] = static_cast<std::uint8_t>(i + 1);
    } else if (i < 20) {  // n - 1 .. n - 10: the last window meets the accumulator
      d = n;
      d[31] = static_cast<std::uint8_t>(d[31] - (i - 9));
    }
    const auto key = PrivateKey::from_bytes(Curve::P256, d);
    const auto peer = PrivateKey::from_bytes(Curve::P256, e);
    ASSERT_TRUE(key.has_value() && peer.has_value());
    struct Out {
      Bytes x, y, sig, secret;
      bool verified;
    } out[2];
    for (int portable = 0; portable < 2; ++portable) {
      nocrypto::cpu::force_portable(portable != 0);
      const auto pub = key->public_key();
      const auto sig = ecdsa_sign_digest(*key, HashAlgorithm::Sha256, digest);
      const auto secret = ecdh(*key, peer->public_key());
      ASSERT_TRUE(sig.has_value() && secret.has_value());
      out[portable] = {Bytes(pub.x().begin(), pub.x().end()),
                       Bytes(pub.y().begin(), pub.y().end()), *sig, *secret,
                       ecdsa_verify_digest(pub, digest, *sig)};
    }
    nocrypto::cpu::force_portable(false);
    EXPECT_EQ(to_hex(out[0].x), to_hex(out[1].x)) << i;
    EXPECT_EQ(to_hex(out[0].y), to_hex(out[1].y)) << i;
    EXPECT_EQ(to_hex(out[0].sig), to_hex(out[1].sig)) << i;
    EXPECT_EQ(to_hex(out[0].secret), to_hex(out[1].secret)) << i;
    EXPECT_TRUE(out[0].verified && out[1].verified) << i;
    ++counts.valid;
  }
  report("P-256 ADX against portable", counts);
}

}  // namespace
}  // namespace nist_test
