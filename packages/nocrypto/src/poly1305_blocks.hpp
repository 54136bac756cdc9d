#pragma once
// Poly1305 block functions (internal): the portable one in poly1305.cpp and the x86
// vector one in poly1305_x86.cpp. All run in constant time.
#include <nocrypto/poly1305.hpp>

#include <cstddef>
#include <cstdint>

namespace nocrypto::detail {

__extension__ typedef unsigned __int128 u128;

// Absorbs `blocks` 16-byte blocks, each with 2^128 added when `final_bit` is 1 (whole
// blocks) or not (the padded last block, final_bit 0).
void poly1305_blocks_portable(Poly1305::State& s, const std::uint8_t* in, std::size_t blocks,
                              std::uint64_t final_bit) noexcept;

// h * r mod 2^130 - 5 in radix 2^64 (h a few bits over 2^130 at most, r clamped),
// partially reduced: the core of the portable blocks.
void poly1305_multiply(std::uint64_t* h, const std::uint64_t* r) noexcept;

#if defined(__x86_64__) || defined(__i386__)
// Whole blocks (final bit 1), eight at a time in AVX2 registers with r^1..r^8; the last
// blocks short of eight, and calls of fewer than 16 blocks, go to the portable code.
void poly1305_blocks_avx2(Poly1305::State& s, const std::uint8_t* in, std::size_t blocks) noexcept;
// Sixteen at a time in AVX-512F registers with r^1..r^16 (fewer than 32: the AVX2 code).
void poly1305_blocks_avx512(Poly1305::State& s, const std::uint8_t* in,
                            std::size_t blocks) noexcept;
#endif

}  // namespace nocrypto::detail
