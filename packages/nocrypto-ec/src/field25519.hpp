#pragma once
// Arithmetic modulo p = 2^255 - 19 in constant time (internal to nocrypto-ec).
//
// An element is five unsigned 51-bit limbs, value = sum v[i] * 2^(51 i), kept loosely
// reduced: any representative of its class mod p, as long as the limbs stay in bounds.
// Two bounds are tracked by hand, in the spirit of fiat-crypto's generated code:
//   tight: limbs < 2^51 + 2^18   (what mul, sq, carry and from_bytes return)
//   loose: limbs < 2^54          (what mul and sq accept)
// add(tight, tight) and sub(any x < 2^53, tight or add-of-tight) are loose; anything
// else must go through carry first. No function branches on or indexes by a value.
#include <cstddef>
#include <cstdint>

namespace nocrypto::ec::detail {

using u64 = std::uint64_t;
__extension__ typedef unsigned __int128 u128;

#define NOCRYPTO_FE_INLINE inline __attribute__((always_inline))

struct Fe {
  u64 v[5];
};

inline constexpr u64 kMask51 = (u64{1} << 51) - 1;

// Hides a value from the optimiser so a mask built from a secret bit stays a mask
// instead of turning back into a branch.
NOCRYPTO_FE_INLINE u64 value_barrier(u64 x) noexcept {
  __asm__("" : "+r"(x));
  return x;
}

inline constexpr Fe fe_zero() noexcept {
  return {{0, 0, 0, 0, 0}};
}
inline constexpr Fe fe_one() noexcept {
  return {{1, 0, 0, 0, 0}};
}

// h = f + g (tight inputs, loose output).
NOCRYPTO_FE_INLINE void fe_add(Fe& h, const Fe& f, const Fe& g) noexcept {
  for (int i = 0; i < 5; ++i) h.v[i] = f.v[i] + g.v[i];
}

// h = f - g as f + 4p - g, so no limb goes negative: g's limbs must be below 2^53 - 76
// (tight, or a sum of two tight), f's below 2^53; the result is loose.
NOCRYPTO_FE_INLINE void fe_sub(Fe& h, const Fe& f, const Fe& g) noexcept {
  constexpr u64 four_p0 = 4 * ((u64{1} << 51) - 19);
  constexpr u64 four_pi = 4 * ((u64{1} << 51) - 1);
  h.v[0] = f.v[0] + four_p0 - g.v[0];
  h.v[1] = f.v[1] + four_pi - g.v[1];
  h.v[2] = f.v[2] + four_pi - g.v[2];
  h.v[3] = f.v[3] + four_pi - g.v[3];
  h.v[4] = f.v[4] + four_pi - g.v[4];
}

// h = f with every limb carried into the next (the top one wrapping round times 19):
// any limbs below 2^63 in, tight out.
NOCRYPTO_FE_INLINE void fe_carry(Fe& h, const Fe& f) noexcept {
  u64 t0 = f.v[0], t1 = f.v[1], t2 = f.v[2], t3 = f.v[3], t4 = f.v[4];
  t1 += t0 >> 51;
  t0 &= kMask51;
  t2 += t1 >> 51;
  t1 &= kMask51;
  t3 += t2 >> 51;
  t2 &= kMask51;
  t4 += t3 >> 51;
  t3 &= kMask51;
  t0 += 19 * (t4 >> 51);
  t4 &= kMask51;
  t1 += t0 >> 51;
  t0 &= kMask51;
  h.v[0] = t0;
  h.v[1] = t1;
  h.v[2] = t2;
  h.v[3] = t3;
  h.v[4] = t4;
}

// Carries five 128-bit column sums into a tight element. Each column is below 2^115, so
// every carry fits 64 bits except the one that wraps round (times 19), kept in 128.
NOCRYPTO_FE_INLINE void fe_carry_wide(Fe& h, u128 t0, u128 t1, u128 t2, u128 t3,
                                      u128 t4) noexcept {
  t1 += static_cast<u64>(t0 >> 51);
  t2 += static_cast<u64>(t1 >> 51);
  t3 += static_cast<u64>(t2 >> 51);
  t4 += static_cast<u64>(t3 >> 51);
  const u128 r0 = static_cast<u128>(static_cast<u64>(t0) & kMask51) +
                  static_cast<u128>(static_cast<u64>(t4 >> 51)) * 19;
  h.v[0] = static_cast<u64>(r0) & kMask51;
  h.v[1] = (static_cast<u64>(t1) & kMask51) + static_cast<u64>(r0 >> 51);
  h.v[2] = static_cast<u64>(t2) & kMask51;
  h.v[3] = static_cast<u64>(t3) & kMask51;
  h.v[4] = static_cast<u64>(t4) & kMask51;
}

// h = f * g (loose inputs, tight output). 2^255 = 19 mod p folds the high columns.
NOCRYPTO_FE_INLINE void fe_mul(Fe& h, const Fe& f, const Fe& g) noexcept {
  const u64 f0 = f.v[0], f1 = f.v[1], f2 = f.v[2], f3 = f.v[3], f4 = f.v[4];
  const u64 g0 = g.v[0], g1 = g.v[1], g2 = g.v[2], g3 = g.v[3], g4 = g.v[4];
  const u64 g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
  const u128 t0 = static_cast<u128>(f0) * g0 + static_cast<u128>(f1) * g4_19 +
                  static_cast<u128>(f2) * g3_19 + static_cast<u128>(f3) * g2_19 +
                  static_cast<u128>(f4) * g1_19;
  const u128 t1 = static_cast<u128>(f0) * g1 + static_cast<u128>(f1) * g0 +
                  static_cast<u128>(f2) * g4_19 + static_cast<u128>(f3) * g3_19 +
                  static_cast<u128>(f4) * g2_19;
  const u128 t2 = static_cast<u128>(f0) * g2 + static_cast<u128>(f1) * g1 +
                  static_cast<u128>(f2) * g0 + static_cast<u128>(f3) * g4_19 +
                  static_cast<u128>(f4) * g3_19;
  const u128 t3 = static_cast<u128>(f0) * g3 + static_cast<u128>(f1) * g2 +
                  static_cast<u128>(f2) * g1 + static_cast<u128>(f3) * g0 +
                  static_cast<u128>(f4) * g4_19;
  const u128 t4 = static_cast<u128>(f0) * g4 + static_cast<u128>(f1) * g3 +
                  static_cast<u128>(f2) * g2 + static_cast<u128>(f3) * g1 +
                  static_cast<u128>(f4) * g0;
  fe_carry_wide(h, t0, t1, t2, t3, t4);
}

// h = f^2 (loose input, tight output): the cross products once, doubled.
NOCRYPTO_FE_INLINE void fe_sq(Fe& h, const Fe& f) noexcept {
  const u64 f0 = f.v[0], f1 = f.v[1], f2 = f.v[2], f3 = f.v[3], f4 = f.v[4];
  const u64 f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3;
  const u64 f3_19 = 19 * f3, f4_19 = 19 * f4;
  const u128 t0 = static_cast<u128>(f0) * f0 + static_cast<u128>(f1_2) * f4_19 +
                  static_cast<u128>(f2_2) * f3_19;
  const u128 t1 = static_cast<u128>(f0_2) * f1 + static_cast<u128>(f2_2) * f4_19 +
                  static_cast<u128>(f3) * f3_19;
  const u128 t2 = static_cast<u128>(f0_2) * f2 + static_cast<u128>(f1) * f1 +
                  static_cast<u128>(f3_2) * f4_19;
  const u128 t3 = static_cast<u128>(f0_2) * f3 + static_cast<u128>(f1_2) * f2 +
                  static_cast<u128>(f4) * f4_19;
  const u128 t4 = static_cast<u128>(f0_2) * f4 + static_cast<u128>(f1_2) * f3 +
                  static_cast<u128>(f2) * f2;
  fe_carry_wide(h, t0, t1, t2, t3, t4);
}

// h = f^(2^n), n >= 1.
NOCRYPTO_FE_INLINE void fe_sq_n(Fe& h, const Fe& f, int n) noexcept {
  fe_sq(h, f);
  for (int i = 1; i < n; ++i) fe_sq(h, h);
}

// h = f * s for a small constant s < 2^20 (loose input, tight output).
NOCRYPTO_FE_INLINE void fe_mul_small(Fe& h, const Fe& f, std::uint32_t s) noexcept {
  fe_carry_wide(h, static_cast<u128>(f.v[0]) * s, static_cast<u128>(f.v[1]) * s,
                static_cast<u128>(f.v[2]) * s, static_cast<u128>(f.v[3]) * s,
                static_cast<u128>(f.v[4]) * s);
}

// h = -f (tight input, tight output).
NOCRYPTO_FE_INLINE void fe_neg(Fe& h, const Fe& f) noexcept {
  Fe t;
  fe_sub(t, fe_zero(), f);
  fe_carry(h, t);
}

// Swaps f and g when bit is 1, leaves them when it is 0; the same work either way.
NOCRYPTO_FE_INLINE void fe_cswap(Fe& f, Fe& g, u64 bit) noexcept {
  const u64 mask = value_barrier(0 - bit);
  for (int i = 0; i < 5; ++i) {
    const u64 x = mask & (f.v[i] ^ g.v[i]);
    f.v[i] ^= x;
    g.v[i] ^= x;
  }
}

// f = g when bit is 1, unchanged when it is 0.
NOCRYPTO_FE_INLINE void fe_cmov(Fe& f, const Fe& g, u64 bit) noexcept {
  const u64 mask = value_barrier(0 - bit);
  for (int i = 0; i < 5; ++i) f.v[i] ^= mask & (f.v[i] ^ g.v[i]);
}

// The 255 low bits of 32 little-endian bytes (bit 255 ignored): tight, possibly >= p.
void fe_from_bytes(Fe& h, const std::uint8_t s[32]) noexcept;
// The canonical (fully reduced, < p) 32-byte little-endian encoding of f (loose ok).
void fe_to_bytes(std::uint8_t s[32], const Fe& f) noexcept;
// 1/f = f^(p-2) by a fixed addition chain (0 for 0).
void fe_invert(Fe& out, const Fe& f) noexcept;
// f^((p-5)/8) = f^(2^252 - 3), the heart of the square root.
void fe_pow22523(Fe& out, const Fe& f) noexcept;
// 1 when f = 0 mod p, else 0; constant time.
u64 fe_is_zero(const Fe& f) noexcept;
// The low bit of the canonical value (the "sign" of RFC 8032); constant time.
u64 fe_is_negative(const Fe& f) noexcept;
// 1 when f = g mod p, else 0; constant time.
u64 fe_equal(const Fe& f, const Fe& g) noexcept;

}  // namespace nocrypto::ec::detail
