// AES-NI and PCLMULQDQ: AES blocks eight at a time, CBC, CTR, GHASH with eight blocks
// per reduction, and GCM with the CTR encryption and the GHASH of the previous eight
// blocks interleaved. Compiled for every x86 build through target attributes; callers
// check use_aesni() / use_clmul() first.
#include "aes_impl.hpp"
#include "endian.hpp"

#if NOCRYPTO_X86
#include <immintrin.h>

#include <cstring>
#include <type_traits>

#define NOCRYPTO_AESNI __attribute__((target("aes,pclmul,sse4.1,ssse3")))

namespace nocrypto::detail {
namespace {

// The round keys, with the number of rounds fixed at compile time so every loop over
// rounds and blocks unrolls and the blocks stay in registers.
template <unsigned R>
struct Keys {
  static constexpr unsigned rounds = R;
  __m128i k[R + 1];
};

// Calls f(std::integral_constant<unsigned, R>{}) for the key's 10, 12 or 14 rounds: each
// mode's loop is a template over R, and this picks its instance once per call.
template <class F>
inline void with_rounds(unsigned rounds, F&& f) {
  switch (rounds) {
    case 10:
      return f(std::integral_constant<unsigned, 10>{});
    case 12:
      return f(std::integral_constant<unsigned, 12>{});
    default:
      return f(std::integral_constant<unsigned, 14>{});
  }
}

template <unsigned R>
NOCRYPTO_AESNI inline void load_keys(Keys<R>& out, const std::uint8_t* bytes) noexcept {
#pragma GCC unroll 16
  for (unsigned i = 0; i <= R; ++i) {
    out.k[i] = _mm_load_si128(reinterpret_cast<const __m128i*>(bytes + 16 * i));
  }
}

NOCRYPTO_AESNI inline __m128i load(const std::uint8_t* p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
NOCRYPTO_AESNI inline void store(std::uint8_t* p, __m128i x) noexcept {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), x);
}

template <class K>
NOCRYPTO_AESNI inline __m128i encrypt1(const K& k, __m128i x) noexcept {
  x = _mm_xor_si128(x, k.k[0]);
#pragma GCC unroll 16
  for (unsigned r = 1; r < k.rounds; ++r) x = _mm_aesenc_si128(x, k.k[r]);
  return _mm_aesenclast_si128(x, k.k[k.rounds]);
}

template <class K>
NOCRYPTO_AESNI inline __m128i decrypt1(const K& k, __m128i x) noexcept {
  x = _mm_xor_si128(x, k.k[0]);
#pragma GCC unroll 16
  for (unsigned r = 1; r < k.rounds; ++r) x = _mm_aesdec_si128(x, k.k[r]);
  return _mm_aesdeclast_si128(x, k.k[k.rounds]);
}

template <int N, class K>
NOCRYPTO_AESNI inline void encrypt_n(const K& k, __m128i* x) noexcept {
#pragma GCC unroll 16
  for (int i = 0; i < N; ++i) x[i] = _mm_xor_si128(x[i], k.k[0]);
#pragma GCC unroll 16
  for (unsigned r = 1; r < k.rounds; ++r) {
    const __m128i rk = k.k[r];
#pragma GCC unroll 16
    for (int i = 0; i < N; ++i) x[i] = _mm_aesenc_si128(x[i], rk);
  }
#pragma GCC unroll 16
  for (int i = 0; i < N; ++i) x[i] = _mm_aesenclast_si128(x[i], k.k[k.rounds]);
}

template <int N, class K>
NOCRYPTO_AESNI inline void decrypt_n(const K& k, __m128i* x) noexcept {
#pragma GCC unroll 16
  for (int i = 0; i < N; ++i) x[i] = _mm_xor_si128(x[i], k.k[0]);
#pragma GCC unroll 16
  for (unsigned r = 1; r < k.rounds; ++r) {
    const __m128i rk = k.k[r];
#pragma GCC unroll 16
    for (int i = 0; i < N; ++i) x[i] = _mm_aesdec_si128(x[i], rk);
  }
#pragma GCC unroll 16
  for (int i = 0; i < N; ++i) x[i] = _mm_aesdeclast_si128(x[i], k.k[k.rounds]);
}

// Counter blocks. Low32: bytes 0..11 fixed, the last four a big-endian counter.
struct Counter {
  __m128i base;
  std::uint32_t low;  // Low32
  std::uint64_t hi, lo;  // Full128
  CtrCounter mode;
};

NOCRYPTO_AESNI inline Counter counter_from(const std::uint8_t* bytes, CtrCounter mode) noexcept {
  Counter c;
  c.base = load(bytes);
  c.mode = mode;
  c.low = load_be32(bytes + 12);
  c.hi = load_be64(bytes);
  c.lo = load_be64(bytes + 8);
  return c;
}

NOCRYPTO_AESNI inline __m128i counter_next(Counter& c) noexcept {
  __m128i x;
  if (c.mode == CtrCounter::Low32) {
    x = _mm_insert_epi32(c.base, static_cast<int>(__builtin_bswap32(c.low)), 3);
    ++c.low;
  } else {
    x = _mm_set_epi64x(static_cast<long long>(__builtin_bswap64(c.lo)),
                       static_cast<long long>(__builtin_bswap64(c.hi)));
    if (++c.lo == 0) ++c.hi;
  }
  return x;
}

NOCRYPTO_AESNI inline void counter_store(const Counter& c, std::uint8_t* bytes) noexcept {
  if (c.mode == CtrCounter::Low32) {
    store(bytes, _mm_insert_epi32(c.base, static_cast<int>(__builtin_bswap32(c.low)), 3));
  } else {
    std::uint64_t hi = __builtin_bswap64(c.hi), lo = __builtin_bswap64(c.lo);
    std::memcpy(bytes, &hi, 8);
    std::memcpy(bytes + 8, &lo, 8);
  }
}

// GHASH. A block is byte-reversed into a register, so the register holds it as a
// big-endian 128-bit integer; products are reduced with shifts (no table, no branch).
NOCRYPTO_AESNI inline __m128i reverse(__m128i x) noexcept {
  return _mm_shuffle_epi8(x, _mm_set_epi64x(0x0001020304050607, 0x08090a0b0c0d0e0f));
}

struct Product {
  __m128i lo = _mm_setzero_si128();
  __m128i mid = _mm_setzero_si128();
  __m128i hi = _mm_setzero_si128();
};

NOCRYPTO_AESNI inline void mul_add(Product& p, __m128i x, __m128i h) noexcept {
  p.lo = _mm_xor_si128(p.lo, _mm_clmulepi64_si128(x, h, 0x00));
  p.hi = _mm_xor_si128(p.hi, _mm_clmulepi64_si128(x, h, 0x11));
  p.mid = _mm_xor_si128(p.mid, _mm_xor_si128(_mm_clmulepi64_si128(x, h, 0x01),
                                             _mm_clmulepi64_si128(x, h, 0x10)));
}

// 128-bit shift right by k (0 < k < 64).
NOCRYPTO_AESNI inline __m128i shr128(__m128i v, int k) noexcept {
  return _mm_or_si128(_mm_srli_epi64(v, k), _mm_slli_epi64(_mm_srli_si128(v, 8), 64 - k));
}

// The 255-bit product [hi:lo] modulo the GCM polynomial, in the reflected convention:
// shift left by one, fold the low 128 bits into the high ones.
NOCRYPTO_AESNI inline __m128i reduce(const Product& p) noexcept {
  __m128i lo = _mm_xor_si128(p.lo, _mm_slli_si128(p.mid, 8));
  __m128i hi = _mm_xor_si128(p.hi, _mm_srli_si128(p.mid, 8));
  // [hi:lo] <<= 1
  const __m128i lo_carry = _mm_srli_epi64(lo, 63);
  const __m128i hi_carry = _mm_srli_epi64(hi, 63);
  lo = _mm_or_si128(_mm_slli_epi64(lo, 1), _mm_slli_si128(lo_carry, 8));
  hi = _mm_or_si128(_mm_or_si128(_mm_slli_epi64(hi, 1), _mm_slli_si128(hi_carry, 8)),
                    _mm_srli_si128(lo_carry, 8));
  // lo = [X1 ^ X0<<63 ^ X0<<62 ^ X0<<57 : X0]
  const __m128i s = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi64(lo, 63), _mm_slli_epi64(lo, 62)),
                                  _mm_slli_epi64(lo, 57));
  lo = _mm_xor_si128(lo, _mm_slli_si128(s, 8));
  const __m128i h =
      _mm_xor_si128(_mm_xor_si128(lo, shr128(lo, 1)), _mm_xor_si128(shr128(lo, 2), shr128(lo, 7)));
  return _mm_xor_si128(hi, h);
}

