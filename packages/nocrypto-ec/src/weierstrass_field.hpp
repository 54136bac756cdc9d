#pragma once
// Arithmetic modulo an odd prime in Montgomery form over 64-bit limbs (internal), for the
// fields and group orders of P-256, P-384 and P-521. The modulus is a compile-time
// constant, so the compiler folds its zero and all-ones limbs away: one generic template
// gives each curve a specialised multiplier; the P-256 and P-521 field primes get their own
// multiplication, squaring and inversion chain (P256Field, P521Field), chosen at compile
// time from the modulus. Every operation runs in time independent of the values (no
// branches on them and no memory indexes derived from them), except inv_vartime, which is
// for public values only.
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "field_adx.hpp"

namespace nocrypto::ec::detail {

using u64 = std::uint64_t;
__extension__ typedef unsigned __int128 u128;  // GCC and Clang on 64-bit targets

template <std::size_t N>
using Limbs = std::array<u64, N>;  // little-endian: limb 0 is the least significant

constexpr int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

// The limbs of a big-endian hex constant (no prefix) at compile time.
template <std::size_t N, std::size_t L>
constexpr Limbs<N> limbs_of_hex(const char (&hex)[L]) {
  Limbs<N> r{};
  std::size_t bit = 0;
  for (std::size_t i = L - 1; i-- > 0; bit += 4)
    r[bit / 64] |= static_cast<u64>(hex_digit(hex[i])) << (bit % 64);
  return r;
}

// All ones when x is zero, else zero.
constexpr u64 mask_if_zero(u64 x) {
  return ((x | (0 - x)) >> 63) - 1;
}

// One limb of an addition chain: a + b + carry_in (carry_in 0 or 1); the carry out (0 or
// 1) goes to `carry`. On x86-64 the intrinsic gives the compiler a plain adc chain; the
// portable form is the same arithmetic through a 128-bit sum.
constexpr u64 addc(u64 a, u64 b, u64& carry) {
#if defined(__x86_64__)
  if !consteval {
    unsigned long long out;
    carry = _addcarry_u64(static_cast<unsigned char>(carry), a, b, &out);
    return out;
  }
#endif
  const u128 s = static_cast<u128>(a) + b + carry;
  carry = static_cast<u64>(s >> 64);
  return static_cast<u64>(s);
}

// One limb of a subtraction chain: a - b - borrow_in; the borrow out (0 or 1) to `borrow`.
constexpr u64 subb(u64 a, u64 b, u64& borrow) {
#if defined(__x86_64__)
  if !consteval {
    unsigned long long out;
    borrow = _subborrow_u64(static_cast<unsigned char>(borrow), a, b, &out);
    return out;
  }
#endif
  const u128 d = static_cast<u128>(a) - b - borrow;
  borrow = static_cast<u64>(d >> 64) & 1;
  return static_cast<u64>(d);
}

// a - b over N limbs into r; returns the borrow (0 or 1).
template <std::size_t N>
constexpr u64 sub_limbs(Limbs<N>& r, const Limbs<N>& a, const Limbs<N>& b) {
  u64 borrow = 0;
  #pragma GCC unroll 16
  for (std::size_t i = 0; i < N; ++i) r[i] = subb(a[i], b[i], borrow);
  return borrow;
}

// a + b over N limbs into r; returns the carry (0 or 1).
template <std::size_t N>
constexpr u64 add_limbs(Limbs<N>& r, const Limbs<N>& a, const Limbs<N>& b) {
  u64 carry = 0;
  #pragma GCC unroll 16
  for (std::size_t i = 0; i < N; ++i) r[i] = addc(a[i], b[i], carry);
  return carry;
}

// Whether a < b, in constant time (1 or 0).
template <std::size_t N>
constexpr u64 less_than(const Limbs<N>& a, const Limbs<N>& b) {
  Limbs<N> t{};
  return sub_limbs(t, a, b);
}

// r = mask ? a : r, for mask all ones or zero.
template <std::size_t N>
constexpr void cmov(Limbs<N>& r, const Limbs<N>& a, u64 mask) {
  #pragma GCC unroll 16
  for (std::size_t i = 0; i < N; ++i) r[i] ^= (r[i] ^ a[i]) & mask;
}

// hi:lo = a * b + c + d; never overflows 128 bits.
constexpr u64 mac(u64 a, u64 b, u64 c, u64 d, u64& hi) {
  const u128 s = static_cast<u128>(a) * b + c + d;
  hi = static_cast<u64>(s >> 64);
  return static_cast<u64>(s);
}

// The field of P-256, p = 2^256 - 2^224 + 2^192 + 2^96 - 1, in Montgomery form with
// R = 2^256 (internal to Montgomery below). Since p = -1 mod 2^64, the Montgomery
// quotient digit of a word is the word itself, and q*p = q*2^256 - q*2^224 + q*2^192 +
// q*2^96 - q: adding it clears the low word and adds q*2^96 and q*(2^64 - 2^32 + 1)*2^192,
// one multiplication per word instead of four.
struct P256Field {
  static constexpr u64 p3 = 0xffffffff00000001u;

