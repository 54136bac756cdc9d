// The portable AES: 64 bytes (four blocks) bitsliced into eight 64-bit words, word b
// holding bit b of every byte. The S-box is computed, not looked up: inversion in
// GF(2^8) as x^254 on the bitsliced words, then the affine map. Nothing depends on
// secret data but the values of the words, so it runs in constant time.
#include "aes_impl.hpp"
#include "endian.hpp"

#include <cstring>

namespace nocrypto::detail {
namespace {

using Slice = std::uint64_t[8];

// Transposes the 8x8 bit matrix in x (byte i = row i, bit j = column j).
inline std::uint64_t transpose8(std::uint64_t x) noexcept {
  std::uint64_t t;
  t = (x ^ (x >> 7)) & 0x00aa00aa00aa00aaull;
  x ^= t ^ (t << 7);
  t = (x ^ (x >> 14)) & 0x0000cccc0000ccccull;
  x ^= t ^ (t << 14);
  t = (x ^ (x >> 28)) & 0x00000000f0f0f0f0ull;
  x ^= t ^ (t << 28);
  return x;
}

// 64 bytes -> eight words, word b bit j = bit b of byte j.
void slice(const std::uint8_t* bytes, std::uint64_t s[8]) noexcept {
  for (int b = 0; b < 8; ++b) s[b] = 0;
  for (int k = 0; k < 8; ++k) {
    const std::uint64_t t = transpose8(load_le64(bytes + 8 * k));
    for (int b = 0; b < 8; ++b) s[b] |= ((t >> (8 * b)) & 0xff) << (8 * k);
  }
}

void unslice(const std::uint64_t s[8], std::uint8_t* bytes) noexcept {
  for (int k = 0; k < 8; ++k) {
    std::uint64_t t = 0;
    for (int b = 0; b < 8; ++b) t |= ((s[b] >> (8 * k)) & 0xff) << (8 * b);
    t = transpose8(t);
    for (int i = 0; i < 8; ++i) bytes[8 * k + i] = static_cast<std::uint8_t>(t >> (8 * i));
  }
}

// GF(2^8) modulo x^8 + x^4 + x^3 + x + 1, bit b of each byte the coefficient of x^b.
void reduce(std::uint64_t p[15], std::uint64_t out[8]) noexcept {
  for (int k = 14; k >= 8; --k) {
    p[k - 4] ^= p[k];
    p[k - 5] ^= p[k];
    p[k - 7] ^= p[k];
    p[k - 8] ^= p[k];
  }
  for (int b = 0; b < 8; ++b) out[b] = p[b];
}

void gf_mul(const std::uint64_t a[8], const std::uint64_t b[8], std::uint64_t out[8]) noexcept {
  std::uint64_t p[15] = {};
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) p[i + j] ^= a[i] & b[j];
  }
  reduce(p, out);
}

void gf_square(const std::uint64_t a[8], std::uint64_t out[8]) noexcept {
  std::uint64_t p[15] = {};
  for (int i = 0; i < 8; ++i) p[2 * i] = a[i];
  reduce(p, out);
}

// x^254 = x^-1 (and 0 for 0): x^2, x^3, x^12, x^15, x^240, x^252, x^254.
void gf_invert(std::uint64_t x[8]) noexcept {
  std::uint64_t x2[8], x3[8], x12[8], t[8];
  gf_square(x, x2);
  gf_mul(x2, x, x3);
  gf_square(x3, t);     // x^6
  gf_square(t, x12);    // x^12
  gf_mul(x12, x3, t);   // x^15
  for (int i = 0; i < 4; ++i) gf_square(t, t);  // x^240
  gf_mul(t, x12, t);    // x^252
  gf_mul(t, x2, x);     // x^254
}

void sub_bytes(std::uint64_t s[8]) noexcept {
  gf_invert(s);
  std::uint64_t o[8];
  for (int i = 0; i < 8; ++i) {
    o[i] = s[i] ^ s[(i + 4) & 7] ^ s[(i + 5) & 7] ^ s[(i + 6) & 7] ^ s[(i + 7) & 7];
  }
  // + 0x63: bits 0, 1, 5, 6
  o[0] = ~o[0];
  o[1] = ~o[1];
  o[5] = ~o[5];
  o[6] = ~o[6];
  for (int i = 0; i < 8; ++i) s[i] = o[i];
}

