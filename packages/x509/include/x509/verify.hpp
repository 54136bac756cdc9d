#pragma once
// Certificate signatures: RSA PKCS#1 v1.5 and PSS (SHA-256/384/512; SHA-1 only when
// allowed; MD5 never), ECDSA on P-256/384/521 with SHA-256/384/512 (SHA-1 when allowed),
// Ed25519, and DSA with SHA-256 (SHA-1 when allowed) for old chains.
#include <x509/certificate.hpp>

namespace x509 {

struct VerifyOptions {
  bool allow_sha1 = false;  // SHA-1 signatures are forgeable (SHAttered); off unless asked
};

enum class SignatureKind : std::uint8_t { RsaPkcs1, RsaPss, Ecdsa, Ed25519, Dsa };  // DSA: verify only
enum class HashKind : std::uint8_t { None, Sha1, Sha256, Sha384, Sha512 };

struct SignatureScheme {
  SignatureKind kind = SignatureKind::RsaPkcs1;
  HashKind hash = HashKind::None;  // None for Ed25519
  std::size_t salt_length = 0;     // PSS only
  friend bool operator==(const SignatureScheme&, const SignatureScheme&) = default;
};

// What a signature AlgorithmIdentifier means. UnsupportedAlgorithm for unknown OIDs, MD5,
// SHA-1 without allow_sha1, and PSS parameters other than MGF1 with the same hash and
// trailer 1; InvalidValue for parameters the algorithm does not admit.
Result<SignatureScheme> signature_scheme(const AlgorithmIdentifier& algorithm,
                                         const VerifyOptions& options = {});

// Whether `signature` (the BIT STRING's bytes) signs `message` under `algorithm` with the
// key `signer`. AlgorithmMismatch when the key cannot make that kind of signature;
// InvalidKey when the key does not load; BadSignature when it does not verify.
Result<void> verify_signature(const AlgorithmIdentifier& algorithm, ByteView message,
                              const asn1::BitString& signature, const PublicKeyInfo& signer,
                              const VerifyOptions& options = {});

// Whether `cert` was signed by the holder of `issuer_key`: its two signature algorithm
// fields must be equal (AlgorithmMismatch), then verify_signature over tbs_der.
Result<void> verify_certificate_signature(const Certificate& cert, const PublicKeyInfo& issuer_key,
                                          const VerifyOptions& options = {});

}  // namespace x509
