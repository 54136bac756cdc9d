#pragma once
// Triple DES (SP 800-67, EDE) in ECB and CBC: LEGACY, for reading old data and talking
// to old peers only. Its 64-bit block makes CBC unsafe beyond a few gigabytes per key
// (Sweet32) and it is slow; use AES-GCM for anything new. Constant time, and slow: the
// S-boxes are read with shifts of 64-bit words, not table indexes.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

class TripleDes {
 public:
  static constexpr std::size_t block_size = 8;

  // A 24-byte key (three keys, K1 K2 K3) or a 16-byte one (two keys, K3 = K1);
  // InvalidKeyLength otherwise. Parity bits are ignored.
  static Result<TripleDes> create(ByteView key) noexcept;

  TripleDes(const TripleDes&) noexcept = default;
  TripleDes& operator=(const TripleDes&) noexcept = default;
  ~TripleDes();  // wipes the subkeys

  // One block, in place allowed.
  void encrypt_block(std::span<const std::uint8_t, 8> in,
                     std::span<std::uint8_t, 8> out) const noexcept;
  void decrypt_block(std::span<const std::uint8_t, 8> in,
                     std::span<std::uint8_t, 8> out) const noexcept;

 private:
  TripleDes() noexcept = default;
  std::uint64_t subkeys_[3][16];  // 48-bit round keys of K1, K2, K3
};

// As the AES functions of the same names, with 8-byte blocks and an 8-byte IV: in.size()
// a multiple of 8 (InvalidInputLength), out.size() == in.size() (InvalidOutputLength),
// iv.size() == 8 (InvalidNonceLength). In place allowed.
Result<void> ecb_encrypt(const TripleDes& des, ByteView in, std::span<std::uint8_t> out) noexcept;
Result<void> ecb_decrypt(const TripleDes& des, ByteView in, std::span<std::uint8_t> out) noexcept;
Result<void> cbc_encrypt(const TripleDes& des, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept;
Result<void> cbc_decrypt(const TripleDes& des, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept;

}  // namespace nocrypto
