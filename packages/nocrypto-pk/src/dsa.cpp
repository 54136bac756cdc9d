// DSA with RFC 6979 deterministic nonces.
#include <nocrypto-pk/dsa.hpp>

#include "hashes.hpp"
#include "mpz.hpp"

#include <algorithm>

namespace nocrypto::pk {

using detail::cmp;
using detail::Mpz;

namespace {

// Whether 1 < v < p and v^q = 1 mod p.
bool in_subgroup(const Mpz& v, const Mpz& p, const Mpz& q) {
  if (cmp(v, 1) <= 0 || cmp(v, p) >= 0) return false;
  Mpz t;
  mpz_powm(t, v, q, p);
  return cmp(t, 1) == 0;
}

// The checks on the domain (p, q, g) that make and from_private share.
bool domain_ok(const Mpz& p, const Mpz& q, const Mpz& g) {
  const std::size_t pbits = p.bits(), qbits = q.bits();
  if (pbits < 1024 || pbits > 4096 || !p.is_odd()) return false;
  if (qbits != 160 && qbits != 224 && qbits != 256) return false;
  if (mpz_probab_prime_p(q, 32) == 0) return false;
  Mpz t;
  mpz_sub_ui(t, p, 1);
  if (!mpz_divisible_p(t, q)) return false;
  return in_subgroup(g, p, q);
}

// bits2int (RFC 6979 2.3.2): the leftmost qlen bits of `bytes` as an integer.
Mpz bits2int(ByteView bytes, std::size_t qlen) {
  Mpz v(bytes);
  const std::size_t blen = bytes.size() * 8;
  if (blen > qlen) mpz_tdiv_q_2exp(v, v, blen - qlen);
  return v;
}

}  // namespace

Result<DsaPublicKey> DsaPublicKey::make(ByteView p, ByteView q, ByteView g, ByteView y) {
  const Mpz pp(p), qq(q), gg(g), yy(y);
  if (!domain_ok(pp, qq, gg) || !in_subgroup(yy, pp, qq)) {
    return std::unexpected(Error::InvalidKey);
  }
  DsaPublicKey key;
  key.p_ = pp.to_bytes();
  key.q_ = qq.to_bytes();
  key.g_ = gg.to_bytes();
  key.y_ = yy.to_bytes();
  return key;
}

Result<DsaPrivateKey> DsaPrivateKey::make(ByteView p, ByteView q, ByteView g, ByteView x) {
  const Mpz pp(p), qq(q), gg(g), xx(x);
  if (!domain_ok(pp, qq, gg)) return std::unexpected(Error::InvalidKey);
  if (xx.is_zero() || cmp(xx, qq) >= 0) return std::unexpected(Error::InvalidKey);
  Mpz y;
  detail::powm_secret(y, gg, xx, pp);
  auto pub = DsaPublicKey::make(p, q, g, y.to_bytes());
  if (!pub) return std::unexpected(pub.error());
  DsaPrivateKey key;
  key.public_ = std::move(*pub);
  key.x_ = xx.to_secret();
  return key;
}

Result<DsaPrivateKey> DsaPrivateKey::generate(const DsaPublicKey& domain, RandomRef rng) {
  const Mpz q(domain.q()), one(1);
  Mpz high, x;
  mpz_sub_ui(high, q, 1);
  if (!detail::random_range(x, one, high, rng)) return std::unexpected(Error::RandomUnavailable);
  return make(domain.p(), domain.q(), domain.g(), x.to_secret());
}

Result<SignatureScalars> dsa_sign_digest(const DsaPrivateKey& key, DigestAlgorithm hash,
                                         ByteView digest) {
  if (digest.size() != digest_size(hash)) return std::unexpected(Error::InvalidInputLength);
  const DsaPublicKey& pub = key.public_key();
  const Mpz p(pub.p()), q(pub.q()), g(pub.g()), x(key.x());
  const std::size_t qlen = q.bits(), rlen = (qlen + 7) / 8, hlen = digest_size(hash);
  // h1 reduced mod q: the message representative, and bits2octets(h1).
  Mpz h = bits2int(digest, qlen);
  if (cmp(h, q) >= 0) mpz_sub(h, h, q);
  Bytes x_octets(rlen), h_octets(rlen);
  x.to_bytes(x_octets);
  h.to_bytes(h_octets);
  // RFC 6979 3.2: HMAC-DRBG seeded with x and h1.
  Bytes v(hlen, 0x01), k(hlen, 0x00);
  static constexpr std::uint8_t zero[1] = {0x00}, one[1] = {0x01};
  k = detail::hmac(hash, k, {v, zero, x_octets, h_octets});
  v = detail::hmac(hash, k, {v});
  k = detail::hmac(hash, k, {v, one, x_octets, h_octets});
  v = detail::hmac(hash, k, {v});
  wipe(x_octets);
  Mpz nonce, q2, r, s, kinv, t;
  mpz_sub_ui(q2, q, 2);
  for (int attempt = 0; attempt < 64; ++attempt) {
    Bytes tbytes;
    while (tbytes.size() * 8 < qlen) {
      v = detail::hmac(hash, k, {v});
      tbytes.insert(tbytes.end(), v.begin(), v.end());
    }
    nonce = bits2int(tbytes, qlen);
    wipe(tbytes);
    if (!nonce.is_zero() && cmp(nonce, q) < 0) {
      // r = (g^k mod p) mod q; s = k^-1 (h + x r) mod q, with k^-1 = k^(q-2) (q prime)
      detail::powm_secret(t, g, nonce, p);
      mpz_mod(r, t, q);
      detail::powm_secret(kinv, nonce, q2, q);
      mpz_mul(t, x, r);
      mpz_add(t, t, h);
      mpz_mul(t, t, kinv);
      mpz_mod(s, t, q);
      if (!r.is_zero() && !s.is_zero()) {
        wipe(k);
        wipe(v);
        return SignatureScalars{r.to_bytes(), s.to_bytes()};
      }
    }
    k = detail::hmac(hash, k, {v, zero});
    v = detail::hmac(hash, k, {v});
  }
  return std::unexpected(Error::InvalidKey);  // not reached with a prime q
}

Result<SignatureScalars> dsa_sign(const DsaPrivateKey& key, DigestAlgorithm hash,
                                  ByteView message) {
  return dsa_sign_digest(key, hash, pk::digest(hash, message));
}

Result<Bytes> dsa_sign_der(const DsaPrivateKey& key, DigestAlgorithm hash, ByteView message) {
  auto sig = dsa_sign(key, hash, message);
  if (!sig) return std::unexpected(sig.error());
  return encode_der_signature(sig->r, sig->s);
}

bool dsa_verify_digest(const DsaPublicKey& key, DigestAlgorithm hash, ByteView digest,
                       ByteView r, ByteView s) {
  if (digest.size() != digest_size(hash)) return false;
  const Mpz p(key.p()), q(key.q()), g(key.g()), y(key.y()), rr(r), ss(s);
  if (rr.is_zero() || cmp(rr, q) >= 0 || ss.is_zero() || cmp(ss, q) >= 0) return false;
  const Mpz z = bits2int(digest, q.bits());
  Mpz w, u1, u2, v1, v2;
  if (mpz_invert(w, ss, q) == 0) return false;
  mpz_mul(u1, z, w);
  mpz_mod(u1, u1, q);
  mpz_mul(u2, rr, w);
  mpz_mod(u2, u2, q);
  mpz_powm(v1, g, u1, p);
  mpz_powm(v2, y, u2, p);
  mpz_mul(v1, v1, v2);
  mpz_mod(v1, v1, p);
  mpz_mod(v1, v1, q);
  return cmp(v1, rr) == 0;
}

bool dsa_verify(const DsaPublicKey& key, DigestAlgorithm hash, ByteView message, ByteView r,
                ByteView s) {
  return dsa_verify_digest(key, hash, pk::digest(hash, message), r, s);
}

bool dsa_verify_der(const DsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                    ByteView der) {
  auto sig = decode_der_signature(der);
  return sig && dsa_verify(key, hash, message, sig->r, sig->s);
}

}  // namespace nocrypto::pk
