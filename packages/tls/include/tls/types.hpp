#pragma once
// The vocabulary of TLS 1.3 (RFC 8446) and 1.2 (RFC 5246): alerts, cipher suites, groups,
// signature schemes, and the error every failure carries (the alert it sends and why).
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <vector>

namespace tls {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// TLS 1.0 (RFC 2246) and 1.1 (RFC 4346) only when a configuration asks for them.
enum class ProtocolVersion : std::uint16_t { tls10 = 0x0301, tls11 = 0x0302, tls12 = 0x0303, tls13 = 0x0304 };

// RFC 8446 6 and the registry: the alerts we send and recognise.
enum class Alert : std::uint8_t {
  close_notify = 0,
  unexpected_message = 10,
  bad_record_mac = 20,
  record_overflow = 22,
  handshake_failure = 40,
  bad_certificate = 42,
  unsupported_certificate = 43,
  certificate_revoked = 44,
  certificate_expired = 45,
  certificate_unknown = 46,
  illegal_parameter = 47,
  unknown_ca = 48,
  access_denied = 49,
  decode_error = 50,
  decrypt_error = 51,
  protocol_version = 70,
  insufficient_security = 71,
  internal_error = 80,
  inappropriate_fallback = 86,
  user_canceled = 90,
  missing_extension = 109,
  unsupported_extension = 110,
  unrecognized_name = 112,
  bad_certificate_status_response = 113,
  unknown_psk_identity = 115,
  certificate_required = 116,
  no_renegotiation = 100,  // a warning (TLS 1.2): we never renegotiate
  no_application_protocol = 120,
};

// "handshake_failure"; "unknown alert" for a number we do not name.
const char* alert_name(Alert alert) noexcept;

enum class CipherSuite : std::uint16_t {
  // TLS 1.3 (RFC 8446 B.4)
  aes_128_gcm_sha256 = 0x1301,
  aes_256_gcm_sha384 = 0x1302,
  chacha20_poly1305_sha256 = 0x1303,
  aes_128_ccm_sha256 = 0x1304,  // not in the defaults
  // TLS 1.2: ECDHE (RFC 8422, 5289), DHE (RFC 5288) and ChaCha20-Poly1305 (RFC 7905)
  ecdhe_ecdsa_aes_128_gcm_sha256 = 0xc02b,
  ecdhe_ecdsa_aes_256_gcm_sha384 = 0xc02c,
  ecdhe_rsa_aes_128_gcm_sha256 = 0xc02f,
  ecdhe_rsa_aes_256_gcm_sha384 = 0xc030,
  ecdhe_rsa_chacha20_poly1305_sha256 = 0xcca8,
  ecdhe_ecdsa_chacha20_poly1305_sha256 = 0xcca9,
  dhe_rsa_aes_128_gcm_sha256 = 0x009e,
  dhe_rsa_aes_256_gcm_sha384 = 0x009f,
  dhe_rsa_chacha20_poly1305_sha256 = 0xccaa,
  ecdhe_ecdsa_aes_128_ccm = 0xc0ac,  // RFC 7251, not in the defaults
  ecdhe_ecdsa_aes_256_ccm = 0xc0ad,
  // CBC with HMAC, MAC-then-encrypt (RFC 5246 6.2.3.2): not in the defaults. The SHA-1
  // ones (RFC 8422, RFC 3268) are the only suites TLS 1.0 and 1.1 can use; the SHA-256 and
  // SHA-384 ones (RFC 5289, RFC 5246) are TLS 1.2 only.
  ecdhe_ecdsa_aes_128_cbc_sha = 0xc009,
  ecdhe_ecdsa_aes_256_cbc_sha = 0xc00a,
  ecdhe_rsa_aes_128_cbc_sha = 0xc013,
  ecdhe_rsa_aes_256_cbc_sha = 0xc014,
  dhe_rsa_aes_128_cbc_sha = 0x0033,
  dhe_rsa_aes_256_cbc_sha = 0x0039,
  ecdhe_ecdsa_aes_128_cbc_sha256 = 0xc023,
  ecdhe_ecdsa_aes_256_cbc_sha384 = 0xc024,
  ecdhe_rsa_aes_128_cbc_sha256 = 0xc027,
  ecdhe_rsa_aes_256_cbc_sha384 = 0xc028,
  dhe_rsa_aes_128_cbc_sha256 = 0x0067,
  dhe_rsa_aes_256_cbc_sha256 = 0x006b,
};

enum class Group : std::uint16_t {
  secp256r1 = 23,
  secp384r1 = 24,
  secp521r1 = 25,
  x25519 = 29,
  ffdhe2048 = 0x0100,  // RFC 7919
  ffdhe3072 = 0x0101,
  ffdhe4096 = 0x0102,
  ffdhe6144 = 0x0103,
  ffdhe8192 = 0x0104,
};

enum class SignatureScheme : std::uint16_t {
  rsa_pkcs1_sha256 = 0x0401,  // certificates only in TLS 1.3
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  ecdsa_secp256r1_sha256 = 0x0403,
  ecdsa_secp384r1_sha384 = 0x0503,
  ecdsa_secp521r1_sha512 = 0x0603,
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  ed25519 = 0x0807,
  rsa_pss_pss_sha256 = 0x0809,
  rsa_pss_pss_sha384 = 0x080a,
  rsa_pss_pss_sha512 = 0x080b,
};

const char* suite_name(CipherSuite suite) noexcept;      // "TLS_AES_128_GCM_SHA256"
const char* version_name(ProtocolVersion version) noexcept;  // "TLSv1.3"
const char* group_name(Group group) noexcept;            // "x25519"
const char* scheme_name(SignatureScheme scheme) noexcept;  // "ecdsa_secp256r1_sha256"

// A failure: the alert this side sends (or received, when `received`) and a sentence
// saying what was wrong ("server chose a cipher suite we did not offer").
struct Error {
  Alert alert = Alert::internal_error;
  const char* message = "";
  bool received = false;  // the peer sent this fatal alert
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Alert alert, const char* message) {
  return std::unexpected(Error{alert, message, false});
}

}  // namespace tls