  // t/2^256 mod p for t = t[0..7] < p * 2^256; the result is below p.
  static constexpr Limbs<4> reduce(const u64 (&t)[8]) {
    u64 l0 = t[0], l1 = t[1], l2 = t[2], l3 = t[3];
    // Four word reductions of the low half; each keeps it below 2^192 + p < 2^256.
    #pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const u64 q = l0;
      // q * (2^64 - 2^32 + 1) = hi:lo without a multiplication.
      u64 b = 0;
      const u64 lo = subb(q, q << 32, b);
      const u64 hi = q - (q >> 32) - b;
      u64 c = 0;
      const u64 n0 = addc(l1, q << 32, c);
      const u64 n1 = addc(l2, q >> 32, c);
      const u64 n2 = addc(l3, lo, c);
      l0 = n0, l1 = n1, l2 = n2, l3 = hi + c;
    }
    // Add the high half: below 2p, with a fifth bit.
    u64 c = 0;
    Limbs<4> r{};
    r[0] = addc(l0, t[4], c);
    r[1] = addc(l1, t[5], c);
    r[2] = addc(l2, t[6], c);
    r[3] = addc(l3, t[7], c);
    Limbs<4> d{};
    u64 borrow = 0;
    d[0] = subb(r[0], ~u64{0}, borrow);
    d[1] = subb(r[1], 0xffffffffu, borrow);
    d[2] = subb(r[2], 0, borrow);
    d[3] = subb(r[3], p3, borrow);
    subb(c, 0, borrow);  // borrow now set only when the five-word value was below p
    const u64 keep = 0 - borrow;
    for (int i = 0; i < 4; ++i) d[i] ^= (d[i] ^ r[i]) & keep;
    return d;
  }

  [[gnu::noinline]] static constexpr Limbs<4> mul(const Limbs<4>& a, const Limbs<4>& b) {
    u64 t[8] = {};
    #pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      u64 c = 0;
      t[i] = mac(a[i], b[0], t[i], c, c);
      t[i + 1] = mac(a[i], b[1], t[i + 1], c, c);
      t[i + 2] = mac(a[i], b[2], t[i + 2], c, c);
      t[i + 3] = mac(a[i], b[3], t[i + 3], c, c);
      t[i + 4] = c;
    }
    return reduce(t);
  }

  [[gnu::noinline]] static constexpr Limbs<4> sqr(const Limbs<4>& a) {
    u64 t[8] = {};
    u64 c = 0;
    // The products a[i]*a[j] for i < j, once each.
    t[1] = mac(a[0], a[1], 0, 0, c);
    t[2] = mac(a[0], a[2], 0, c, c);
    t[3] = mac(a[0], a[3], 0, c, c);
    t[4] = c;
    c = 0;
    t[3] = mac(a[1], a[2], t[3], 0, c);
    t[4] = mac(a[1], a[3], t[4], c, c);
    t[5] = c;
    t[5] = mac(a[2], a[3], t[5], 0, c);
    t[6] = c;
    // Doubled, plus the squares a[i]^2 on the diagonal.
    t[7] = t[6] >> 63;
    t[6] = (t[6] << 1) | (t[5] >> 63);
    t[5] = (t[5] << 1) | (t[4] >> 63);
    t[4] = (t[4] << 1) | (t[3] >> 63);
    t[3] = (t[3] << 1) | (t[2] >> 63);
    t[2] = (t[2] << 1) | (t[1] >> 63);
    t[1] = t[1] << 1;
    u64 hi0, hi1, hi2, hi3;
    const u64 d0 = mac(a[0], a[0], 0, 0, hi0);
    const u64 d1 = mac(a[1], a[1], 0, 0, hi1);
    const u64 d2 = mac(a[2], a[2], 0, 0, hi2);
    const u64 d3 = mac(a[3], a[3], 0, 0, hi3);
    c = 0;
    t[0] = d0;
    t[1] = addc(t[1], hi0, c);
    t[2] = addc(t[2], d1, c);
    t[3] = addc(t[3], hi1, c);
    t[4] = addc(t[4], d2, c);
    t[5] = addc(t[5], hi2, c);
    t[6] = addc(t[6], d3, c);
    t[7] = addc(t[7], hi3, c);
    return reduce(t);
  }

  static constexpr bool is(const Limbs<4>& m) {
    return m[0] == ~u64{0} && m[1] == 0xffffffffu && m[2] == 0 && m[3] == p3;
  }
};

