// Finite-field Diffie-Hellman over the named groups.
#include <nocrypto-pk/dh.hpp>

#include "mpz.hpp"

namespace nocrypto::pk {

using detail::cmp;
using detail::Mpz;

std::size_t dh_size(DhGroup group) noexcept { return dh_prime(group).size(); }

std::size_t dh_exponent_bits(DhGroup group) noexcept {
  switch (dh_size(group) * 8) {
    case 1536:
      return 200;
    case 2048:
      return 225;
    case 3072:
      return 275;
    case 4096:
      return 325;
    case 6144:
      return 375;
    default:
      return 400;
  }
}

Result<DhPrivateKey> DhPrivateKey::make(DhGroup group, ByteView x) {
  const Mpz p(dh_prime(group)), xx(x);
  Mpz q;
  mpz_sub_ui(q, p, 1);
  mpz_tdiv_q_2exp(q, q, 1);
  if (cmp(xx, 1) <= 0 || cmp(xx, q) >= 0) return std::unexpected(Error::InvalidKey);
  Mpz y;
  const Mpz g(2);
  y.reserve(p.bits());
  detail::powm_secret(y, g, xx, p);
  DhPrivateKey key;
  key.group_ = group;
  key.x_ = xx.to_secret();
  key.public_.resize(dh_size(group));
  y.to_bytes(key.public_);
  return key;
}

Result<DhPrivateKey> DhPrivateKey::generate(DhGroup group, RandomRef rng) {
  Mpz x, low(2), high;
  mpz_setbit(high, dh_exponent_bits(group));
  mpz_sub_ui(high, high, 1);
  if (!detail::random_range(x, low, high, rng)) return std::unexpected(Error::RandomUnavailable);
  return make(group, x.to_secret());
}

Result<SecretBytes> dh_shared_secret(const DhPrivateKey& key, ByteView peer_public) {
  const std::size_t size = dh_size(key.group());
  if (peer_public.size() > size) return std::unexpected(Error::InvalidKey);
  const Mpz p(dh_prime(key.group())), y(peer_public), x(key.x());
  Mpz p1;
  mpz_sub_ui(p1, p, 1);
  if (cmp(y, 1) <= 0 || cmp(y, p1) >= 0) return std::unexpected(Error::InvalidKey);
  Mpz z;
  z.reserve(p.bits());
  detail::powm_secret(z, y, x, p);
  if (cmp(z, 1) == 0) return std::unexpected(Error::InvalidKey);
  Bytes out(size);
  z.to_bytes(out);
  return SecretBytes(std::move(out));
}

}  // namespace nocrypto::pk
