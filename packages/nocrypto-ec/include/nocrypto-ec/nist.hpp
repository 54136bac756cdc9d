#pragma once
// Keys on the NIST prime curves P-256, P-384 and P-521 (FIPS 186-4, SEC 1): private
// scalars as fixed-length big-endian bytes, public points in SEC 1 encoding, both always
// validated. ECDH is in <nocrypto-ec/ecdh.hpp>, ECDSA in <nocrypto-ec/ecdsa.hpp>.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/random.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace nocrypto::ec {

enum class Curve : std::uint8_t { P256, P384, P521 };

// Bytes of a private scalar and of each point coordinate: 32, 48 or 66.
constexpr std::size_t scalar_size(Curve curve) noexcept {
  return curve == Curve::P256 ? 32 : curve == Curve::P384 ? 48 : 66;
}
inline constexpr std::size_t max_scalar_size = 66;

// The curve's name as TLS and OpenSSL's -name spell it: "P-256", "P-384", "P-521".
const char* curve_name(Curve curve) noexcept;

// A point of the curve other than the identity, checked on decoding.
class PublicKey {
 public:
  // Decodes a SEC 1 point: uncompressed 04||X||Y or compressed 02/03||X, each coordinate
  // scalar_size bytes. InvalidEncoding for another length or prefix (including the
  // identity, 00, and hybrid 06/07); InvalidKey when a coordinate is not below p or the
  // point is not on the curve.
  static Result<PublicKey> from_sec1(Curve curve, ByteView point);
  // From affine coordinates of scalar_size bytes each (InvalidEncoding for other lengths,
  // InvalidKey as above).
  static Result<PublicKey> from_coordinates(Curve curve, ByteView x, ByteView y);

  Curve curve() const noexcept { return curve_; }
  // SEC 1 encoding: 04||X||Y, or 02/03||X when compressed.
  std::vector<std::uint8_t> to_sec1(bool compressed = false) const;
  // The affine coordinates, scalar_size bytes each.
  ByteView x() const noexcept { return {x_.data(), scalar_size(curve_)}; }
  ByteView y() const noexcept { return {y_.data(), scalar_size(curve_)}; }

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  PublicKey() = default;
  friend class PrivateKey;
  Curve curve_ = Curve::P256;
  std::array<std::uint8_t, max_scalar_size> x_{};
  std::array<std::uint8_t, max_scalar_size> y_{};
};

// A private scalar d with 0 < d < n. Wiped when destroyed.
class PrivateKey {
 public:
  // From exactly scalar_size big-endian bytes: InvalidKeyLength for another length,
  // InvalidKey for 0 or d >= n.
  static Result<PrivateKey> from_bytes(Curve curve, ByteView scalar);

  // A uniformly random key: scalar_size bytes from rng, cut to the bit length of n and
  // drawn again while out of range (no modulo bias). RandomUnavailable when rng fails.
  template <RandomSource R>
  static Result<PrivateKey> generate(Curve curve, R& rng) {
    std::array<std::uint8_t, max_scalar_size> buf{};
    const std::span<std::uint8_t> candidate(buf.data(), scalar_size(curve));
    for (int attempt = 0; attempt < 64; ++attempt) {
      if (!rng.generate(candidate)) break;
      if (curve == Curve::P521) candidate[0] &= 1;  // n has 521 bits
      auto key = from_bytes(curve, candidate);
      if (key) {
        wipe(buf);
        return key;
      }
    }
    wipe(buf);
    return std::unexpected(Error::RandomUnavailable);
  }

  PrivateKey(const PrivateKey&) = default;
  PrivateKey& operator=(const PrivateKey&) = default;
  ~PrivateKey() { wipe(d_); }

  Curve curve() const noexcept { return curve_; }
  // The scalar, scalar_size big-endian bytes (secret: wipe copies when done).
  ByteView bytes() const noexcept { return {d_.data(), scalar_size(curve_)}; }
  // d*G (computed on each call: a fixed-base scalar multiplication).
  PublicKey public_key() const;

 private:
  PrivateKey() = default;
  Curve curve_ = Curve::P256;
  std::array<std::uint8_t, max_scalar_size> d_{};
};

}  // namespace nocrypto::ec
