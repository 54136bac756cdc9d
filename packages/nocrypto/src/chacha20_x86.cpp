// ChaCha20 on x86 vector registers: each register holds one state word of 8 (AVX2) or
// 16 (AVX-512) consecutive blocks, so the rounds run on all blocks at once and the key
// stream is transposed back to block order at the end. Compiled for every x86 build
// through target attributes; chacha20.cpp calls these only when CPUID reports them.
#include "chacha20_blocks.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include "x86_simd.hpp"

#include <cstring>

namespace nocrypto::detail {
namespace {

// ---- AVX2: eight blocks ----

NOCRYPTO_AVX2 NOCRYPTO_INLINE __m256i rotl(__m256i x, int n) {
  return _mm256_or_si256(_mm256_slli_epi32(x, n), _mm256_srli_epi32(x, 32 - n));
}
// Rotations by whole bytes are one byte shuffle.
NOCRYPTO_AVX2 NOCRYPTO_INLINE __m256i rotl16(__m256i x) {
  return _mm256_shuffle_epi8(x, _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3,
                                                2, 13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0,
                                                3, 2));
}
NOCRYPTO_AVX2 NOCRYPTO_INLINE __m256i rotl8(__m256i x) {
  return _mm256_shuffle_epi8(x, _mm256_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1, 0,
                                                3, 14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1,
                                                0, 3));
}

NOCRYPTO_AVX2 NOCRYPTO_INLINE void quarter(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
  a = _mm256_add_epi32(a, b), d = rotl16(_mm256_xor_si256(d, a));
  c = _mm256_add_epi32(c, d), b = rotl(_mm256_xor_si256(b, c), 12);
  a = _mm256_add_epi32(a, b), d = rotl8(_mm256_xor_si256(d, a));
  c = _mm256_add_epi32(c, d), b = rotl(_mm256_xor_si256(b, c), 7);
}

// Words w[0..8) of eight blocks (lane j = block j) back to block order: bytes `offset`
// .. offset+32 of each block, XORed with the input.
NOCRYPTO_AVX2 NOCRYPTO_INLINE void xor_transposed(const __m256i* w, const std::uint8_t* in,
                                                  std::uint8_t* out, int offset) {
  __m256i u[8];
  for (int h = 0; h < 8; h += 4) {
    const __m256i t0 = _mm256_unpacklo_epi32(w[h], w[h + 1]);
    const __m256i t1 = _mm256_unpackhi_epi32(w[h], w[h + 1]);
    const __m256i t2 = _mm256_unpacklo_epi32(w[h + 2], w[h + 3]);
    const __m256i t3 = _mm256_unpackhi_epi32(w[h + 2], w[h + 3]);
    u[h] = _mm256_unpacklo_epi64(t0, t2);
    u[h + 1] = _mm256_unpackhi_epi64(t0, t2);
    u[h + 2] = _mm256_unpacklo_epi64(t1, t3);
    u[h + 3] = _mm256_unpackhi_epi64(t1, t3);
  }
  for (int j = 0; j < 4; ++j) {
    const __m256i lo = _mm256_permute2x128_si256(u[j], u[4 + j], 0x20);  // block j
    const __m256i hi = _mm256_permute2x128_si256(u[j], u[4 + j], 0x31);  // block j + 4
    const auto* src = reinterpret_cast<const __m256i*>(in + 64 * j + offset);
    const auto* src_hi = reinterpret_cast<const __m256i*>(in + 64 * (j + 4) + offset);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 64 * j + offset),
                        _mm256_xor_si256(lo, _mm256_loadu_si256(src)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 64 * (j + 4) + offset),
                        _mm256_xor_si256(hi, _mm256_loadu_si256(src_hi)));
  }
}

// Eight blocks from counter state[12] + 0..7 (word 13 unchanged); state is not advanced.
NOCRYPTO_AVX2 void xor8(const std::uint32_t* state, const std::uint8_t* in, std::uint8_t* out) {
  __m256i v[16];
  for (int i = 0; i < 16; ++i) v[i] = _mm256_set1_epi32(static_cast<int>(state[i]));
  v[12] = _mm256_add_epi32(v[12], _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
  const __m256i counters = v[12];
  for (int round = 0; round < 10; ++round) {
    quarter(v[0], v[4], v[8], v[12]);
    quarter(v[1], v[5], v[9], v[13]);
    quarter(v[2], v[6], v[10], v[14]);
    quarter(v[3], v[7], v[11], v[15]);
    quarter(v[0], v[5], v[10], v[15]);
    quarter(v[1], v[6], v[11], v[12]);
    quarter(v[2], v[7], v[8], v[13]);
    quarter(v[3], v[4], v[9], v[14]);
  }
  for (int i = 0; i < 16; ++i) {
    v[i] = _mm256_add_epi32(v[i], i == 12 ? counters : _mm256_set1_epi32(static_cast<int>(state[i])));
  }
  xor_transposed(v, in, out, 0);
  xor_transposed(v + 8, in, out, 32);
}

// ---- AVX-512: sixteen blocks ----

NOCRYPTO_AVX512 NOCRYPTO_INLINE void quarter(__m512i& a, __m512i& b, __m512i& c, __m512i& d) {
  a = _mm512_add_epi32(a, b), d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 16);
  c = _mm512_add_epi32(c, d), b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 12);
  a = _mm512_add_epi32(a, b), d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 8);
  c = _mm512_add_epi32(c, d), b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 7);
}