struct HPowers {
  __m128i h[8];  // H^1..H^8
};

NOCRYPTO_AESNI inline void load_powers(HPowers& out, const GhashKey& key) noexcept {
#pragma GCC unroll 16
  for (int i = 0; i < 8; ++i) {
    out.h[i] = _mm_load_si128(reinterpret_cast<const __m128i*>(key.powers[i]));
  }
}

// y = ((y ^ x0) H^n ^ x1 H^(n-1) ^ ... ^ x(n-1) H), n <= 8, x already reversed.
NOCRYPTO_AESNI inline __m128i ghash_n(const HPowers& hp, __m128i y, const __m128i* x,
                                      int n) noexcept {
  Product p;
  mul_add(p, _mm_xor_si128(y, x[0]), hp.h[n - 1]);
#pragma GCC unroll 16
  for (int i = 1; i < n; ++i) mul_add(p, x[i], hp.h[n - 1 - i]);
  return reduce(p);
}

}  // namespace

NOCRYPTO_AESNI std::uint32_t aesni_sub_word(std::uint32_t word) noexcept {
  // Dword 0 of the result is SubWord(dword 1 of the input).
  const __m128i v = _mm_aeskeygenassist_si128(_mm_set_epi32(0, 0, static_cast<int>(word), 0), 0);
  return static_cast<std::uint32_t>(_mm_cvtsi128_si32(v));
}

