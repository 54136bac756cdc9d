// ECDSA and keys on P-256, P-384, P-521: RFC 6979 appendix A.2.5-A.2.7, round trips,
// encodings and key generation.
#include "nist_support.hpp"

#include <nocrypto/sha2.hpp>

namespace nist_test {
namespace {

using namespace nocrypto::ec;

struct Rfc6979Case {
  Curve curve;
  HashAlgorithm hash;
  const char* message;
  const char* r;
  const char* s;
};

constexpr const char* kP256Key = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
constexpr const char* kP384Key =
    "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2"
    "EDF5";
constexpr const char* kP521Key =
    "0FAD06DAA62BA3B25D2FB40133DA757205DE67F5BB0018FEE8C86E1B68C7E75CAA896EB32F1F47C70855836A6D16"
    "FCC1466F6D8FBEC67DB89EC0C08B0E996B83538";

// RFC 6979 A.2.5 (P-256), A.2.6 (P-384), A.2.7 (P-521).
const Rfc6979Case kRfc6979[] = {
    {Curve::P256, HashAlgorithm::Sha1, "sample",
     "61340C88C3AAEBEB4F6D667F672CA9759A6CCAA9FA8811313039EE4A35471D32",
     "6D7F147DAC089441BB2E2FE8F7A3FA264B9C475098FDCF6E00D7C996E1B8B7EB"},
    {Curve::P256, HashAlgorithm::Sha224, "sample",
     "53B2FFF5D1752B2C689DF257C04C40A587FABABB3F6FC2702F1343AF7CA9AA3F",
     "B9AFB64FDC03DC1A131C7D2386D11E349F070AA432A4ACC918BEA988BF75C74C"},
    {Curve::P256, HashAlgorithm::Sha256, "sample",
     "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
     "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"},
    {Curve::P256, HashAlgorithm::Sha384, "sample",
     "0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719",
     "4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954"},
    {Curve::P256, HashAlgorithm::Sha512, "sample",
     "8496A60B5E9B47C825488827E0495B0E3FA109EC4568FD3F8D1097678EB97F00",
     "2362AB1ADBE2B8ADF9CB9EDAB740EA6049C028114F2460F96554F61FAE3302FE"},
    {Curve::P256, HashAlgorithm::Sha1, "test",
     "0CBCC86FD6ABD1D99E703E1EC50069EE5C0B4BA4B9AC60E409E8EC5910D81A89",
     "01B9D7B73DFAA60D5651EC4591A0136F87653E0FD780C3B1BC872FFDEAE479B1"},
    {Curve::P256, HashAlgorithm::Sha224, "test",
     "C37EDB6F0AE79D47C3C27E962FA269BB4F441770357E114EE511F662EC34A692",
     "C820053A05791E521FCAAD6042D40AEA1D6B1A540138558F47D0719800E18F2D"},
    {Curve::P256, HashAlgorithm::Sha256, "test",
     "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
     "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"},
    {Curve::P256, HashAlgorithm::Sha384, "test",
     "83910E8B48BB0C74244EBDF7F07A1C5413D61472BD941EF3920E623FBCCEBEB6",
     "8DDBEC54CF8CD5874883841D712142A56A8D0F218F5003CB0296B6B509619F2C"},
    {Curve::P256, HashAlgorithm::Sha512, "test",
     "461D93F31B6540894788FD206C07CFA0CC35F46FA3C91816FFF1040AD1581A04",
     "39AF9F15DE0DB8D97E72719C74820D304CE5226E32DEDAE67519E840D1194E55"},
    {Curve::P384, HashAlgorithm::Sha1, "sample",
     "EC748D839243D6FBEF4FC5C4859A7DFFD7F3ABDDF72014540C16D73309834FA37B9BA002899F6FDA3A4A9386790D"
     "4EB2",
     "A3BCFA947BEEF4732BF247AC17F71676CB31A847B9FF0CBC9C9ED4C1A5B3FACF26F49CA031D4857570CCB5CA4424"
     "A443"},
    {Curve::P384, HashAlgorithm::Sha224, "sample",
     "42356E76B55A6D9B4631C865445DBE54E056D3B3431766D0509244793C3F9366450F76EE3DE43F5A125333A6BE06"
     "0122",
     "9DA0C81787064021E78DF658F2FBB0B042BF304665DB721F077A4298B095E4834C082C03D83028EFBF93A3C23940"
     "CA8D"},
    {Curve::P384, HashAlgorithm::Sha256, "sample",
     "21B13D1E013C7FA1392D03C5F99AF8B30C570C6F98D4EA8E354B63A21D3DAA33BDE1E888E63355D92FA2B3C36D8F"
     "B2CD",
     "F3AA443FB107745BF4BD77CB3891674632068A10CA67E3D45DB2266FA7D1FEEBEFDC63ECCD1AC42EC0CB8668A4FA"
     "0AB0"},
    {Curve::P384, HashAlgorithm::Sha384, "sample",
     "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FA"
     "BE46",
     "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A3862"
     "8AC8"},
    {Curve::P384, HashAlgorithm::Sha512, "sample",
     "ED0959D5880AB2D869AE7F6C2915C6D60F96507F9CB3E047C0046861DA4A799CFE30F35CC900056D7C99CD788243"
     "3709",
     "512C8CCEEE3890A84058CE1E22DBC2198F42323CE8ACA9135329F03C068E5112DC7CC3EF3446DEFCEB01A45C2667"
     "FDD5"},
    {Curve::P384, HashAlgorithm::Sha1, "test",
     "4BC35D3A50EF4E30576F58CD96CE6BF638025EE624004A1F7789A8B8E43D0678ACD9D29876DAF46638645F7F404B"
     "11C7",
     "D5A6326C494ED3FF614703878961C0FDE7B2C278F9A65FD8C4B7186201A2991695BA1C84541327E966FA7B50F738"
     "2282"},
    {Curve::P384, HashAlgorithm::Sha224, "test",
     "E8C9D0B6EA72A0E7837FEA1D14A1A9557F29FAA45D3E7EE888FC5BF954B5E62464A9A817C47FF78B8C11066B2408"
     "0E72",
     "07041D4A7A0379AC7232FF72E6F77B6DDB8F09B16CCE0EC3286B2BD43FA8C6141C53EA5ABEF0D8231077A04540A9"
     "6B66"},
    {Curve::P384, HashAlgorithm::Sha256, "test",
     "6D6DEFAC9AB64DABAFE36C6BF510352A4CC27001263638E5B16D9BB51D451559F918EEDAF2293BE5B475CC8F0188"
     "636B",
     "2D46F3BECBCC523D5F1A1256BF0C9B024D879BA9E838144C8BA6BAEB4B53B47D51AB373F9845C0514EEFB1402478"
     "7265"},
    {Curve::P384, HashAlgorithm::Sha384, "test",
     "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF0"
     "23DB",
     "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BA"
     "A5A5"},
    {Curve::P384, HashAlgorithm::Sha512, "test",
     "A0D5D090C9980FAF3C2CE57B7AE951D31977DD11C775D314AF55F76C676447D06FB6495CD21B4B6E340FC236584F"
     "B277",
     "976984E59B4C77B0E8E4460DCA3D9F20E07B9BB1F63BEEFAF576F6B2E8B224634A2092CD3792E0159AD9CEE37659"
     "C736"},
    {Curve::P521, HashAlgorithm::Sha1, "sample",
     "0343B6EC45728975EA5CBA6659BBB6062A5FF89EEA58BE3C80B619F322C87910FE092F7D45BB0F8EEE01ED3F20BA"
     "BEC079D202AE677B243AB40B5431D497C55D75D",
     "0E7B0E675A9B24413D448B8CC119D2BF7B2D2DF032741C096634D6D65D0DBE3D5694625FB9E8104D3B842C1B0E2D"
     "0B98BEA19341E8676AEF66AE4EBA3D5475D5D16"},
    {Curve::P521, HashAlgorithm::Sha256, "sample",
     "1511BB4D675114FE266FC4372B87682BAECC01D3CC62CF2303C92B3526012659D16876E25C7C1E57648F23B73564"
     "D67F61C6F14D527D54972810421E7D87589E1A7",
     "04A171143A83163D6DF460AAF61522695F207A58B95C0644D87E52AA1A347916E4F7A72930B1BC06DBE22CE3F582"
     "64AFD23704CBB63B29B931F7DE6C9D949A7ECFC"},
    {Curve::P521, HashAlgorithm::Sha384, "sample",
     "1EA842A0E17D2DE4F92C15315C63DDF72685C18195C2BB95E572B9C5136CA4B4B576AD712A52BE9730627D16054B"
     "A40CC0B8D3FF035B12AE75168397F5D50C67451",
     "1F21A3CEE066E1961025FB048BD5FE2B7924D0CD797BABE0A83B66F1E35EEAF5FDE143FA85DC394A7DEE76652339"
     "3784484BDF3E00114A1C857CDE1AA203DB65D61"},
    {Curve::P521, HashAlgorithm::Sha512, "sample",
     "0C328FAFCBD79DD77850370C46325D987CB525569FB63C5D3BC53950E6D4C5F174E25A1EE9017B5D450606ADD152"
     "B534931D7D4E8455CC91F9B15BF05EC36E377FA",
     "0617CCE7CF5064806C467F678D3B4080D6F1CC50AF26CA209417308281B68AF282623EAA63E5B5C0723D8B8C37FF"
     "0777B1A20F8CCB1DCCC43997F1EE0E44DA4A67A"},
    {Curve::P521, HashAlgorithm::Sha1, "test",
     "13BAD9F29ABE20DE37EBEB823C252CA0F63361284015A3BF430A46AAA80B87B0693F0694BD88AFE4E661FC33B094"
     "CD3B7963BED5A727ED8BD6A3A202ABE009D0367",
     "1E9BB81FF7944CA409AD138DBBEE228E1AFCC0C890FC78EC8604639CB0DBDC90F717A99EAD9D272855D00162EE95"
     "27567DD6A92CBD629805C0445282BBC916797FF"},
    {Curve::P521, HashAlgorithm::Sha224, "test",
     "1C7ED902E123E6815546065A2C4AF977B22AA8EADDB68B2C1110E7EA44D42086BFE4A34B67DDC0E17E96536E3582"
     "19B23A706C6A6E16BA77B65E1C595D43CAE17FB",
     "177336676304FCB343CE028B38E7B4FBA76C1C1B277DA18CAD2A8478B2A9A9F5BEC0F3BA04F35DB3E4263569EC6A"
     "ADE8C92746E4C82F8299AE1B8F1739F8FD519A4"},
    {Curve::P521, HashAlgorithm::Sha256, "test",
     "00E871C4A14F993C6C7369501900C4BC1E9C7B0B4BA44E04868B30B41D8071042EB28C4C250411D0CE08CD197E41"
     "88EA4876F279F90B3D8D74A3C76E6F1E4656AA8",
     "0CD52DBAA33B063C3A6CD8058A1FB0A46A4754B034FCC644766CA14DA8CA5CA9FDE00E88C1AD60CCBA7590252990"
     "79D7A427EC3CC5B619BFBC828E7769BCD694E86"},
    {Curve::P521, HashAlgorithm::Sha384, "test",
     "14BEE21A18B6D8B3C93FAB08D43E739707953244FDBE924FA926D76669E7AC8C89DF62ED8975C2D8397A65A49DCC"
     "09F6B0AC62272741924D479354D74FF6075578C",
     "133330865C067A0EAF72362A65E2D7BC4E461E8C8995C3B6226A21BD1AA78F0ED94FE536A0DCA35534F0CD1510C4"
     "1525D163FE9D74D134881E35141ED5E8E95B979"},
    {Curve::P521, HashAlgorithm::Sha512, "test",
     "13E99020ABF5CEE7525D16B69B229652AB6BDF2AFFCAEF38773B4B7D08725F10CDB93482FDCC54EDCEE91ECA4166"
     "B2A7C6265EF0CE2BD7051B7CEF945BABD47EE6D",
     "1FBD0013C674AA79CB39849527916CE301C66EA7CE8B80682786AD60F98F7E78A19CA69EFF5C57400E3B3A0AD66C"
     "E0978214D13BAF4E9AC60752F7B155E2DE4DCE3"},
};

PrivateKey key_of(Curve curve, const char* hex_scalar) {
  auto key = PrivateKey::from_bytes(curve, hex_padded(hex_scalar, scalar_size(curve)));
  EXPECT_TRUE(key.has_value());
  return *key;
}

PrivateKey rfc_key(Curve curve) {
  return key_of(curve, curve == Curve::P256 ? kP256Key : curve == Curve::P384 ? kP384Key : kP521Key);
}

TEST(NistEcdsa, SignsRfc6979AppendixVectors) {
  int checked = 0;
  for (const auto& c : kRfc6979) {
    const auto key = rfc_key(c.curve);
    const std::size_t n = scalar_size(c.curve);
    Bytes expected = hex_padded(c.r, n);
    const Bytes s = hex_padded(c.s, n);
    expected.insert(expected.end(), s.begin(), s.end());
    const auto sig = ecdsa_sign(key, c.hash, nocrypto::bytes_of(c.message));
    ASSERT_TRUE(sig.has_value());
    EXPECT_EQ(to_hex(*sig), to_hex(expected))
        << curve_name(c.curve) << " hash " << int(c.hash) << " " << c.message;
    EXPECT_TRUE(ecdsa_verify(key.public_key(), c.hash, nocrypto::bytes_of(c.message), *sig));
    ++checked;
  }
  report("RFC 6979 A.2.5-A.2.7", {checked, 0, 0});
}

TEST(NistEcdsa, DerivesRfc6979PublicKey) {
  const auto pub = rfc_key(Curve::P256).public_key();
  EXPECT_EQ(to_hex(pub.x()), "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
  EXPECT_EQ(to_hex(pub.y()), "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
}

TEST(NistEcdsa, RoundTripsAndRejectsFlippedBits) {
  for (Curve curve : {Curve::P256, Curve::P384, Curve::P521}) {
    CounterRandom rng{0, static_cast<std::uint8_t>(curve)};
    for (int i = 0; i < 4; ++i) {
      const auto key = PrivateKey::generate(curve, rng);
      ASSERT_TRUE(key.has_value());
      const auto pub = key->public_key();
      Bytes msg(static_cast<std::size_t>(i * 37), static_cast<std::uint8_t>(i));
      const auto sig = ecdsa_sign(*key, HashAlgorithm::Sha256, msg);
      ASSERT_TRUE(sig.has_value());
      ASSERT_EQ(sig->size(), signature_size(curve));
      EXPECT_TRUE(ecdsa_verify(pub, HashAlgorithm::Sha256, msg, *sig));
      EXPECT_FALSE(ecdsa_verify(pub, HashAlgorithm::Sha384, msg, *sig));
      for (std::size_t bit : {std::size_t{0}, 8 * sig->size() / 2 - 1, 8 * sig->size() - 1}) {
        Bytes bad = *sig;
        bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        EXPECT_FALSE(ecdsa_verify(pub, HashAlgorithm::Sha256, msg, bad));
      }
      msg.push_back(1);
      EXPECT_FALSE(ecdsa_verify(pub, HashAlgorithm::Sha256, msg, *sig));
      // Through DER and back.
      const auto der = ecdsa_signature_to_der(curve, *sig);
      ASSERT_TRUE(der.has_value());
      const auto raw = ecdsa_signature_from_der(curve, *der);
      ASSERT_TRUE(raw.has_value());
      EXPECT_EQ(*raw, *sig);
    }
  }
}

TEST(NistEcdsa, SignDigestChecksItsLength) {
  const auto key = rfc_key(Curve::P256);
  const auto d = nocrypto::sha256(nocrypto::bytes_of("sample"));
  EXPECT_EQ(ecdsa_sign_digest(key, HashAlgorithm::Sha384, d).error(),
            nocrypto::Error::InvalidInputLength);
  const auto sig = ecdsa_sign_digest(key, HashAlgorithm::Sha256, d);
  ASSERT_TRUE(sig.has_value());
  EXPECT_EQ(*sig, *ecdsa_sign(key, HashAlgorithm::Sha256, nocrypto::bytes_of("sample")));
  EXPECT_TRUE(ecdsa_verify_digest(key.public_key(), d, *sig));
}

TEST(NistEcdsa, RejectsOutOfRangeScalars) {
  const auto pub = rfc_key(Curve::P256).public_key();
  const auto d = nocrypto::sha256(nocrypto::bytes_of("sample"));
  Bytes zero(64, 0);
  EXPECT_FALSE(ecdsa_verify_digest(pub, d, zero));
  const Bytes n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  Bytes sig = n;
  sig.insert(sig.end(), n.begin(), n.end());
  EXPECT_FALSE(ecdsa_verify_digest(pub, d, sig));
  EXPECT_FALSE(ecdsa_verify_digest(pub, d, Bytes(63, 1)));
}

TEST(NistKeys, RejectsPrivateScalarsOutOfRange) {
  for (Curve curve : {Curve::P256, Curve::P384, Curve::P521}) {
    const std::size_t n = scalar_size(curve);
    EXPECT_EQ(PrivateKey::from_bytes(curve, Bytes(n, 0)).error(), nocrypto::Error::InvalidKey);
    EXPECT_EQ(PrivateKey::from_bytes(curve, Bytes(n, 0xff)).error(), nocrypto::Error::InvalidKey);
    EXPECT_EQ(PrivateKey::from_bytes(curve, Bytes(n - 1, 1)).error(),
              nocrypto::Error::InvalidKeyLength);
    Bytes one(n, 0);
    one.back() = 1;
    const auto key = PrivateKey::from_bytes(curve, one);
    ASSERT_TRUE(key.has_value());
    // 1*G is the generator; its encodings decode back to the same point.
    const auto g = key->public_key();
    for (bool compressed : {false, true}) {
      const auto enc = g.to_sec1(compressed);
      const auto back = PublicKey::from_sec1(curve, enc);
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(*back, g);
    }
  }
  // n - 1 is the largest key; n itself is not.
  const Bytes n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  EXPECT_FALSE(PrivateKey::from_bytes(Curve::P256, n).has_value());
  Bytes n1 = n;
  n1.back() -= 1;
  EXPECT_TRUE(PrivateKey::from_bytes(Curve::P256, n1).has_value());
}

TEST(NistKeys, GenerationReportsAFailingSource) {
  CounterRandom rng;
  rng.fail = true;
  EXPECT_EQ(PrivateKey::generate(Curve::P384, rng).error(), nocrypto::Error::RandomUnavailable);
}

TEST(NistKeys, DecodesSec1AndRejectsMalformedPoints) {
  const auto pub = rfc_key(Curve::P256).public_key();
  Bytes enc = pub.to_sec1();
  EXPECT_TRUE(PublicKey::from_sec1(Curve::P256, enc).has_value());
  EXPECT_EQ(PublicKey::from_sec1(Curve::P384, enc).error(), nocrypto::Error::InvalidEncoding);
  Bytes off = enc;
  off.back() ^= 1;
  EXPECT_EQ(PublicKey::from_sec1(Curve::P256, off).error(), nocrypto::Error::InvalidKey);
  Bytes hybrid = enc;
  hybrid[0] = 0x06;
  EXPECT_EQ(PublicKey::from_sec1(Curve::P256, hybrid).error(), nocrypto::Error::InvalidEncoding);
  EXPECT_EQ(PublicKey::from_sec1(Curve::P256, Bytes{0x00}).error(),
            nocrypto::Error::InvalidEncoding);
  // x = p is out of range even though x = 0 would be a point of some kind.
  Bytes big(33, 0xff);
  big[0] = 0x02;
  EXPECT_FALSE(PublicKey::from_sec1(Curve::P256, big).has_value());
  const Bytes comp = pub.to_sec1(true);
  ASSERT_EQ(comp.size(), 33u);
  const auto back = PublicKey::from_sec1(Curve::P256, comp);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, pub);
}

TEST(NistEcdh, AgreesBothWays) {
  for (Curve curve : {Curve::P256, Curve::P384, Curve::P521}) {
    CounterRandom rng{7, static_cast<std::uint8_t>(curve)};
    const auto a = PrivateKey::generate(curve, rng);
    const auto b = PrivateKey::generate(curve, rng);
    ASSERT_TRUE(a && b);
    const auto ab = ecdh(*a, b->public_key());
    const auto ba = ecdh(*b, a->public_key().to_sec1(true));
    ASSERT_TRUE(ab && ba);
    EXPECT_EQ(*ab, *ba);
    EXPECT_EQ(ab->size(), scalar_size(curve));
  }
  CounterRandom rng;
  const auto a = PrivateKey::generate(Curve::P256, rng);
  const auto c = PrivateKey::generate(Curve::P384, rng);
  EXPECT_EQ(ecdh(*a, c->public_key()).error(), nocrypto::Error::InvalidKey);
  EXPECT_EQ(ecdh(*a, Bytes{0x04, 1, 2}).error(), nocrypto::Error::InvalidKey);
}

}  // namespace
}  // namespace nist_test
