#pragma once
// AlgorithmIdentifier and SubjectPublicKeyInfo (RFC 5280 4.1.1.2, 4.1.2.7; RFC 3279,
// 5480, 8410), with the keys we can use decoded.
#include <x509/error.hpp>

#include <asn1/asn1.hpp>
#include <nocrypto-ec/nist.hpp>

#include <array>
#include <optional>
#include <variant>

namespace x509 {

struct AlgorithmIdentifier {
  asn1::Oid algorithm;
  std::optional<asn1::Any> parameters;  // absent, NULL, a curve OID, PSS parameters...
  friend bool operator==(const AlgorithmIdentifier&, const AlgorithmIdentifier&) = default;
};

struct RsaKey {
  Bytes modulus;  // big-endian, as the INTEGER's contents (a leading 00 kept)
  Bytes exponent;
  friend bool operator==(const RsaKey&, const RsaKey&) = default;
};
struct EcKey {
  nocrypto::ec::Curve curve = nocrypto::ec::Curve::P256;
  Bytes point;  // SEC 1 encoding, as in the BIT STRING (checked on the curve at verification)
  friend bool operator==(const EcKey&, const EcKey&) = default;
};
struct Ed25519Key {
  std::array<std::uint8_t, 32> key{};
  friend bool operator==(const Ed25519Key&, const Ed25519Key&) = default;
};
// DSA (RFC 3279 2.3.2), for verifying old chains. p, q and g are empty when the
// parameters are absent: they are then inherited from the issuer's key (RFC 5280 6.1.4 (f)).
struct DsaKey {
  Bytes p, q, g;  // INTEGER contents
  Bytes y;
  friend bool operator==(const DsaKey&, const DsaKey&) = default;
};
// An algorithm or curve we do not know: the SubjectPublicKeyInfo's bytes say it all.
struct UnknownKey {
  friend bool operator==(const UnknownKey&, const UnknownKey&) = default;
};
using PublicKey = std::variant<UnknownKey, RsaKey, EcKey, Ed25519Key, DsaKey>;

struct PublicKeyInfo {
  AlgorithmIdentifier algorithm;
  asn1::BitString subject_public_key;
  PublicKey key;  // decoded from the two above when the algorithm is known
  friend bool operator==(const PublicKeyInfo&, const PublicKeyInfo&) = default;
};

namespace alg {
inline constexpr asn1::Oid rsa_encryption = asn1::oid("1.2.840.113549.1.1.1");
inline constexpr asn1::Oid md5_with_rsa = asn1::oid("1.2.840.113549.1.1.4");
inline constexpr asn1::Oid sha1_with_rsa = asn1::oid("1.2.840.113549.1.1.5");
inline constexpr asn1::Oid rsassa_pss = asn1::oid("1.2.840.113549.1.1.10");
inline constexpr asn1::Oid sha256_with_rsa = asn1::oid("1.2.840.113549.1.1.11");
inline constexpr asn1::Oid sha384_with_rsa = asn1::oid("1.2.840.113549.1.1.12");
inline constexpr asn1::Oid sha512_with_rsa = asn1::oid("1.2.840.113549.1.1.13");
inline constexpr asn1::Oid mgf1 = asn1::oid("1.2.840.113549.1.1.8");
inline constexpr asn1::Oid ec_public_key = asn1::oid("1.2.840.10045.2.1");
inline constexpr asn1::Oid ecdsa_with_sha1 = asn1::oid("1.2.840.10045.4.1");
inline constexpr asn1::Oid ecdsa_with_sha256 = asn1::oid("1.2.840.10045.4.3.2");
inline constexpr asn1::Oid ecdsa_with_sha384 = asn1::oid("1.2.840.10045.4.3.3");
inline constexpr asn1::Oid ecdsa_with_sha512 = asn1::oid("1.2.840.10045.4.3.4");
inline constexpr asn1::Oid ed25519 = asn1::oid("1.3.101.112");
inline constexpr asn1::Oid dsa = asn1::oid("1.2.840.10040.4.1");
inline constexpr asn1::Oid dsa_with_sha1 = asn1::oid("1.2.840.10040.4.3");
inline constexpr asn1::Oid dsa_with_sha256 = asn1::oid("2.16.840.1.101.3.4.3.2");
inline constexpr asn1::Oid secp256r1 = asn1::oid("1.2.840.10045.3.1.7");
inline constexpr asn1::Oid secp384r1 = asn1::oid("1.3.132.0.34");
inline constexpr asn1::Oid secp521r1 = asn1::oid("1.3.132.0.35");
inline constexpr asn1::Oid sha1 = asn1::oid("1.3.14.3.2.26");
inline constexpr asn1::Oid sha256 = asn1::oid("2.16.840.1.101.3.4.2.1");
inline constexpr asn1::Oid sha384 = asn1::oid("2.16.840.1.101.3.4.2.2");
inline constexpr asn1::Oid sha512 = asn1::oid("2.16.840.1.101.3.4.2.3");
}  // namespace alg

// The key of a SubjectPublicKeyInfo: RSA (rsaEncryption with NULL parameters), EC on
// P-256/384/521 by named curve, Ed25519 (no parameters, 32 bytes), DSA (Dss-Parms or
// none, the key an INTEGER; checked when used); UnknownKey for other
// algorithms and curves. InvalidKey when a known algorithm's key does not decode.
Result<PublicKey> decode_public_key(const AlgorithmIdentifier& algorithm,
                                    const asn1::BitString& key);

// A DER SubjectPublicKeyInfo (a "PUBLIC KEY" PEM block's contents), and back.
Result<PublicKeyInfo> parse_public_key_info(ByteView der);
Result<Bytes> encode_public_key_info(const PublicKeyInfo& key);

}  // namespace x509
