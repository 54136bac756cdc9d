// P-256 (secp256r1, FIPS 186-4 D.1.2.3).
#include "weierstrass.hpp"

#include <nocrypto/cpu.hpp>

namespace nocrypto::ec::detail {
namespace {

struct P256 {
  static constexpr std::size_t limbs = 4, bytes = 32, bits = 256;
  struct Fp {
    static constexpr std::size_t limbs = 4;
    static constexpr Limbs<4> modulus =
        limbs_of_hex<4>("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
  };
  struct Fn {
    static constexpr std::size_t limbs = 4;
    static constexpr Limbs<4> modulus =
        limbs_of_hex<4>("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  };
  static constexpr Limbs<4> b =
      limbs_of_hex<4>("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
  static constexpr Limbs<4> gx =
      limbs_of_hex<4>("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
  static constexpr Limbs<4> gy =
      limbs_of_hex<4>("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
};

constexpr CurveOps ops = Weierstrass<P256>::ops();
#if NOCRYPTO_EC_ADX
// The same operations with the field and scalar multiplications in BMI2/ADX assembly.
constexpr CurveOps ops_adx = Weierstrass<P256, true>::ops();
#endif

}  // namespace

// Chosen per call, so cpu::force_portable (tests, benchmarks) takes effect at once.
const CurveOps& p256_ops() noexcept {
#if NOCRYPTO_EC_ADX
  const auto& cpu = nocrypto::cpu::active();
  if (cpu.bmi2 && cpu.adx) return ops_adx;
#endif
  return ops;
}

}  // namespace nocrypto::ec::detail
