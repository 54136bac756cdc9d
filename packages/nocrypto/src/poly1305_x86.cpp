// Poly1305 eight blocks at a time in AVX2 registers. Eight accumulators, one per 64-bit
// lane of two registers, each run Horner's rule with r^8 over every eighth block; the last
// step multiplies them by r^8 .. r^1 instead (by lane) and the lanes are summed, which
// gives the sequential result. Numbers are in radix 2^26, five limbs, so that vpmuludq (32x32 ->
// 64 bits) forms the products and their sums cannot overflow. No branch or address
// depends on the key or the message.
#include "endian.hpp"
#include "poly1305_blocks.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include "x86_simd.hpp"

#include <cstring>

namespace nocrypto::detail {
namespace {

constexpr std::uint64_t kMask26 = (1u << 26) - 1;

// a * b mod 2^130 - 5 in radix 2^26, carried so that every limb is below 2^26 (limb 0
// may exceed it by a few units, which the callers tolerate).
void multiply26(std::uint32_t* out, const std::uint32_t* a, const std::uint32_t* b) noexcept {
  const std::uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
  const std::uint64_t b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
  const std::uint64_t s1 = b1 * 5, s2 = b2 * 5, s3 = b3 * 5, s4 = b4 * 5;
  std::uint64_t d0 = a0 * b0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
  std::uint64_t d1 = a0 * b1 + a1 * b0 + a2 * s4 + a3 * s3 + a4 * s2;
  std::uint64_t d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * s4 + a4 * s3;
  std::uint64_t d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * s4;
  std::uint64_t d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
  d1 += d0 >> 26, d0 &= kMask26;
  d2 += d1 >> 26, d1 &= kMask26;
  d3 += d2 >> 26, d2 &= kMask26;
  d4 += d3 >> 26, d3 &= kMask26;
  d0 += (d4 >> 26) * 5, d4 &= kMask26;
  d1 += d0 >> 26, d0 &= kMask26;
  out[0] = static_cast<std::uint32_t>(d0);
  out[1] = static_cast<std::uint32_t>(d1);
  out[2] = static_cast<std::uint32_t>(d2);
  out[3] = static_cast<std::uint32_t>(d3);
  out[4] = static_cast<std::uint32_t>(d4);
}

void make_powers(Poly1305::State& s) noexcept {
  const std::uint64_t r0 = s.r[0], r1 = s.r[1];
  std::uint32_t* r = s.rpow[0];
  r[0] = static_cast<std::uint32_t>(r0 & kMask26);
  r[1] = static_cast<std::uint32_t>((r0 >> 26) & kMask26);
  r[2] = static_cast<std::uint32_t>(((r0 >> 52) | (r1 << 12)) & kMask26);
  r[3] = static_cast<std::uint32_t>((r1 >> 14) & kMask26);
  r[4] = static_cast<std::uint32_t>(r1 >> 40);
  multiply26(s.rpow[1], s.rpow[0], s.rpow[0]);
  multiply26(s.rpow[2], s.rpow[1], s.rpow[0]);
  multiply26(s.rpow[3], s.rpow[1], s.rpow[1]);
  multiply26(s.rpow[4], s.rpow[3], s.rpow[0]);
  multiply26(s.rpow[5], s.rpow[2], s.rpow[2]);
  multiply26(s.rpow[6], s.rpow[3], s.rpow[2]);
  multiply26(s.rpow[7], s.rpow[3], s.rpow[3]);
  for (int k = 8; k < 16; ++k) multiply26(s.rpow[k], s.rpow[k - 8], s.rpow[7]);
  s.powers = true;
}

// Sums the lanes of each limb (5 rows of `count` values) and carries the total back into
// s.h in radix 2^64.
void finish_lanes(Poly1305::State& s, const std::uint64_t* lanes, int count) noexcept {
  std::uint64_t d[5] = {};
  for (int i = 0; i < 5; ++i) {
    for (int l = 0; l < count; ++l) d[i] += lanes[i * count + l];
  }
  d[1] += d[0] >> 26, d[0] &= kMask26;
  d[2] += d[1] >> 26, d[1] &= kMask26;
  d[3] += d[2] >> 26, d[2] &= kMask26;
  d[4] += d[3] >> 26, d[3] &= kMask26;
  d[0] += (d[4] >> 26) * 5, d[4] &= kMask26;
  d[1] += d[0] >> 26, d[0] &= kMask26;
  d[2] += d[1] >> 26, d[1] &= kMask26;
  const u128 low = static_cast<u128>(d[0]) + (static_cast<u128>(d[1]) << 26) +
                   (static_cast<u128>(d[2]) << 52) + (static_cast<u128>(d[3]) << 78) +
                   (static_cast<u128>(d[4] & ((1u << 24) - 1)) << 104);
  s.h[0] = static_cast<std::uint64_t>(low);
  s.h[1] = static_cast<std::uint64_t>(low >> 64);
  s.h[2] = d[4] >> 24;

}

struct Limbs {
  __m256i v[5];
};

// Lane values of r^k for every lane: limb i of lanes 0..3 from powers[k[lane]].
NOCRYPTO_AVX2 NOCRYPTO_INLINE Limbs lanes_of(const Poly1305::State& s, int k0, int k1, int k2,
                                             int k3) {
  Limbs l;
  for (int i = 0; i < 5; ++i) {
    l.v[i] = _mm256_set_epi64x(s.rpow[k3][i], s.rpow[k2][i], s.rpow[k1][i], s.rpow[k0][i]);
  }
  return l;
}

NOCRYPTO_AVX2 NOCRYPTO_INLINE Limbs times5(const Limbs& r) {
  Limbs s;
  for (int i = 0; i < 5; ++i) s.v[i] = _mm256_add_epi64(r.v[i], _mm256_slli_epi64(r.v[i], 2));
  return s;
}

NOCRYPTO_AVX2 NOCRYPTO_INLINE __m256i mul(__m256i x, __m256i y) { return _mm256_mul_epu32(x, y); }
NOCRYPTO_AVX2 NOCRYPTO_INLINE __m256i add(__m256i x, __m256i y) { return _mm256_add_epi64(x, y); }

// h * r, with s = 5 r, carried once around (limbs below 2^26 but limb 1, a little over).
NOCRYPTO_AVX2 NOCRYPTO_INLINE void multiply(Limbs& h, const Limbs& r, const Limbs& s) {
  const __m256i* a = h.v;
  __m256i d0 = add(add(add(mul(a[0], r.v[0]), mul(a[1], s.v[4])), add(mul(a[2], s.v[3]), mul(a[3], s.v[2]))),
                   mul(a[4], s.v[1]));
  __m256i d1 = add(add(add(mul(a[0], r.v[1]), mul(a[1], r.v[0])), add(mul(a[2], s.v[4]), mul(a[3], s.v[3]))),
                   mul(a[4], s.v[2]));
  __m256i d2 = add(add(add(mul(a[0], r.v[2]), mul(a[1], r.v[1])), add(mul(a[2], r.v[0]), mul(a[3], s.v[4]))),
                   mul(a[4], s.v[3]));
  __m256i d3 = add(add(add(mul(a[0], r.v[3]), mul(a[1], r.v[2])), add(mul(a[2], r.v[1]), mul(a[3], r.v[0]))),
                   mul(a[4], s.v[4]));
  __m256i d4 = add(add(add(mul(a[0], r.v[4]), mul(a[1], r.v[3])), add(mul(a[2], r.v[2]), mul(a[3], r.v[1]))),
                   mul(a[4], r.v[0]));
  const __m256i mask = _mm256_set1_epi64x(kMask26);
  d1 = add(d1, _mm256_srli_epi64(d0, 26)), d0 = _mm256_and_si256(d0, mask);
  d4 = add(d4, _mm256_srli_epi64(d3, 26)), d3 = _mm256_and_si256(d3, mask);
  d2 = add(d2, _mm256_srli_epi64(d1, 26)), d1 = _mm256_and_si256(d1, mask);
  const __m256i c4 = _mm256_srli_epi64(d4, 26);
  d4 = _mm256_and_si256(d4, mask);
  d0 = add(d0, add(c4, _mm256_slli_epi64(c4, 2)));
  d3 = add(d3, _mm256_srli_epi64(d2, 26)), d2 = _mm256_and_si256(d2, mask);
  d1 = add(d1, _mm256_srli_epi64(d0, 26)), d0 = _mm256_and_si256(d0, mask);
  d4 = add(d4, _mm256_srli_epi64(d3, 26)), d3 = _mm256_and_si256(d3, mask);
  h.v[0] = d0, h.v[1] = d1, h.v[2] = d2, h.v[3] = d3, h.v[4] = d4;
}

// Four blocks as limbs, lanes in block order 0, 2, 1, 3 (what unpacking gives), with the
// 2^128 bit set.
NOCRYPTO_AVX2 NOCRYPTO_INLINE void add_blocks(Limbs& h, const std::uint8_t* in) {
  const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in));
  const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + 32));
  const __m256i lo = _mm256_unpacklo_epi64(a, b);
  const __m256i hi = _mm256_unpackhi_epi64(a, b);
  const __m256i mask = _mm256_set1_epi64x(kMask26);
  h.v[0] = _mm256_add_epi64(h.v[0], _mm256_and_si256(lo, mask));
  h.v[1] = _mm256_add_epi64(h.v[1], _mm256_and_si256(_mm256_srli_epi64(lo, 26), mask));
  h.v[2] = _mm256_add_epi64(
      h.v[2],
      _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo, 52), _mm256_slli_epi64(hi, 12)), mask));
  h.v[3] = _mm256_add_epi64(h.v[3], _mm256_and_si256(_mm256_srli_epi64(hi, 14), mask));
  h.v[4] = _mm256_add_epi64(h.v[4],
                            _mm256_or_si256(_mm256_srli_epi64(hi, 40), _mm256_set1_epi64x(1 << 24)));
}

}  // namespace