// The field of P-521, p = 2^521 - 1, in the same Montgomery form (R = 2^576) as the
// generic code, so constants and conversions are shared. Since 2^521 = 1 mod p, a product
// reduces by adding its bits above 2^521 to the bits below, and the factor R^-1 = 2^-55
// mod p is a rotation of the 521-bit result by 55 bits: no quotient digits at all.
struct P521Field {
  using L = Limbs<9>;
  static constexpr u64 top_mask = 0x1ff;  // limb 8 holds bits 512..520

  // t * 2^-55 mod p, fully reduced, for t[0..17] < 2^1100 (so mul needs a*b below that).
  static constexpr L reduce(const u64 (&t)[18]) {
    // t = lo + 2^521 hi = lo + hi (mod p), with hi = t >> 521 < 2^579.
    u64 r[10] = {};
    u64 c = 0;
    #pragma GCC unroll 9
    for (int i = 0; i < 9; ++i) {
      const u64 hi = (t[i + 8] >> 9) | (t[i + 9] << 55);
      const u64 lo = i < 8 ? t[i] : t[8] & top_mask;
      r[i] = addc(lo, hi, c);
    }
    r[9] = (t[17] >> 9) + c;
    // Again: r < 2^580, so r >> 521 < 2^59 and the sum is below 2^521 + 2^59.
    const u64 small = (r[8] >> 9) | (r[9] << 55);
    r[8] &= top_mask;
    c = 0;
    r[0] = addc(r[0], small, c);
    #pragma GCC unroll 8
    for (int i = 1; i < 9; ++i) r[i] = addc(r[i], 0, c);
    // Now r < 2p: r - p = r + 1 - 2^521 when r + 1 reaches 2^521.
    u64 s[9] = {};
    c = 1;
    #pragma GCC unroll 9
    for (int i = 0; i < 9; ++i) s[i] = addc(r[i], 0, c);
    const u64 wrap = 0 - (s[8] >> 9);  // all ones when r >= p
    s[8] &= top_mask;
    #pragma GCC unroll 9
    for (int i = 0; i < 9; ++i) r[i] ^= (r[i] ^ s[i]) & wrap;
    // Times 2^-55: rotate the 521 bits right by 55. Bits 55..520 of r become bits 0..465
    // (466 = 7*64 + 18); bits 0..54 of r become bits 466..520.
    const u64 low55 = r[0] & ((u64{1} << 55) - 1);
    L out{};
    #pragma GCC unroll 7
    for (int i = 0; i < 7; ++i) out[i] = (r[i] >> 55) | (r[i + 1] << 9);
    out[7] = (r[7] >> 55) | (r[8] << 9) | (low55 << 18);
    out[8] = low55 >> 46;
    return out;
  }

  [[gnu::noinline]] static constexpr L mul(const L& a, const L& b) {
    u64 t[18] = {};
    #pragma GCC unroll 9
    for (int i = 0; i < 9; ++i) {
      u64 c = 0;
      #pragma GCC unroll 9
      for (int j = 0; j < 9; ++j) t[i + j] = mac(a[i], b[j], t[i + j], c, c);
      t[i + 9] = c;
    }
    return reduce(t);
  }