void inv_sub_bytes(std::uint64_t s[8]) noexcept {
  std::uint64_t o[8];
  for (int i = 0; i < 8; ++i) o[i] = s[(i + 2) & 7] ^ s[(i + 5) & 7] ^ s[(i + 7) & 7];
  // + 0x05: bits 0 and 2
  o[0] = ~o[0];
  o[2] = ~o[2];
  gf_invert(o);
  for (int i = 0; i < 8; ++i) s[i] = o[i];
}

// Each 16-bit lane is one block, bit 4c + r the byte of row r, column c.
constexpr std::uint64_t kRow0 = 0x1111111111111111ull;

// Rotates every 16-bit lane right by k bits.
inline std::uint64_t lane_rotr(std::uint64_t x, int k) noexcept {
  const std::uint64_t low = (0xffffull >> k) * 0x0001000100010001ull;
  return ((x >> k) & low) | ((x << (16 - k)) & ~low);
}

inline std::uint64_t shift_rows(std::uint64_t x) noexcept {
  return (x & kRow0) | (lane_rotr(x, 4) & kRow0 << 1) | (lane_rotr(x, 8) & kRow0 << 2) |
         (lane_rotr(x, 12) & kRow0 << 3);
}

inline std::uint64_t inv_shift_rows(std::uint64_t x) noexcept {
  return (x & kRow0) | (lane_rotr(x, 12) & kRow0 << 1) | (lane_rotr(x, 8) & kRow0 << 2) |
         (lane_rotr(x, 4) & kRow0 << 3);
}

// Row r of a column takes row r + k (mod 4).
inline std::uint64_t rot1(std::uint64_t x) noexcept {
  return ((x >> 1) & 0x7777777777777777ull) | ((x << 3) & 0x8888888888888888ull);
}
inline std::uint64_t rot2(std::uint64_t x) noexcept {
  return ((x >> 2) & 0x3333333333333333ull) | ((x << 2) & 0xccccccccccccccccull);
}
inline std::uint64_t rot3(std::uint64_t x) noexcept {
  return ((x >> 3) & 0x1111111111111111ull) | ((x << 1) & 0xeeeeeeeeeeeeeeeeull);
}

// Multiplication by x across the bit planes.
inline void xtime(const std::uint64_t t[8], std::uint64_t out[8]) noexcept {
  out[0] = t[7];
  out[1] = t[0] ^ t[7];
  out[2] = t[1];
  out[3] = t[2] ^ t[7];
  out[4] = t[3] ^ t[7];
  out[5] = t[4];
  out[6] = t[5];
  out[7] = t[6];
}

// a'_r = 2 (a_r + a_{r+1}) + a_{r+1} + a_{r+2} + a_{r+3}
void mix_columns(std::uint64_t s[8]) noexcept {
  std::uint64_t t[8], x[8];
  for (int b = 0; b < 8; ++b) t[b] = s[b] ^ rot1(s[b]);
  xtime(t, x);
  for (int b = 0; b < 8; ++b) s[b] = x[b] ^ rot1(s[b]) ^ rot2(s[b]) ^ rot3(s[b]);
}

// InvMixColumns = MixColumns after adding 4 (a_r + a_{r+2}) to each a_r.
void inv_mix_columns(std::uint64_t s[8]) noexcept {
  std::uint64_t t[8], x[8];
  for (int b = 0; b < 8; ++b) t[b] = s[b] ^ rot2(s[b]);
  xtime(t, x);
  xtime(x, t);
  for (int b = 0; b < 8; ++b) s[b] ^= t[b];
  mix_columns(s);
}

inline void add_round_key(std::uint64_t s[8], const std::uint64_t* k) noexcept {
  for (int b = 0; b < 8; ++b) s[b] ^= k[b];
}

