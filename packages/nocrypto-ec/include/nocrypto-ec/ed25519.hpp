#pragma once
// Ed25519 signatures (RFC 8032): pure Ed25519, and the Ed25519ctx and Ed25519ph variants.
// Signing is constant time; verification is strict and cofactorless:
//   - the signature must be 64 bytes and its S canonical (S < L), else false;
//   - the public key must be 32 bytes and decode strictly (y < p, on the curve, no "-0");
//   - [S]B - [k]A is computed and encoded, and must equal the R bytes exactly, so a
//     non-canonical R, or an R not on the curve, never verifies.
// Cofactorless ([S]B = R + [k]A, RFC 8032 section 5.1.7's permitted alternative to the
// [8]-multiplied equation) is what OpenSSL, BoringSSL and Go check, and what Wycheproof's
// ed25519_test.json expects. Small-order public keys are not refused.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/random.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto::ec {

using Ed25519Signature = std::array<std::uint8_t, 64>;
using Ed25519PublicKey = std::array<std::uint8_t, 32>;

// A private key: the 32-byte seed and what RFC 8032 section 5.1.5 derives from it (the
// clamped scalar, the nonce prefix, the public key). Secrets are wiped on destruction.
class Ed25519PrivateKey {
 public:
  static constexpr std::size_t seed_size = 32;

  // The key of a 32-byte seed (the "private key" of RFC 8032); InvalidKeyLength unless
  // exactly 32 bytes.
  static Result<Ed25519PrivateKey> from_seed(ByteView seed) noexcept;

  // A fresh key from a 32-byte seed drawn from rng; RandomUnavailable when rng refuses.
  template <RandomSource R>
  static Result<Ed25519PrivateKey> generate(R& rng) noexcept {
    std::array<std::uint8_t, seed_size> seed;
    if (!rng.generate(std::span<std::uint8_t>(seed))) {
      wipe(seed);
      return std::unexpected(Error::RandomUnavailable);
    }
    auto key = from_seed(seed);
    wipe(seed);
    return key;
  }

  // The 32-byte public key A.
  const Ed25519PublicKey& public_key() const noexcept { return public_; }
  // The seed, to store the key. Keep it secret.
  ByteView seed() const noexcept { return seed_; }

  // The Ed25519 signature of `message` (deterministic: the same bytes every time).
  Ed25519Signature sign(ByteView message) const noexcept;
  // Ed25519ctx: the signature of `message` under a context of 1 to 255 bytes;
  // InvalidParameter for an empty or longer context.
  Result<Ed25519Signature> sign_ctx(ByteView message, ByteView context) const noexcept;
  // Ed25519ph: the signature of SHA-512(message) under a context of 0 to 255 bytes;
  // InvalidParameter for a longer one.
  Result<Ed25519Signature> sign_ph(ByteView message, ByteView context = {}) const noexcept;

  Ed25519PrivateKey(const Ed25519PrivateKey&) = default;
  Ed25519PrivateKey& operator=(const Ed25519PrivateKey&) = default;
  ~Ed25519PrivateKey();

 private:
  Ed25519PrivateKey() = default;
  Ed25519Signature sign_with(ByteView dom, ByteView message) const noexcept;

  std::array<std::uint8_t, 32> seed_{};
  std::array<std::uint8_t, 32> scalar_{};  // clamped first half of SHA-512(seed)
  std::array<std::uint8_t, 32> prefix_{};  // second half: keys the deterministic nonce
  Ed25519PublicKey public_{};
};

// True when `signature` is a valid Ed25519 signature of `message` under `public_key`,
// by the strict rules above; false for anything else, wrong lengths included.
bool ed25519_verify(ByteView public_key, ByteView message, ByteView signature) noexcept;
// The same for Ed25519ctx (context of 1 to 255 bytes; false otherwise).
bool ed25519ctx_verify(ByteView public_key, ByteView message, ByteView context,
                       ByteView signature) noexcept;
// The same for Ed25519ph: `message` is hashed with SHA-512 first (context 0 to 255 bytes).
bool ed25519ph_verify(ByteView public_key, ByteView message, ByteView context,
                      ByteView signature) noexcept;

}  // namespace nocrypto::ec
