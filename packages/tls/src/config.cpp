#include <tls/config.hpp>
#include <tls/crypto.hpp>

#include <x509/issue.hpp>
#include <x509/name.hpp>
#include <x509/pem.hpp>

#include <algorithm>

namespace tls {

Result<Certified> certified_from_pem(std::string_view chain_pem, std::string_view key_pem) {
  auto ders = x509::decode_pem_label(chain_pem, "CERTIFICATE");
  if (!ders) return fail(Alert::internal_error, "certificate chain: the PEM does not decode");
  if (ders->empty()) return fail(Alert::internal_error, "certificate chain: no CERTIFICATE block");
  auto leaf = x509::parse_certificate(ders->front());
  if (!leaf) return fail(Alert::internal_error, "certificate chain: the first certificate does not parse");
  for (std::size_t i = 1; i < ders->size(); ++i)
    if (!x509::parse_certificate((*ders)[i]))
      return fail(Alert::internal_error, "certificate chain: a later certificate does not parse");
  auto key = x509::parse_pem_private_key(key_pem);
  if (!key) return fail(Alert::internal_error, "private key: the PEM does not hold a key x509 reads");
  if (!(key->public_key_info().key == leaf->tbs.public_key.key))
    return fail(Alert::internal_error, "private key does not match the first certificate's public key");
  return Certified{std::move(*ders), std::move(*key), std::move(*leaf)};
}

Result<Certified> self_signed_certified(x509::KeyType type, std::string_view subject, nocrypto::pk::RandomRef rng) {
  auto key = x509::generate_private_key(type, rng);
  if (!key) return fail(Alert::internal_error, "self-signed certificate: no key (randomness refused?)");
  auto name = x509::parse_name(subject);
  if (!name) return fail(Alert::internal_error, "self-signed certificate: the subject does not parse");
  x509::IssueOptions o;
  o.not_before = {2020, 1, 1, 0, 0, 0, 0};
  o.not_after = {2120, 1, 1, 0, 0, 0, 0};
  auto cert = x509::self_signed_certificate(*name, *key, o, rng);
  if (!cert) return fail(Alert::internal_error, "self-signed certificate: issuing failed");
  auto der = x509::encode_certificate(*cert);
  if (!der) return fail(Alert::internal_error, "self-signed certificate: encoding failed");
  auto leaf = x509::parse_certificate(*der);
  if (!leaf) return fail(Alert::internal_error, "self-signed certificate: it does not parse back");
  return Certified{{std::move(*der)}, std::move(*key), std::move(*leaf)};
}

Error certificate_error(const x509::Error& e) {
  using C = x509::ErrorCode;
  switch (e.code) {
    case C::Expired: return {Alert::certificate_expired, "certificate expired or not yet valid"};
    case C::Revoked: return {Alert::certificate_revoked, "certificate revoked"};
    case C::RevocationUnknown: return {Alert::certificate_unknown, "certificate revocation status unknown"};
    case C::UntrustedRoot: return {Alert::unknown_ca, "certificate chain does not end at a trusted root"};
    case C::NameMismatch: return {Alert::bad_certificate, "certificate does not name the host, or the chain's names do not link"};
    case C::UnsupportedAlgorithm: return {Alert::unsupported_certificate, "certificate uses an algorithm we do not support"};
    case C::KeyPurpose: return {Alert::unsupported_certificate, "certificate is not for this purpose"};
    case C::BadSignature: return {Alert::bad_certificate, "certificate signature does not verify"};
    case C::NotCa: return {Alert::bad_certificate, "certificate chain: an issuer is not a CA"};
    case C::PathLength: return {Alert::bad_certificate, "certificate chain: path length constraint exceeded"};
    case C::NameConstraints: return {Alert::bad_certificate, "certificate chain: a name outside a CA's constraints"};
    case C::Policy: return {Alert::bad_certificate, "certificate chain: no acceptable policy"};
    case C::UnknownCritical: return {Alert::unsupported_certificate, "certificate has a critical extension we do not know"};
    default: return {Alert::bad_certificate, "certificate is malformed"};
  }
}

namespace {

std::string common_problems(const Config& c) {
  if (c.suites.empty()) return "no cipher suites";
  for (auto s : c.suites)
    if (!crypto::known_suite(static_cast<std::uint16_t>(s))) return "a cipher suite we do not implement";
  for (auto v : {c.min_version, c.max_version})
    if (v < ProtocolVersion::tls10 || v > ProtocolVersion::tls13)
      return "min_version and max_version must be TLS 1.0, 1.1, 1.2 or 1.3";
  if (c.min_version > c.max_version) return "min_version above max_version";
  bool any = false;
  for (auto v : {ProtocolVersion::tls10, ProtocolVersion::tls11, ProtocolVersion::tls12, ProtocolVersion::tls13})
    any = any || c.speaks(v);
  if (!any) return "no cipher suite for a version between min_version and max_version";
  if (c.min_version < ProtocolVersion::tls12 && !c.speaks(c.min_version))
    return "min_version is TLS 1.0 or 1.1, which only CBC suites with SHA-1 can use: add one to suites "
           "(ecdhe_rsa_aes_128_cbc_sha, ecdhe_ecdsa_aes_128_cbc_sha...)";
  if (c.groups.empty()) return "no groups";
  for (auto g : c.groups)
    if (!crypto::known_group(static_cast<std::uint16_t>(g))) return "a group we do not implement";
  if (c.signature_schemes.empty()) return "no signature schemes";
  for (const auto& p : c.alpn)
    if (p.empty() || p.size() > 255) return "an ALPN protocol name must be 1 to 255 bytes";
  if (c.record_size_limit && *c.record_size_limit < 64) return "record_size_limit below 64 (RFC 8449)";
  if (c.max_handshake_message < 1024) return "max_handshake_message below 1024 bytes";
  return {};
}

}  // namespace

bool Config::speaks(ProtocolVersion v) const noexcept {
  if (v < min_version || v > max_version) return false;
  for (auto s : suites)
    if (crypto::suite_allowed(s, v)) return true;
  return false;
}

std::string ClientConfig::validate() const {
  if (auto p = common_problems(*this); !p.empty()) return p;
  if (!authenticator && !insecure_skip_verification)
    return "no authenticator: give one (ca_certs::Anchors::authenticate) or set insecure_skip_verification";
  for (auto g : key_share_groups)
    if (std::find(groups.begin(), groups.end(), g) == groups.end())
      return "a key share group that is not in groups";
  if (server_name && (server_name->empty() || server_name->size() > 255))
    return "server_name must be 1 to 255 bytes";
  if (max_fragment_length && (*max_fragment_length < 1 || *max_fragment_length > 4))
    return "max_fragment_length must be 1 to 4 (512 to 4096 bytes, RFC 6066 4)";
  return {};
}

std::string ServerConfig::validate() const {
  if (auto p = common_problems(*this); !p.empty()) return p;
  if (certificates.empty()) return "no certificate: a server needs at least one";
  for (const auto& c : certificates) {
    if (c.chain.empty()) return "a certificate with an empty chain";
    bool usable = false;
    for (auto v : {ProtocolVersion::tls12, ProtocolVersion::tls13})
      for (auto s : signature_schemes) usable = usable || (speaks(v) && crypto::can_sign(c.key, s, v));
    const bool old = speaks(ProtocolVersion::tls10) || speaks(ProtocolVersion::tls11);
    usable = usable || (old && crypto::can_sign_legacy(c.key));
    if (!usable) return "a certificate whose key signs with none of signature_schemes";
  }
  if (ticket_key && ticket_key->size() != 32) return "ticket_key must be 32 bytes (an AES-256 key)";
  if (cookie_key && cookie_key->size() != 32) return "cookie_key must be 32 bytes (an AES-256 key)";
  if (ticket_lifetime_s > 604800) return "ticket_lifetime_s over seven days (RFC 8446 4.6.1)";
  if (max_early_data > 0 && (!ticket_key || !clock_ms || !early_data_once))
    return "max_early_data needs ticket_key, clock_ms and early_data_once (0-RTT data can be replayed)";
  if (client_auth != ClientAuth::none && !client_authenticator)
    return "client_auth asks for client certificates but no client_authenticator checks them";
  return {};
}

}  // namespace tls
