// Keccak-f[1600] and its sponge (FIPS 202): SHA-3 and SHAKE.
#include <nocrypto/sha3.hpp>

#include <nocrypto/cpu.hpp>

#include "endian.hpp"
#include "x86.hpp"

#include <array>
#include <bit>
#include <cassert>

namespace nocrypto {
namespace detail {
namespace {

constexpr std::uint64_t kRoundConstant[24] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
    0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
    0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008};

// ρ: the rotation of lane x + 5y.
constexpr int kRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                          25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

// π: lane (x, y) moves to (y, 2x + 3y).
constexpr std::array<int, 25> kPi = [] {
  std::array<int, 25> to{};
  for (int x = 0; x < 5; ++x)
    for (int y = 0; y < 5; ++y) to[x + 5 * y] = y + 5 * ((2 * x + 3 * y) % 5);
  return to;
}();

[[gnu::always_inline]] inline void keccak_f1600(std::array<std::uint64_t, 25>& state) noexcept {
  std::uint64_t a[25];
  for (int i = 0; i < 25; ++i) a[i] = state[i];
  for (int round = 0; round < 24; ++round) {
    std::uint64_t c[5], b[25];
#pragma GCC unroll 5
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
#pragma GCC unroll 25
    for (int i = 0; i < 25; ++i) {  // θ, ρ and π
      const std::uint64_t d = c[(i + 4) % 5] ^ std::rotl(c[(i + 1) % 5], 1);
      b[kPi[i]] = std::rotl(a[i] ^ d, kRho[i]);
    }
#pragma GCC unroll 25
    for (int i = 0; i < 25; ++i) {  // χ
      const int row = i - i % 5;
      a[i] = b[i] ^ (~b[row + (i + 1) % 5] & b[row + (i + 2) % 5]);
    }
    a[0] ^= kRoundConstant[round];  // ι
  }
  for (int i = 0; i < 25; ++i) state[i] = a[i];
}

void permute_portable(std::array<std::uint64_t, 25>& state) noexcept {
  keccak_f1600(state);
}

#if NOCRYPTO_X86
// The same code with andn for χ and rorx for ρ: a fifth faster where the CPU has them.
NOCRYPTO_BMI2 void permute_bmi2(std::array<std::uint64_t, 25>& state) noexcept {
  keccak_f1600(state);
}
#endif

void permute(std::array<std::uint64_t, 25>& state) noexcept {
#if NOCRYPTO_X86
  if (const auto& cpu = cpu::active(); cpu.bmi1 && cpu.bmi2) return permute_bmi2(state);
#endif
  permute_portable(state);
}

}  // namespace

Keccak::Keccak(std::size_t rate, std::uint8_t suffix) noexcept
    : rate_(static_cast<std::uint8_t>(rate)), suffix_(suffix) {
  assert(rate % 8 == 0 && rate >= 8 && rate < 200);
}

void Keccak::feed(ByteView data) noexcept {
  assert(!squeezing_);
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  auto absorb_byte = [this](std::uint8_t byte) {
    lanes_[position_ / 8] ^= std::uint64_t{byte} << (8 * (position_ % 8));
    if (++position_ == rate_) {
      permute(lanes_);
      position_ = 0;
    }
  };
  for (; n != 0 && position_ != 0; --n) absorb_byte(*p++);
  for (; n >= rate_; n -= rate_, p += rate_) {
    for (std::size_t i = 0; i < rate_ / 8u; ++i) lanes_[i] ^= load_le64(p + 8 * i);
    permute(lanes_);
  }
  for (; n != 0; --n) absorb_byte(*p++);
}

void Keccak::squeeze(std::span<std::uint8_t> out) noexcept {
  if (!squeezing_) {
    lanes_[position_ / 8] ^= std::uint64_t{suffix_} << (8 * (position_ % 8));
    lanes_[(rate_ - 1) / 8] ^= std::uint64_t{0x80} << (8 * ((rate_ - 1) % 8));
    permute(lanes_);
    position_ = 0;
    squeezing_ = true;
  }
  for (std::uint8_t& byte : out) {
    if (position_ == rate_) {
      permute(lanes_);
      position_ = 0;
    }
    byte = static_cast<std::uint8_t>(lanes_[position_ / 8] >> (8 * (position_ % 8)));
    ++position_;
  }
}

}  // namespace detail

void shake128(ByteView data, std::span<std::uint8_t> out) noexcept {
  Shake128 x;
  x.feed(data);
  x.squeeze(out);
}

void shake256(ByteView data, std::span<std::uint8_t> out) noexcept {
  Shake256 x;
  x.feed(data);
  x.squeeze(out);
}

}  // namespace nocrypto
