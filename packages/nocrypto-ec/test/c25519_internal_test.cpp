// The internals under X25519 and Ed25519: scalars mod L against values computed with
// Python's integers, field edge cases, and the group law through the public operations.
#include "c25519_support.hpp"

#include "../src/curve25519.hpp"

namespace {

using namespace c25519_test;
using namespace nocrypto::ec::detail;
using nocrypto::ByteView;

TEST(Scalar25519, ReducesMod_L) {
  const struct {
    const char *in, *out;
  } cases[] = {
      {"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0000000000000000000000000000000000000000000000000000000000000000"},
      {"01000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0100000000000000000000000000000000000000000000000000000000000000"},
      {"ecd3f55c1a631258d69cf7a2def9de14000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000", "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"},
      {"edd3f55c1a631258d69cf7a2def9de14000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000", "0000000000000000000000000000000000000000000000000000000000000000"},
      {"eed3f55c1a631258d69cf7a2def9de14000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000", "0100000000000000000000000000000000000000000000000000000000000000"},
      {"daa7ebb934c624b0ac39ef45bdf3bd29000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000", "0000000000000000000000000000000000000000000000000000000000000000"},
      {"00000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000", "0000000000000000000000000000000000000000000000000000000000000010"},
      {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff1f0000000000000000000000000000000000000000000000000000000000000000", "122c0aa3e59ceda72963085d210621ebffffffffffffffffffffffffffffff0f"},
      {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000000000000000000000000000000000000000000000000000", "1c95988d7431ecd670cf7d73f45befc6feffffffffffffffffffffffffffff0f"},
      {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903"},
      {"fff063bb1ceef95bb86c7a9758e4f12f9a410ae82d8c1331c265cf83e4be66fcffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0000000000000000000000000000000000000000000000000000000000000000"},
      {"fef063bb1ceef95bb86c7a9758e4f12f9a410ae82d8c1331c265cf83e4be66fcffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"},
      {"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000080", "77f1c8d07e3a0cfe0e98be05c38a76f232dffa0be93976e71e4d18be8da0cc09"},
      {"6aad39f4c2aaed1a8a27e534ce4aa7426078fe43c27a88b4ada9dd7491560821232cae48c88fff9b500f0b4cca8e9f33a72971aa44125c7294d11bb5905bf031", "9e478affb74d1f8b75e6104d62e1c2c9ad9e560eac4b03bd40068a04282be304"},
      {"52c00060c28921553a62c526134241b82b54e7a6e2d5c69174e5e75e541056dcd99a08e47ccc61a0c7fd186f5fc43b369986715a5578f834b4324705eb25294a", "be4ec057ca675cd3d2ba90c55772aae0026665ccf59e121a418acf844c23fd0a"},
      {"0102016c9e45bf9fcd7bc5036e3c2e972bed6264cf29988e597852748da15a5657ac9570ee671978bc641eb94c0e31eb21eb4ef5d7853da56a0ecc50cfd63090", "3e63b71b8624971740f0ad1931ac4e91e398e2b653c848061323e7eded52790e"},
      {"52d68e7732bc13156cefd33dc459bff2be5653a3566c3d4fa23ab942ecedc08678408cf78b253434bee6f24cf56c3e9a471ec54a6fc4e51e90817f96c0f8e394", "79af2ed90bbbe57178902f9702930c5a1f2bae19d57239c868a79d444081830f"},
  };
  for (const auto& c : cases) {
    const Bytes in = hex(c.in);
    std::uint8_t out[32];
    sc_reduce(out, in.data());
    EXPECT_EQ(to_hex(ByteView(out, 32)), c.out) << c.in;
  }
}

TEST(Scalar25519, MultipliesAndAddsMod_L) {
  const struct {
    const char *a, *b, *c, *out;
  } cases[] = {
      {"d921f65cbfeafa299bd1c3062d2a2fd11f26ec6bc234178918d842d094bb6200", "724465604de8b434765c05e53ba85134cd5093f295427106a576e65e1a99c443", "f0bf5d3d1786b05d07caad1a86359527d11c6f64d4411757d1a41f0a3b581603", "c513e261729af6514ef28ff9d439e83311eecb414f3ef247141a1d3651529a04"},
      {"245ef4e26b5480329c342b9fe7719f39484cfea1205d1445613c96bdd682bd06", "0e170b151670e2c3d932c254c8643c1e041421c003bb7a0bbffe3eb32c0c3169", "4b77fe0050ade3f673512d0695ee17f8fd13d8972f0392c0b80a3e5066c6400f", "a1b1051c617018fba39769a9f3673e47617bfb6efedec5c707d54b58252b0400"},
      {"13b5e7857d0a0c37b8407af248c56e0c1fe9f4bdc1163d4b27a961355bd9450d", "1ab405cc295e1e9e307c739d83664b2259de939351012a121212c10a27052805", "f417eccb0e89c5cf84761a5978a1f11fcdccd4d174e6c726ce04f0e2dc0ce502", "e38ac9897f7def7533d239029881859b923e3a2cb0cbd32c04f198b350265d0a"},
      {"8c63e94a49597baa327315524d46c2aacea20c6b8300a2fb21cbe78bdc68f200", "9cbd64027f45101008a382429db76492fdf8bc4758c2da3d907fc5b8e9eb2553", "20917875652ee1ac97a229a1f7d2e8b7de7810be457f2f7ff1805355ffebf607", "898cfa3ebacc2c3e2594a0aadfa3e7a66d25e516f81c92a2b09336e5976e3f0e"},
      {"ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "689faee7d21893c0b2e6bc17f5cef7a600000000000000000000000000000000"},
  };
  for (const auto& c : cases) {
    std::uint8_t out[32];
    sc_muladd(out, hex(c.a).data(), hex(c.b).data(), hex(c.c).data());
    EXPECT_EQ(to_hex(ByteView(out, 32)), c.out) << c.a;
  }
}

TEST(Scalar25519, KnowsCanonicalScalars) {
  EXPECT_TRUE(sc_is_canonical(hex("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").data()));
  EXPECT_FALSE(sc_is_canonical(hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").data()));
  EXPECT_FALSE(sc_is_canonical(hex("0000000000000000000000000000000000000000000000000000000000000080").data()));
  EXPECT_TRUE(sc_is_canonical(Bytes(32, 0).data()));
}

// Values at and above p encode as their residue; 1/x times x is 1.
TEST(Field25519, EncodesCanonicallyAndInverts) {
  const struct {
    const char *in, *out;
  } cases[] = {
      {"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
      {"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "0000000000000000000000000000000000000000000000000000000000000000"},
      {"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "0100000000000000000000000000000000000000000000000000000000000000"},
      {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "1200000000000000000000000000000000000000000000000000000000000000"},
  };
  for (const auto& c : cases) {
    Fe f;
    fe_from_bytes(f, hex(c.in).data());
    std::uint8_t out[32];
    fe_to_bytes(out, f);
    EXPECT_EQ(to_hex(ByteView(out, 32)), c.out);
  }
  TestRng rng(255);
  for (int i = 0; i < 100; ++i) {
    const Bytes b = rng.bytes(32);
    Fe f, inv, prod;
    fe_from_bytes(f, b.data());
    fe_invert(inv, f);
    fe_mul(prod, f, inv);
    std::uint8_t out[32];
    fe_to_bytes(out, prod);
    EXPECT_EQ(to_hex(ByteView(out, 32)),
              "0100000000000000000000000000000000000000000000000000000000000000");
  }
}

// [r + k a]B = [r]B + [k]([a]B): fixed-base, double multiplication and scalars agree.
TEST(Curve25519, ScalarAndPointArithmeticAgree) {
  TestRng rng(2519);
  for (int i = 0; i < 50; ++i) {
    std::uint8_t a[32], k[32], r[32], s[32];
    std::uint8_t wide[64];
    rng.generate(wide);
    sc_reduce(a, wide);
    rng.generate(wide);
    sc_reduce(k, wide);
    rng.generate(wide);
    sc_reduce(r, wide);
    sc_muladd(s, k, a, r);
    GeP3 big_a, big_r, sb;
    ge_scalarmult_base(big_a, a);
    ge_scalarmult_base(big_r, r);
    ge_scalarmult_base(sb, s);
    // [S]B - [k]A = R
    GeP3 minus_a;
    ge_neg(minus_a, big_a);
    GeP2 check;
    ge_double_scalarmult_vartime(check, k, minus_a, s);
    std::uint8_t e1[32], e2[32], e3[32];
    ge_to_bytes(e1, check);
    ge_to_bytes(e2, big_r);
    EXPECT_EQ(to_hex(ByteView(e1, 32)), to_hex(ByteView(e2, 32))) << i;
    // and decoding an encoding gives the point back
    ge_to_bytes(e3, sb);
    GeP3 decoded;
    ASSERT_TRUE(ge_from_bytes(decoded, e3));
    std::uint8_t e4[32];
    ge_to_bytes(e4, decoded);
    EXPECT_EQ(to_hex(ByteView(e3, 32)), to_hex(ByteView(e4, 32)));
  }
}

}  // namespace
