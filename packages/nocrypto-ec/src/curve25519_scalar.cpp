// Scalars mod L, the order of edwards25519's prime subgroup: Barrett reduction on 64-bit
// limbs (Handbook of Applied Cryptography, algorithm 14.42, with b = 2^64 and k = 4),
// with the final corrections done by masks so the time never depends on the value.
#include "curve25519.hpp"

namespace nocrypto::ec::detail {
namespace {

// L and mu = floor(2^512 / L), least significant limb first.
constexpr u64 kL[5] = {0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0, 0x1000000000000000, 0};
constexpr u64 kMu[5] = {0xed9ce5a30a2c131b, 0x2106215d086329a7, 0xffffffffffffffeb,
                        0xffffffffffffffff, 0xf};

u64 load64_le(const std::uint8_t* p) noexcept {
  u64 x = 0;
  for (int i = 7; i >= 0; --i) x = (x << 8) | p[i];
  return x;
}

void store64_le(std::uint8_t* p, u64 x) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(x >> (8 * i));
}

// r = r - L when r >= L, for r < 2^320; the same work either way.
void subtract_l_if_above(u64 r[5]) noexcept {
  u64 t[5];
  u64 borrow = 0;
  for (int i = 0; i < 5; ++i) {
    const u128 d = static_cast<u128>(r[i]) - kL[i] - borrow;
    t[i] = static_cast<u64>(d);
    borrow = static_cast<u64>(d >> 64) & 1;
  }
  const u64 keep = value_barrier(0 - borrow);  // all ones: r < L, keep r
  for (int i = 0; i < 5; ++i) r[i] = (r[i] & keep) | (t[i] & ~keep);
}

// r = x mod L for x < 2^512 (eight limbs).
void barrett_reduce(u64 r[4], const u64 x[8]) noexcept {
  // q3 = floor(floor(x / 2^192) * mu / 2^320), an estimate of floor(x / L) at most 2 low.
  u64 q2[10] = {};
  for (int i = 0; i < 5; ++i) {
    u64 carry = 0;
    for (int j = 0; j < 5; ++j) {
      const u128 t = static_cast<u128>(x[3 + i]) * kMu[j] + q2[i + j] + carry;
      q2[i + j] = static_cast<u64>(t);
      carry = static_cast<u64>(t >> 64);
    }
    q2[i + 5] = carry;
  }
  const u64* q3 = q2 + 5;
  // r2 = q3 L mod 2^320.
  u64 r2[5] = {};
  for (int i = 0; i < 5; ++i) {
    u64 carry = 0;
    for (int j = 0; i + j < 5; ++j) {
      const u128 t = static_cast<u128>(q3[i]) * kL[j] + r2[i + j] + carry;
      r2[i + j] = static_cast<u64>(t);
      carry = static_cast<u64>(t >> 64);
    }
  }
  // r = (x - r2) mod 2^320, which is x - q3 L itself: below 3L.
  u64 rr[5];
  u64 borrow = 0;
  for (int i = 0; i < 5; ++i) {
    const u128 d = static_cast<u128>(x[i]) - r2[i] - borrow;
    rr[i] = static_cast<u64>(d);
    borrow = static_cast<u64>(d >> 64) & 1;
  }
  subtract_l_if_above(rr);
  subtract_l_if_above(rr);
  for (int i = 0; i < 4; ++i) r[i] = rr[i];
}

}  // namespace

void sc_reduce(std::uint8_t out[32], const std::uint8_t in[64]) noexcept {
  u64 x[8];
  for (int i = 0; i < 8; ++i) x[i] = load64_le(in + 8 * i);
  u64 r[4];
  barrett_reduce(r, x);
  for (int i = 0; i < 4; ++i) store64_le(out + 8 * i, r[i]);
}

void sc_muladd(std::uint8_t out[32], const std::uint8_t a[32], const std::uint8_t b[32],
               const std::uint8_t c[32]) noexcept {
  u64 av[4], bv[4], x[8] = {};
  for (int i = 0; i < 4; ++i) {
    av[i] = load64_le(a + 8 * i);
    bv[i] = load64_le(b + 8 * i);
    x[i] = load64_le(c + 8 * i);
  }
  for (int i = 0; i < 4; ++i) {
    u64 carry = 0;
    for (int j = 0; j < 4; ++j) {
      const u128 t = static_cast<u128>(av[i]) * bv[j] + x[i + j] + carry;
      x[i + j] = static_cast<u64>(t);
      carry = static_cast<u64>(t >> 64);
    }
    // Propagate into the limbs above (c has made them possibly nonzero only below 4).
    for (int k = i + 4; k < 8; ++k) {
      const u128 t = static_cast<u128>(x[k]) + carry;
      x[k] = static_cast<u64>(t);
      carry = static_cast<u64>(t >> 64);
    }
  }
  u64 r[4];
  barrett_reduce(r, x);
  for (int i = 0; i < 4; ++i) store64_le(out + 8 * i, r[i]);
}

bool sc_is_canonical(const std::uint8_t s[32]) noexcept {
  for (int i = 3; i >= 0; --i) {
    const u64 v = load64_le(s + 8 * i);
    if (v != kL[i]) return v < kL[i];
  }
  return false;  // s = L
}

}  // namespace nocrypto::ec::detail