NOCRYPTO_AESNI void aesni_prepare_decrypt(AesRoundKeys& keys) noexcept {
  const unsigned nr = keys.rounds;
  auto enc = [&](unsigned i) { return load(keys.enc + 16 * i); };
  store(keys.dec, enc(nr));
#pragma GCC unroll 16
  for (unsigned i = 1; i < nr; ++i) store(keys.dec + 16 * i, _mm_aesimc_si128(enc(nr - i)));
  store(keys.dec + 16 * nr, enc(0));
}

namespace {
// ECB over whole blocks, eight at a time: with the encryption keys or, for Decrypt, the
// equivalent-inverse-cipher keys.
template <unsigned R, bool Decrypt>
NOCRYPTO_AESNI void aesni_blocks_r(const AesRoundKeys& keys, const std::uint8_t* in,
                                   std::uint8_t* out, std::size_t blocks) noexcept {
  Keys<R> k;
  load_keys(k, Decrypt ? keys.dec : keys.enc);
  for (; blocks >= 8; blocks -= 8, in += 128, out += 128) {
    __m128i x[8] = {};  // only n are used; initialised to quiet -Wmaybe-uninitialized
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) x[i] = load(in + 16 * i);
    if constexpr (Decrypt) {
      decrypt_n<8>(k, x);
    } else {
      encrypt_n<8>(k, x);
    }
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) store(out + 16 * i, x[i]);
  }
  for (; blocks != 0; --blocks, in += 16, out += 16) {
    store(out, Decrypt ? decrypt1(k, load(in)) : encrypt1(k, load(in)));
  }
}
}  // namespace

NOCRYPTO_AESNI void aesni_encrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in,
                                         std::uint8_t* out, std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_blocks_r<decltype(r)::value, false>(keys, in, out, blocks);
  });
}

NOCRYPTO_AESNI void aesni_decrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in,
                                         std::uint8_t* out, std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_blocks_r<decltype(r)::value, true>(keys, in, out, blocks);
  });
}

namespace {
template <unsigned R>
NOCRYPTO_AESNI void aesni_cbc_encrypt_r(const AesRoundKeys& keys, std::uint8_t iv[16],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  Keys<R> k;
  load_keys(k, keys.enc);
  __m128i chain = load(iv);
  for (; blocks != 0; --blocks, in += 16, out += 16) {
    chain = encrypt1(k, _mm_xor_si128(chain, load(in)));
    store(out, chain);
  }
  store(iv, chain);
}
}  // namespace

NOCRYPTO_AESNI void aesni_cbc_encrypt(const AesRoundKeys& keys, std::uint8_t iv[16],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_cbc_encrypt_r<decltype(r)::value>(keys, iv, in, out, blocks);
  });
}

namespace {
template <unsigned R>
NOCRYPTO_AESNI void aesni_cbc_decrypt_r(const AesRoundKeys& keys, std::uint8_t iv[16],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  Keys<R> k;
  load_keys(k, keys.dec);
  __m128i chain = load(iv);
  // All ciphertext blocks of a group are loaded before any output is stored (in place).
  for (; blocks >= 8; blocks -= 8, in += 128, out += 128) {
    __m128i c[8], x[8];
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) x[i] = c[i] = load(in + 16 * i);
    decrypt_n<8>(k, x);
    store(out, _mm_xor_si128(x[0], chain));
#pragma GCC unroll 16
    for (int i = 1; i < 8; ++i) store(out + 16 * i, _mm_xor_si128(x[i], c[i - 1]));
    chain = c[7];
  }
  for (; blocks != 0; --blocks, in += 16, out += 16) {
    const __m128i c = load(in);
    store(out, _mm_xor_si128(decrypt1(k, c), chain));
    chain = c;
  }
  store(iv, chain);
}
}  // namespace

