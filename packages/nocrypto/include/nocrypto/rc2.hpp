#pragma once
// RC2 (RFC 2268) in ECB and CBC: LEGACY, for reading old PKCS #12 files
// (pbeWithSHAAnd40BitRC2-CBC, pbeWithSHAAnd128BitRC2-CBC) and nothing else. A 64-bit block,
// a weak key schedule and, in those files, 40-bit keys: never encrypt new data with it.
// Constant time: the key table and the permutation are read by scanning, not by index.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

class Rc2 {
 public:
  static constexpr std::size_t block_size = 8;

  // A key of 1 to 128 bytes, of which at most `effective_bits` (1 to 1024; RFC 2268's T1)
  // count: PKCS #12's RC2-40 passes 40, RC2-128 passes 128. InvalidKeyLength for the key,
  // InvalidParameter for effective_bits.
  static Result<Rc2> create(ByteView key, unsigned effective_bits) noexcept;

  Rc2(const Rc2&) noexcept = default;
  Rc2& operator=(const Rc2&) noexcept = default;
  ~Rc2();  // wipes the expanded key

  // One block, in place allowed.
  void encrypt_block(std::span<const std::uint8_t, 8> in,
                     std::span<std::uint8_t, 8> out) const noexcept;
  void decrypt_block(std::span<const std::uint8_t, 8> in,
                     std::span<std::uint8_t, 8> out) const noexcept;

 private:
  Rc2() noexcept = default;
  std::uint16_t k_[64];  // RFC 2268's K[0..63]
};

// As the TripleDes functions of the same names: in.size() a multiple of 8
// (InvalidInputLength), out.size() == in.size() (InvalidOutputLength), iv.size() == 8
// (InvalidNonceLength). In place allowed. No padding is added or removed.
Result<void> ecb_encrypt(const Rc2& rc2, ByteView in, std::span<std::uint8_t> out) noexcept;
Result<void> ecb_decrypt(const Rc2& rc2, ByteView in, std::span<std::uint8_t> out) noexcept;
Result<void> cbc_encrypt(const Rc2& rc2, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept;
Result<void> cbc_decrypt(const Rc2& rc2, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept;

}  // namespace nocrypto