NOCRYPTO_AVX512 void xor16(const std::uint32_t* state, const std::uint8_t* in,
                           std::uint8_t* out) {
  __m512i v[16];
  for (int i = 0; i < 16; ++i) v[i] = _mm512_set1_epi32(static_cast<int>(state[i]));
  v[12] = _mm512_add_epi32(
      v[12], _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
  const __m512i counters = v[12];
  for (int round = 0; round < 10; ++round) {
    quarter(v[0], v[4], v[8], v[12]);
    quarter(v[1], v[5], v[9], v[13]);
    quarter(v[2], v[6], v[10], v[14]);
    quarter(v[3], v[7], v[11], v[15]);
    quarter(v[0], v[5], v[10], v[15]);
    quarter(v[1], v[6], v[11], v[12]);
    quarter(v[2], v[7], v[8], v[13]);
    quarter(v[3], v[4], v[9], v[14]);
  }
  for (int i = 0; i < 16; ++i) {
    v[i] = _mm512_add_epi32(v[i], i == 12 ? counters : _mm512_set1_epi32(static_cast<int>(state[i])));
  }
  // 4x4 transposes inside each 128-bit lane: u[4g + j] lane L holds words 4g..4g+3 of
  // block 4L + j.
  __m512i u[16];
  for (int g = 0; g < 16; g += 4) {
    const __m512i t0 = _mm512_unpacklo_epi32(v[g], v[g + 1]);
    const __m512i t1 = _mm512_unpackhi_epi32(v[g], v[g + 1]);
    const __m512i t2 = _mm512_unpacklo_epi32(v[g + 2], v[g + 3]);
    const __m512i t3 = _mm512_unpackhi_epi32(v[g + 2], v[g + 3]);
    u[g] = _mm512_unpacklo_epi64(t0, t2);
    u[g + 1] = _mm512_unpackhi_epi64(t0, t2);
    u[g + 2] = _mm512_unpacklo_epi64(t1, t3);
    u[g + 3] = _mm512_unpackhi_epi64(t1, t3);
  }
  // Then a 4x4 transpose of 128-bit lanes across the four groups, for each j.
  for (int j = 0; j < 4; ++j) {
    const __m512i x0 = _mm512_shuffle_i32x4(u[j], u[4 + j], 0x44);
    const __m512i x1 = _mm512_shuffle_i32x4(u[j], u[4 + j], 0xee);
    const __m512i x2 = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0x44);
    const __m512i x3 = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0xee);
    const __m512i blocks[4] = {
        _mm512_shuffle_i32x4(x0, x2, 0x88), _mm512_shuffle_i32x4(x0, x2, 0xdd),
        _mm512_shuffle_i32x4(x1, x3, 0x88), _mm512_shuffle_i32x4(x1, x3, 0xdd)};
    for (int l = 0; l < 4; ++l) {
      const std::size_t at = 64 * static_cast<std::size_t>(4 * l + j);
      _mm512_storeu_si512(out + at, _mm512_xor_si512(blocks[l], _mm512_loadu_si512(in + at)));
    }
  }
}

// True when the 64-bit counter's low word would wrap inside a batch of `lanes` blocks:
// the vector code does not carry into word 13, so such a batch runs portable.
inline bool carries(const std::uint32_t* state, bool counter64, std::uint32_t lanes) {
  return counter64 && state[12] > 0xffffffffu - (lanes - 1);
}

inline void advance(std::uint32_t* state, std::uint32_t blocks, bool counter64) {
  const std::uint32_t before = state[12];
  state[12] += blocks;
  if (counter64 && state[12] < before) ++state[13];
}

}  // namespace

NOCRYPTO_AVX2 void chacha20_blocks_avx2(std::uint32_t* state, const std::uint8_t* in,
                                        std::uint8_t* out, std::size_t blocks,
                                        bool counter64) noexcept {
  for (; blocks >= 8; blocks -= 8, in += 512, out += 512) {
    if (carries(state, counter64, 8)) {
      chacha20_blocks_portable(state, in, out, 8, counter64);
      continue;
    }
    xor8(state, in, out);
    advance(state, 8, counter64);
  }
  // One block: the portable code, whose four independent quarter rounds a wide core
  // runs side by side, is as quick as a vector batch of eight.
  if (blocks < 2 || carries(state, counter64, 8)) {
    chacha20_blocks_portable(state, in, out, blocks, counter64);
    return;
  }
  // Two to seven blocks: eight through a buffer, the extra ones discarded.
  alignas(32) std::uint8_t buffer[512];
  std::memcpy(buffer, in, 64 * blocks);
  xor8(state, buffer, buffer);
  std::memcpy(out, buffer, 64 * blocks);
  advance(state, static_cast<std::uint32_t>(blocks), counter64);
  std::memset(buffer, 0, sizeof buffer);
  __asm__ volatile("" : : "r"(buffer) : "memory");  // keep the wipe
}

NOCRYPTO_AVX512 void chacha20_blocks_avx512(std::uint32_t* state, const std::uint8_t* in,
                                            std::uint8_t* out, std::size_t blocks,
                                            bool counter64) noexcept {
  for (; blocks >= 16; blocks -= 16, in += 1024, out += 1024) {
    if (carries(state, counter64, 16)) {
      chacha20_blocks_avx2(state, in, out, 16, counter64);
      continue;
    }
    xor16(state, in, out);
    advance(state, 16, counter64);
  }
  if (blocks > 0) chacha20_blocks_avx2(state, in, out, blocks, counter64);
}

}  // namespace nocrypto::detail
#endif
