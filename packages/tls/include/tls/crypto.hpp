#pragma once
// The cryptography TLS is built from, over nocrypto: the hash of a cipher suite,
// HKDF-Expand-Label and Derive-Secret (RFC 8446 7.1) and TLS 1.2's PRF (RFC 5246 5),
// record protection (RFC 8446 5.2; RFC 5246 6.2.3.3 with RFC 5288's and RFC 7905's
// nonces), key exchange (4.2.8) and the signatures of both versions (4.4.3).
#include <tls/types.hpp>

#include <nocrypto-pk/common.hpp>

#include <memory>
#include <optional>
#include <string_view>
#include <variant>

namespace x509 {
class PrivateKey;
struct PublicKeyInfo;
struct Certificate;
}  // namespace x509

namespace tls::crypto {

// The hash of a suite's PRF and transcript. TLS 1.0 and 1.1 use MD5 and SHA-1 together:
// the transcript hash is MD5 || SHA-1 (36 bytes) and the PRF XORs P_MD5 and P_SHA1 over
// the two halves of the secret (RFC 2246 5).
enum class HashAlg : std::uint8_t { sha256, sha384, md5_sha1 };

std::size_t hash_length(HashAlg h) noexcept;
// The PRF hash of `suite` in TLS 1.2 (TLS 1.0 and 1.1 always use md5_sha1).
HashAlg suite_hash(CipherSuite suite) noexcept;
std::size_t suite_key_length(CipherSuite suite) noexcept;
bool known_suite(std::uint16_t value) noexcept;
// How a suite agrees on keys and authenticates the server: every TLS 1.3 suite leaves
// both to extensions; a TLS 1.2 suite names them.
enum class KeyExchange : std::uint8_t { tls13, ecdhe_ecdsa, ecdhe_rsa, dhe_rsa };
KeyExchange suite_key_exchange(CipherSuite suite) noexcept;
inline bool tls13_suite(CipherSuite s) noexcept { return suite_key_exchange(s) == KeyExchange::tls13; }
bool chacha20_suite(CipherSuite suite) noexcept;
bool ccm_suite(CipherSuite suite) noexcept;
bool cbc_suite(CipherSuite suite) noexcept;
// The HMAC length of a CBC suite (20, 32 or 48; 0 for AEAD suites).
std::size_t suite_mac_length(CipherSuite suite) noexcept;
// Whether `suite` can be negotiated in `version`.
bool suite_allowed(CipherSuite suite, ProtocolVersion version) noexcept;
// Every suite we implement, defaults first.
std::span<const CipherSuite> all_suites() noexcept;

Bytes hash(HashAlg h, ByteView data);
Bytes hmac(HashAlg h, ByteView key, ByteView data);
Bytes hkdf_extract(HashAlg h, ByteView salt, ByteView ikm);
// HKDF-Expand-Label(secret, label, context, length): "tls13 " is prefixed to `label`.
Bytes hkdf_expand_label(HashAlg h, ByteView secret, std::string_view label, ByteView context,
                        std::size_t length);
// Derive-Secret(secret, label, messages) given Transcript-Hash(messages).
Bytes derive_secret(HashAlg h, ByteView secret, std::string_view label, ByteView transcript_hash);
// TLS 1.2's PRF(secret, label, seed) = P_hash(secret, label + seed), `length` bytes;
// with md5_sha1, TLS 1.0's.
Bytes prf(HashAlg h, ByteView secret, std::string_view label, ByteView seed, std::size_t length);

// The keys of one direction at one epoch: key and iv from a traffic secret, and the
// record sequence number.
class RecordProtection {
 public:
  static Result<RecordProtection> from_secret(CipherSuite suite, ByteView secret);
  // TLS 1.2: a write key and IV from the key block (the IV is RFC 5288's 4-byte salt for
  // AES-GCM, RFC 7905's 12 bytes for ChaCha20-Poly1305). Records carry their real type
  // and, for AES-GCM, the 8-byte explicit nonce (the sequence number).
  static Result<RecordProtection> tls12(CipherSuite suite, ByteView key, ByteView iv);
  // TLS 1.0-1.2 with a CBC suite: HMAC over the record, then padding, then AES-CBC (RFC
  // 5246 6.2.3.2), or with `encrypt_then_mac` padding, AES-CBC, then HMAC over the
  // ciphertext (RFC 7366). TLS 1.1 and 1.2 records start with an explicit IV drawn from
  // `rng`; TLS 1.0 chains records (the first IV from the key block, `iv`), and splits
  // application data 1/n-1 against BEAST. MAC-then-encrypt records have their padding
  // and MAC checked in time that does not depend on the padding (Lucky Thirteen); every
  // failure is the one bad_record_mac.
  static Result<RecordProtection> cbc(CipherSuite suite, ProtocolVersion version, ByteView mac_key, ByteView key,
                                      ByteView iv, nocrypto::pk::RandomRef rng, bool encrypt_then_mac = false);
  RecordProtection(RecordProtection&&) noexcept;
  RecordProtection& operator=(RecordProtection&&) noexcept;
  ~RecordProtection();