  [[gnu::noinline]] static constexpr L sqr(const L& a) {
    u64 t[18] = {};
    // The products a[i]*a[j] for i < j, once each; then doubled; then the squares.
    #pragma GCC unroll 8
    for (int i = 0; i < 8; ++i) {
      u64 c = 0;
      #pragma GCC unroll 8
      for (int j = i + 1; j < 9; ++j) t[i + j] = mac(a[i], a[j], t[i + j], c, c);
      t[i + 9] = c;
    }
    #pragma GCC unroll 17
    for (int i = 17; i > 0; --i) t[i] = (t[i] << 1) | (t[i - 1] >> 63);
    t[0] = 0;
    u64 c = 0;
    #pragma GCC unroll 9
    for (int i = 0; i < 9; ++i) {
      u64 hi;
      const u64 lo = mac(a[i], a[i], 0, 0, hi);
      t[2 * i] = addc(t[2 * i], lo, c);
      t[2 * i + 1] = addc(t[2 * i + 1], hi, c);
    }
    return reduce(t);
  }

  static constexpr bool is(const L& m) {
    for (int i = 0; i < 8; ++i)
      if (m[i] != ~u64{0}) return false;
    return m[8] == top_mask;
  }
};

// Integers modulo M::modulus (odd, below R), kept in Montgomery form x*R mod m with
// R = 2^(64N). With Adx, the four-limb multiplications (P-256's field and group order) run
// the BMI2/ADX assembly of field_adx.hpp outside constant evaluation: only for a caller
// that has checked the CPU (p256.cpp); the values are the same either way.
template <class M, bool Adx = false>
struct Montgomery {
  static constexpr std::size_t N = M::limbs;
  using L = Limbs<N>;
  static constexpr L m = M::modulus;

  // -m^-1 mod 2^64 by Newton's iteration (each step doubles the correct low bits).
  static constexpr u64 m0inv = [] {
    u64 x = 1;
    for (int i = 0; i < 7; ++i) x *= 2 - m[0] * x;
    return 0 - x;
  }();

  // 2^k mod m, by doubling.
  static constexpr L pow2(std::size_t k) {
    L x{};
    x[0] = 1;
    for (std::size_t i = 0; i < k; ++i) {
      L d{};
      const u64 carry = add_limbs(x, x, x);
      const u64 borrow = sub_limbs(d, x, m);
      if (carry || !borrow) x = d;
    }
    return x;
  }
  static constexpr L one = pow2(64 * N);      // R mod m: 1 in Montgomery form
  static constexpr L r2 = pow2(128 * N);      // R^2 mod m: converts into Montgomery form

  // q * m[J] for the reduction: the NIST moduli are mostly all-ones, zero and 2^32 - 1
  // limbs, which become shifts and subtractions instead of multiplications.
  template <std::size_t J>
  static constexpr u128 mul_m(u64 q) {
    constexpr u64 mj = m[J];
    if constexpr (mj == 0) {
      return 0;
    } else if constexpr (mj == ~u64{0}) {
      return (static_cast<u128>(q) << 64) - q;
    } else if constexpr (mj == 0xffffffffu) {
      return (static_cast<u128>(q) << 32) - q;
    } else if constexpr (mj == 1) {
      return q;
    } else {
      return static_cast<u128>(q) * mj;
    }
  }

  static constexpr bool p256 = [] {
    if constexpr (N == 4) return P256Field::is(m);
    return false;
  }();
  static constexpr bool p521 = [] {
    if constexpr (N == 9) return P521Field::is(m);
    return false;
  }();

  static constexpr bool use_adx = Adx && NOCRYPTO_EC_ADX && N == 4;

  // a*b/R mod m (CIOS). Correct for any a < R when b < m; the result is below m.
  static constexpr L mul(const L& a, const L& b) {
#if NOCRYPTO_EC_ADX
    if constexpr (use_adx) {
      if !consteval {
        if constexpr (p256) {
          return adx::p256_mul(a, b);
        } else {
          return adx::mont4_mul(a, b, m, m0inv);
        }
      }
    }
#endif
    if constexpr (p256) {
      return P256Field::mul(a, b);
    } else if constexpr (p521) {
      return P521Field::mul(a, b);
    } else {
      return mul_generic(a, b);
    }
  }
  static constexpr L sqr(const L& a) {
#if NOCRYPTO_EC_ADX
    if constexpr (use_adx) {
      if !consteval {
        if constexpr (p256) {
          return adx::p256_sqr(a);
        } else {
          return adx::mont4_mul(a, a, m, m0inv);
        }
      }
    }
#endif
    if constexpr (p256) {
      return P256Field::sqr(a);
    } else if constexpr (p521) {
      return P521Field::sqr(a);
    } else {
      return mul_generic(a, a);
    }
  }

