// Triple DES. Bits are numbered as FIPS 46-3 numbers them: 1 is the most significant.
// The permutations walk public tables; the S-boxes are four 64-bit words each, bit v of
// word b being bit b of S(v), read with a shift by the secret six-bit input. Nothing
// branches on or indexes memory with secret data.
#include <nocrypto/des.hpp>

#include "block8_modes.hpp"
#include "endian.hpp"

#include <array>
#include <cstring>

namespace nocrypto {
namespace {

constexpr std::uint8_t kIp[64] = {
    58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
    62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
    57, 49, 41, 33, 25, 17, 9,  1, 59, 51, 43, 35, 27, 19, 11, 3,
    61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7};
constexpr std::uint8_t kP[32] = {16, 7, 20, 21, 29, 12, 28, 17, 1,  15, 23, 26, 5,  18, 31, 10,
                                 2,  8, 24, 14, 32, 27, 3,  9,  19, 13, 30, 6,  22, 11, 4,  25};
constexpr std::uint8_t kPc1[56] = {57, 49, 41, 33, 25, 17, 9,  1,  58, 50, 42, 34, 26, 18,
                                   10, 2,  59, 51, 43, 35, 27, 19, 11, 3,  60, 52, 44, 36,
                                   63, 55, 47, 39, 31, 23, 15, 7,  62, 54, 46, 38, 30, 22,
                                   14, 6,  61, 53, 45, 37, 29, 21, 13, 5,  28, 20, 12, 4};
constexpr std::uint8_t kPc2[48] = {14, 17, 11, 24, 1,  5,  3,  28, 15, 6,  21, 10,
                                   23, 19, 12, 4,  26, 8,  16, 7,  27, 20, 13, 2,
                                   41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
                                   44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32};
constexpr std::uint8_t kShifts[16] = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};

constexpr std::uint8_t kSbox[8][64] = {
    {14, 4,  13, 1, 2,  15, 11, 8,  3,  10, 6,  12, 5,  9,  0, 7,
     0,  15, 7,  4, 14, 2,  13, 1,  10, 6,  12, 11, 9,  5,  3, 8,
     4,  1,  14, 8, 13, 6,  2,  11, 15, 12, 9,  7,  3,  10, 5, 0,
     15, 12, 8,  2, 4,  9,  1,  7,  5,  11, 3,  14, 10, 0,  6, 13},
    {15, 1,  8,  14, 6,  11, 3,  4,  9,  7, 2,  13, 12, 0, 5,  10,
     3,  13, 4,  7,  15, 2,  8,  14, 12, 0, 1,  10, 6,  9, 11, 5,
     0,  14, 7,  11, 10, 4,  13, 1,  5,  8, 12, 6,  9,  3, 2,  15,
     13, 8,  10, 1,  3,  15, 4,  2,  11, 6, 7,  12, 0,  5, 14, 9},
    {10, 0,  9,  14, 6, 3,  15, 5,  1,  13, 12, 7,  11, 4,  2,  8,
     13, 7,  0,  9,  3, 4,  6,  10, 2,  8,  5,  14, 12, 11, 15, 1,
     13, 6,  4,  9,  8, 15, 3,  0,  11, 1,  2,  12, 5,  10, 14, 7,
     1,  10, 13, 0,  6, 9,  8,  7,  4,  15, 14, 3,  11, 5,  2,  12},
    {7,  13, 14, 3, 0,  6,  9,  10, 1,  2, 8, 5,  11, 12, 4,  15,
     13, 8,  11, 5, 6,  15, 0,  3,  4,  7, 2, 12, 1,  10, 14, 9,
     10, 6,  9,  0, 12, 11, 7,  13, 15, 1, 3, 14, 5,  2,  8,  4,
     3,  15, 0,  6, 10, 1,  13, 8,  9,  4, 5, 11, 12, 7,  2,  14},
    {2,  12, 4,  1,  7,  10, 11, 6,  8,  5,  3,  15, 13, 0, 14, 9,
     14, 11, 2,  12, 4,  7,  13, 1,  5,  0,  15, 10, 3,  9, 8,  6,
     4,  2,  1,  11, 10, 13, 7,  8,  15, 9,  12, 5,  6,  3, 0,  14,
     11, 8,  12, 7,  1,  14, 2,  13, 6,  15, 0,  9,  10, 4, 5,  3},
    {12, 1,  10, 15, 9, 2,  6,  8,  0,  13, 3,  4,  14, 7,  5,  11,
     10, 15, 4,  2,  7, 12, 9,  5,  6,  1,  13, 14, 0,  11, 3,  8,
     9,  14, 15, 5,  2, 8,  12, 3,  7,  0,  4,  10, 1,  13, 11, 6,
     4,  3,  2,  12, 9, 5,  15, 10, 11, 14, 1,  7,  6,  0,  8,  13},
    {4,  11, 2,  14, 15, 0, 8,  13, 3,  12, 9, 7,  5,  10, 6, 1,
     13, 0,  11, 7,  4,  9, 1,  10, 14, 3,  5, 12, 2,  15, 8, 6,
     1,  4,  11, 13, 12, 3, 7,  14, 10, 15, 6, 8,  0,  5,  9, 2,
     6,  11, 13, 8,  1,  4, 10, 7,  9,  5,  0, 15, 14, 2,  3, 12},
    {13, 2,  8,  4, 6,  15, 11, 1,  10, 9,  3,  14, 5,  0,  12, 7,
     1,  15, 13, 8, 10, 3,  7,  4,  12, 5,  6,  11, 0,  14, 9,  2,
     7,  11, 4,  1, 9,  12, 14, 2,  0,  6,  10, 13, 15, 3,  5,  8,
     2,  1,  14, 7, 4,  10, 8,  13, 15, 12, 9,  0,  3,  5,  6,  11}};

// The S-boxes as bit columns: word [j][b] bit v = bit b of S_j at six-bit input v, whose
// outer bits pick the row and inner four the column.
constexpr std::array<std::array<std::uint64_t, 4>, 8> make_columns() {
  std::array<std::array<std::uint64_t, 4>, 8> out{};
  for (int j = 0; j < 8; ++j) {
    for (int v = 0; v < 64; ++v) {
      const int row = (v >> 4 & 2) | (v & 1), col = v >> 1 & 15;
      const int s = kSbox[j][16 * row + col];
      for (int b = 0; b < 4; ++b) out[j][b] |= static_cast<std::uint64_t>(s >> b & 1) << v;
    }
  }
  return out;
}
constexpr auto kColumns = make_columns();

constexpr std::array<std::uint8_t, 64> make_fp() {
  std::array<std::uint8_t, 64> fp{};
  for (int i = 0; i < 64; ++i) fp[kIp[i] - 1] = static_cast<std::uint8_t>(i + 1);
  return fp;
}
constexpr auto kFp = make_fp();

// Output bit i (from the top of n bits) = input bit table[i] (from the top of `width`).
inline std::uint64_t permute(std::uint64_t in, const std::uint8_t* table, int n,
                             int width) noexcept {
  std::uint64_t out = 0;
  for (int i = 0; i < n; ++i) out = out << 1 | (in >> (width - table[i]) & 1);
  return out;
}

inline std::uint32_t rotl32(std::uint32_t x, int k) noexcept {
  k &= 31;
  return k == 0 ? x : (x << k | x >> (32 - k));
}

inline std::uint32_t feistel(std::uint32_t r, std::uint64_t k) noexcept {
  std::uint32_t s = 0;
  for (int j = 0; j < 8; ++j) {
    // E: group j is bits 4j .. 4j + 5 of R, bit 0 meaning bit 32.
    const unsigned v =
        static_cast<unsigned>((rotl32(r, 4 * j - 1) >> 26) ^ (k >> (42 - 6 * j))) & 63;
    unsigned o = 0;
    for (int b = 0; b < 4; ++b) o |= static_cast<unsigned>(kColumns[j][b] >> v & 1) << b;
    s = s << 4 | o;
  }
  return static_cast<std::uint32_t>(permute(s, kP, 32, 32));
}

std::uint64_t des(std::uint64_t block, const std::uint64_t* keys, bool decrypt) noexcept {
  const std::uint64_t x = permute(block, kIp, 64, 64);
  std::uint32_t l = static_cast<std::uint32_t>(x >> 32), r = static_cast<std::uint32_t>(x);
  for (int i = 0; i < 16; ++i) {
    const std::uint32_t t = l ^ feistel(r, keys[decrypt ? 15 - i : i]);
    l = r;
    r = t;
  }
  return permute(static_cast<std::uint64_t>(r) << 32 | l, kFp.data(), 64, 64);
}

void schedule(const std::uint8_t* key, std::uint64_t out[16]) noexcept {
  const std::uint64_t cd = permute(detail::load_be64(key), kPc1, 56, 64);
  std::uint32_t c = static_cast<std::uint32_t>(cd >> 28), d = cd & 0xfffffff;
  for (int i = 0; i < 16; ++i) {
    const int s = kShifts[i];
    c = ((c << s) | (c >> (28 - s))) & 0xfffffff;
    d = ((d << s) | (d >> (28 - s))) & 0xfffffff;
    out[i] = permute(static_cast<std::uint64_t>(c) << 28 | d, kPc2, 48, 56);
  }
}

std::uint64_t ede(const std::uint64_t (*k)[16], std::uint64_t x, bool decrypt) noexcept {
  if (!decrypt) return des(des(des(x, k[0], false), k[1], true), k[2], false);
  return des(des(des(x, k[2], true), k[1], false), k[0], true);
}

inline void put(std::uint8_t* p, std::uint64_t x) noexcept {
  detail::store<std::uint64_t, true>(p, x);
}

}  // namespace

