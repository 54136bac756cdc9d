// RSA keys: import with checks, recovery of p and q from d, and generation.
#include <nocrypto-pk/rsa.hpp>

#include "mpz.hpp"
#include "rsa_internal.hpp"

namespace nocrypto::pk {

using detail::cmp;
using detail::Mpz;

Result<RsaPublicKey> RsaPublicKey::make(ByteView n, ByteView e) {
  const Mpz nn(n), ee(e);
  const std::size_t bits = nn.bits();
  if (bits < rsa_min_bits || bits > rsa_max_bits || !nn.is_odd()) {
    return std::unexpected(Error::InvalidKey);
  }
  if (!ee.is_odd() || cmp(ee, 3) < 0 || cmp(ee, nn) >= 0 || ee.bits() > 256) {
    return std::unexpected(Error::InvalidKey);
  }
  RsaPublicKey key;
  key.n_ = nn.to_bytes();
  key.e_ = ee.to_bytes();
  key.bits_ = bits;
  return key;
}

namespace {

// The range checks every private key passes: p, q odd and > 2; 0 < d < n; 0 < dp < p;
// 0 < dq < q; 0 < qinv < p.
bool in_range(const Mpz& n, const Mpz& d, const Mpz& p, const Mpz& q, const Mpz& dp,
              const Mpz& dq, const Mpz& qinv) {
  if (!p.is_odd() || !q.is_odd() || cmp(p, 3) < 0 || cmp(q, 3) < 0) return false;
  if (d.is_zero() || cmp(d, n) >= 0) return false;
  if (dp.is_zero() || cmp(dp, p) >= 0 || dq.is_zero() || cmp(dq, q) >= 0) return false;
  if (qinv.is_zero() || cmp(qinv, p) >= 0) return false;
  return true;
}

// Whether e * x = 1 mod (prime - 1) and x = d mod (prime - 1).
bool exponent_fits(const Mpz& e, const Mpz& d, const Mpz& prime, const Mpz& x) {
  Mpz m, t;
  mpz_sub_ui(m, prime, 1);
  mpz_mod(t, d, m);
  if (cmp(t, x) != 0) return false;
  mpz_mul(t, e, x);
  mpz_mod(t, t, m);
  return cmp(t, 1) == 0;
}

}  // namespace

Result<RsaPrivateKey> RsaPrivateKey::make_unchecked(ByteView n, ByteView e, ByteView d,
                                                    ByteView p, ByteView q, ByteView dp,
                                                    ByteView dq, ByteView qinv) {
  auto pub = RsaPublicKey::make(n, e);
  if (!pub) return std::unexpected(pub.error());
  const Mpz nn(n), dd(d), pp(p), qq(q), dpp(dp), dqq(dq), qi(qinv);
  if (!in_range(nn, dd, pp, qq, dpp, dqq, qi)) return std::unexpected(Error::InvalidKey);
  RsaPrivateKey key;
  key.public_ = std::move(*pub);
  key.d_ = dd.to_secret();
  key.p_ = pp.to_secret();
  key.q_ = qq.to_secret();
  key.dp_ = dpp.to_secret();
  key.dq_ = dqq.to_secret();
  key.qinv_ = qi.to_secret();
  return key;
}

Result<RsaPrivateKey> RsaPrivateKey::make(ByteView n, ByteView e, ByteView d, ByteView p,
                                          ByteView q, ByteView dp, ByteView dq,
                                          ByteView qinv) {
  auto key = make_unchecked(n, e, d, p, q, dp, dq, qinv);
  if (!key) return key;
  const Mpz nn(n), ee(e), dd(d), pp(p), qq(q), dpp(dp), dqq(dq), qi(qinv);
  Mpz t;
  mpz_mul(t, pp, qq);
  if (cmp(t, nn) != 0) return std::unexpected(Error::InvalidKey);
  if (!exponent_fits(ee, dd, pp, dpp) || !exponent_fits(ee, dd, qq, dqq)) {
    return std::unexpected(Error::InvalidKey);
  }
  mpz_mul(t, qi, qq);
  mpz_mod(t, t, pp);
  if (cmp(t, 1) != 0) return std::unexpected(Error::InvalidKey);
  return key;
}

namespace {

// Completes (n, e, d, p, q) with dp, dq and qinv, p the larger prime, and checks it.
Result<RsaPrivateKey> from_factors(const Mpz& n, const Mpz& e, const Mpz& d, Mpz p, Mpz q) {
  if (cmp(p, q) < 0) std::swap(p, q);
  Mpz dp, dq, qinv, t;
  mpz_sub_ui(t, p, 1);
  mpz_mod(dp, d, t);
  mpz_sub_ui(t, q, 1);
  mpz_mod(dq, d, t);
  if (mpz_invert(qinv, q, p) == 0) return std::unexpected(Error::InvalidKey);
  const SecretBytes sd = d.to_secret(), sp = p.to_secret(), sq = q.to_secret(),
                    sdp = dp.to_secret(), sdq = dq.to_secret(), sqi = qinv.to_secret();
  return RsaPrivateKey::make(n.to_bytes(), e.to_bytes(), sd, sp, sq, sdp, sdq, sqi);
}

}  // namespace

Result<RsaPrivateKey> RsaPrivateKey::from_exponents(ByteView n, ByteView e, ByteView d) {
  if (!RsaPublicKey::make(n, e)) return std::unexpected(Error::InvalidKey);
  const Mpz nn(n), ee(e), dd(d);
  if (dd.is_zero() || cmp(dd, nn) >= 0) return std::unexpected(Error::InvalidKey);
  // k = d*e - 1 is a multiple of lcm(p-1, q-1): k = 2^t * r with r odd. For a random g,
  // some g^(r 2^i) is a square root of 1 other than +-1 with probability >= 1/2, and
  // gcd(that - 1, n) is a factor.
  Mpz k, r, y, x, n1, g, p, q;
  mpz_mul(k, dd, ee);
  mpz_sub_ui(k, k, 1);
  if (k.is_zero() || k.is_odd()) return std::unexpected(Error::InvalidKey);
  const mp_bitcnt_t t = mpz_scan1(k, 0);
  mpz_tdiv_q_2exp(r, k, t);
  mpz_sub_ui(n1, nn, 1);
  for (unsigned long base = 2; base < 200; ++base) {
    mpz_set_ui(g, base);
    mpz_powm(y, g, r, nn);
    if (cmp(y, 1) == 0 || cmp(y, n1) == 0) continue;
    for (mp_bitcnt_t i = 0; i < t; ++i) {
      mpz_mul(x, y, y);
      mpz_mod(x, x, nn);
      if (cmp(x, 1) == 0) {
        mpz_sub_ui(y, y, 1);
        mpz_gcd(p, y, nn);
        mpz_divexact(q, nn, p);
        if (cmp(p, 1) == 0 || cmp(q, 1) == 0) return std::unexpected(Error::InvalidKey);
        return from_factors(nn, ee, dd, p, q);
      }
      if (cmp(x, n1) == 0) break;
      mpz_swap(y, x);
    }
  }
  return std::unexpected(Error::InvalidKey);
}

namespace {

// Miller-Rabin rounds for a probable prime of `bits` bits (FIPS 186-5 Table B.1, error
// at most 2^-112, 2^-128 and 2^-144 for 1024, 1536 and 2048-bit primes).
int mr_rounds(std::size_t bits) {
  if (bits <= 1024) return 5;
  return 4;
}

// A probable prime of `bits` bits, top two bits set, with gcd(e, prime - 1) = 1, and
// (when `other` is given) |prime - other| > 2^(bits - 100).
Result<void> generate_prime(Mpz& out, std::size_t bits, const Mpz& e, RandomRef rng,
                            const Mpz* other) {
  Mpz t, g, diff, bound;
  mpz_setbit(bound, bits - 100);
  const int rounds = mr_rounds(bits);
  for (std::size_t tries = 0; tries < 40 * bits; ++tries) {
    if (!detail::random_odd_top2(out, bits, rng)) return std::unexpected(Error::RandomUnavailable);
    if (other != nullptr) {
      mpz_sub(diff, out, *other);
      mpz_abs(diff, diff);
      if (cmp(diff, bound) <= 0) continue;
    }
    bool ok = true;
    if (!detail::probable_prime(out, rounds, rng, ok)) {
      if (!ok) return std::unexpected(Error::RandomUnavailable);
      continue;
    }
    mpz_sub_ui(t, out, 1);
    mpz_gcd(g, t, e);
    if (cmp(g, 1) != 0) continue;
    return {};
  }
  return std::unexpected(Error::RandomUnavailable);  // a source that repeats itself
}

}  // namespace

Result<RsaPrivateKey> RsaPrivateKey::generate(RandomRef rng, std::size_t bits, std::uint32_t e) {
  if (bits < rsa_min_generate_bits || bits > rsa_max_bits || bits % 2 != 0) {
    return std::unexpected(Error::InvalidParameter);
  }
  if (e < 3 || e % 2 == 0) return std::unexpected(Error::InvalidParameter);
  const std::size_t half = bits / 2;
  const Mpz ee(static_cast<unsigned long>(e));
  for (int attempt = 0; attempt < 16; ++attempt) {
    Mpz p, q, p1, q1, g, lcm, d, n;
    if (auto r = generate_prime(p, half, ee, rng, nullptr); !r) return std::unexpected(r.error());
    if (auto r = generate_prime(q, half, ee, rng, &p); !r) return std::unexpected(r.error());
    mpz_sub_ui(p1, p, 1);
    mpz_sub_ui(q1, q, 1);
    mpz_lcm(lcm, p1, q1);
    if (mpz_invert(d, ee, lcm) == 0) continue;
    if (d.bits() <= half) continue;  // FIPS 186-5 A.1.1: d > 2^(nlen/2)
    mpz_mul(n, p, q);
    if (n.bits() != bits) continue;
    return from_factors(n, ee, d, std::move(p), std::move(q));
  }
  return std::unexpected(Error::RandomUnavailable);
}

}  // namespace nocrypto::pk
