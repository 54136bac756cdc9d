#pragma once
// The x86 accelerated block functions (internal), defined in sha_x86.cpp with target
// attributes; callers check cpu::active() first. NOCRYPTO_BMI2 marks a function as
// compiled for BMI1+BMI2 (andn, rorx): portable code inlined into it gets those.
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#define NOCRYPTO_X86 1
#define NOCRYPTO_BMI2 __attribute__((target("bmi,bmi2")))
namespace nocrypto::detail {
void sha1_blocks_shani(std::uint32_t* state, const std::uint8_t* blocks,
                       std::size_t count) noexcept;
void sha256_blocks_shani(std::uint32_t* state, const std::uint8_t* blocks,
                         std::size_t count) noexcept;
// SHA-512 with the message schedule in SSE registers and the rounds in BMI2 (AVX2 CPUs).
void sha512_blocks_avx2(std::uint64_t* state, const std::uint8_t* blocks,
                        std::size_t count) noexcept;
}  // namespace nocrypto::detail
#else
#define NOCRYPTO_X86 0
#endif