  static constexpr L mul_generic(const L& a, const L& b) {
    u64 t[N + 2] = {};
    #pragma GCC unroll 16
    for (std::size_t i = 0; i < N; ++i) {
      u64 c = 0;
      #pragma GCC unroll 16
      for (std::size_t j = 0; j < N; ++j) {
        const u128 s = static_cast<u128>(a[i]) * b[j] + t[j] + c;
        t[j] = static_cast<u64>(s);
        c = static_cast<u64>(s >> 64);
      }
      u128 s = static_cast<u128>(t[N]) + c;
      t[N] = static_cast<u64>(s);
      t[N + 1] = static_cast<u64>(s >> 64);
      const u64 q = t[0] * m0inv;
      s = mul_m<0>(q) + t[0];
      c = static_cast<u64>(s >> 64);
      [&]<std::size_t... J>(std::index_sequence<J...>) {
        ((s = mul_m<J + 1>(q) + t[J + 1] + c, t[J] = static_cast<u64>(s),
          c = static_cast<u64>(s >> 64)),
         ...);
      }(std::make_index_sequence<N - 1>{});
      s = static_cast<u128>(t[N]) + c;
      t[N - 1] = static_cast<u64>(s);
      t[N] = t[N + 1] + static_cast<u64>(s >> 64);
    }
    // t < 2m: subtract m unless that goes negative.
    L lo{}, d{};
    #pragma GCC unroll 16
    for (std::size_t i = 0; i < N; ++i) lo[i] = t[i];
    const u64 borrow = sub_limbs(d, lo, m);
    const u64 keep = 0 - (borrow & (t[N] ^ 1));  // all ones: t itself was below m
    cmov(d, lo, keep);
    return d;
  }

  static constexpr L add(const L& a, const L& b) {
    L s{}, d{};
    const u64 carry = add_limbs(s, a, b);
    const u64 borrow = sub_limbs(d, s, m);
    cmov(d, s, 0 - (borrow & (carry ^ 1)));
    return d;
  }
  static constexpr L sub(const L& a, const L& b) {
    L d{}, e{};
    const u64 borrow = sub_limbs(d, a, b);
    add_limbs(e, d, m);
    cmov(d, e, 0 - borrow);
    return d;
  }
  static constexpr L neg(const L& a) { return sub(L{}, a); }

  static constexpr L to_mont(const L& a) { return mul(a, r2); }
  static constexpr L from_mont(const L& a) {
    L one_plain{};
    one_plain[0] = 1;
    return mul(a, one_plain);
  }

  // a^e for a public exponent e (plain limbs), with 4-bit fixed windows.
  static constexpr L pow(const L& a, const L& e) {
    L table[16];
    table[0] = one;
    for (int i = 1; i < 16; ++i) table[i] = mul(table[i - 1], a);
    L r = one;
    for (std::size_t w = 16 * N; w-- > 0;) {
      for (int k = 0; k < 4; ++k) r = sqr(r);
      const unsigned digit = static_cast<unsigned>(e[w / 16] >> (4 * (w % 16))) & 15;
      r = mul(r, table[digit]);  // the exponent is public: indexing by it leaks nothing
    }
    return r;
  }

  static constexpr L minus_small(u64 k) {
    L r = m;
    L s{};
    s[0] = k;
    sub_limbs(r, r, s);
    return r;
  }
  // a^-1 by Fermat (a^(m-2)); zero maps to zero.
  static constexpr L inv(const L& a) {
    if constexpr (p256) {
      return inv_p256(a);
    } else if constexpr (p521) {
      return inv_p521(a);
    } else {
      return pow(a, minus_small(2));
    }
  }

  // a^(2^k) * b.
  static constexpr L sqr_n_mul(L a, int k, const L& b) {
    for (int i = 0; i < k; ++i) a = sqr(a);
    return mul(a, b);
  }

