#pragma once
// AES block functions on both code paths, and GHASH (internal). aes.cpp holds the
// bitsliced portable code, aes_x86.cpp the AES-NI and PCLMULQDQ code; callers pick with
// use_aesni() / use_clmul().
#include <nocrypto/aes.hpp>
#include <nocrypto/cpu.hpp>
#include <nocrypto/gcm.hpp>

#include "x86.hpp"

#include <cstddef>
#include <cstdint>

namespace nocrypto::detail {

// Portable, constant time: the S-box is computed as an inversion in GF(2^8) on bitsliced
// words, four blocks at a time.
void aes_expand_key(AesRoundKeys& keys, const std::uint8_t* key, std::size_t size) noexcept;
void aes_encrypt_sliced(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept;
void aes_decrypt_sliced(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept;

// The portable GF(2^128) product of GHASH, constant time. Elements are the 16-byte
// blocks read as big-endian 128-bit integers, held as {low 64 bits, high 64 bits}.
void ghash_mul(std::uint64_t x[2], const std::uint64_t h[2]) noexcept;

// y = (y ^ block) * H for each of `blocks` 16-byte blocks.
void ghash_blocks(const GhashKey& key, std::uint64_t y[2], const std::uint8_t* data,
                  std::size_t blocks) noexcept;

// Steps a counter block.
void ctr_increment(std::uint8_t counter[16], CtrCounter mode) noexcept;

inline bool use_aesni() noexcept {
  const auto& f = cpu::active();
  return f.aesni && f.sse41 && f.ssse3;
}
inline bool use_clmul() noexcept {
  return use_aesni() && cpu::active().pclmulqdq;
}

#if NOCRYPTO_X86
// AES-NI (SSE4.1, SSSE3). The counter functions advance `counter`; CBC ones advance `iv`.
// SubWord of the key schedule (bytes in memory order, as a little-endian word) by
// AESKEYGENASSIST: aes_expand_key uses it when AES-NI is active.
std::uint32_t aesni_sub_word(std::uint32_t word) noexcept;
void aesni_prepare_decrypt(AesRoundKeys& keys) noexcept;
void aesni_encrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                          std::size_t blocks) noexcept;
void aesni_decrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                          std::size_t blocks) noexcept;
void aesni_cbc_encrypt(const AesRoundKeys& keys, std::uint8_t iv[16], const std::uint8_t* in,
                       std::uint8_t* out, std::size_t blocks) noexcept;
void aesni_cbc_decrypt(const AesRoundKeys& keys, std::uint8_t iv[16], const std::uint8_t* in,
                       std::uint8_t* out, std::size_t blocks) noexcept;
void aesni_ctr(const AesRoundKeys& keys, std::uint8_t counter[16], CtrCounter mode,
               const std::uint8_t* in, std::uint8_t* out, std::size_t blocks) noexcept;
// PCLMULQDQ GHASH, and GCM's CTR and GHASH interleaved (32-bit counter; y is the GHASH
// state, updated over the ciphertext).
void clmul_ghash(const GhashKey& key, std::uint64_t y[2], const std::uint8_t* data,
                 std::size_t blocks) noexcept;
void aesni_gcm_encrypt(const AesRoundKeys& keys, const GhashKey& hkey, std::uint8_t counter[16],
                       std::uint64_t y[2], const std::uint8_t* in, std::uint8_t* out,
                       std::size_t blocks) noexcept;
void aesni_gcm_decrypt(const AesRoundKeys& keys, const GhashKey& hkey, std::uint8_t counter[16],
                       std::uint64_t y[2], const std::uint8_t* in, std::uint8_t* out,
                       std::size_t blocks) noexcept;
// CBC-MAC for CCM: mac = E(mac ^ block) over `blocks` blocks.
void aesni_cbc_mac(const AesRoundKeys& keys, std::uint8_t mac[16], const std::uint8_t* data,
                   std::size_t blocks) noexcept;
#endif

// Dispatching block functions (any number of blocks, in place allowed).
void aes_encrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept;
void aes_decrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept;
// CTR over whole blocks: out = in ^ keystream, counter advanced by `blocks`.
void aes_ctr_blocks(const AesRoundKeys& keys, std::uint8_t counter[16], CtrCounter mode,
                    const std::uint8_t* in, std::uint8_t* out, std::size_t blocks) noexcept;
void aes_cbc_mac(const AesRoundKeys& keys, std::uint8_t mac[16], const std::uint8_t* data,
                 std::size_t blocks) noexcept;

}  // namespace nocrypto::detail
