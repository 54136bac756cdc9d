// SHA-1 (FIPS 180-4 §6.1): the portable rounds, and the dispatch to SHA-NI.
#include <nocrypto/cpu.hpp>
#include <nocrypto/sha1.hpp>

#include "endian.hpp"
#include "md_engine.hpp"
#include "x86.hpp"

#include <bit>

namespace nocrypto::detail {
namespace {

void sha1_blocks_portable(std::uint32_t* state, const std::uint8_t* p, std::size_t count) noexcept {
  for (; count != 0; --count, p += 64) {
    std::uint32_t w[16];
    for (int i = 0; i < 16; ++i) w[i] = load_be32(p + 4 * i);
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
#pragma GCC unroll 80
    for (int i = 0; i < 80; ++i) {
      if (i >= 16) {
        w[i & 15] = std::rotl(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15], 1);
      }
      std::uint32_t f, k;
      if (i < 20) {
        f = d ^ (b & (c ^ d));
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (d & (b | c));
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const std::uint32_t t = std::rotl(a, 5) + f + e + k + w[i & 15];
      e = d;
      d = c;
      c = std::rotl(b, 30);
      b = a;
      a = t;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
  }
}

}  // namespace

void Sha1Algo::init(std::span<Word, words> state, std::size_t) noexcept {
  state[0] = 0x67452301;
  state[1] = 0xefcdab89;
  state[2] = 0x98badcfe;
  state[3] = 0x10325476;
  state[4] = 0xc3d2e1f0;
}

void Sha1Algo::compress(Word* state, const std::uint8_t* blocks, std::size_t count) noexcept {
#if NOCRYPTO_X86
  if (const auto& cpu = cpu::active(); cpu.sha && cpu.sse41) {
    return sha1_blocks_shani(state, blocks, count);
  }
#endif
  sha1_blocks_portable(state, blocks, count);
}

template class MdEngine<Sha1Algo>;

}  // namespace nocrypto::detail
