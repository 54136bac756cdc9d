#pragma once
// The twisted Edwards curve edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19))
// and its scalars mod L (internal to nocrypto-ec). Points use the coordinates of Hisil,
// Wong, Carter and Dawson, "Twisted Edwards curves revisited" (2008), whose unified
// formulas are complete on this curve, so no input needs a special case.
#include "field25519.hpp"

#include <cstdint>

namespace nocrypto::ec::detail {

// Projective: x = X/Z, y = Y/Z.
struct GeP2 {
  Fe X, Y, Z;
};
// Extended: x = X/Z, y = Y/Z, x y = T/Z.
struct GeP3 {
  Fe X, Y, Z, T;
};
// The "completed" result of an addition or doubling: x = X/Z, y = Y/T.
struct GeP1P1 {
  Fe X, Y, Z, T;
};
// A point prepared as the right operand of additions: (Y+X, Y-X, Z, 2dT).
struct GeCached {
  Fe YplusX, YminusX, Z, T2d;
};
// An affine point prepared likewise (Z = 1): (y+x, y-x, 2dxy).
struct GeNiels {
  Fe YplusX, YminusX, XY2d;
};

// h = [a]B for the base point B, in constant time; a is 32 little-endian bytes with
// the top bit clear (a < 2^255), as a clamped secret scalar or one reduced mod L is.
void ge_scalarmult_base(GeP3& h, const std::uint8_t a[32]) noexcept;

// r = [a]A + [b]B for public scalars a, b < 2^253: variable time, for verification only.
void ge_double_scalarmult_vartime(GeP2& r, const std::uint8_t a[32], const GeP3& A,
                                  const std::uint8_t b[32]) noexcept;

// Decodes a point as RFC 8032 section 5.1.3 does, strictly: false for y >= p, for a y
// with no x on the curve, and for x = 0 with the sign bit set. Variable time (public).
bool ge_from_bytes(GeP3& h, const std::uint8_t s[32]) noexcept;

// The 32-byte encoding of a point: y, with the low bit of x in bit 255.
void ge_to_bytes(std::uint8_t s[32], const GeP2& h) noexcept;
void ge_to_bytes(std::uint8_t s[32], const GeP3& h) noexcept;

// -h.
void ge_neg(GeP3& r, const GeP3& h) noexcept;

// The Montgomery u-coordinate (1 + y) / (1 - y) of a point, as X25519 encodes it.
void ge_to_montgomery_u(std::uint8_t u[32], const GeP3& h) noexcept;

// Scalars mod L = 2^252 + 27742317777372353535851937790883648493, constant time.
// out = in mod L, for a 64-byte little-endian in (a SHA-512 digest).
void sc_reduce(std::uint8_t out[32], const std::uint8_t in[64]) noexcept;
// out = a b + c mod L, for 32-byte little-endian a, b, c with a b + c < 2^512.
void sc_muladd(std::uint8_t out[32], const std::uint8_t a[32], const std::uint8_t b[32],
               const std::uint8_t c[32]) noexcept;
// True when s < L (the canonical encodings of a scalar). Variable time (public S).
bool sc_is_canonical(const std::uint8_t s[32]) noexcept;

}  // namespace nocrypto::ec::detail
