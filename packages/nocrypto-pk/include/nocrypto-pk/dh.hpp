#pragma once
// Finite-field Diffie-Hellman over the named safe-prime groups: RFC 7919's FFDHE groups
// (TLS 1.3, TLS 1.2 with RFC 7919) and RFC 3526's MODP groups (IKE, SSH). Generator 2.
#include <nocrypto-pk/common.hpp>

#include <cstddef>
#include <cstdint>

namespace nocrypto::pk {

enum class DhGroup : std::uint8_t {
  ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192,
  modp1536, modp2048, modp3072, modp4096, modp6144, modp8192,
};

// The group's prime p, big-endian (dh_size(group) bytes).
ByteView dh_prime(DhGroup group) noexcept;
// Bytes of p: the length of public values and of shared secrets.
std::size_t dh_size(DhGroup group) noexcept;
// Bits of the private exponents generate() draws: twice the group's security strength,
// as RFC 7919 section 5.2 advises (225 for 2048-bit groups up to 400 for 8192).
std::size_t dh_exponent_bits(DhGroup group) noexcept;

class DhPrivateKey {
 public:
  // A fresh private exponent x, uniform with 1 < x < 2^dh_exponent_bits(group), and its
  // public value. RandomUnavailable when `rng` refuses.
  static Result<DhPrivateKey> generate(DhGroup group, RandomRef rng);
  // The key with private exponent `x` (big-endian). InvalidKey unless 1 < x < (p-1)/2.
  static Result<DhPrivateKey> make(DhGroup group, ByteView x);

  DhGroup group() const noexcept { return group_; }
  ByteView x() const noexcept { return x_; }
  // g^x mod p, left-padded to dh_size(group) bytes as TLS 1.3 sends it.
  ByteView public_value() const noexcept { return public_; }

 private:
  DhGroup group_ = DhGroup::ffdhe2048;
  SecretBytes x_;
  Bytes public_;
};

// The shared secret peer^x mod p, left-padded to dh_size(group) bytes (TLS 1.3 keeps the
// padding; TLS 1.2 strips leading zeros itself). InvalidKey unless the peer's value, of at
// most dh_size bytes (leading zeros allowed), is in 1 < y < p-1 (RFC 7919 section 5.1).
// Subgroup membership (y^q = 1) is not checked: with safe primes, the only small subgroup
// is {1, p-1}, which the range check excludes.
Result<SecretBytes> dh_shared_secret(const DhPrivateKey& key, ByteView peer_public);

}  // namespace nocrypto::pk