// The same sixteen blocks a step in AVX-512 registers, eight lanes each.
namespace z {

struct Limbs {
  __m512i v[5];
};

// Limb i of r^(k[lane] + 1) in each of the eight lanes.
NOCRYPTO_AVX512 NOCRYPTO_INLINE Limbs lanes_of(const Poly1305::State& s, const int (&k)[8]) {
  Limbs l;
  for (int i = 0; i < 5; ++i) {
    l.v[i] = _mm512_set_epi64(s.rpow[k[7]][i], s.rpow[k[6]][i], s.rpow[k[5]][i], s.rpow[k[4]][i],
                              s.rpow[k[3]][i], s.rpow[k[2]][i], s.rpow[k[1]][i], s.rpow[k[0]][i]);
  }
  return l;
}

NOCRYPTO_AVX512 NOCRYPTO_INLINE Limbs times5(const Limbs& r) {
  Limbs s;
  for (int i = 0; i < 5; ++i) s.v[i] = _mm512_add_epi64(r.v[i], _mm512_slli_epi64(r.v[i], 2));
  return s;
}

NOCRYPTO_AVX512 NOCRYPTO_INLINE __m512i mul(__m512i x, __m512i y) { return _mm512_mul_epu32(x, y); }
NOCRYPTO_AVX512 NOCRYPTO_INLINE __m512i add(__m512i x, __m512i y) { return _mm512_add_epi64(x, y); }

// h * r, with s = 5 r, carried once around (limbs below 2^26 but limb 1, a little over).
NOCRYPTO_AVX512 NOCRYPTO_INLINE void multiply(Limbs& h, const Limbs& r, const Limbs& s) {
  const __m512i* a = h.v;
  __m512i d0 = add(add(add(mul(a[0], r.v[0]), mul(a[1], s.v[4])), add(mul(a[2], s.v[3]), mul(a[3], s.v[2]))),
                   mul(a[4], s.v[1]));
  __m512i d1 = add(add(add(mul(a[0], r.v[1]), mul(a[1], r.v[0])), add(mul(a[2], s.v[4]), mul(a[3], s.v[3]))),
                   mul(a[4], s.v[2]));
  __m512i d2 = add(add(add(mul(a[0], r.v[2]), mul(a[1], r.v[1])), add(mul(a[2], r.v[0]), mul(a[3], s.v[4]))),
                   mul(a[4], s.v[3]));
  __m512i d3 = add(add(add(mul(a[0], r.v[3]), mul(a[1], r.v[2])), add(mul(a[2], r.v[1]), mul(a[3], r.v[0]))),
                   mul(a[4], s.v[4]));
  __m512i d4 = add(add(add(mul(a[0], r.v[4]), mul(a[1], r.v[3])), add(mul(a[2], r.v[2]), mul(a[3], r.v[1]))),
                   mul(a[4], r.v[0]));
  const __m512i mask = _mm512_set1_epi64(kMask26);
  d1 = add(d1, _mm512_srli_epi64(d0, 26)), d0 = _mm512_and_si512(d0, mask);
  d4 = add(d4, _mm512_srli_epi64(d3, 26)), d3 = _mm512_and_si512(d3, mask);
  d2 = add(d2, _mm512_srli_epi64(d1, 26)), d1 = _mm512_and_si512(d1, mask);
  const __m512i c4 = _mm512_srli_epi64(d4, 26);
  d4 = _mm512_and_si512(d4, mask);
  d0 = add(d0, add(c4, _mm512_slli_epi64(c4, 2)));
  d3 = add(d3, _mm512_srli_epi64(d2, 26)), d2 = _mm512_and_si512(d2, mask);
  d1 = add(d1, _mm512_srli_epi64(d0, 26)), d0 = _mm512_and_si512(d0, mask);
  d4 = add(d4, _mm512_srli_epi64(d3, 26)), d3 = _mm512_and_si512(d3, mask);
  h.v[0] = d0, h.v[1] = d1, h.v[2] = d2, h.v[3] = d3, h.v[4] = d4;
}

// Eight blocks as limbs, lanes in block order 0, 4, 1, 5, 2, 6, 3, 7 (what unpacking
// gives), with the 2^128 bit set.
NOCRYPTO_AVX512 NOCRYPTO_INLINE void add_blocks(Limbs& h, const std::uint8_t* in) {
  const __m512i a = _mm512_loadu_si512(in);
  const __m512i b = _mm512_loadu_si512(in + 64);
  const __m512i lo = _mm512_unpacklo_epi64(a, b);
  const __m512i hi = _mm512_unpackhi_epi64(a, b);
  const __m512i mask = _mm512_set1_epi64(kMask26);
  h.v[0] = _mm512_add_epi64(h.v[0], _mm512_and_si512(lo, mask));
  h.v[1] = _mm512_add_epi64(h.v[1], _mm512_and_si512(_mm512_srli_epi64(lo, 26), mask));
  h.v[2] = _mm512_add_epi64(
      h.v[2],
      _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(lo, 52), _mm512_slli_epi64(hi, 12)), mask));
  h.v[3] = _mm512_add_epi64(h.v[3], _mm512_and_si512(_mm512_srli_epi64(hi, 14), mask));
  h.v[4] = _mm512_add_epi64(h.v[4],
                            _mm512_or_si512(_mm512_srli_epi64(hi, 40), _mm512_set1_epi64(1 << 24)));
}

}  // namespace z

