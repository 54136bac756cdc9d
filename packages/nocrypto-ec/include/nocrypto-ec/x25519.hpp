#pragma once
// X25519 (RFC 7748): Diffie-Hellman on Curve25519, in constant time. Keys and shared
// secrets are 32 bytes, little-endian as the RFC encodes them.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/random.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace nocrypto::ec {

// An X25519 public key, or a shared secret.
using X25519Key = std::array<std::uint8_t, 32>;

// A private key: 32 secret bytes, wiped when the object is destroyed. Any 32 bytes are
// a key; they are clamped (RFC 7748 section 5) each time they are used, never stored so.
class X25519PrivateKey {
 public:
  static constexpr std::size_t size = 32;

  // The key whose bytes are `bytes`; InvalidKeyLength unless there are exactly 32.
  static Result<X25519PrivateKey> from_bytes(ByteView bytes) noexcept;

  // A fresh key of 32 bytes from rng; RandomUnavailable when rng refuses.
  template <RandomSource R>
  static Result<X25519PrivateKey> generate(R& rng) noexcept {
    X25519PrivateKey key;
    if (!rng.generate(std::span<std::uint8_t>(key.key_))) return std::unexpected(Error::RandomUnavailable);
    return key;
  }

  // The public key to send to the peer: X25519(k, 9).
  X25519Key public_key() const noexcept;

  // The secret shared with the owner of `peer_public` (any 32 bytes; bit 255 is ignored).
  // InvalidKeyLength unless 32 bytes; InvalidKey when the result is all zero, which a
  // peer point of small order forces (RFC 7748 section 6.1): such a peer must not be
  // trusted with a secret.
  Result<X25519Key> shared(ByteView peer_public) const noexcept;

  // The 32 private bytes, to store the key. Keep them secret.
  ByteView bytes() const noexcept { return key_; }

  X25519PrivateKey(const X25519PrivateKey&) = default;
  X25519PrivateKey& operator=(const X25519PrivateKey&) = default;
  ~X25519PrivateKey() { wipe(key_); }

 private:
  X25519PrivateKey() = default;
  std::array<std::uint8_t, 32> key_{};
};

// The same operations on raw bytes.
struct X25519 {
  // X25519(private_key, 9); InvalidKeyLength unless 32 bytes.
  static Result<X25519Key> public_key(ByteView private_key) noexcept;
  // X25519(private_key, peer_public), refused with InvalidKey when all zero (see
  // X25519PrivateKey::shared); InvalidKeyLength unless both are 32 bytes.
  static Result<X25519Key> shared(ByteView private_key, ByteView peer_public) noexcept;
  // A fresh private key (X25519PrivateKey::generate).
  template <RandomSource R>
  static Result<X25519PrivateKey> generate(R& rng) noexcept {
    return X25519PrivateKey::generate(rng);
  }
  // The function X25519(k, u) of RFC 7748 section 5 itself: clamps k, ignores bit 255
  // of u, and returns the result unchecked, all-zero included.
  static X25519Key scalar_mult(const X25519Key& k, const X25519Key& u) noexcept;
};

}  // namespace nocrypto::ec
