// Signature algorithm identifiers and public keys: what is accepted, what is refused.
#include "support.hpp"

#include <gtest/gtest.h>

namespace {

using x509::AlgorithmIdentifier;
using x509::ErrorCode;
using x509::HashKind;
using x509::SignatureKind;
using x509::SignatureScheme;

const asn1::Any kNull{asn1::universal(asn1::tags::Null), false, {}, {}};

asn1::Any any_of(std::string_view hex) {
  auto a = asn1::decode(asn1::any(), x509_test::hex(hex));
  EXPECT_TRUE(a.has_value());
  return a ? *a : asn1::Any{};
}

// RSASSA-PSS-params: SHA-256, MGF1 over `mgf_hash` (an AlgorithmIdentifier's hex), salt 32.
asn1::Any pss_params(std::string_view mgf_hash) {
  return any_of(std::string("30 34 a0 0f 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00"
                            " a1 1c 30 1a 06 09 2a 86 48 86 f7 0d 01 01 08 ") +
                std::string(mgf_hash) + " a2 03 02 01 20");
}
constexpr std::string_view kSha256Id = "30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00";
constexpr std::string_view kSha384Id = "30 0d 06 09 60 86 48 01 65 03 04 02 02 05 00";

ErrorCode code_of(const x509::Result<SignatureScheme>& r) {
  EXPECT_FALSE(r.has_value());
  return r ? ErrorCode::Der : r.error().code;
}

TEST(SignatureScheme, KnowsTheAllowedAlgorithms) {
  EXPECT_EQ(*x509::signature_scheme({x509::alg::sha256_with_rsa, kNull}),
            (SignatureScheme{SignatureKind::RsaPkcs1, HashKind::Sha256, 0}));
  EXPECT_EQ(*x509::signature_scheme({x509::alg::sha512_with_rsa, std::nullopt}),
            (SignatureScheme{SignatureKind::RsaPkcs1, HashKind::Sha512, 0}));
  EXPECT_EQ(*x509::signature_scheme({x509::alg::ecdsa_with_sha384, std::nullopt}),
            (SignatureScheme{SignatureKind::Ecdsa, HashKind::Sha384, 0}));
  EXPECT_EQ(*x509::signature_scheme({x509::alg::ed25519, std::nullopt}),
            (SignatureScheme{SignatureKind::Ed25519, HashKind::None, 0}));
  auto pss = x509::signature_scheme({x509::alg::rsassa_pss, pss_params(kSha256Id)});
  ASSERT_TRUE(pss.has_value()) << pss.error().to_string();
  EXPECT_EQ(*pss, (SignatureScheme{SignatureKind::RsaPss, HashKind::Sha256, 32}));
}

TEST(SignatureScheme, Md5IsNeverAcceptedAndSha1OnlyWhenAllowed) {
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::md5_with_rsa, kNull}, {.allow_sha1 = true})),
            ErrorCode::UnsupportedAlgorithm);
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::sha1_with_rsa, kNull})),
            ErrorCode::UnsupportedAlgorithm);
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::ecdsa_with_sha1, std::nullopt})),
            ErrorCode::UnsupportedAlgorithm);
  EXPECT_TRUE(
      x509::signature_scheme({x509::alg::sha1_with_rsa, kNull}, {.allow_sha1 = true}).has_value());
  // PSS with every field absent means SHA-1 throughout.
  const auto empty_pss = any_of("30 00");
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::rsassa_pss, empty_pss})),
            ErrorCode::UnsupportedAlgorithm);
  auto sha1_pss = x509::signature_scheme({x509::alg::rsassa_pss, empty_pss}, {.allow_sha1 = true});
  ASSERT_TRUE(sha1_pss.has_value());
  EXPECT_EQ(sha1_pss->salt_length, 20u);
}

TEST(SignatureScheme, RefusesWrongParameters) {
  const auto oid_param = any_of("06 03 2b 65 70");
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::sha256_with_rsa, oid_param})),
            ErrorCode::InvalidValue);
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::ecdsa_with_sha256, kNull})),
            ErrorCode::InvalidValue);
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::ed25519, kNull})), ErrorCode::InvalidValue);
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::rsassa_pss, std::nullopt})),
            ErrorCode::InvalidValue);
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::rsassa_pss, pss_params(kSha384Id)})),
            ErrorCode::UnsupportedAlgorithm);  // MGF1 over another hash
  EXPECT_EQ(code_of(x509::signature_scheme({x509::alg::rsassa_pss, any_of("30 03 02 01 00")})),
            ErrorCode::InvalidValue);  // not RSASSA-PSS-params
  EXPECT_EQ(code_of(x509::signature_scheme({asn1::oid("1.2.840.113549.1.1.14"), kNull})),
            ErrorCode::UnsupportedAlgorithm);  // SHA-224
  EXPECT_EQ(code_of(x509::signature_scheme({asn1::oid("1.2.3.4"), std::nullopt})),
            ErrorCode::UnsupportedAlgorithm);
}

TEST(PublicKey, DecodesKnownKeysAndKeepsOthers) {
  asn1::BitString ed{x509::Bytes(32, 7), 0};
  auto k = x509::decode_public_key({x509::alg::ed25519, std::nullopt}, ed);
  ASSERT_TRUE(k.has_value());
  EXPECT_TRUE(std::holds_alternative<x509::Ed25519Key>(*k));
  ed.bytes.pop_back();
  EXPECT_EQ(x509::decode_public_key({x509::alg::ed25519, std::nullopt}, ed).error().code,
            ErrorCode::InvalidKey);
  // An EC key on brainpoolP256r1 is kept, unknown.
  asn1::BitString point{x509::Bytes(65, 4), 0};
  k = x509::decode_public_key(
      {x509::alg::ec_public_key, any_of("06 09 2b 24 03 03 02 08 01 01 07")}, point);
  ASSERT_TRUE(k.has_value());
  EXPECT_TRUE(std::holds_alternative<x509::UnknownKey>(*k));
  // P-256 with a point of the wrong size.
  point.bytes.pop_back();
  EXPECT_EQ(x509::decode_public_key(
                {x509::alg::ec_public_key, any_of("06 08 2a 86 48 ce 3d 03 01 07")}, point)
                .error()
                .code,
            ErrorCode::InvalidKey);
  // RSA: not an RSAPublicKey.
  EXPECT_EQ(
      x509::decode_public_key({x509::alg::rsa_encryption, kNull}, {{0x30, 0x00}, 0}).error().code,
      ErrorCode::InvalidKey);
  k = x509::decode_public_key({asn1::oid("1.3.101.113"), std::nullopt}, {{1, 2, 3}, 0});  // Ed448
  ASSERT_TRUE(k.has_value());
  EXPECT_TRUE(std::holds_alternative<x509::UnknownKey>(*k));
}

TEST(Verify, WrongKeyKindsAndBitStringsAreErrors) {
  x509::PublicKeyInfo ed_key{
      {x509::alg::ed25519, std::nullopt}, {x509::Bytes(32, 1), 0}, x509::Ed25519Key{}};
  const x509::Bytes message{1, 2, 3};
  auto r = x509::verify_signature({x509::alg::sha256_with_rsa, kNull}, message,
                                  {x509::Bytes(256, 0), 0}, ed_key);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::AlgorithmMismatch);
  r = x509::verify_signature({x509::alg::ed25519, std::nullopt}, message, {x509::Bytes(64, 0), 0},
                             ed_key);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
  r = x509::verify_signature({x509::alg::ed25519, std::nullopt}, message, {x509::Bytes(64, 0), 1},
                             ed_key);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
}

}  // namespace