  // A whole TLSCiphertext record (header included) holding `content` of type `type`,
  // padded with `padding` zero bytes (TLS 1.3 only).
  Bytes seal(std::uint8_t type, ByteView content, std::size_t padding = 0);
  // The same record appended to `out`.
  void seal_into(Bytes& out, std::uint8_t type, ByteView content, std::size_t padding = 0);
  // Opens a TLSCiphertext (header and its encrypted_record): the content and its real
  // type, padding removed. bad_record_mac when it does not authenticate;
  // unexpected_message when the inner plaintext is all zeros. For TLS 1.2 the type is
  // the header's.
  Result<std::pair<std::uint8_t, Bytes>> open(ByteView header, ByteView encrypted);
  // The same into `plain` (resized to the content): the content type, or the error.
  Result<std::uint8_t> open_into(Bytes& plain, ByteView header, ByteView encrypted);
  std::uint64_t sequence() const noexcept { return seq_; }
  ByteView key() const noexcept { return key_; }
  ByteView iv() const noexcept { return iv_; }

 private:
  struct Aead;
  struct Cbc;
  RecordProtection() = default;
  void nonce(std::uint8_t out[12]) const noexcept;
  static std::unique_ptr<Aead> make_aead(CipherSuite suite, ByteView key);
  Result<std::uint8_t> open12(Bytes& plain, ByteView header, ByteView encrypted);
  void seal12(Bytes& out, std::uint8_t type, ByteView content);
  void seal_cbc(Bytes& out, std::uint8_t type, ByteView content);
  Result<std::uint8_t> open_cbc(Bytes& plain, ByteView header, ByteView encrypted);
  Result<std::uint8_t> open_etm(Bytes& plain, ByteView header, ByteView encrypted);
  CipherSuite suite_{};
  bool tls12_ = false;
  Bytes key_, iv_;
  std::uint64_t seq_ = 0;
  std::unique_ptr<Aead> aead_;
  std::unique_ptr<Cbc> cbc_;
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
  // value is not a valid public key of the group (or X25519 gives all zeros). TLS 1.2
  // sends DH values without leading zeros and strips them from the secret (RFC 5246
  // 8.1.2); TLS 1.3 pads both to the size of p.
  Result<Bytes> shared(ByteView peer, ProtocolVersion version = ProtocolVersion::tls13) const;

 private:
  struct Private;
  KeyShare() = default;
  Group group_{};
  Bytes public_;
  std::unique_ptr<Private> private_;
};

bool known_group(std::uint16_t value) noexcept;
bool ec_group(Group group) noexcept;  // X25519 and the NIST curves: ECDHE in TLS 1.2
// The FFDHE group (RFC 7919) whose prime is `p` with generator `g`, if it is one.
std::optional<Group> ffdhe_group(ByteView p, ByteView g) noexcept;
// A FFDHE group's prime, big-endian (empty for other groups).
ByteView ffdhe_prime(Group group) noexcept;

// The TLS name of the algorithm a certificate is signed with (RSA PKCS#1 and PSS, ECDSA,
// Ed25519; SHA-1 too: rsa_pkcs1_sha1 0x0201, ecdsa_sha1 0x0203), if it has one.
std::optional<std::uint16_t> certificate_signature_scheme(const x509::Certificate& cert);

// Signature schemes TLS 1.3 allows in CertificateVerify.
bool tls13_signature_scheme(std::uint16_t value) noexcept;
// Signature schemes we sign and verify with in `version`: TLS 1.2 adds RSA PKCS#1 v1.5.
bool signature_scheme_for(std::uint16_t value, ProtocolVersion version) noexcept;
// Whether `key` can sign with `scheme` in `version`: RSA for PSS and PKCS#1; for ECDSA
// the curve must match in TLS 1.3, while TLS 1.2 reads the scheme as a hash and ECDSA
// on any curve (RFC 5246 7.4.1.4.1).
bool can_sign(const x509::PrivateKey& key, SignatureScheme scheme,
              ProtocolVersion version = ProtocolVersion::tls13) noexcept;
// Below TLS 1.2 signatures name no algorithm and `scheme` is not read (RFC 4346 7.4.3,
// RFC 8422 5.4): RSA keys sign MD5 || SHA-1 of the message with PKCS#1 v1.5 padding and
// no DigestInfo, EC keys make ECDSA over SHA-1.
Result<Bytes> sign(const x509::PrivateKey& key, SignatureScheme scheme, ByteView message,
                   nocrypto::pk::RandomRef rng, ProtocolVersion version = ProtocolVersion::tls13);
// decrypt_error when the signature does not verify (below TLS 1.2, as `sign` makes them);
// illegal_parameter when the key
// cannot have made a signature of that scheme.
Result<void> verify(const x509::PublicKeyInfo& key, SignatureScheme scheme, ByteView message,
                    ByteView signature, ProtocolVersion version = ProtocolVersion::tls13);

// Whether `key` can sign in TLS 1.0 and 1.1 (RSA and ECDSA keys; not Ed25519).
bool can_sign_legacy(const x509::PrivateKey& key) noexcept;

}  // namespace tls::crypto
