// P-521 (secp521r1, FIPS 186-4 D.1.2.5). The field p = 2^521 - 1 gets the dedicated
// multiplier of weierstrass_field.hpp (P521Field: fold and rotate, no quotient digits); the
// order n uses the generic Montgomery one over nine limbs.
#include "weierstrass.hpp"

namespace nocrypto::ec::detail {
namespace {

struct P521 {
  static constexpr std::size_t limbs = 9, bytes = 66, bits = 521;
  struct Fp {
    static constexpr std::size_t limbs = 9;
    static constexpr Limbs<9> modulus = limbs_of_hex<9>(
        "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffffffffffffffff");
  };
  struct Fn {
    static constexpr std::size_t limbs = 9;
    static constexpr Limbs<9> modulus = limbs_of_hex<9>(
        "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7f"
        "cc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409");
  };
  static constexpr Limbs<9> b = limbs_of_hex<9>(
      "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652"
      "c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00");
  static constexpr Limbs<9> gx = limbs_of_hex<9>(
      "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1d"
      "c127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66");
  static constexpr Limbs<9> gy = limbs_of_hex<9>(
      "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550"
      "b9013fad0761353c7086a272c24088be94769fd16650");
};

constexpr CurveOps ops = Weierstrass<P521>::ops();

}  // namespace

const CurveOps& p521_ops() noexcept {
  return ops;
}

}  // namespace nocrypto::ec::detail
