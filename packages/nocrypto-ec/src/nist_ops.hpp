#pragma once
// The operations of one NIST curve on fixed-length big-endian byte strings (internal):
// the narrow interface between the public calls (nist.cpp, ecdh.cpp, ecdsa.cpp) and the
// per-curve arithmetic (p256.cpp, p384.cpp, p521.cpp). Every scalar and coordinate is
// exactly `size` bytes; points passed in have been validated.
#include <nocrypto-ec/nist.hpp>

#include <cstddef>
#include <cstdint>

namespace nocrypto::ec::detail {

struct CurveOps {
  std::size_t size;  // bytes of a coordinate and of a scalar
  std::size_t bits;  // bits of the group order n
  // Whether 0 < d < n (constant time).
  bool (*scalar_in_range)(const std::uint8_t* d);
  // e mod n, for any e below 2^(8 size).
  void (*reduce)(const std::uint8_t* e, std::uint8_t* out);
  // The affine coordinates of d*G (y may be null).
  void (*public_from_private)(const std::uint8_t* d, std::uint8_t* x, std::uint8_t* y);
  // Whether x, y < p and (x, y) is on the curve.
  bool (*validate_point)(const std::uint8_t* x, const std::uint8_t* y);
  // The y with the given parity for x; false when x >= p or no point has this x.
  bool (*decompress)(const std::uint8_t* x, bool odd, std::uint8_t* y);
  // The x-coordinate of d*(x, y); false if that is the identity.
  bool (*ecdh)(const std::uint8_t* d, const std::uint8_t* x, const std::uint8_t* y,
               std::uint8_t* out);
  // ECDSA with private d, nonce k (both in [1, n - 1]) and e = bits2int(hash); false when
  // r or s came out zero (the caller takes another nonce).
  bool (*sign)(const std::uint8_t* d, const std::uint8_t* k, const std::uint8_t* e,
               std::uint8_t* r, std::uint8_t* s);
  // Whether (r, s) is a signature of e under the public point (x, y); variable time.
  bool (*verify)(const std::uint8_t* x, const std::uint8_t* y, const std::uint8_t* e,
                 const std::uint8_t* r, const std::uint8_t* s);
};

const CurveOps& p256_ops() noexcept;
const CurveOps& p384_ops() noexcept;
const CurveOps& p521_ops() noexcept;

inline const CurveOps& ops_of(Curve curve) noexcept {
  switch (curve) {
    case Curve::P256:
      return p256_ops();
    case Curve::P384:
      return p384_ops();
    case Curve::P521:
      break;
  }
  return p521_ops();
}

}  // namespace nocrypto::ec::detail
