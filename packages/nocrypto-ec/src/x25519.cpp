// X25519 (RFC 7748): the Montgomery ladder for shared secrets; public keys through the
// fixed-base Edwards multiplication and the birational map, three times faster.
#include <nocrypto-ec/x25519.hpp>

#include "curve25519.hpp"
#include "field25519.hpp"

#include <cstring>

namespace nocrypto::ec {
namespace {

using namespace detail;

void clamp(std::uint8_t e[32], const std::uint8_t k[32]) noexcept {
  std::memcpy(e, k, 32);
  e[0] &= 248;
  e[31] &= 127;
  e[31] |= 64;
}

// X25519(k, u): the ladder of RFC 7748 section 5, one conditional swap per bit.
X25519Key ladder(const std::uint8_t k[32], const std::uint8_t u[32]) noexcept {
  std::uint8_t e[32];
  clamp(e, k);
  Fe x1, x2 = fe_one(), z2 = fe_zero(), x3, z3 = fe_one();
  fe_from_bytes(x1, u);  // drops bit 255
  x3 = x1;
  u64 swap = 0;
  for (int t = 254; t >= 0; --t) {
    const u64 bit = (e[t >> 3] >> (t & 7)) & 1;
    swap ^= bit;
    fe_cswap(x2, x3, swap);
    fe_cswap(z2, z3, swap);
    swap = bit;
    Fe a, aa, b, bb, ee, c, d, da, cb, t0;
    fe_add(a, x2, z2);
    fe_sq(aa, a);
    fe_sub(b, x2, z2);
    fe_sq(bb, b);
    fe_sub(ee, aa, bb);
    fe_add(c, x3, z3);
    fe_sub(d, x3, z3);
    fe_mul(da, d, a);
    fe_mul(cb, c, b);
    fe_add(t0, da, cb);
    fe_sq(x3, t0);
    fe_sub(t0, da, cb);
    fe_sq(t0, t0);
    fe_mul(z3, x1, t0);
    fe_mul(x2, aa, bb);
    fe_mul_small(t0, ee, 121665);  // a24 = (486662 - 2) / 4
    fe_add(t0, aa, t0);
    fe_mul(z2, ee, t0);
  }
  fe_cswap(x2, x3, swap);
  fe_cswap(z2, z3, swap);
  fe_invert(z2, z2);
  fe_mul(x2, x2, z2);
  X25519Key out;
  fe_to_bytes(out.data(), x2);
  wipe(e);
  wipe(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(&x2), sizeof x2));
  wipe(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(&x3), sizeof x3));
  return out;
}

X25519Key base_mult(const std::uint8_t k[32]) noexcept {
  std::uint8_t e[32];
  clamp(e, k);
  GeP3 p;
  ge_scalarmult_base(p, e);
  X25519Key out;
  ge_to_montgomery_u(out.data(), p);
  wipe(e);
  return out;
}

bool all_zero(const X25519Key& k) noexcept {
  std::uint8_t acc = 0;
  for (std::uint8_t b : k) acc |= b;
  return acc == 0;
}

}  // namespace

Result<X25519PrivateKey> X25519PrivateKey::from_bytes(ByteView bytes) noexcept {
  if (bytes.size() != size) return std::unexpected(Error::InvalidKeyLength);
  X25519PrivateKey key;
  std::memcpy(key.key_.data(), bytes.data(), size);
  return key;
}

X25519Key X25519PrivateKey::public_key() const noexcept {
  return base_mult(key_.data());
}

Result<X25519Key> X25519PrivateKey::shared(ByteView peer_public) const noexcept {
  if (peer_public.size() != 32) return std::unexpected(Error::InvalidKeyLength);
  X25519Key s = ladder(key_.data(), peer_public.data());
  if (all_zero(s)) return std::unexpected(Error::InvalidKey);
  return s;
}

Result<X25519Key> X25519::public_key(ByteView private_key) noexcept {
  if (private_key.size() != 32) return std::unexpected(Error::InvalidKeyLength);
  return base_mult(private_key.data());
}

Result<X25519Key> X25519::shared(ByteView private_key, ByteView peer_public) noexcept {
  if (private_key.size() != 32 || peer_public.size() != 32)
    return std::unexpected(Error::InvalidKeyLength);
  X25519Key s = ladder(private_key.data(), peer_public.data());
  if (all_zero(s)) return std::unexpected(Error::InvalidKey);
  return s;
}

X25519Key X25519::scalar_mult(const X25519Key& k, const X25519Key& u) noexcept {
  return ladder(k.data(), u.data());
}

}  // namespace nocrypto::ec