NOCRYPTO_AVX512 void poly1305_blocks_avx512(Poly1305::State& s, const std::uint8_t* in,
                                            std::size_t blocks) noexcept {
  // As the AVX2 code, with eight lanes a register: sixteen blocks a step, r^16.
  if (blocks < 32) return poly1305_blocks_avx2(s, in, blocks);
  if (!s.powers) make_powers(s);
  const std::size_t steps = blocks / 16;
  const std::uint64_t h0 = s.h[0], h1 = s.h[1], h2 = s.h[2];
  const std::uint64_t first[5] = {h0 & kMask26, (h0 >> 26) & kMask26,
                                  ((h0 >> 52) | (h1 << 12)) & kMask26, (h1 >> 14) & kMask26,
                                  (h1 >> 40) | (h2 << 24)};
  z::Limbs h[2];
  for (int i = 0; i < 5; ++i) {
    h[0].v[i] = _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, static_cast<long long>(first[i]));
    h[1].v[i] = _mm512_setzero_si512();
  }
  const z::Limbs r16 = z::lanes_of(s, {15, 15, 15, 15, 15, 15, 15, 15});
  const z::Limbs s16 = z::times5(r16);
  for (std::size_t step = 0; step + 1 < steps; ++step, in += 256) {
    z::add_blocks(h[0], in);
    z::add_blocks(h[1], in + 128);
    z::multiply(h[0], r16, s16);
    z::multiply(h[1], r16, s16);
  }
  // Lanes hold blocks 0, 4, 1, 5, 2, 6, 3, 7 (and 8 more) of the last step: block b takes
  // r^(16 - b).
  const z::Limbs last0 = z::lanes_of(s, {15, 11, 14, 10, 13, 9, 12, 8});
  const z::Limbs last1 = z::lanes_of(s, {7, 3, 6, 2, 5, 1, 4, 0});
  z::add_blocks(h[0], in);
  z::add_blocks(h[1], in + 128);
  z::multiply(h[0], last0, z::times5(last0));
  z::multiply(h[1], last1, z::times5(last1));
  in += 256;
  alignas(64) std::uint64_t lanes[5][8];
  for (int i = 0; i < 5; ++i) _mm512_store_si512(lanes[i], _mm512_add_epi64(h[0].v[i], h[1].v[i]));
  finish_lanes(s, lanes[0], 8);
  poly1305_blocks_avx2(s, in, blocks % 16);
}

