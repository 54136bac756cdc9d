#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <cstring>

namespace nocrypto {

bool equal_ct(ByteView a, ByteView b) noexcept {
  if (a.size() != b.size()) return false;
  std::uint8_t diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ b[i];
  // Hide diff's provenance so the compiler cannot turn the loop into an early exit.
  __asm__ volatile("" : "+r"(diff));
  return diff == 0;
}

void wipe(std::span<std::uint8_t> secret) noexcept {
  if (secret.empty()) return;
  std::memset(secret.data(), 0, secret.size());
  __asm__ volatile("" : : "r"(secret.data()) : "memory");
}

const char* to_string(Error error) noexcept {
  switch (error) {
    case Error::InvalidKeyLength:
      return "invalid key length";
    case Error::InvalidOutputLength:
      return "invalid output length";
    case Error::InvalidParameter:
      return "invalid parameter";
    case Error::InvalidNonceLength:
      return "invalid nonce length";
    case Error::InvalidInputLength:
      return "invalid input length";
    case Error::InvalidPadding:
      return "invalid padding";
    case Error::AuthenticationFailed:
      return "authentication failed";
    case Error::InvalidEncoding:
      return "invalid encoding";
    case Error::InvalidKey:
      return "invalid key";
    case Error::MessageTooLong:
      return "message too long";
    case Error::DecryptionFailed:
      return "decryption failed";
    case Error::RandomUnavailable:
      return "random source unavailable";
  }
  return "unknown error";
}

}  // namespace nocrypto
