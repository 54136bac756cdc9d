#pragma once
// What the TLS 1.2 fuzz targets start from: the trace's RSA certificate, TLS 1.2 alone,
// every 1.2 suite, and a generator whose draws are a fixed pattern, so that a recorded
// session replays exactly and inputs derived from it reach the Finished checks. Built
// with TLS_FUZZ_LEGACY (the tls_legacy_* targets): TLS 1.0 to 1.2 with CBC suites.
#include "trace.hpp"

namespace tls::fuzz {

inline void only_tls12(Config& c) {
  c.max_version = ProtocolVersion::tls12;
#ifdef TLS_FUZZ_LEGACY
  c.min_version = ProtocolVersion::tls10;
  c.suites = {CipherSuite::ecdhe_rsa_aes_128_cbc_sha, CipherSuite::dhe_rsa_aes_256_cbc_sha,
              CipherSuite::ecdhe_rsa_aes_256_cbc_sha384, CipherSuite::ecdhe_ecdsa_aes_128_cbc_sha256};
#else
  c.suites = {CipherSuite::ecdhe_rsa_aes_128_gcm_sha256, CipherSuite::ecdhe_rsa_chacha20_poly1305_sha256,
              CipherSuite::dhe_rsa_aes_256_gcm_sha384, CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256};
#endif
}

inline std::shared_ptr<const ClientConfig> tls12_client() {
  auto c = trace::trace_client();
  only_tls12(*c);
  c->alpn = {"h2", "http/1.1"};
  return c;
}

inline std::shared_ptr<const ServerConfig> tls12_server() {
  auto s = trace::trace_server();
  only_tls12(*s);
  s->alpn = {"http/1.1"};
  s->client_auth = ClientAuth::optional;  // so that Certificate and CertificateVerify are read
  s->ticket_key = Bytes(32, 0x5c);        // so that session_ticket reaches the ticket checks
  s->certificates.front().ocsp_response = Bytes(64, 0x30);  // stapled when status_request asks
  s->client_authenticator = [](std::span<const x509::Certificate>, std::string_view) -> Result<void> { return {}; };
  return s;
}

}  // namespace tls::fuzz