  // a^(p - 2) for P-256 by an addition chain (255 squarings, 12 multiplications), with
  // e_k = a^(2^k - 1). In binary p - 2 is 32 ones, 31 zeros, a one, 96 zeros, 94 ones, 01.
  static constexpr L inv_p256(const L& a) {
    const L e1 = a;
    const L e2 = sqr_n_mul(e1, 1, e1);
    const L e3 = sqr_n_mul(e2, 1, e1);
    const L e6 = sqr_n_mul(e3, 3, e3);
    const L e12 = sqr_n_mul(e6, 6, e6);
    const L e15 = sqr_n_mul(e12, 3, e3);
    const L e30 = sqr_n_mul(e15, 15, e15);
    const L e32 = sqr_n_mul(e30, 2, e2);
    L t = sqr_n_mul(e32, 32, e1);  // 32 ones, 31 zeros, 1
    for (int i = 0; i < 96; ++i) t = sqr(t);
    t = sqr_n_mul(t, 32, e32);
    t = sqr_n_mul(t, 32, e32);
    t = sqr_n_mul(t, 30, e30);  // 94 ones
    return sqr_n_mul(t, 2, e1);  // 01
  }

  // a^(p - 2) for P-521: p - 2 = 2^521 - 3 is 519 ones, then 01 (521 squarings, 13
  // multiplications), with e_k = a^(2^k - 1).
  static constexpr L inv_p521(const L& a) {
    const L e1 = a;
    const L e2 = sqr_n_mul(e1, 1, e1);
    const L e3 = sqr_n_mul(e2, 1, e1);
    const L e4 = sqr_n_mul(e2, 2, e2);
    const L e7 = sqr_n_mul(e4, 3, e3);
    L e = e4;  // e_k for k = 4, 8, ..., 512
    for (int k = 4; k < 512; k *= 2) e = sqr_n_mul(e, k, e);
    const L e519 = sqr_n_mul(e, 7, e7);
    return sqr_n_mul(e519, 2, e1);
  }

  // a^-1 mod m for a public plain a in [1, m - 1], as a plain number: the binary extended
  // Euclidean algorithm, in variable time (only for public values).
  static L inv_vartime(const L& a) {
    L u = a, v = m, x1{}, x2{};
    x1[0] = 1;
    const auto shift = [](L& x, u64 top) {
      for (std::size_t i = 0; i < N; ++i) x[i] = (x[i] >> 1) | ((i + 1 < N ? x[i + 1] : top) << 63);
    };
    const auto half = [&](L& x) {  // x / 2 mod m
      const u64 carry = (x[0] & 1) ? add_limbs(x, x, m) : 0;
      shift(x, carry);
    };
    const auto is_one = [](const L& x) {
      u64 acc = x[0] ^ 1;
      for (std::size_t i = 1; i < N; ++i) acc |= x[i];
      return acc == 0;
    };
    while (!is_one(u) && !is_one(v)) {
      while ((u[0] & 1) == 0) shift(u, 0), half(x1);
      while ((v[0] & 1) == 0) shift(v, 0), half(x2);
      if (!less_than(u, v)) {
        sub_limbs(u, u, v);
        x1 = sub(x1, x2);
      } else {
        sub_limbs(v, v, u);
        x2 = sub(x2, x1);
      }
    }
    return is_one(u) ? x1 : x2;
  }

  static constexpr u64 is_zero(const L& a) {  // all ones when a == 0
    u64 acc = 0;
    #pragma GCC unroll 16
    for (std::size_t i = 0; i < N; ++i) acc |= a[i];
    return mask_if_zero(acc);
  }
  static constexpr u64 equal(const L& a, const L& b) {  // all ones when a == b
    u64 acc = 0;
    #pragma GCC unroll 16
    for (std::size_t i = 0; i < N; ++i) acc |= a[i] ^ b[i];
    return mask_if_zero(acc);
  }
};

// Big-endian bytes (exactly `len`, at most 8N) to plain limbs.
template <std::size_t N>
constexpr Limbs<N> limbs_of_bytes(const std::uint8_t* in, std::size_t len) {
  Limbs<N> r{};
  for (std::size_t i = 0; i < len; ++i) {
    const std::size_t bit = 8 * (len - 1 - i);
    r[bit / 64] |= static_cast<u64>(in[i]) << (bit % 64);
  }
  return r;
}

// Plain limbs to big-endian bytes (exactly `len`).
template <std::size_t N>
constexpr void bytes_of_limbs(const Limbs<N>& a, std::uint8_t* out, std::size_t len) {
  for (std::size_t i = 0; i < len; ++i) {
    const std::size_t bit = 8 * (len - 1 - i);
    out[i] = static_cast<std::uint8_t>(a[bit / 64] >> (bit % 64));
  }
}

}  // namespace nocrypto::ec::detail
