// P-384 (secp384r1, FIPS 186-4 D.1.2.4).
#include "weierstrass.hpp"

namespace nocrypto::ec::detail {
namespace {

struct P384 {
  static constexpr std::size_t limbs = 6, bytes = 48, bits = 384;
  struct Fp {
    static constexpr std::size_t limbs = 6;
    static constexpr Limbs<6> modulus = limbs_of_hex<6>(
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000"
        "ffffffff");
  };
  struct Fn {
    static constexpr std::size_t limbs = 6;
    static constexpr Limbs<6> modulus = limbs_of_hex<6>(
        "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196a"
        "ccc52973");
  };
  static constexpr Limbs<6> b = limbs_of_hex<6>(
      "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3"
      "ec2aef");
  static constexpr Limbs<6> gx = limbs_of_hex<6>(
      "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872"
      "760ab7");
  static constexpr Limbs<6> gy = limbs_of_hex<6>(
      "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90"
      "ea0e5f");
};

constexpr CurveOps ops = Weierstrass<P384>::ops();

}  // namespace

const CurveOps& p384_ops() noexcept {
  return ops;
}

}  // namespace nocrypto::ec::detail
