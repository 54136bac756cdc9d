#pragma once
// Private keys: RSA (PKCS #1 RSAPrivateKey, RFC 8017 A.1.2), EC on P-256/384/521
// (SEC 1 ECPrivateKey, RFC 5915) and Ed25519 (RFC 8410), alone or wrapped in PKCS #8
// (RFC 5958 OneAsymmetricKey), in DER or PEM; generation and signing.
#include <x509/public_key.hpp>
#include <x509/verify.hpp>

#include <nocrypto-ec/ed25519.hpp>
#include <nocrypto-ec/nist.hpp>
#include <nocrypto-pk/rsa.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace x509 {

enum class KeyType : std::uint8_t { Rsa, EcP256, EcP384, EcP521, Ed25519 };

// "rsa", "p256", "p384", "p521", "ed25519".
const char* key_type_name(KeyType type) noexcept;
// The inverse of key_type_name (also "ec"/"P-256"-style spellings); nothing when unknown.
std::optional<KeyType> key_type_from_name(std::string_view name);

class PrivateKey {
 public:
  using Value = std::variant<nocrypto::pk::RsaPrivateKey, nocrypto::ec::PrivateKey,
                             nocrypto::ec::Ed25519PrivateKey>;
  explicit PrivateKey(Value v) : value_(std::move(v)) {}

  KeyType type() const noexcept;
  const Value& value() const noexcept { return value_; }
  // The SubjectPublicKeyInfo of the matching public key (what a certificate or CSR holds).
  PublicKeyInfo public_key_info() const;

 private:
  Value value_;
};

// A fresh key. RSA takes `rsa_bits` (2048 to 16384, even); the others ignore it.
// InvalidValue for a bad size, UnsupportedAlgorithm when the generator refuses.
Result<PrivateKey> generate_private_key(KeyType type, nocrypto::pk::RandomRef rng,
                                        std::size_t rsa_bits = 2048);

// A private key from DER: PKCS #8 (OneAsymmetricKey v1 or v2), PKCS #1 RSAPrivateKey or
// SEC 1 ECPrivateKey, whichever the bytes are. Der when none decodes; InvalidKey when the
// fields do not make a consistent key (an RSA n != p*q, an EC scalar out of range, a
// public key in the structure that is not the private key's); UnsupportedAlgorithm for
// other algorithms and curves, and for multi-prime RSA.
Result<PrivateKey> parse_private_key(ByteView der);
// The first "PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY" block of PEM text.
// UnsupportedAlgorithm for "ENCRYPTED PRIVATE KEY" and RFC 1421 encrypted blocks;
// Pem when there is no private key block.
Result<PrivateKey> parse_pem_private_key(std::string_view text);

// PKCS #8 PrivateKeyInfo (version 0, no attributes; an EC key's inner ECPrivateKey holds
// its public key; Ed25519 as RFC 8410's CurvePrivateKey).
Bytes encode_pkcs8(const PrivateKey& key);
// The algorithm's own structure: PKCS #1 for RSA, SEC 1 (named curve, public key) for EC.
// Ed25519 has none: its PKCS #8 form.
Bytes encode_traditional(const PrivateKey& key);
// PKCS #8 as a "PRIVATE KEY" PEM block.
std::string encode_pem_private_key(const PrivateKey& key);

// How to sign: the hash (None picks SHA-256 for RSA and P-256, SHA-384 for P-384,
// SHA-512 for P-521; Ed25519 takes none) and, for RSA, PSS instead of PKCS #1 v1.5
// (PSS with MGF1 over the same hash and a salt as long as the digest).
struct SignOptions {
  HashKind hash = HashKind::None;
  bool pss = false;
};

// The AlgorithmIdentifier a signature by `key` under `options` carries.
// UnsupportedAlgorithm for a hash the key cannot use (Ed25519 with a hash, SHA-1).
Result<AlgorithmIdentifier> signature_algorithm(const PrivateKey& key,
                                                const SignOptions& options = {});

// The signature of `message` under `algorithm` (from signature_algorithm, or any
// algorithm the key can make: AlgorithmMismatch otherwise), as a BIT STRING's bytes
// (ECDSA as DER Ecdsa-Sig-Value). `rng` blinds RSA and makes PSS salts.
Result<asn1::BitString> sign(const PrivateKey& key, const AlgorithmIdentifier& algorithm,
                             ByteView message, nocrypto::pk::RandomRef rng);

}  // namespace x509
