#include <tls/types.hpp>

namespace tls {

const char* alert_name(Alert alert) noexcept {
  switch (alert) {
    case Alert::close_notify: return "close_notify";
    case Alert::unexpected_message: return "unexpected_message";
    case Alert::bad_record_mac: return "bad_record_mac";
    case Alert::record_overflow: return "record_overflow";
    case Alert::handshake_failure: return "handshake_failure";
    case Alert::bad_certificate: return "bad_certificate";
    case Alert::unsupported_certificate: return "unsupported_certificate";
    case Alert::certificate_revoked: return "certificate_revoked";
    case Alert::certificate_expired: return "certificate_expired";
    case Alert::certificate_unknown: return "certificate_unknown";
    case Alert::illegal_parameter: return "illegal_parameter";
    case Alert::unknown_ca: return "unknown_ca";
    case Alert::access_denied: return "access_denied";
    case Alert::decode_error: return "decode_error";
    case Alert::decrypt_error: return "decrypt_error";
    case Alert::protocol_version: return "protocol_version";
    case Alert::insufficient_security: return "insufficient_security";
    case Alert::internal_error: return "internal_error";
    case Alert::inappropriate_fallback: return "inappropriate_fallback";
    case Alert::user_canceled: return "user_canceled";
    case Alert::missing_extension: return "missing_extension";
    case Alert::unsupported_extension: return "unsupported_extension";
    case Alert::unrecognized_name: return "unrecognized_name";
    case Alert::bad_certificate_status_response: return "bad_certificate_status_response";
    case Alert::unknown_psk_identity: return "unknown_psk_identity";
    case Alert::certificate_required: return "certificate_required";
    case Alert::no_renegotiation: return "no_renegotiation";
    case Alert::no_application_protocol: return "no_application_protocol";
  }
  return "unknown alert";
}

const char* suite_name(CipherSuite suite) noexcept {
  switch (suite) {
    case CipherSuite::aes_128_gcm_sha256: return "TLS_AES_128_GCM_SHA256";
    case CipherSuite::aes_256_gcm_sha384: return "TLS_AES_256_GCM_SHA384";
    case CipherSuite::chacha20_poly1305_sha256: return "TLS_CHACHA20_POLY1305_SHA256";
    case CipherSuite::aes_128_ccm_sha256: return "TLS_AES_128_CCM_SHA256";
    case CipherSuite::ecdhe_ecdsa_aes_128_ccm: return "TLS_ECDHE_ECDSA_WITH_AES_128_CCM";
    case CipherSuite::ecdhe_ecdsa_aes_256_ccm: return "TLS_ECDHE_ECDSA_WITH_AES_256_CCM";
    case CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256: return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::ecdhe_ecdsa_aes_256_gcm_sha384: return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::ecdhe_rsa_aes_128_gcm_sha256: return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::ecdhe_rsa_aes_256_gcm_sha384: return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::ecdhe_rsa_chacha20_poly1305_sha256: return "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
    case CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256: return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    case CipherSuite::dhe_rsa_aes_128_gcm_sha256: return "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::dhe_rsa_aes_256_gcm_sha384: return "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::dhe_rsa_chacha20_poly1305_sha256: return "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
    case CipherSuite::ecdhe_ecdsa_aes_128_cbc_sha: return "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
    case CipherSuite::ecdhe_ecdsa_aes_256_cbc_sha: return "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA";
    case CipherSuite::ecdhe_rsa_aes_128_cbc_sha: return "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
    case CipherSuite::ecdhe_rsa_aes_256_cbc_sha: return "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA";
    case CipherSuite::dhe_rsa_aes_128_cbc_sha: return "TLS_DHE_RSA_WITH_AES_128_CBC_SHA";
    case CipherSuite::dhe_rsa_aes_256_cbc_sha: return "TLS_DHE_RSA_WITH_AES_256_CBC_SHA";
    case CipherSuite::ecdhe_ecdsa_aes_128_cbc_sha256: return "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
    case CipherSuite::ecdhe_ecdsa_aes_256_cbc_sha384: return "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384";
    case CipherSuite::ecdhe_rsa_aes_128_cbc_sha256: return "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";
    case CipherSuite::ecdhe_rsa_aes_256_cbc_sha384: return "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384";
    case CipherSuite::dhe_rsa_aes_128_cbc_sha256: return "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256";
    case CipherSuite::dhe_rsa_aes_256_cbc_sha256: return "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256";
  }
  return "unknown cipher suite";
}

const char* version_name(ProtocolVersion version) noexcept {
  switch (version) {
    case ProtocolVersion::tls10: return "TLSv1";
    case ProtocolVersion::tls11: return "TLSv1.1";
    case ProtocolVersion::tls12: return "TLSv1.2";
    case ProtocolVersion::tls13: return "TLSv1.3";
  }
  return "unknown version";
}

const char* group_name(Group group) noexcept {
  switch (group) {
    case Group::secp256r1: return "secp256r1";
    case Group::secp384r1: return "secp384r1";
    case Group::secp521r1: return "secp521r1";
    case Group::x25519: return "x25519";
    case Group::ffdhe2048: return "ffdhe2048";
    case Group::ffdhe3072: return "ffdhe3072";
    case Group::ffdhe4096: return "ffdhe4096";
    case Group::ffdhe6144: return "ffdhe6144";
    case Group::ffdhe8192: return "ffdhe8192";
  }
  return "unknown group";
}

const char* scheme_name(SignatureScheme scheme) noexcept {
  switch (scheme) {
    case SignatureScheme::rsa_pkcs1_sha256: return "rsa_pkcs1_sha256";
    case SignatureScheme::rsa_pkcs1_sha384: return "rsa_pkcs1_sha384";
    case SignatureScheme::rsa_pkcs1_sha512: return "rsa_pkcs1_sha512";
    case SignatureScheme::ecdsa_secp256r1_sha256: return "ecdsa_secp256r1_sha256";
    case SignatureScheme::ecdsa_secp384r1_sha384: return "ecdsa_secp384r1_sha384";
    case SignatureScheme::ecdsa_secp521r1_sha512: return "ecdsa_secp521r1_sha512";
    case SignatureScheme::rsa_pss_rsae_sha256: return "rsa_pss_rsae_sha256";
    case SignatureScheme::rsa_pss_rsae_sha384: return "rsa_pss_rsae_sha384";
    case SignatureScheme::rsa_pss_rsae_sha512: return "rsa_pss_rsae_sha512";
    case SignatureScheme::ed25519: return "ed25519";
    case SignatureScheme::rsa_pss_pss_sha256: return "rsa_pss_pss_sha256";
    case SignatureScheme::rsa_pss_pss_sha384: return "rsa_pss_pss_sha384";
    case SignatureScheme::rsa_pss_pss_sha512: return "rsa_pss_pss_sha512";
  }
  return "unknown signature scheme";
}

}  // namespace tls