NOCRYPTO_AESNI void aesni_cbc_decrypt(const AesRoundKeys& keys, std::uint8_t iv[16],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_cbc_decrypt_r<decltype(r)::value>(keys, iv, in, out, blocks);
  });
}

namespace {
template <unsigned R>
NOCRYPTO_AESNI void aesni_ctr_r(const AesRoundKeys& keys, std::uint8_t counter[16],
                              CtrCounter mode, const std::uint8_t* in, std::uint8_t* out,
                              std::size_t blocks) noexcept {
  Keys<R> k;
  load_keys(k, keys.enc);
  Counter c = counter_from(counter, mode);
  for (; blocks >= 8; blocks -= 8, in += 128, out += 128) {
    __m128i x[8] = {};  // only n are used; initialised to quiet -Wmaybe-uninitialized
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) x[i] = counter_next(c);
    encrypt_n<8>(k, x);
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) store(out + 16 * i, _mm_xor_si128(x[i], load(in + 16 * i)));
  }
  for (; blocks != 0; --blocks, in += 16, out += 16) {
    store(out, _mm_xor_si128(encrypt1(k, counter_next(c)), load(in)));
  }
  counter_store(c, counter);
}
}  // namespace

NOCRYPTO_AESNI void aesni_ctr(const AesRoundKeys& keys, std::uint8_t counter[16],
                              CtrCounter mode, const std::uint8_t* in, std::uint8_t* out,
                              std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_ctr_r<decltype(r)::value>(keys, counter, mode, in, out, blocks);
  });
}

namespace {
template <unsigned R>
NOCRYPTO_AESNI void aesni_cbc_mac_r(const AesRoundKeys& keys, std::uint8_t mac[16],
                                  const std::uint8_t* data, std::size_t blocks) noexcept {
  Keys<R> k;
  load_keys(k, keys.enc);
  __m128i m = load(mac);
  for (; blocks != 0; --blocks, data += 16) m = encrypt1(k, _mm_xor_si128(m, load(data)));
  store(mac, m);
}
}  // namespace

NOCRYPTO_AESNI void aesni_cbc_mac(const AesRoundKeys& keys, std::uint8_t mac[16],
                                  const std::uint8_t* data, std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_cbc_mac_r<decltype(r)::value>(keys, mac, data, blocks);
  });
}

NOCRYPTO_AESNI void clmul_ghash(const GhashKey& key, std::uint64_t y[2],
                                const std::uint8_t* data, std::size_t blocks) noexcept {
  HPowers hp;
  load_powers(hp, key);
  __m128i acc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y));
  while (blocks != 0) {
    const int n = blocks < 8 ? static_cast<int>(blocks) : 8;
    __m128i x[8] = {};  // only n are used; initialised to quiet -Wmaybe-uninitialized
#pragma GCC unroll 16
    for (int i = 0; i < n; ++i) x[i] = reverse(load(data + 16 * i));
    acc = ghash_n(hp, acc, x, n);
    data += 16 * n;
    blocks -= n;
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(y), acc);
}

// Eight counter blocks through AES while the GHASH of eight earlier blocks (`g`, already
// reversed, y folded into g[0]) accumulates between the rounds.
template <class K>
NOCRYPTO_AESNI inline __m128i encrypt8_ghash8(const K& k, __m128i* x, const HPowers& hp,
                                              const __m128i* g) noexcept {
  Product p;
#pragma GCC unroll 16
  for (int i = 0; i < 8; ++i) x[i] = _mm_xor_si128(x[i], k.k[0]);
#pragma GCC unroll 16
  for (unsigned r = 1; r < k.rounds; ++r) {
    const __m128i rk = k.k[r];
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) x[i] = _mm_aesenc_si128(x[i], rk);
    if (r <= 8) mul_add(p, g[r - 1], hp.h[8 - r]);
  }
#pragma GCC unroll 16
  for (int i = 0; i < 8; ++i) x[i] = _mm_aesenclast_si128(x[i], k.k[k.rounds]);
  return reduce(p);
}