Result<TripleDes> TripleDes::create(ByteView key) noexcept {
  if (key.size() != 16 && key.size() != 24) return std::unexpected(Error::InvalidKeyLength);
  TripleDes t;
  schedule(key.data(), t.subkeys_[0]);
  schedule(key.data() + 8, t.subkeys_[1]);
  schedule(key.size() == 24 ? key.data() + 16 : key.data(), t.subkeys_[2]);
  return t;
}

TripleDes::~TripleDes() {
  wipe({reinterpret_cast<std::uint8_t*>(subkeys_), sizeof subkeys_});
}

void TripleDes::encrypt_block(std::span<const std::uint8_t, 8> in,
                              std::span<std::uint8_t, 8> out) const noexcept {
  put(out.data(), ede(subkeys_, detail::load_be64(in.data()), false));
}

void TripleDes::decrypt_block(std::span<const std::uint8_t, 8> in,
                              std::span<std::uint8_t, 8> out) const noexcept {
  put(out.data(), ede(subkeys_, detail::load_be64(in.data()), true));
}

Result<void> ecb_encrypt(const TripleDes& des, ByteView in, std::span<std::uint8_t> out) noexcept {
  return detail::ecb8<TripleDes, false>(des, in, out);
}

Result<void> ecb_decrypt(const TripleDes& des, ByteView in, std::span<std::uint8_t> out) noexcept {
  return detail::ecb8<TripleDes, true>(des, in, out);
}

Result<void> cbc_encrypt(const TripleDes& des, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept {
  return detail::cbc8_encrypt(des, iv, in, out);
}

Result<void> cbc_decrypt(const TripleDes& des, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept {
  return detail::cbc8_decrypt(des, iv, in, out);
}

}  // namespace nocrypto