// Up to four blocks through `fn` on a 64-byte buffer.
template <class Fn>
void in_fours(const std::uint8_t* in, std::uint8_t* out, std::size_t blocks, Fn fn) noexcept {
  while (blocks != 0) {
    const std::size_t n = blocks < 4 ? blocks : 4;
    std::uint8_t buf[64] = {};
    std::memcpy(buf, in, 16 * n);
    std::uint64_t s[8];
    slice(buf, s);
    fn(s);
    unslice(s, buf);
    std::memcpy(out, buf, 16 * n);
    std::memset(buf, 0, sizeof buf);
    in += 16 * n;
    out += 16 * n;
    blocks -= n;
  }
}

}  // namespace

namespace {
// S-box on four bytes: AESKEYGENASSIST when AES-NI is active (one instruction, where the
// bitsliced S-box costs microseconds on a mostly empty 64-byte state), else bitsliced.
void sub_word(std::uint8_t t[4], bool hw) noexcept {
#if NOCRYPTO_X86
  if (hw) {
    const std::uint32_t w = aesni_sub_word(load_le32(t));
    for (int i = 0; i < 4; ++i) t[i] = static_cast<std::uint8_t>(w >> (8 * i));
    return;
  }
#else
  (void)hw;
#endif
  std::uint8_t buf[64] = {};
  std::memcpy(buf, t, 4);
  std::uint64_t s[8];
  slice(buf, s);
  sub_bytes(s);
  unslice(s, buf);
  std::memcpy(t, buf, 4);
  std::memset(buf, 0, sizeof buf);
}
}  // namespace

void aes_expand_key(AesRoundKeys& keys, const std::uint8_t* key, std::size_t size) noexcept {
  const bool hw = use_aesni();
  const unsigned nk = static_cast<unsigned>(size / 4);
  keys.rounds = nk + 6;
  const unsigned words = 4 * (keys.rounds + 1);
  std::uint8_t* w = keys.enc;
  std::memcpy(w, key, size);
  std::uint8_t rcon = 1;
  for (unsigned i = nk; i < words; ++i) {
    std::uint8_t t[4];
    std::memcpy(t, w + 4 * (i - 1), 4);
    if (i % nk == 0 || (nk > 6 && i % nk == 4)) {
      if (i % nk == 0) {  // RotWord
        const std::uint8_t first = t[0];
        t[0] = t[1];
        t[1] = t[2];
        t[2] = t[3];
        t[3] = first;
      }
      sub_word(t, hw);
      if (i % nk == 0) {
        t[0] ^= rcon;
        rcon = static_cast<std::uint8_t>(rcon << 1 ^ (rcon >> 7) * 0x1b);
      }
    }
    for (int j = 0; j < 4; ++j) w[4 * i + j] = w[4 * (i - nk) + j] ^ t[j];
  }
  for (unsigned r = 0; r <= keys.rounds; ++r) {
    std::uint8_t buf[64];
    for (int k = 0; k < 4; ++k) std::memcpy(buf + 16 * k, keys.enc + 16 * r, 16);
    slice(buf, keys.sliced + 8 * r);
    std::memset(buf, 0, sizeof buf);
  }
}

void aes_encrypt_sliced(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept {
  in_fours(in, out, blocks, [&](std::uint64_t s[8]) {
    add_round_key(s, keys.sliced);
    for (unsigned r = 1; r < keys.rounds; ++r) {
      sub_bytes(s);
      for (int b = 0; b < 8; ++b) s[b] = shift_rows(s[b]);
      mix_columns(s);
      add_round_key(s, keys.sliced + 8 * r);
    }
    sub_bytes(s);
    for (int b = 0; b < 8; ++b) s[b] = shift_rows(s[b]);
    add_round_key(s, keys.sliced + 8 * keys.rounds);
  });
}

void aes_decrypt_sliced(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept {
  in_fours(in, out, blocks, [&](std::uint64_t s[8]) {
    add_round_key(s, keys.sliced + 8 * keys.rounds);
    for (unsigned r = keys.rounds - 1; r >= 1; --r) {
      for (int b = 0; b < 8; ++b) s[b] = inv_shift_rows(s[b]);
      inv_sub_bytes(s);
      add_round_key(s, keys.sliced + 8 * r);
      inv_mix_columns(s);
    }
    for (int b = 0; b < 8; ++b) s[b] = inv_shift_rows(s[b]);
    inv_sub_bytes(s);
    add_round_key(s, keys.sliced);
  });
}

}  // namespace nocrypto::detail
