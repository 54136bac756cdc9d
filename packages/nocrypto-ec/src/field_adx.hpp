#pragma once
// Four-limb Montgomery multiplication in x86-64 assembly with BMI2 (mulx) and ADX (adcx,
// adox: two independent carry chains), for P-256 (internal; weierstrass_field.hpp picks it).
// The caller must have checked cpu::active().bmi2 and .adx; the portable code in
// weierstrass_field.hpp computes the same results everywhere else (and is what the tests
// compare these with). Straight-line code: no branches and no memory addresses that depend
// on the values, so the time is independent of them, as for the portable code.
//   p256_mul: a*b/2^256 mod p for P-256's p, for a < 2^256 and b < p; result < p.
//   p256_sqr: a^2/2^256 mod p, for a < p.
//   mont4_mul: a*b/2^256 mod m for any odd m < 2^256 with m0inv = -m^-1 mod 2^64, for
//     a < 2^256 and b < m; result < m (P-256's group order).
// The field ones are inlined into the point formulas (about 20% off an ECDH, measured);
// mont4_mul, for the scalar inversion in signing, gained nothing from that and stays out
// of line.
#include <array>
#include <cstdint>

#if defined(__x86_64__)
#define NOCRYPTO_EC_ADX 1
#else
#define NOCRYPTO_EC_ADX 0
#endif

