#pragma once
// AES-CCM (RFC 3610, SP 800-38C): CTR encryption with a CBC-MAC, for protocols that
// specify it (TLS CCM suites, 802.15.4, Bluetooth). Nonces are 7 to 13 bytes; a nonce of
// n bytes allows messages below 2^(8 (15 - n)) bytes (13 bytes: 64 KiB). A nonce must
// never repeat under one key. There is no incremental form: CCM needs the lengths before
// the first byte. Every call works in place: the output may begin exactly where the
// input does; other overlaps are not allowed.
#include <nocrypto/aes.hpp>
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

class AesCcm {
 public:
  static constexpr std::size_t tag_size = 16;

  // Keys with a 16-, 24- or 32-byte AES key (InvalidKeyLength otherwise); 16-byte tags.
  static Result<AesCcm> create(ByteView key) noexcept;
  // The same with tags of tag_length bytes: 4, 6, 8, 10, 12, 14 or 16 (InvalidParameter
  // otherwise). The tag length is part of what is authenticated.
  static Result<AesCcm> create(ByteView key, std::size_t tag_length) noexcept;

  std::size_t tag_length() const noexcept { return tag_length_; }

  // out.size() must be plaintext.size() + tag_length(): ciphertext then tag.
  // InvalidNonceLength unless 7 <= nonce.size() <= 13; MessageTooLong when the message
  // does not fit the nonce's length field.
  Result<void> seal(ByteView nonce, ByteView aad, ByteView plaintext,
                    std::span<std::uint8_t> out) const noexcept;
  // out.size() must be sealed.size() - tag_length(). On AuthenticationFailed `out` is
  // zeroed.
  Result<void> open(ByteView nonce, ByteView aad, ByteView sealed,
                    std::span<std::uint8_t> out) const noexcept;
  // Detached tags: out.size() == plaintext.size(), tag_out.size() == tag_length().
  Result<void> seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,
                             std::span<std::uint8_t> out,
                             std::span<std::uint8_t> tag_out) const noexcept;
  // tag.size() must be tag_length() (else AuthenticationFailed). On AuthenticationFailed
  // `out` is zeroed.
  Result<void> open_detached(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                             std::span<std::uint8_t> out) const noexcept;

 private:
  explicit AesCcm(const Aes& aes) noexcept : aes_(aes) {}
  Aes aes_;  // wiped by its destructor
  std::size_t tag_length_ = tag_size;
};

}  // namespace nocrypto
