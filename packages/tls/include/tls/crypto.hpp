#pragma once
// The cryptography TLS 1.3 is built from, over nocrypto: the hash of a cipher suite,
// HKDF-Expand-Label and Derive-Secret (RFC 8446 7.1), record protection (5.2), key
// exchange (4.2.8) and CertificateVerify signatures (4.4.3).
#include <tls/types.hpp>

#include <nocrypto-pk/common.hpp>

#include <memory>
#include <optional>
#include <string_view>
#include <variant>

namespace x509 {
class PrivateKey;
struct PublicKeyInfo;
}  // namespace x509

namespace tls::crypto {

enum class HashAlg : std::uint8_t { sha256, sha384 };

std::size_t hash_length(HashAlg h) noexcept;
HashAlg suite_hash(CipherSuite suite) noexcept;
std::size_t suite_key_length(CipherSuite suite) noexcept;
bool known_suite(std::uint16_t value) noexcept;

Bytes hash(HashAlg h, ByteView data);
Bytes hmac(HashAlg h, ByteView key, ByteView data);
Bytes hkdf_extract(HashAlg h, ByteView salt, ByteView ikm);
// HKDF-Expand-Label(secret, label, context, length): "tls13 " is prefixed to `label`.
Bytes hkdf_expand_label(HashAlg h, ByteView secret, std::string_view label, ByteView context,
                        std::size_t length);
// Derive-Secret(secret, label, messages) given Transcript-Hash(messages).
Bytes derive_secret(HashAlg h, ByteView secret, std::string_view label, ByteView transcript_hash);

// The keys of one direction at one epoch: key and iv from a traffic secret, and the
// record sequence number.
class RecordProtection {
 public:
  static Result<RecordProtection> from_secret(CipherSuite suite, ByteView secret);
  RecordProtection(RecordProtection&&) noexcept;
  RecordProtection& operator=(RecordProtection&&) noexcept;
  ~RecordProtection();

  // A whole TLSCiphertext record (header included) holding `content` of type `type`,
  // padded with `padding` zero bytes.
  Bytes seal(std::uint8_t type, ByteView content, std::size_t padding = 0);
  // The same record appended to `out`.
  void seal_into(Bytes& out, std::uint8_t type, ByteView content, std::size_t padding = 0);
  // Opens a TLSCiphertext (header and its encrypted_record): the content and its real
  // type, padding removed. bad_record_mac when it does not authenticate;
  // unexpected_message when the inner plaintext is all zeros.
  Result<std::pair<std::uint8_t, Bytes>> open(ByteView header, ByteView encrypted);
  // The same into `plain` (resized to the content): the content type, or the error.
  Result<std::uint8_t> open_into(Bytes& plain, ByteView header, ByteView encrypted);
  std::uint64_t sequence() const noexcept { return seq_; }
  ByteView key() const noexcept { return key_; }
  ByteView iv() const noexcept { return iv_; }

 private:
  struct Aead;
  RecordProtection() = default;
  void nonce(std::uint8_t out[12]) const noexcept;
  CipherSuite suite_{};
  Bytes key_, iv_;
  std::uint64_t seq_ = 0;
  std::unique_ptr<Aead> aead_;
};

// An ephemeral key share for one group.
class KeyShare {
 public:
  static Result<KeyShare> generate(Group group, nocrypto::pk::RandomRef rng);
  // A share from a fixed private key (the test vectors of RFC 8448).
  static Result<KeyShare> from_private(Group group, ByteView private_key);
  KeyShare(KeyShare&&) noexcept;
  KeyShare& operator=(KeyShare&&) noexcept;
  ~KeyShare();

  Group group() const noexcept { return group_; }
  const Bytes& public_key() const noexcept { return public_; }
  // The shared secret with the peer's key_exchange. illegal_parameter when the peer's
  // value is not a valid public key of the group (or X25519 gives all zeros).
  Result<Bytes> shared(ByteView peer) const;

 private:
  struct Private;
  KeyShare() = default;
  Group group_{};
  Bytes public_;
  std::unique_ptr<Private> private_;
};

bool known_group(std::uint16_t value) noexcept;

// Signature schemes TLS 1.3 allows in CertificateVerify.
bool tls13_signature_scheme(std::uint16_t value) noexcept;
// Whether `key` can sign with `scheme` (the curve matches for ECDSA, RSA for PSS).
bool can_sign(const x509::PrivateKey& key, SignatureScheme scheme) noexcept;
Result<Bytes> sign(const x509::PrivateKey& key, SignatureScheme scheme, ByteView message,
                   nocrypto::pk::RandomRef rng);
// decrypt_error when the signature does not verify; illegal_parameter when the key
// cannot have made a signature of that scheme.
Result<void> verify(const x509::PublicKeyInfo& key, SignatureScheme scheme, ByteView message,
                    ByteView signature);

}  // namespace tls::crypto
