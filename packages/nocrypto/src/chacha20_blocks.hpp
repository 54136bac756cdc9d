#pragma once
// ChaCha20 block functions (internal): the portable one in chacha20.cpp and the x86 ones
// in chacha20_x86.cpp, compiled with target attributes and called only when cpu::active()
// reports the extension.
#include <cstddef>
#include <cstdint>

namespace nocrypto::detail {

// out[0 .. 64*blocks) = in XOR the key stream of `blocks` blocks from `state` (16 words:
// constants, key, counter, nonce), then advances the counter: word 12 alone, or words 12
// and 13 as one 64-bit counter when counter64. The caller has checked the counter does
// not pass its end (a 32-bit counter may wrap to 0 after its last block). in and out may
// be the same memory.
void chacha20_blocks_portable(std::uint32_t* state, const std::uint8_t* in, std::uint8_t* out,
                              std::size_t blocks, bool counter64) noexcept;

// The 20 rounds of HChaCha20 on `state`, leaving words 0..3 and 12..15 as its output.
void chacha20_rounds(std::uint32_t* state) noexcept;

#if defined(__x86_64__) || defined(__i386__)
// The same as chacha20_blocks_portable, eight blocks at a time in AVX2 registers.
void chacha20_blocks_avx2(std::uint32_t* state, const std::uint8_t* in, std::uint8_t* out,
                          std::size_t blocks, bool counter64) noexcept;
// Sixteen blocks at a time in AVX-512 registers (AVX-512F).
void chacha20_blocks_avx512(std::uint32_t* state, const std::uint8_t* in, std::uint8_t* out,
                            std::size_t blocks, bool counter64) noexcept;
#endif

}  // namespace nocrypto::detail
