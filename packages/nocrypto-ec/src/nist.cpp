// NIST-curve keys: validation of private scalars and SEC 1 points.
#include <nocrypto-ec/nist.hpp>

#include "nist_ops.hpp"

#include <algorithm>

namespace nocrypto::ec {

const char* curve_name(Curve curve) noexcept {
  switch (curve) {
    case Curve::P256:
      return "P-256";
    case Curve::P384:
      return "P-384";
    case Curve::P521:
      break;
  }
  return "P-521";
}

Result<PublicKey> PublicKey::from_coordinates(Curve curve, ByteView x, ByteView y) {
  const std::size_t n = scalar_size(curve);
  if (x.size() != n || y.size() != n) return std::unexpected(Error::InvalidEncoding);
  if (!detail::ops_of(curve).validate_point(x.data(), y.data()))
    return std::unexpected(Error::InvalidKey);
  PublicKey key;
  key.curve_ = curve;
  std::copy(x.begin(), x.end(), key.x_.begin());
  std::copy(y.begin(), y.end(), key.y_.begin());
  return key;
}

Result<PublicKey> PublicKey::from_sec1(Curve curve, ByteView point) {
  const std::size_t n = scalar_size(curve);
  if (point.size() == 1 + 2 * n && point[0] == 0x04)
    return from_coordinates(curve, point.subspan(1, n), point.subspan(1 + n));
  if (point.size() == 1 + n && (point[0] == 0x02 || point[0] == 0x03)) {
    std::array<std::uint8_t, max_scalar_size> y{};
    if (!detail::ops_of(curve).decompress(point.data() + 1, point[0] == 0x03, y.data()))
      return std::unexpected(Error::InvalidKey);
    return from_coordinates(curve, point.subspan(1), ByteView(y.data(), n));
  }
  return std::unexpected(Error::InvalidEncoding);
}

std::vector<std::uint8_t> PublicKey::to_sec1(bool compressed) const {
  const std::size_t n = scalar_size(curve_);
  std::vector<std::uint8_t> out;
  out.reserve(1 + 2 * n);
  if (compressed) {
    out.push_back(static_cast<std::uint8_t>(0x02 | (y_[n - 1] & 1)));
    out.insert(out.end(), x_.begin(), x_.begin() + n);
  } else {
    out.push_back(0x04);
    out.insert(out.end(), x_.begin(), x_.begin() + n);
    out.insert(out.end(), y_.begin(), y_.begin() + n);
  }
  return out;
}

Result<PrivateKey> PrivateKey::from_bytes(Curve curve, ByteView scalar) {
  if (scalar.size() != scalar_size(curve)) return std::unexpected(Error::InvalidKeyLength);
  if (!detail::ops_of(curve).scalar_in_range(scalar.data()))
    return std::unexpected(Error::InvalidKey);
  PrivateKey key;
  key.curve_ = curve;
  std::copy(scalar.begin(), scalar.end(), key.d_.begin());
  return key;
}

PublicKey PrivateKey::public_key() const {
  PublicKey key;
  key.curve_ = curve_;
  detail::ops_of(curve_).public_from_private(d_.data(), key.x_.data(), key.y_.data());
  return key;
}

}  // namespace nocrypto::ec
