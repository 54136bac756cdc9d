// The x86 block functions: SHA-1 and SHA-256 on the SHA-NI instructions (called when
// CPUID reports SHA and SSE4.1), SHA-512 with its message schedule in vector registers
// (AVX2, BMI1, BMI2). Compiled for every x86 build through target attributes.
#include "endian.hpp"
#include "sha2_rounds.hpp"
#include "x86.hpp"

#if NOCRYPTO_X86
#include <immintrin.h>

#include <utility>

#define NOCRYPTO_SHANI __attribute__((target("sha,sse4.1")))

namespace nocrypto::detail {
namespace {

// SHA-1 keeps A..D in one register (A in the top lane) and E in the top lane of another;
// sha1rnds4 does four rounds, its immediate selecting the round function (K / 5).
struct Sha1Lanes {
  __m128i w[4];  // the last four message groups, W[4k..4k+3] at w[k % 4]
  __m128i abcd;
  __m128i previous;  // abcd before the last four rounds: E of the next four is derived from it
};

template <int K>
NOCRYPTO_SHANI inline void sha1_four_rounds(Sha1Lanes& s) {
  __m128i& wk = s.w[K & 3];
  if constexpr (K >= 4) {
    wk = _mm_sha1msg2_epu32(
        _mm_xor_si128(_mm_sha1msg1_epu32(wk, s.w[(K + 1) & 3]), s.w[(K + 2) & 3]),
        s.w[(K + 3) & 3]);
  }
  const __m128i e = _mm_sha1nexte_epu32(s.previous, wk);
  s.previous = s.abcd;
  s.abcd = _mm_sha1rnds4_epu32(s.abcd, e, K / 5);
}

template <std::size_t... K>
NOCRYPTO_SHANI inline void sha1_rounds(Sha1Lanes& s, std::index_sequence<K...>) {
  (sha1_four_rounds<K + 1>(s), ...);
}

}  // namespace

NOCRYPTO_SHANI void sha1_blocks_shani(std::uint32_t* state, const std::uint8_t* p,
                                      std::size_t count) noexcept {
  const __m128i reverse = _mm_set_epi64x(0x0001020304050607, 0x08090a0b0c0d0e0f);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0x1b);
  __m128i e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
  for (; count != 0; --count, p += 64) {
    Sha1Lanes s;
    for (int i = 0; i < 4; ++i) {
      s.w[i] =
          _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), reverse);
    }
    // Rounds 0-3 take E from the state; the other 19 groups derive it from A.
    s.previous = abcd;
    s.abcd = _mm_sha1rnds4_epu32(abcd, _mm_add_epi32(e0, s.w[0]), 0);
    sha1_rounds(s, std::make_index_sequence<19>());
    e0 = _mm_sha1nexte_epu32(s.previous, e0);
    abcd = _mm_add_epi32(s.abcd, abcd);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_shuffle_epi32(abcd, 0x1b));
  state[4] = static_cast<std::uint32_t>(_mm_extract_epi32(e0, 3));
}

// SHA-256 keeps the state as ABEF and CDGH (A and C in the top lanes); sha256rnds2 does
// two rounds with the message-plus-constant words in the low half of its third operand.
// Below, a name lists the state words from lane 0 up.
NOCRYPTO_SHANI void sha256_blocks_shani(std::uint32_t* state, const std::uint8_t* p,
                                        std::size_t count) noexcept {
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0b, 0x0405060700010203);
  const __m128i badc =
      _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0xb1);
  const __m128i hgfe =
      _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4)), 0x1b);
  __m128i feba = _mm_alignr_epi8(badc, hgfe, 8);
  __m128i hgdc = _mm_blend_epi16(hgfe, badc, 0xf0);
  for (; count != 0; --count, p += 64) {
    const __m128i feba_in = feba, hgdc_in = hgdc;
    __m128i w[4];
    for (int i = 0; i < 4; ++i) {
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), swap);
    }