#if NOCRYPTO_EC_ADX
namespace nocrypto::ec::detail::adx {

using u64 = std::uint64_t;
using L4 = std::array<u64, 4>;

inline constexpr u64 p256_p3 = 0xffffffff00000001u;  // the top limb of P-256's p

// Operand-interleaved Montgomery (CIOS): for each limb a_i, the accumulator A (five
// limbs, A < 2m) gets a_i * b and then q * m for the q that clears its low limb, and
// shifts down a limb. The registers of A rotate from one row to the next (A0..A4, with A5
// for the new top), so no moves are needed.

// A += a_i * b: two carry chains, CF through the low halves and OF through the high ones;
// A5 (zeroed, which also clears both flags) takes the carries out of A4.
#define NOCRYPTO_EC_ADX_ROW(I, A0, A1, A2, A3, A4, A5) \
  "movq " #I "*8(%[a]), %%rdx\n\t"                    \
  "xorl %k[" #A5 "], %k[" #A5 "]\n\t"                 \
  "mulxq 0(%[b]), %[lo], %[hi]\n\t"                   \
  "adcxq %[lo], %[" #A0 "]\n\t"                       \
  "adoxq %[hi], %[" #A1 "]\n\t"                       \
  "mulxq 8(%[b]), %[lo], %[hi]\n\t"                   \
  "adcxq %[lo], %[" #A1 "]\n\t"                       \
  "adoxq %[hi], %[" #A2 "]\n\t"                       \
  "mulxq 16(%[b]), %[lo], %[hi]\n\t"                  \
  "adcxq %[lo], %[" #A2 "]\n\t"                       \
  "adoxq %[hi], %[" #A3 "]\n\t"                       \
  "mulxq 24(%[b]), %[lo], %[hi]\n\t"                  \
  "adcxq %[lo], %[" #A3 "]\n\t"                       \
  "adoxq %[hi], %[" #A4 "]\n\t"                       \
  "adcxq %[" #A5 "], %[" #A4 "]\n\t"                  \
  "movl $0, %k[lo]\n\t"                               \
  "adcxq %[lo], %[" #A5 "]\n\t"                       \
  "adoxq %[lo], %[" #A5 "]\n\t"

// The first row, into an empty accumulator.
#define NOCRYPTO_EC_ADX_ROW0(A0, A1, A2, A3, A4, A5) \
  "movq 0(%[a]), %%rdx\n\t"                         \
  "mulxq 0(%[b]), %[" #A0 "], %[" #A1 "]\n\t"       \
  "mulxq 8(%[b]), %[lo], %[" #A2 "]\n\t"            \
  "addq %[lo], %[" #A1 "]\n\t"                      \
  "mulxq 16(%[b]), %[lo], %[" #A3 "]\n\t"           \
  "adcq %[lo], %[" #A2 "]\n\t"                      \
  "mulxq 24(%[b]), %[lo], %[" #A4 "]\n\t"           \
  "adcq %[lo], %[" #A3 "]\n\t"                        \
  "adcq $0, %[" #A4 "]\n\t"                          \
  "movl $0, %k[" #A5 "]\n\t"

// A = (A + q p) / 2^64 for P-256's p and q = A0 (p = -1 mod 2^64, so -p^-1 = 1):
// q p = q 2^256 - q 2^224 + q 2^192 + q 2^96 - q, where A0 - q + q 2^64 (2^32 - 1) +
// q 2^64 = q 2^96 leaves A1:A2 the sum q << 32 and A3:A4 the product q * p3.
#define NOCRYPTO_EC_ADX_P256_REDUCE(A0, A1, A2, A3, A4, A5) \
  "movq %[" #A0 "], %%rdx\n\t"                             \
  "movq %[" #A0 "], %[lo]\n\t"                             \
  "shlq $32, %[lo]\n\t"                                    \
  "shrq $32, %[" #A0 "]\n\t"                               \
  "addq %[lo], %[" #A1 "]\n\t"                             \
  "mulxq %[p3], %[lo], %[hi]\n\t"                          \
  "adcq %[" #A0 "], %[" #A2 "]\n\t"                        \
  "adcq %[lo], %[" #A3 "]\n\t"                             \
  "adcq %[hi], %[" #A4 "]\n\t"                             \
  "adcq $0, %[" #A5 "]\n\t"

// A = (A + q m) / 2^64 for q = A0 * m0inv mod 2^64, which makes A0 + lo(q m0) zero: A0
// then serves as the zero register for the carries.
#define NOCRYPTO_EC_ADX_REDUCE(A0, A1, A2, A3, A4, A5) \
  "movq %[" #A0 "], %%rdx\n\t"                        \
  "imulq %[m0inv], %%rdx\n\t"                         \
  "xorl %k[lo], %k[lo]\n\t"                           \
  "mulxq 0(%[m]), %[lo], %[hi]\n\t"                   \
  "adcxq %[lo], %[" #A0 "]\n\t"                       \
  "adoxq %[hi], %[" #A1 "]\n\t"                       \
  "mulxq 8(%[m]), %[lo], %[hi]\n\t"                   \
  "adcxq %[lo], %[" #A1 "]\n\t"                       \
  "adoxq %[hi], %[" #A2 "]\n\t"                       \
  "mulxq 16(%[m]), %[lo], %[hi]\n\t"                  \
  "adcxq %[lo], %[" #A2 "]\n\t"                       \
  "adoxq %[hi], %[" #A3 "]\n\t"                       \
  "mulxq 24(%[m]), %[lo], %[hi]\n\t"                  \
  "adcxq %[lo], %[" #A3 "]\n\t"                       \
  "adoxq %[hi], %[" #A4 "]\n\t"                       \
  "adcxq %[" #A0 "], %[" #A4 "]\n\t"                  \
  "adoxq %[" #A0 "], %[" #A5 "]\n\t"                  \
  "adcxq %[" #A0 "], %[" #A5 "]\n\t"

// After A - modulus into lo, hi, a, b (with the borrow out of the top word x2): keep A
// when that borrowed. And the outputs every product's asm block names.
#define NOCRYPTO_EC_ADX_SELECT      \
  "sbbq $0, %[x2]\n\t"               \
  "cmovcq %[x4], %[lo]\n\t"          \
  "cmovcq %[x5], %[hi]\n\t"          \
  "cmovcq %[x0], %[a]\n\t"           \
  "cmovcq %[x1], %[b]\n\t"
#define NOCRYPTO_EC_ADX_OUTPUTS                                                           \
  [x0] "=&r"(x0), [x1] "=&r"(x1), [x2] "=&r"(x2), [x3] "=&r"(x3), [x4] "=&r"(x4),         \
      [x5] "=&r"(x5), [lo] "=&r"(lo), [hi] "=&r"(hi), [a] "+&r"(a), [b] "+&r"(b)

// The four multiply rows of a 4x4-limb Montgomery product, each followed by one word of
// reduction; REDUCE is the general or the P-256 reduction step. The product ends in
// x4, x5, x0, x1 with its top bit in x2.
#define NOCRYPTO_EC_ADX_MUL4(REDUCE)              \
  NOCRYPTO_EC_ADX_ROW0(x0, x1, x2, x3, x4, x5)     \
  REDUCE(x0, x1, x2, x3, x4, x5)                   \
  NOCRYPTO_EC_ADX_ROW(1, x1, x2, x3, x4, x5, x0)   \
  REDUCE(x1, x2, x3, x4, x5, x0)                   \
  NOCRYPTO_EC_ADX_ROW(2, x2, x3, x4, x5, x0, x1)   \
  REDUCE(x2, x3, x4, x5, x0, x1)                   \
  NOCRYPTO_EC_ADX_ROW(3, x3, x4, x5, x0, x1, x2)   \
  REDUCE(x3, x4, x5, x0, x1, x2)

[[gnu::always_inline]] inline L4 p256_mul(const L4& x, const L4& y) noexcept {
  u64 x0, x1, x2, x3, x4, x5, lo, hi;
  u64 a = reinterpret_cast<u64>(x.data()), b = reinterpret_cast<u64>(y.data());
  __asm__(
      NOCRYPTO_EC_ADX_MUL4(NOCRYPTO_EC_ADX_P256_REDUCE)
      // A = x4, x5, x0, x1 and the top x2, below 2p: minus p unless that borrows.
      "movq %[x4], %[lo]\n\t"
      "movq %[x5], %[hi]\n\t"
      "movq %[x0], %[a]\n\t"
      "movq %[x1], %[b]\n\t"
      "subq $-1, %[lo]\n\t"
      "movl $0xffffffff, %%edx\n\t"
      "sbbq %%rdx, %[hi]\n\t"
      "sbbq $0, %[a]\n\t"
      "sbbq %[p3], %[b]\n\t"
      NOCRYPTO_EC_ADX_SELECT
      : NOCRYPTO_EC_ADX_OUTPUTS
      : [p3] "m"(p256_p3)
      : "rdx", "cc", "memory");
  return {lo, hi, a, b};
}

// One word of the reduction of the low half of a square, L0..L3 < 2^256, as in the
// portable P256Field::reduce: L = (L + q p) / 2^64 for q = L0, staying below 2^256; the
// new top word goes to L0's register.
#define NOCRYPTO_EC_ADX_P256_HALF_REDUCE(L0, L1, L2, L3) \
  "movq %[" #L0 "], %%rdx\n\t"                          \
  "movq %[" #L0 "], %[lo]\n\t"                          \
  "shlq $32, %[lo]\n\t"                                 \
  "shrq $32, %[" #L0 "]\n\t"                            \
  "mulxq %[p3], %[hi], %%rdx\n\t"                       \
  "addq %[lo], %[" #L1 "]\n\t"                          \
  "adcq %[" #L0 "], %[" #L2 "]\n\t"                     \
  "adcq %[hi], %[" #L3 "]\n\t"                          \
  "adcq $0, %%rdx\n\t"                                  \
  "movq %%rdx, %[" #L0 "]\n\t"

[[gnu::always_inline]] inline L4 p256_sqr(const L4& x) noexcept {
  u64 t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
  u64 a = reinterpret_cast<u64>(x.data());
  __asm__(
      // The products a_i a_j for i < j into t1..t6.
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"
      "mulxq 16(%[a]), %[lo], %[t3]\n\t"
      "addq %[lo], %[t2]\n\t"
      "mulxq 24(%[a]), %[lo], %[t4]\n\t"
      "adcq %[lo], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "xorl %k[t6], %k[t6]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[t3]\n\t"
      "adoxq %[hi], %[t4]\n\t"
      "mulxq 24(%[a]), %[lo], %[t5]\n\t"
      "adcxq %[lo], %[t4]\n\t"
      "adoxq %[t6], %[t5]\n\t"
      "adcxq %[t6], %[t5]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %[lo], %[t6]\n\t"
      "addq %[lo], %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      // Doubled (t7 takes the bit out), plus the squares a_i^2.
      "movl $0, %k[t7]\n\t"
      "addq %[t1], %[t1]\n\t"
      "adcq %[t2], %[t2]\n\t"
      "adcq %[t3], %[t3]\n\t"
      "adcq %[t4], %[t4]\n\t"
      "adcq %[t5], %[t5]\n\t"
      "adcq %[t6], %[t6]\n\t"
      "adcq %[t7], %[t7]\n\t"
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[t0], %[hi]\n\t"
      "addq %[hi], %[t1]\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "adcq %[hi], %[t3]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t4]\n\t"
      "adcq %[hi], %[t5]\n\t"
      "movq 24(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t6]\n\t"
      "adcq %[hi], %[t7]\n\t"
      // The low half times 2^-256 (at most p), plus the high half (below p): below 2p.
      NOCRYPTO_EC_ADX_P256_HALF_REDUCE(t0, t1, t2, t3)
      NOCRYPTO_EC_ADX_P256_HALF_REDUCE(t1, t2, t3, t0)
      NOCRYPTO_EC_ADX_P256_HALF_REDUCE(t2, t3, t0, t1)
      NOCRYPTO_EC_ADX_P256_HALF_REDUCE(t3, t0, t1, t2)
      "xorl %k[a], %k[a]\n\t"
      "addq %[t4], %[t0]\n\t"
      "adcq %[t5], %[t1]\n\t"
      "adcq %[t6], %[t2]\n\t"
      "adcq %[t7], %[t3]\n\t"
      "adcq $0, %[a]\n\t"
      // Minus p unless that borrows.
      "movq %[t0], %[t4]\n\t"
      "movq %[t1], %[t5]\n\t"
      "movq %[t2], %[t6]\n\t"
      "movq %[t3], %[t7]\n\t"
      "subq $-1, %[t4]\n\t"
      "movl $0xffffffff, %%edx\n\t"
      "sbbq %%rdx, %[t5]\n\t"
      "sbbq $0, %[t6]\n\t"
      "sbbq %[p3], %[t7]\n\t"
      "sbbq $0, %[a]\n\t"
      "cmovcq %[t0], %[t4]\n\t"
      "cmovcq %[t1], %[t5]\n\t"
      "cmovcq %[t2], %[t6]\n\t"
      "cmovcq %[t3], %[t7]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi),
        [a] "+&r"(a)
      : [p3] "m"(p256_p3)
      : "rdx", "cc", "memory");
  return {t4, t5, t6, t7};
}

