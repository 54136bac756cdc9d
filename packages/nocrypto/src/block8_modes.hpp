#pragma once
// ECB and CBC over any cipher with 8-byte blocks and encrypt_block/decrypt_block
// (internal; 3DES and RC2 use it).
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace nocrypto::detail {

inline Result<void> check_block8(ByteView in, std::span<std::uint8_t> out) noexcept {
  if (in.size() % 8 != 0) return std::unexpected(Error::InvalidInputLength);
  if (out.size() != in.size()) return std::unexpected(Error::InvalidOutputLength);
  return {};
}

template <class Cipher, bool Decrypt>
Result<void> ecb8(const Cipher& c, ByteView in, std::span<std::uint8_t> out) noexcept {
  if (auto r = check_block8(in, out); !r) return r;
  for (std::size_t i = 0; i < in.size(); i += 8) {
    if constexpr (Decrypt)
      c.decrypt_block(in.subspan(i).first<8>(), out.subspan(i).first<8>());
    else
      c.encrypt_block(in.subspan(i).first<8>(), out.subspan(i).first<8>());
  }
  return {};
}

template <class Cipher>
Result<void> cbc8_encrypt(const Cipher& c, ByteView iv, ByteView in,
                          std::span<std::uint8_t> out) noexcept {
  if (iv.size() != 8) return std::unexpected(Error::InvalidNonceLength);
  if (auto r = check_block8(in, out); !r) return r;
  std::uint8_t x[8];
  std::memcpy(x, iv.data(), 8);
  for (std::size_t i = 0; i < in.size(); i += 8) {
    for (std::size_t j = 0; j < 8; ++j) x[j] ^= in[i + j];
    c.encrypt_block(x, x);
    std::memcpy(out.data() + i, x, 8);
  }
  return {};
}

template <class Cipher>
Result<void> cbc8_decrypt(const Cipher& c, ByteView iv, ByteView in,
                          std::span<std::uint8_t> out) noexcept {
  if (iv.size() != 8) return std::unexpected(Error::InvalidNonceLength);
  if (auto r = check_block8(in, out); !r) return r;
  std::uint8_t previous[8], block[8], plain[8];
  std::memcpy(previous, iv.data(), 8);
  for (std::size_t i = 0; i < in.size(); i += 8) {
    std::memcpy(block, in.data() + i, 8);  // before `out` (which may be `in`) is written
    c.decrypt_block(block, plain);
    for (std::size_t j = 0; j < 8; ++j) out[i + j] = plain[j] ^ previous[j];
    std::memcpy(previous, block, 8);
  }
  wipe(plain);
  return {};
}

}  // namespace nocrypto::detail