#pragma GCC unroll 16
    for (int k = 0; k < 16; ++k) {
      __m128i& wk = w[k & 3];  // W[4k..4k+3], computed from the four groups before it
      if (k >= 4) {
        const __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(wk, w[(k + 1) & 3]),
                                        _mm_alignr_epi8(w[(k + 3) & 3], w[(k + 2) & 3], 4));
        wk = _mm_sha256msg2_epu32(t, w[(k + 3) & 3]);
      }
      __m128i m = _mm_add_epi32(
          wk, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kSha256Round + 4 * k)));
      hgdc = _mm_sha256rnds2_epu32(hgdc, feba, m);
      m = _mm_shuffle_epi32(m, 0x0e);
      feba = _mm_sha256rnds2_epu32(feba, hgdc, m);
    }
    feba = _mm_add_epi32(feba, feba_in);
    hgdc = _mm_add_epi32(hgdc, hgdc_in);
  }
  const __m128i abef = _mm_shuffle_epi32(feba, 0x1b);
  const __m128i ghcd = _mm_shuffle_epi32(hgdc, 0xb1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(abef, ghcd, 0xf0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(ghcd, abef, 8));
}

#define NOCRYPTO_AVX2 __attribute__((target("avx2,bmi,bmi2")))

namespace {

template <int N>
[[gnu::always_inline]] NOCRYPTO_AVX2 inline __m256i rotr64(__m256i x) {
  return _mm256_or_si256(_mm256_srli_epi64(x, N), _mm256_slli_epi64(x, 64 - N));
}

// kw[i] = w[i] + the round constants of the pair, for both blocks.
[[gnu::always_inline]] NOCRYPTO_AVX2 inline void add_round_constants(std::uint64_t (&kw)[40][4],
                                                                     const __m256i* w, int i) {
  const __m128i k = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kSha512Round + 2 * i));
  _mm256_store_si256(reinterpret_cast<__m256i*>(kw[i]),
                     _mm256_add_epi64(w[i], _mm256_broadcastsi128_si256(k)));
}

}  // namespace

// Two blocks at a time: one AVX2 register holds W[t], W[t+1] of the first block in its
// low half and of the second in its high half (W[t] needs W[t-2] at the nearest, so pairs
// are the widest step). The schedule of both runs on the vector units beside the scalar
// rounds of the first block, a pair ahead of the rounds that use it; the second block's
// rounds then only read K + W. An odd last block is scheduled twice and hashed once.
NOCRYPTO_AVX2 void sha512_blocks_avx2(std::uint64_t* state, const std::uint8_t* p,
                                      std::size_t count) noexcept {
  alignas(32) __m256i w[40];            // w[i] = {W1[2i], W1[2i+1], W2[2i], W2[2i+1]}
  alignas(32) std::uint64_t kw[40][4];  // K + W, in the same layout
  const __m256i swap =
      _mm256_broadcastsi128_si256(_mm_set_epi64x(0x08090a0b0c0d0e0f, 0x0001020304050607));
  while (count != 0) {
    const bool two = count >= 2;
    const std::uint8_t* second = two ? p + 128 : p;
    for (int i = 0; i < 8; ++i) {
      const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(second + 16 * i));
      w[i] = _mm256_shuffle_epi8(_mm256_set_m128i(hi, lo), swap);
      add_round_constants(kw, w, i);
    }
    auto v = sha2_load(state);
#pragma GCC unroll 80
    for (int r = 0; r < 80; ++r) {
      if (r % 2 == 0 && r < 64) {  // the pair W[r+16], W[r+17] of both blocks
        const int i = r / 2;
        const __m256i w15 = _mm256_alignr_epi8(w[i + 1], w[i], 8);     // W[r+1], W[r+2]
        const __m256i w7 = _mm256_alignr_epi8(w[i + 5], w[i + 4], 8);  // W[r+9], W[r+10]
        const __m256i w2 = w[i + 7];                                   // W[r+14], W[r+15]
        const __m256i s0 = _mm256_xor_si256(_mm256_xor_si256(rotr64<1>(w15), rotr64<8>(w15)),
                                            _mm256_srli_epi64(w15, 7));
        const __m256i s1 = _mm256_xor_si256(_mm256_xor_si256(rotr64<19>(w2), rotr64<61>(w2)),
                                            _mm256_srli_epi64(w2, 6));
        w[i + 8] = _mm256_add_epi64(_mm256_add_epi64(w[i], s0), _mm256_add_epi64(w7, s1));
        add_round_constants(kw, w, i + 8);
      }
      sha2_round<Sha512Shape>(v, kw[r / 2][r % 2]);
    }
    sha2_add(state, v);
    if (!two) break;
    v = sha2_load(state);
#pragma GCC unroll 80
    for (int r = 0; r < 80; ++r) sha2_round<Sha512Shape>(v, kw[r / 2][2 + r % 2]);
    sha2_add(state, v);
    count -= 2;
    p += 256;
  }
}

}  // namespace nocrypto::detail
#endif