[[gnu::noinline]] inline L4 mont4_mul(const L4& x, const L4& y, const L4& modulus,
                                      u64 m0inv) noexcept {
  u64 x0, x1, x2, x3, x4, x5, lo, hi;
  u64 a = reinterpret_cast<u64>(x.data()), b = reinterpret_cast<u64>(y.data());
  const u64 m = reinterpret_cast<u64>(modulus.data());
  __asm__(
      NOCRYPTO_EC_ADX_MUL4(NOCRYPTO_EC_ADX_REDUCE)
      // A = x4, x5, x0, x1 and the top x2, below 2m: minus m unless that borrows.
      "movq %[x4], %[lo]\n\t"
      "movq %[x5], %[hi]\n\t"
      "movq %[x0], %[a]\n\t"
      "movq %[x1], %[b]\n\t"
      "subq 0(%[m]), %[lo]\n\t"
      "sbbq 8(%[m]), %[hi]\n\t"
      "sbbq 16(%[m]), %[a]\n\t"
      "sbbq 24(%[m]), %[b]\n\t"
      NOCRYPTO_EC_ADX_SELECT
      : NOCRYPTO_EC_ADX_OUTPUTS
      : [m] "r"(m), [m0inv] "m"(m0inv)
      : "rdx", "cc", "memory");
  return {lo, hi, a, b};
}

#undef NOCRYPTO_EC_ADX_MUL4
#undef NOCRYPTO_EC_ADX_SELECT
#undef NOCRYPTO_EC_ADX_OUTPUTS
#undef NOCRYPTO_EC_ADX_ROW
#undef NOCRYPTO_EC_ADX_ROW0
#undef NOCRYPTO_EC_ADX_P256_REDUCE
#undef NOCRYPTO_EC_ADX_REDUCE
#undef NOCRYPTO_EC_ADX_P256_HALF_REDUCE

}  // namespace nocrypto::ec::detail::adx
#endif