NOCRYPTO_AVX2 void poly1305_blocks_avx2(Poly1305::State& s, const std::uint8_t* in,
                                        std::size_t blocks) noexcept {
  // Two chains of four lanes, eight blocks a step, so that one chain's multiply overlaps
  // the other's carries; each lane steps with r^8.
  if (blocks < 16) return poly1305_blocks_portable(s, in, blocks, 1);
  if (!s.powers) make_powers(s);
  const std::size_t steps = blocks / 8;

  // The accumulator enters the lane of block 0 in radix 2^26.
  const std::uint64_t h0 = s.h[0], h1 = s.h[1], h2 = s.h[2];
  Limbs h[2];
  h[0].v[0] = _mm256_set_epi64x(0, 0, 0, static_cast<long long>(h0 & kMask26));
  h[0].v[1] = _mm256_set_epi64x(0, 0, 0, static_cast<long long>((h0 >> 26) & kMask26));
  h[0].v[2] = _mm256_set_epi64x(0, 0, 0, static_cast<long long>(((h0 >> 52) | (h1 << 12)) & kMask26));
  h[0].v[3] = _mm256_set_epi64x(0, 0, 0, static_cast<long long>((h1 >> 14) & kMask26));
  h[0].v[4] = _mm256_set_epi64x(0, 0, 0, static_cast<long long>((h1 >> 40) | (h2 << 24)));
  for (int i = 0; i < 5; ++i) h[1].v[i] = _mm256_setzero_si256();

  const Limbs r8 = lanes_of(s, 7, 7, 7, 7);
  const Limbs s8 = times5(r8);
  for (std::size_t step = 0; step + 1 < steps; ++step, in += 128) {
    add_blocks(h[0], in);
    add_blocks(h[1], in + 64);
    multiply(h[0], r8, s8);
    multiply(h[1], r8, s8);
  }
  // The last step: lanes hold blocks 0, 2, 1, 3 and 4, 6, 5, 7 of it, which take
  // r^8, r^6, r^7, r^5 and r^4, r^2, r^3, r^1.
  const Limbs last0 = lanes_of(s, 7, 5, 6, 4);
  const Limbs last1 = lanes_of(s, 3, 1, 2, 0);
  add_blocks(h[0], in);
  add_blocks(h[1], in + 64);
  multiply(h[0], last0, times5(last0));
  multiply(h[1], last1, times5(last1));
  in += 128;

  alignas(32) std::uint64_t lanes[5][4];
  for (int i = 0; i < 5; ++i) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes[i]), _mm256_add_epi64(h[0].v[i], h[1].v[i]));
  }
  finish_lanes(s, lanes[0], 4);
  poly1305_blocks_portable(s, in, blocks % 8, 1);
}

}  // namespace nocrypto::detail
#endif
