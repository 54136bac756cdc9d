// Scalars next to the group order: k and n - k give points with the same x-coordinate.
// These reach the last-window cases of the windowed scalar multiplications (the
// accumulator meeting +-d P), which random keys never hit.
#include "nist_support.hpp"

namespace nist_test {
namespace {

using namespace nocrypto::ec;

struct OrderCase {
  Curve curve;
  const char* n;
};

const OrderCase kOrders[] = {
    {Curve::P256, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"},
    {Curve::P384,
     "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196acc"
     "c52973"},
    {Curve::P521,
     "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc01"
     "48f709a5d03bb5c9b8899c47aebb6fb71e91386409"},
};

// Big-endian a - k (a > k).
Bytes minus(Bytes a, unsigned k) {
  unsigned borrow = k;
  for (std::size_t i = a.size(); i-- > 0 && borrow != 0;) {
    const unsigned v = a[i];
    a[i] = static_cast<std::uint8_t>(v - (borrow & 0xff));
    borrow = (borrow >> 8) + (v < (borrow & 0xff) ? 1u : 0u);
  }
  return a;
}

Bytes small(std::size_t size, unsigned k) {
  Bytes b(size, 0);
  b[size - 1] = static_cast<std::uint8_t>(k);
  return b;
}

TEST(NistEdge, ScalarsNearTheOrderMirrorSmallOnes) {
  for (const auto& c : kOrders) {
    const Bytes n = hex_padded(c.n, scalar_size(c.curve));
    const auto peer_key = PrivateKey::from_bytes(c.curve, minus(n, 12345));
    ASSERT_TRUE(peer_key.has_value()) << curve_name(c.curve);
    const auto peer = peer_key->public_key();
    for (unsigned k = 1; k <= 70; ++k) {
      const auto low = PrivateKey::from_bytes(c.curve, small(n.size(), k));
      const auto high = PrivateKey::from_bytes(c.curve, minus(n, k));
      ASSERT_TRUE(low.has_value() && high.has_value());
      const auto lp = low->public_key(), hp = high->public_key();
      EXPECT_EQ(to_hex(lp.x()), to_hex(hp.x())) << curve_name(c.curve) << " k=" << k;
      EXPECT_NE(to_hex(lp.y()), to_hex(hp.y())) << curve_name(c.curve) << " k=" << k;
      const auto a = ecdh(*low, peer), b = ecdh(*high, peer);
      ASSERT_TRUE(a.has_value() && b.has_value());
      EXPECT_EQ(to_hex(*a), to_hex(*b)) << curve_name(c.curve) << " k=" << k;
    }
  }
}

}  // namespace
}  // namespace nist_test
