#pragma once
// ECDSA on P-256, P-384 and P-521 (FIPS 186-4 §6) with deterministic nonces (RFC 6979:
// HMAC-DRBG over the message's hash). Signatures travel as r||s, each scalar_size bytes
// (IEEE P1363, as JWS and WebCrypto carry them); X.509, TLS and `openssl dgst` use DER,
// converted by ecdsa_signature_to_der / ecdsa_signature_from_der.
#include <nocrypto-ec/nist.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nocrypto::ec {

enum class HashAlgorithm : std::uint8_t { Sha1, Sha224, Sha256, Sha384, Sha512 };

// Bytes of the hash's digest: 20, 28, 32, 48 or 64.
std::size_t digest_size(HashAlgorithm hash) noexcept;

// Bytes of a raw signature r||s: twice scalar_size.
constexpr std::size_t signature_size(Curve curve) noexcept {
  return 2 * scalar_size(curve);
}

// Signs a message digest made with `hash` (whose HMAC also drives the RFC 6979 nonce).
// InvalidInputLength when digest.size() is not digest_size(hash). Returns r||s.
Result<std::vector<std::uint8_t>> ecdsa_sign_digest(const PrivateKey& key, HashAlgorithm hash,
                                                    ByteView digest);

// Hashes `message` with `hash` and signs the digest. Returns r||s.
Result<std::vector<std::uint8_t>> ecdsa_sign(const PrivateKey& key, HashAlgorithm hash,
                                             ByteView message);

// Whether r||s (exactly signature_size bytes, 0 < r, s < n) signs `digest`, a hash of any
// length (its leftmost bits are used, per FIPS 186-4). Variable time: everything is public.
bool ecdsa_verify_digest(const PublicKey& key, ByteView digest, ByteView signature);

// Hashes `message` with `hash` and verifies r||s over the digest.
bool ecdsa_verify(const PublicKey& key, HashAlgorithm hash, ByteView message,
                  ByteView signature);

// r||s (signature_size bytes) as DER SEQUENCE { r INTEGER, s INTEGER }. InvalidEncoding
// for another length; InvalidParameter when r or s is zero.
Result<std::vector<std::uint8_t>> ecdsa_signature_to_der(Curve curve, ByteView raw);

// A strict DER signature as r||s for the curve. InvalidEncoding for bad DER or a scalar
// longer than scalar_size bytes (range checks against n are left to verification).
Result<std::vector<std::uint8_t>> ecdsa_signature_from_der(Curve curve, ByteView der);

}  // namespace nocrypto::ec