namespace {
template <unsigned R>
NOCRYPTO_AESNI void aesni_gcm_encrypt_r(const AesRoundKeys& keys, const GhashKey& hkey,
                                      std::uint8_t counter[16], std::uint64_t y[2],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  Keys<R> k;
  load_keys(k, keys.enc);
  HPowers hp;
  load_powers(hp, hkey);
  Counter c = counter_from(counter, CtrCounter::Low32);
  __m128i acc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y));
  if (blocks >= 8) {
    // The first eight: no earlier ciphertext to hash yet.
    __m128i x[8], g[8];
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) x[i] = counter_next(c);
    encrypt_n<8>(k, x);
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) {
      x[i] = _mm_xor_si128(x[i], load(in + 16 * i));
      store(out + 16 * i, x[i]);
      g[i] = reverse(x[i]);
    }
    in += 128;
    out += 128;
    blocks -= 8;
    for (; blocks >= 8; blocks -= 8, in += 128, out += 128) {
      g[0] = _mm_xor_si128(g[0], acc);
#pragma GCC unroll 16
      for (int i = 0; i < 8; ++i) x[i] = counter_next(c);
      acc = encrypt8_ghash8(k, x, hp, g);
#pragma GCC unroll 16
      for (int i = 0; i < 8; ++i) {
        x[i] = _mm_xor_si128(x[i], load(in + 16 * i));
        store(out + 16 * i, x[i]);
        g[i] = reverse(x[i]);
      }
    }
    acc = ghash_n(hp, acc, g, 8);
  }
  if (blocks != 0) {
    __m128i x[8] = {};  // only n are used; initialised to quiet -Wmaybe-uninitialized
    const int n = static_cast<int>(blocks);
#pragma GCC unroll 16
    for (int i = 0; i < n; ++i) {
      x[i] = _mm_xor_si128(encrypt1(k, counter_next(c)), load(in + 16 * i));
      store(out + 16 * i, x[i]);
      x[i] = reverse(x[i]);
    }
    acc = ghash_n(hp, acc, x, n);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(y), acc);
  counter_store(c, counter);
}
}  // namespace

NOCRYPTO_AESNI void aesni_gcm_encrypt(const AesRoundKeys& keys, const GhashKey& hkey,
                                      std::uint8_t counter[16], std::uint64_t y[2],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_gcm_encrypt_r<decltype(r)::value>(keys, hkey, counter, y, in, out, blocks);
  });
}

namespace {
template <unsigned R>
NOCRYPTO_AESNI void aesni_gcm_decrypt_r(const AesRoundKeys& keys, const GhashKey& hkey,
                                      std::uint8_t counter[16], std::uint64_t y[2],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  Keys<R> k;
  load_keys(k, keys.enc);
  HPowers hp;
  load_powers(hp, hkey);
  Counter c = counter_from(counter, CtrCounter::Low32);
  __m128i acc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y));
  for (; blocks >= 8; blocks -= 8, in += 128, out += 128) {
    __m128i x[8], cipher[8], g[8];
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) {
      cipher[i] = load(in + 16 * i);
      g[i] = reverse(cipher[i]);
      x[i] = counter_next(c);
    }
    g[0] = _mm_xor_si128(g[0], acc);
    acc = encrypt8_ghash8(k, x, hp, g);
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) store(out + 16 * i, _mm_xor_si128(x[i], cipher[i]));
  }
  if (blocks != 0) {
    __m128i x[8] = {};  // only n are used; initialised to quiet -Wmaybe-uninitialized
    const int n = static_cast<int>(blocks);
#pragma GCC unroll 16
    for (int i = 0; i < n; ++i) {
      const __m128i cipher = load(in + 16 * i);
      x[i] = reverse(cipher);
      store(out + 16 * i, _mm_xor_si128(encrypt1(k, counter_next(c)), cipher));
    }
    acc = ghash_n(hp, acc, x, n);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(y), acc);
  counter_store(c, counter);
}
}  // namespace

NOCRYPTO_AESNI void aesni_gcm_decrypt(const AesRoundKeys& keys, const GhashKey& hkey,
                                      std::uint8_t counter[16], std::uint64_t y[2],
                                      const std::uint8_t* in, std::uint8_t* out,
                                      std::size_t blocks) noexcept {
  with_rounds(keys.rounds, [&](auto r) {
    aesni_gcm_decrypt_r<decltype(r)::value>(keys, hkey, counter, y, in, out, blocks);
  });
}

}  // namespace nocrypto::detail

#endif  // NOCRYPTO_X86
